"""Sessions to and from CSV, as plain functions: our own columns, and a time tracker's export
(Toggl's "Start date", "Start time", "Duration", "Description") mapped by column name.

Uploads are checked before parsing: size, binary content, encoding, row count. A file with
any bad row is refused whole, with the row numbers, so an import never half-happens."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from core.csv_sniff import sniff_delimiter
from journal.kinds import Kind, side_of

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS_SHOWN = 10
MAX_MINUTES = 24 * 60

EXPORT_COLUMNS = [
    "started_at",
    "date",
    "start_time",
    "minutes",
    "kind",
    "side",
    "item",
    "note",
    "visibility",
]
TOGGL_COLUMNS = {
    "date": "Start date",
    "time": "Start time",
    "duration": "Duration",
    "description": "Description",
}
# A cell starting with one of these is a formula to a spreadsheet: quote it on export.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SessionRow:
    started_at: datetime
    minutes: int
    kind: str
    note: str = ""
    visibility: str = "private"
    row_number: int = 0


class RowErrors:
    def __init__(self):
        self.messages: list[str] = []

    def add(self, row_number: int, message: str) -> None:
        self.messages.append(f"Row {row_number}: {message}")

    def raise_if_any(self) -> None:
        if not self.messages:
            return
        shown = self.messages[:MAX_ERRORS_SHOWN]
        if len(self.messages) > MAX_ERRORS_SHOWN:
            shown.append(f"…and {len(self.messages) - MAX_ERRORS_SHOWN} more rows with errors.")
        raise ValidationError({"file": ["Nothing was imported. Fix these rows:", *shown]})


def decode_upload(raw: bytes) -> str:
    """The text of an uploaded CSV, or a ValidationError a learner can act on."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": f"That file is over {MAX_UPLOAD_BYTES // 1024 // 1024} MB: split it."}
        )
    if not raw.strip():
        raise ValidationError({"file": "That file is empty."})
    if b"\x00" in raw[:8192]:
        raise ValidationError({"file": "That is not a CSV file (it looks binary)."})
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": "That file is not UTF-8 text: save it as CSV (UTF-8) and try again."}
        ) from None


def read_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    delimiter = sniff_delimiter(text, ",;\t") or ","
    try:
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        header = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = []
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise ValidationError(
                    {"file": f"That file has more than {MAX_ROWS:,} rows: split it."}
                )
            rows.append(row)
    except csv.Error as exc:
        raise ValidationError({"file": f"That file is not valid CSV ({exc})."}) from None
    if not header:
        raise ValidationError({"file": "That file has no header row."})
    return header, rows


def _require(header: list[str], columns: Iterable[str]) -> None:
    missing = [c for c in columns if c and c not in header]
    if missing:
        raise ValidationError(
            {
                "file": f"Missing {'column' if len(missing) == 1 else 'columns'}: "
                f"{', '.join(missing)}. Found: {', '.join(header)}."
            }
        )


def _cell(row: dict, column: str) -> str:
    value = row.get(column)
    return (value or "").strip() if isinstance(value, str) else ""


def parse_minutes(value: str) -> int:
    """'45', '45.5', '1:30' (h:mm) or '01:30:20' (h:mm:ss) to whole minutes."""
    parts = value.split(":")
    if len(parts) == 1:
        minutes = float(value)
    elif len(parts) in (2, 3) and all(p.strip().isdigit() for p in parts):
        hours, mins, secs = (int(p) for p in (parts + ["0"])[:3])
        minutes = hours * 60 + mins + secs / 60
    else:
        raise ValueError(value)
    if minutes != minutes or minutes in (float("inf"), float("-inf")):
        raise ValueError(value)
    return int(minutes + 0.5)


def _parse_time(value: str) -> time:
    return time.fromisoformat(value) if value else time(12, 0)


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def parse_exhale_csv(text: str, zone: ZoneInfo) -> list[SessionRow]:
    """Our own columns: `started_at` (ISO) or `date` (+ `start_time`, local), `minutes`,
    `kind`, and optionally `note` and `visibility`."""
    header, rows = read_rows(text)
    _require(header, ["minutes", "kind"])
    if "started_at" not in header and "date" not in header:
        raise ValidationError({"file": "Give either a started_at or a date column."})
    errors = RowErrors()
    parsed = []
    for number, row in enumerate(rows, start=2):
        try:
            if _cell(row, "started_at"):
                started = _aware(datetime.fromisoformat(_cell(row, "started_at")), zone)
            else:
                day = date.fromisoformat(_cell(row, "date"))
                started = datetime.combine(day, _parse_time(_cell(row, "start_time")), zone)
        except ValueError:
            errors.add(number, "give the start as 2025-01-31T20:15:00+00:00 or a date.")
            continue
        try:
            minutes = parse_minutes(_cell(row, "minutes"))
        except ValueError:
            errors.add(number, "minutes must be a number.")
            continue
        if not 1 <= minutes <= MAX_MINUTES:
            errors.add(number, f"minutes must be between 1 and {MAX_MINUTES}.")
            continue
        kind = _cell(row, "kind").lower()
        if kind not in Kind.values:
            errors.add(number, f"unknown kind {kind[:30]!r}; use one of {', '.join(Kind.values)}.")
            continue
        visibility = _cell(row, "visibility").lower() or "private"
        if visibility not in ("private", "public"):
            errors.add(number, "visibility must be private or public.")
            continue
        note = _cell(row, "note")
        if note.startswith("'") and note[1:].startswith(FORMULA_PREFIXES):
            note = note[1:]  # undo the quoting our export adds
        parsed.append(SessionRow(started, minutes, kind, note, visibility, number))
    errors.raise_if_any()
    return parsed


def parse_tracker_csv(
    text: str,
    zone: ZoneInfo,
    *,
    date_column: str,
    duration_column: str,
    time_column: str = "",
    description_column: str = "",
    kind: str = Kind.CODING,
) -> tuple[list[SessionRow], int]:
    """A time tracker's export mapped by column names. Returns the rows and how many entries
    under half a minute were skipped (trackers record accidental clicks)."""
    if kind not in Kind.values:
        raise ValidationError({"kind": "Pick one of the kinds."})
    header, rows = read_rows(text)
    _require(header, [date_column, duration_column, time_column, description_column])
    errors = RowErrors()
    parsed: list[SessionRow] = []
    skipped = 0
    for number, row in enumerate(rows, start=2):
        try:
            day = date.fromisoformat(_cell(row, date_column))
            clock = _parse_time(_cell(row, time_column) if time_column else "")
        except ValueError:
            errors.add(number, "the start date must look like 2025-01-31 and the time 20:15.")
            continue
        try:
            minutes = parse_minutes(_cell(row, duration_column))
        except ValueError:
            errors.add(number, "the duration must look like 01:30:00 or a number of minutes.")
            continue
        if minutes < 1:
            skipped += 1
            continue
        if minutes > MAX_MINUTES:
            errors.add(number, f"{minutes} minutes is more than a day.")
            continue
        note = _cell(row, description_column) if description_column else ""
        started = datetime.combine(day, clock, zone)
        parsed.append(SessionRow(started, minutes, kind, note, row_number=number))
    errors.raise_if_any()
    return parsed, skipped


def _safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def sessions_to_csv(sessions: Iterable, zone: ZoneInfo) -> Iterable[str]:
    """CSV lines (header first) of sessions, for a streaming response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    writer.writerow(EXPORT_COLUMNS)
    yield flush()
    for session in sessions:
        local = session.started_at.astimezone(zone)
        writer.writerow(
            [
                session.started_at.isoformat(),
                session.local_date.isoformat(),
                local.strftime("%H:%M"),
                session.minutes,
                session.kind,
                side_of(session.kind),
                _safe_cell(session.item.title if session.item else ""),
                _safe_cell(session.note),
                session.visibility,
            ]
        )
        yield flush()
