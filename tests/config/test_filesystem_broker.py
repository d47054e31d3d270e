"""The filesystem broker writes each message whole before a worker can take it: kombu's own
writer created the file first and wrote it after, and a worker that read it in between stopped
for good on an empty message."""

import os

import pytest
from django.conf import settings
from kombu import Connection
from kombu.exceptions import ChannelError
from kombu.transport.virtual import Empty

from core import broker


@pytest.fixture
def channel(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(tmp_path / "control"),
    }
    (tmp_path / "control").mkdir()
    with Connection("filesystem://", transport=broker.Transport, transport_options=options) as conn:
        yield conn.default_channel


def test_a_message_is_invisible_to_the_reader_until_it_is_whole(channel, monkeypatch):
    payload = {"body": "x" * 100_000, "headers": {"task": "training_jobs.tasks.run_training"}}
    seen_before_rename = []
    real_replace = os.replace

    def replace(staging, final):
        with open(staging, "rb") as file:
            seen_before_rename.append(len(file.read()))
        with pytest.raises(Empty):
            channel._get("gpu")  # the reader finds nothing it may take yet
        real_replace(staging, final)

    monkeypatch.setattr(broker.os, "replace", replace)
    channel._put("gpu", payload)

    assert seen_before_rename and seen_before_rename[0] > 100_000
    assert channel._get("gpu") == payload
    assert os.listdir(channel.data_folder_out) == []


def test_a_folder_it_cannot_write_is_a_channel_error(channel, tmp_path):
    channel.data_folder_out = str(tmp_path / "missing")
    with pytest.raises(ChannelError):
        channel._put("gpu", {"body": ""})


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="Redis is the broker")
def test_the_app_uses_it_for_the_filesystem_broker():
    from config.celery import app

    with app.connection_for_write() as connection:
        assert isinstance(connection.transport, broker.Transport)
