"""Where a data set's and a training run's files live, and how to read and write them.

Every file of a learner's data set, a run's artifacts and model, a tracked run's artifacts and
a notebook is an object in Django's default storage: a folder under MEDIA_ROOT by default, an
S3-compatible bucket when EXHALE_S3_BUCKET is set (config/settings.py). Nothing else in the
code builds a media path; it asks this module for a key and reads or writes through it.

Keys are `datasets/<id>/...` and `training_jobs/<id>/...`: the id is an integer from the
database, and every name under it passes `safe_name()`, so no learner-chosen name can reach
another prefix. A worker that must hand a path to fastai gets a local copy in its own var dir
(`local_folder`, `local_file`); with local storage that is the stored file itself.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

DATASETS = "datasets"
TRAINING_JOBS = "training_jobs"
COMPLETE_MARK = ".complete"


class UnsafeName(ValueError):
    """A file name that would leave its folder (absolute, `..`, a backslash, a NUL)."""


def _id(value) -> int:
    number = int(value)
    if number <= 0 or str(number) != str(value):
        raise UnsafeName(f"not an id: {value!r}")
    return number


def safe_name(name: str) -> str:
    """A relative name under a prefix, refused when it could leave it."""
    text = str(name)
    parts = text.split("/")
    if (
        "\\" in text
        or "\x00" in text
        or any(p in ("", ".", "..") for p in parts)  # also "", "/abs", "a//b", "a/"
        or ":" in parts[0]
    ):
        raise UnsafeName(f"unsafe file name {name!r}")
    return text


def dataset_prefix(dataset_id: int) -> str:
    return f"{DATASETS}/{_id(dataset_id)}"


def job_prefix(job_id: int) -> str:
    return f"{TRAINING_JOBS}/{_id(job_id)}"


def key(prefix: str, name: str) -> str:
    """The key of `name` inside `prefix` (one of the prefixes above)."""
    return f"{prefix}/{safe_name(name)}"


def is_local() -> bool:
    """True when files are a folder on this machine (the default), false for a bucket."""
    return isinstance(default_storage, FileSystemStorage)


# --- writing --------------------------------------------------------------------------------


def save_bytes(name: str, data: bytes) -> str:
    return _save(name, ContentFile(data))


def save_file(name: str, path: Path) -> str:
    with Path(path).open("rb") as handle:
        return _save(name, File(handle, name=Path(path).name))


def _save(name: str, content: File) -> str:
    # A rerun replaces its file: a local storage would otherwise pick another name (a bucket
    # overwrites, `file_overwrite`, so it is spared two requests per file).
    if is_local() and default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, content)
    if saved != name:  # a storage that renamed the file could be read back under no key
        default_storage.delete(saved)
        raise OSError(f"the storage stored {name!r} as {saved!r}")
    return saved


def upload_folder(folder: Path, prefix: str) -> int:
    """Store every file under `folder` below `prefix`; return how many."""
    count = 0
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and not path.is_symlink():
            save_file(key(prefix, path.relative_to(folder).as_posix()), path)
            count += 1
    return count


def save_stream(name: str, stream: BinaryIO) -> str:
    return _save(name, File(stream, name=name.rsplit("/", 1)[-1]))


def remove(name: str) -> None:
    """Remove a stored file, or every file under a folder name (a data set's, a run's), quietly
    if there is none. With local storage, folders left empty go too."""
    if is_local():
        root = Path(default_storage.location).resolve()
        path = Path(default_storage.path(name))
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        folder = path.parent
        while folder != root and root in folder.parents:
            try:
                folder.rmdir()
            except OSError:  # not empty: something else lives here
                break
            folder = folder.parent
        return
    for stored in [name, *walk(name)]:
        default_storage.delete(stored)


# --- reading --------------------------------------------------------------------------------


def exists(name: str) -> bool:
    return default_storage.exists(name)


def open_file(name: str) -> BinaryIO:
    return default_storage.open(name, "rb")


def read_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def walk(prefix: str) -> Iterator[str]:
    """Every file key under `prefix`, depth first."""
    try:
        folders, files = default_storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{prefix}/{name}"
    for folder in folders:
        yield from walk(f"{prefix}/{folder}")


# --- local copies for a worker --------------------------------------------------------------


def work_folder(prefix: str) -> Path:
    """An empty scratch folder in this process's own var dir where a run writes its files
    before `upload_folder`/`save_file` stores them."""
    folder = Path(settings.VAR_DIR) / "work" / prefix
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def remove_work_folder(prefix: str) -> None:
    shutil.rmtree(Path(settings.VAR_DIR) / "work" / prefix, ignore_errors=True)


def _cache_root() -> Path:
    return Path(settings.VAR_DIR) / "storage-cache"


def local_folder(prefix: str, *, version: str) -> Path:
    """A folder on this machine holding every file under `prefix`: the stored folder itself
    with local storage, else a copy in this process's var dir, downloaded once (the files of a
    data set and of a finished run never change) and marked complete only when whole.

    `version` names the row the files belong to (its creation time): the mark keeps it, and a
    copy made for another row under the same id (a database reset, a restored backup) is
    downloaded again rather than handed to a different learner's run or model."""
    if is_local():
        return Path(default_storage.path(prefix))
    folder = _cache_root() / prefix
    mark = folder / COMPLETE_MARK
    if mark.is_file() and mark.read_text(encoding="utf-8") == version:
        return folder
    staging = folder.with_name(f".{folder.name}-{uuid.uuid4().hex}")
    try:
        for name in walk(prefix):
            target = staging / name[len(prefix) + 1 :]
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as src, target.open("wb") as out:
                shutil.copyfileobj(src, out, 1024 * 1024)
        staging.mkdir(parents=True, exist_ok=True)
        (staging / COMPLETE_MARK).write_text(version, encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder
