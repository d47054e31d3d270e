"""Writes on a learner's own data sets. The upload form and the API call the same services.

An upload is checked in full (projects.upload_checks) before a byte is written; it is then
written into a scratch folder of this process and stored under `datasets/<id>/` (core.storage:
MEDIA_ROOT or a bucket); a refused or failed upload leaves nothing stored.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from core import storage
from core.lookups import owned_row
from projects.models import (
    COLUMN_ROLES,
    CSV_FILE,
    ROLE_LABELS,
    DatasetKind,
    UploadedDataset,
)
from projects.upload_checks import (
    check_csv,
    check_image_zip,
    decode_text,
    extract_image_zip,
)

if TYPE_CHECKING:
    from accounts.models import User

MAX_DATASETS_PER_LEARNER = 50


def _kind_for(filename: str, kind: str | None) -> str:
    is_zip = filename.lower().endswith(".zip")
    if not kind:
        return DatasetKind.IMAGE_FOLDERS if is_zip else DatasetKind.TABLE
    if kind not in DatasetKind.values:
        raise ValidationError({"kind": f"“{kind}” is not a kind of data set."})
    if kind == DatasetKind.IMAGE_FOLDERS and not is_zip:
        raise ValidationError({"file": "Images come as a .zip file with one folder per class."})
    if kind != DatasetKind.IMAGE_FOLDERS and is_zip:
        raise ValidationError({"file": "A table, texts or ratings come as a .csv file."})
    return kind


def _utf8_csv(raw: bytes, delimiter: str) -> bytes:
    """The CSV re-encoded to UTF-8 with commas, so every recipe reads it the same way."""
    text, _, _ = decode_text(raw)
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        if any(cell.strip() for cell in row):
            writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _default_columns(kind: str, preview: dict) -> dict[str, str]:
    """A first guess the learner can change: the last column is often the one to predict."""
    columns = preview.get("columns", [])
    types = preview.get("column_types", {})
    if kind == DatasetKind.TABLE and columns:
        return {"target": columns[-1]}
    if kind == DatasetKind.TEXT:
        text = [c for c in columns if types.get(c) == "text"]
        others = [c for c in columns if c not in text[:1]]
        guess = {"text": text[0]} if text else {}
        if others:
            guess["target"] = others[-1]
        return guess
    if kind == DatasetKind.RATINGS and len(columns) >= 3:
        return dict(zip(("user", "item", "rating"), columns[:3], strict=True))
    return {}


@transaction.atomic
def dataset_upload(
    *,
    learner: User,
    name: str,
    upload: BinaryIO,
    filename: str,
    size: int,
    kind: str | None = None,
) -> UploadedDataset:
    """Check an uploaded zip of images or CSV, store it under datasets/<id>/ and
    describe it. Raises ValidationError (nothing written) when the upload is refused."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give your data set a name."})
    if len(name) > 120:
        raise ValidationError({"name": "Keep the name under 120 characters."})
    kind = _kind_for(filename or "", kind)
    if UploadedDataset.objects.owned_by(learner).count() >= MAX_DATASETS_PER_LEARNER:
        raise ValidationError(
            f"You have {MAX_DATASETS_PER_LEARNER} data sets; delete one before adding another."
        )

    # Every check runs before anything is written.
    if kind == DatasetKind.IMAGE_FOLDERS:
        zip_preview = check_image_zip(upload, size)
        preview = {
            "classes": zip_preview.classes,
            "skipped": [list(pair) for pair in zip_preview.skipped[:200]],
            "skipped_count": len(zip_preview.skipped),
            "total": zip_preview.total,
        }
        raw = b""
    else:
        raw = upload.read(size + 1)
        table = check_csv(raw)
        preview = {
            "columns": table.columns,
            "column_types": table.column_types,
            "rows": table.rows,
            "row_count": table.row_count,
            "encoding": table.encoding,
            "delimiter": table.delimiter,
            "notes": table.notes,
        }

    scratch = Path(settings.VAR_DIR) / "work" / "uploads"
    scratch.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="upload-", dir=scratch))
    prefix = None
    try:
        if kind == DatasetKind.IMAGE_FOLDERS:
            upload.seek(0)
            extract_image_zip(upload, zip_preview, staging)
        else:
            (staging / CSV_FILE).write_bytes(_utf8_csv(raw, preview["delimiter"]))
        dataset = UploadedDataset.objects.create(
            owner=learner,
            name=name,
            kind=kind,
            original_filename=Path(filename or "").name[:255],
            size_bytes=size,
            preview=preview,
            columns=_default_columns(kind, preview),
        )
        prefix = dataset.storage_prefix
        storage.remove(prefix)  # left over from a database that was reset
        storage.upload_folder(staging, prefix)
    except BaseException:
        if prefix is not None:  # the row rolls back; so do the files stored so far
            storage.remove(prefix)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dataset


def _own_dataset(learner: User, dataset_id: int, *, lock: bool = False) -> UploadedDataset:
    return owned_row(
        UploadedDataset, learner, dataset_id, lock=lock, missing="No such data set of yours."
    )


def check_columns(kind: str, available: list[str], chosen: dict[str, str]) -> dict[str, str]:
    """The column choice of a CSV data set, checked: every role of the kind names an existing
    column, and no column plays two roles. Pure."""
    roles = COLUMN_ROLES.get(kind, ())
    if not roles:
        raise ValidationError("An image data set has no columns to choose.")
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for role in roles:
        column = (chosen.get(role) or "").strip()
        if not column:
            errors[role] = f"Choose the {ROLE_LABELS[role].lower()}."
        elif column not in available:
            errors[role] = f"There is no column “{column}” in this data set."
        else:
            clean[role] = column
    if not errors and len(set(clean.values())) != len(clean):
        errors["__all__"] = "Choose a different column for each role."
    unknown = sorted(set(chosen) - set(roles))
    if unknown:
        errors["__all__"] = f"This data set has no column role {', '.join(unknown)}."
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def dataset_columns_set(
    *, learner: User, dataset_id: int, columns: dict[str, str]
) -> UploadedDataset:
    """Choose which columns to predict from and to predict (target, text, user/item/rating)."""
    dataset = _own_dataset(learner, dataset_id, lock=True)
    dataset.columns = check_columns(dataset.kind, dataset.preview.get("columns", []), columns)
    dataset.save(update_fields=["columns"])
    return dataset


@transaction.atomic
def dataset_delete(*, learner: User, dataset_id: int) -> None:
    """Delete a data set and its files. Finished runs stay readable: each keeps its own
    artifacts and the data set's name; a run still waiting for it fails with a reason."""
    dataset = _own_dataset(learner, dataset_id, lock=True)
    prefix = dataset.storage_prefix
    dataset.delete()
    transaction.on_commit(lambda: storage.remove(prefix))
