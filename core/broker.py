"""Celery's filesystem broker (the default when nothing is installed), with each message written
whole before a worker can see it.

kombu's own writer creates the message file under its final name, then writes into it; a worker
polling in between moved and read an empty file and stopped for good ("Unrecoverable error:
JSONDecodeError"), leaving every later run queued. Here the message is written under a name the
reader skips (it takes only names ending in ".<queue>.msg") and renamed into place, which is
atomic within the folder."""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

STAGING_SUFFIX = ".part"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        staging = final + STAGING_SUFFIX
        try:
            with open(staging, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(staging, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
