"""An uploaded zip read with limits: member count, each member's size, the total unpacked size
and the compression ratio are checked from the directory before any member is read, and every
read is streamed and counted again, so a lying header cannot get more through."""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from django.core.exceptions import ValidationError

from core import storage

MB = 1024**2
CHUNK = MB


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 20_000
    max_member_bytes: int = 200 * MB
    max_total_bytes: int = 1024 * MB
    max_ratio: float = 100.0
    # Small members (a JSON file, a log) may compress far better than data; the ratio is
    # checked on members above this size and on the whole archive.
    ratio_floor_bytes: int = MB
    max_json_bytes: int = 16 * MB


DEFAULT_LIMITS = ZipLimits()


def megabytes(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


class BoundedZip:
    """The members of a zip, checked; read them with read_bytes() or copy_to()."""

    def __init__(self, upload: BinaryIO, limits: ZipLimits = DEFAULT_LIMITS):
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(upload)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ValidationError(
                "That file is not an Exhale export: it is not a zip file."
            ) from exc
        if len(infos) > limits.max_members:
            raise ValidationError(
                f"That zip holds {len(infos):,} files; an export is limited to "
                f"{limits.max_members:,}."
            )
        self.members: dict[str, zipfile.ZipInfo] = {}
        total = packed = 0
        for info in infos:
            _check_path(info.filename)
            if info.is_dir():
                continue
            self._check_member(info)
            total += info.file_size
            packed += info.compress_size
            self.members[info.filename] = info
        if total > limits.max_total_bytes:
            raise ValidationError(
                f"Unpacked, that zip would be {megabytes(total)}; an import is limited to "
                f"{megabytes(limits.max_total_bytes)}."
            )
        if total > limits.ratio_floor_bytes and total / max(1, packed) > limits.max_ratio:
            raise ValidationError(_ratio_message(limits))
        self.unpacked = 0

    def _check_member(self, info: zipfile.ZipInfo) -> None:
        limits = self.limits
        if info.file_size > limits.max_member_bytes:
            raise ValidationError(
                f"The file {info.filename!r} in that zip unpacks to {megabytes(info.file_size)}; "
                f"each file is limited to {megabytes(limits.max_member_bytes)}."
            )
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise ValidationError(_ratio_message(limits, info.filename))

    def _chunks(self, name: str, cap: int):
        """The member's bytes in chunks, refused as soon as they pass its declared size, the
        cap or the archive's total."""
        info = self.members[name]
        seen = 0
        try:
            with self._zip.open(info) as source:
                while chunk := source.read(CHUNK):
                    seen += len(chunk)
                    self.unpacked += len(chunk)
                    if seen > info.file_size or seen > cap:
                        raise ValidationError(
                            f"The file {name!r} in that zip is larger than it says or than "
                            f"{megabytes(cap)}: refused."
                        )
                    if self.unpacked > self.limits.max_total_bytes:
                        raise ValidationError(
                            "That zip unpacks to more than "
                            f"{megabytes(self.limits.max_total_bytes)}: refused."
                        )
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ValidationError(f"The file {name!r} in that zip is damaged.") from exc

    def read_bytes(self, name: str, cap: int) -> bytes:
        info = self.members[name]
        if info.file_size > cap:
            raise ValidationError(
                f"{name} in that zip is {megabytes(info.file_size)}; it is limited to "
                f"{megabytes(cap)}."
            )
        return b"".join(self._chunks(name, cap))

    def store_as(self, name: str, key: str, written: list[str]) -> None:
        """Store the member under `key` (core.storage), noting it in written first so a
        failure can remove even a partial file. Spooled: memory for small, disk for large."""
        written.append(key)
        with tempfile.SpooledTemporaryFile(max_size=CHUNK * 16) as spool:
            for chunk in self._chunks(name, self.limits.max_member_bytes):
                spool.write(chunk)
            spool.seek(0)
            storage.save_stream(key, spool)


def _ratio_message(limits: ZipLimits, name: str | None = None) -> str:
    what = f"The file {name!r} in that zip" if name else "That zip"
    return (
        f"{what} expands more than {limits.max_ratio:.0f} times (a zip bomb?): refused. "
        "Exhale exports are never packed that tightly."
    )


def _check_path(name: str) -> None:
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or "\\" in name or ":" in name.split("/")[0]:
        raise ValidationError(f"Refused: the zip holds an unsafe path, {name!r}.")
