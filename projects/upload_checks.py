"""Checks on a learner's own data set, before any of it touches the disk or a worker.

Pure functions over bytes or file objects: no ORM, no torch. A zip of images must be one folder
per class; a CSV must be text with a detectable delimiter. Anything hostile (zip slip, zip bombs,
huge entry counts, executables with a renamed extension, one gigantic line) is refused with a
message the learner can act on.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.core.exceptions import ValidationError

from core.csv_sniff import sniff_delimiter
from core.text import count_of

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"}
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
    b"BM": "bmp",
}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")


@dataclass(frozen=True)
class Limits:
    max_upload_bytes: int = 200 * 1024**2
    max_entries: int = 20_000
    max_unpacked_bytes: int = 1024**3
    max_compression_ratio: float = 100.0
    max_image_bytes: int = 20 * 1024**2
    min_classes: int = 2
    min_per_class: int = 5
    max_csv_bytes: int = 20 * 1024**2
    max_csv_line_bytes: int = 1024**2
    max_csv_columns: int = 500
    min_csv_rows: int = 10


DEFAULT_LIMITS = Limits()


@dataclass
class ImageZipPreview:
    classes: dict[str, int]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    members: dict[str, str] = field(default_factory=dict)  # zip member -> class name

    @property
    def total(self) -> int:
        return sum(self.classes.values())


def _megabytes(n: int) -> str:
    return f"{n / 1024**2:.0f} MB"


def looks_executable(head: bytes) -> bool:
    return head.startswith(EXECUTABLE_MAGIC)


def image_kind(head: bytes) -> str | None:
    for magic, kind in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def _safe_member_path(name: str) -> PurePosixPath:
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ValidationError(f"Refused: the zip entry {name!r} has an absolute path.")
    path = PurePosixPath(name)
    if ".." in path.parts:
        raise ValidationError(f"Refused: the zip entry {name!r} points outside the zip ('..').")
    return path


def check_image_zip(
    upload: BinaryIO, size: int, limits: Limits = DEFAULT_LIMITS
) -> ImageZipPreview:
    """Validate a zip of images in one folder per class without extracting it."""
    if size > limits.max_upload_bytes:
        raise ValidationError(
            f"That file is {_megabytes(size)}; uploads are limited to "
            f"{_megabytes(limits.max_upload_bytes)}."
        )
    head = upload.read(8)
    upload.seek(0)
    if looks_executable(head):
        raise ValidationError("That file is a program, not a zip of images.")
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationError("That file is not a valid zip archive.") from exc
    if len(entries) > limits.max_entries:
        raise ValidationError(
            f"That zip holds {len(entries):,} entries; the limit is {limits.max_entries:,}."
        )
    files = [e for e in entries if not e.is_dir()]
    if not files:
        raise ValidationError("That zip is empty: put your images in one folder per class.")
    unpacked = sum(e.file_size for e in files)
    packed = max(1, sum(e.compress_size for e in files))
    if unpacked > limits.max_unpacked_bytes:
        raise ValidationError(
            f"Unpacked, that zip would be {_megabytes(unpacked)}; the limit is "
            f"{_megabytes(limits.max_unpacked_bytes)}."
        )
    if unpacked / packed > limits.max_compression_ratio:
        raise ValidationError(
            "Refused: that zip expands more than "
            f"{limits.max_compression_ratio:.0f} times (a zip bomb?). Images barely compress."
        )
    paths = [(_safe_member_path(e.filename), e) for e in files]
    paths = [(p, e) for p, e in paths if not _is_noise(p)]
    roots = {p.parts[0] for p, _ in paths if len(p.parts) > 1}
    strip = 1 if len(roots) == 1 and all(len(p.parts) >= 3 for p, _ in paths) else 0
    preview = ImageZipPreview(classes={})
    counts: Counter[str] = Counter()
    for path, entry in paths:
        parts = path.parts[strip:]
        if len(parts) != 2:
            preview.skipped.append((entry.filename, "not inside a class folder"))
            continue
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            preview.skipped.append((entry.filename, "not an image file"))
            continue
        if entry.file_size > limits.max_image_bytes:
            preview.skipped.append((entry.filename, "image larger than 20 MB"))
            continue
        with archive.open(entry) as member:
            if image_kind(member.read(16)) is None:
                preview.skipped.append((entry.filename, "not a readable image"))
                continue
        counts[parts[0]] += 1
        preview.members[entry.filename] = parts[0]
    preview.classes = dict(sorted(counts.items()))
    _check_classes(preview.classes, limits)
    return preview


def _is_noise(path: PurePosixPath) -> bool:
    return path.parts[0] == "__MACOSX" or path.name.startswith(".") or path.name == "Thumbs.db"


def _check_classes(classes: dict[str, int], limits: Limits) -> None:
    if len(classes) < limits.min_classes:
        found = ", ".join(classes) or "none"
        raise ValidationError(
            f"Found {count_of(len(classes), 'class folder')} ({found}); a classifier needs at "
            f"least {limits.min_classes}. Put each class's images in its own folder."
        )
    small = [name for name, n in classes.items() if n < limits.min_per_class]
    if small:
        raise ValidationError(
            f"These classes have fewer than {limits.min_per_class} images: {', '.join(small)}."
        )


def extract_image_zip(upload: BinaryIO, preview: ImageZipPreview, target: Path) -> None:
    """Write the checked images as target/<class>/<n>.<ext>; names from the zip are never used
    as paths, so nothing can land outside target."""
    archive = zipfile.ZipFile(upload)
    for index, (member, class_name) in enumerate(sorted(preview.members.items())):
        folder = target / _safe_folder_name(class_name)
        folder.mkdir(parents=True, exist_ok=True)
        suffix = PurePosixPath(member).suffix.lower()
        with archive.open(member) as source:
            (folder / f"{index:06d}{suffix}").write_bytes(source.read())


def _safe_folder_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_ " else "_" for c in name).strip()
    return cleaned or "class"


@dataclass
class CsvPreview:
    encoding: str
    delimiter: str
    columns: list[str]
    column_types: dict[str, str]
    rows: list[list[str]]
    row_count: int
    notes: list[str] = field(default_factory=list)


def decode_text(raw: bytes) -> tuple[str, str, list[str]]:
    """Decode CSV bytes, saying what was detected. UTF-8 (with or without BOM) is expected;
    other 8-bit text is read as Windows-1252/Latin-1 and the learner is told."""
    if b"\x00" in raw[:8192]:
        raise ValidationError("That file is binary, not a CSV text file.")
    for encoding in ("utf-8-sig",):
        try:
            return raw.decode(encoding), "utf-8", []
        except UnicodeDecodeError:
            pass
    try:
        return (
            raw.decode("cp1252"),
            "cp1252",
            ["Not UTF-8: read as Windows-1252 (Latin-1). Check accented letters."],
        )
    except UnicodeDecodeError:
        return (
            raw.decode("latin-1"),
            "latin-1",
            ["The file is not UTF-8; it was read as Latin-1. Check accented letters."],
        )


def check_csv(raw: bytes, limits: Limits = DEFAULT_LIMITS, preview_rows: int = 10) -> CsvPreview:
    """Validate a CSV upload and describe it: encoding, delimiter, columns and their types."""
    if len(raw) > limits.max_csv_bytes:
        raise ValidationError(
            f"That CSV is {_megabytes(len(raw))}; the limit is {_megabytes(limits.max_csv_bytes)}."
        )
    if not raw.strip():
        raise ValidationError("That CSV is empty.")
    if looks_executable(raw[:8]) or raw[:4] == b"PK\x03\x04":
        raise ValidationError("That file is not a CSV text file.")
    longest = max(len(line) for line in raw.splitlines() or [raw])
    if longest > limits.max_csv_line_bytes:
        raise ValidationError(
            f"A line in that CSV is {_megabytes(longest)} long: is it really one row per line?"
        )
    text, encoding, notes = decode_text(raw)
    delimiter = sniff_delimiter(text, ",;\t|")
    if delimiter is None:
        raise ValidationError(
            "That CSV has fewer than two columns: no comma, semicolon, tab or | separates them."
        )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [c.strip() for c in next(reader)]
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise ValidationError(f"That CSV could not be read: {exc}.") from exc
    if len(header) < 2:
        raise ValidationError("That CSV has fewer than two columns: nothing to predict from.")
    if len(header) > limits.max_csv_columns:
        raise ValidationError(f"That CSV has more than {limits.max_csv_columns} columns.")
    if len(set(header)) != len(header) or any(not name for name in header):
        raise ValidationError("Every column needs a distinct, non-empty name in the first row.")
    if len(rows) < limits.min_csv_rows:
        raise ValidationError(
            f"That CSV has {len(rows)} rows; at least {limits.min_csv_rows} are needed."
        )
    ragged = sum(1 for row in rows if len(row) != len(header))
    if ragged:
        notes.append(
            f"{count_of(ragged, 'row')} {'has' if ragged == 1 else 'have'} a different number "
            "of cells than the header."
        )
    return CsvPreview(
        encoding=encoding,
        delimiter=delimiter,
        columns=header,
        column_types=_column_types(header, rows),
        rows=rows[:preview_rows],
        row_count=len(rows),
        notes=notes,
    )


def _column_types(header: list[str], rows: list[list[str]]) -> dict[str, str]:
    types = {}
    for index, name in enumerate(header):
        values = [
            row[index].strip() for row in rows[:2000] if index < len(row) and row[index].strip()
        ]
        if not values:
            types[name] = "empty"
        elif all(_is_number(v) for v in values):
            types[name] = "number"
        elif len(set(values)) <= max(20, len(values) // 20):
            types[name] = "category"
        else:
            types[name] = "text"
    return types


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
