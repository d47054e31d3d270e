"""CSV import (our own columns and a time tracker's export) and export."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal import csv_io
from journal.models import StudySession
from tests.journal.factories import session_on

pytestmark = pytest.mark.django_db

IMPORT = reverse("journal:csv_import")
EXPORT = reverse("journal:csv_export")
TOGGL = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
    "End time,Duration,Tags,Amount ()\n"
    "Olive,o@example.com,,ML,,fastai lesson 1,No,2025-01-06,20:15:00,2025-01-06,21:45:00,"
    "01:30:00,,\n"
    "Olive,o@example.com,,ML,,oops click,No,2025-01-07,08:00:00,2025-01-07,08:00:10,"
    "00:00:10,,\n"
    "Olive,o@example.com,,ML,,kaggle,No,2025-01-07,23:30:00,2025-01-08,00:15:00,00:45:00,,\n"
)


def upload(text: str | bytes, name="sessions.csv", **fields):
    raw = text.encode() if isinstance(text, str) else text
    return {
        "file": SimpleUploadedFile(name, raw, content_type="text/csv"),
        "format": "exhale",
        "date_column": "Start date",
        "time_column": "Start time",
        "duration_column": "Duration",
        "description_column": "Description",
        "kind": "coding",
        **fields,
    }


def test_toggl_export_is_imported_through_the_column_form(owner, owner_client):
    owner.timezone = "Pacific/Honolulu"
    owner.save()

    response = owner_client.post(IMPORT, upload(TOGGL, format="tracker", kind="experiment"))

    assert response.status_code == 302
    sessions = list(StudySession.objects.order_by("started_at"))
    assert [(s.local_date, s.minutes, s.kind, s.note) for s in sessions] == [
        (date(2025, 1, 6), 90, "experiment", "fastai lesson 1"),
        (date(2025, 1, 7), 45, "experiment", "kaggle"),  # 23:30 local stays on the 7th
    ]
    assert sessions[0].started_at == datetime(2025, 1, 7, 6, 15, tzinfo=UTC)


def test_importing_the_same_file_twice_adds_nothing_the_second_time(owner, owner_client):
    owner_client.post(IMPORT, upload(TOGGL, format="tracker"))
    owner_client.post(IMPORT, upload(TOGGL, format="tracker"))

    assert StudySession.objects.count() == 2


def test_export_then_import_round_trips(owner, owner_client, stranger):
    session_on(owner, date(2025, 1, 6), minutes=40, kind="reading", note="=HYPERLINK(evil)")
    session_on(owner, date(2025, 1, 7), minutes=20, kind="sharing", visibility="public")
    session_on(stranger, date(2025, 1, 7), note="not mine")

    response = owner_client.get(EXPORT)
    text = b"".join(response.streaming_content).decode()

    assert response["Content-Type"].startswith("text/csv")
    assert "not mine" not in text
    assert "'=HYPERLINK(evil)" in text, "formulas are quoted for spreadsheets"
    StudySession.objects.filter(learner=owner).delete()
    owner_client.post(IMPORT, upload(text))
    restored = list(StudySession.objects.filter(learner=owner).order_by("started_at"))
    assert [(s.minutes, s.kind, s.note, s.visibility) for s in restored] == [
        (40, "reading", "=HYPERLINK(evil)", "private"),
        (20, "sharing", "", "public"),
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        ("minutes,kind\n30,coding\n".encode("utf-16"), "binary"),
        (b"date,minutes,kind\n2025-01-06,30,coding\n\xff\xfe\xfa", "not UTF-8"),
        (b"date,kind\n2025-01-06,coding\n", "Missing column: minutes"),
        (b"minutes,kind\n30,coding\n", "started_at or a date"),
        (b"date,minutes,kind\n2025-01-06,abc,coding\n", "Row 2: minutes must be a number"),
        (b"date,minutes,kind\n2025-01-06,0,coding\n", "Row 2: minutes must be between"),
        (b"date,minutes,kind\n2025-01-06,1500,coding\n", "Row 2: minutes must be between"),
        (b"date,minutes,kind\n2025-01-06,30,napping\n", "Row 2: unknown kind"),
        (b"date,minutes,kind\n31/01/2025,30,coding\n", "Row 2: give the start"),
        (b"date,minutes,kind\n2999-01-06,30,coding\n", "Row 2: That is in the future"),
        (b"date,minutes,kind,visibility\n2025-01-06,30,coding,world\n", "visibility must be"),
    ],
)
def test_bad_files_are_refused_whole_with_a_clear_message(owner_client, content, message):
    response = owner_client.post(IMPORT, upload(content))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])
    assert not StudySession.objects.exists()


def test_one_bad_row_refuses_the_whole_file(owner_client):
    text = "date,minutes,kind\n2025-01-06,30,coding\n2025-01-07,-3,coding\n"

    response = owner_client.post(IMPORT, upload(text))

    assert "Row 3" in " ".join(response.context["form"].errors["file"])
    assert not StudySession.objects.exists()


def test_oversized_and_overlong_files_are_refused(owner_client, monkeypatch):
    big = b"date,minutes,kind\n" + b"2025-01-06,30,coding\n" * 110_000  # > 2 MB
    response = owner_client.post(IMPORT, upload(big))
    assert "over 2 MB" in " ".join(response.context["form"].errors["file"])

    monkeypatch.setattr(csv_io, "MAX_ROWS", 3)
    rows = "date,minutes,kind\n" + "2025-01-06,30,coding\n" * 4
    response = owner_client.post(IMPORT, upload(rows))
    assert "more than 3 rows" in " ".join(response.context["form"].errors["file"])


def test_tracker_columns_that_do_not_exist_are_named(owner_client):
    response = owner_client.post(IMPORT, upload(TOGGL, format="tracker", date_column="Day"))

    assert "Missing column: Day" in " ".join(response.context["form"].errors["file"])


@pytest.mark.parametrize(
    "value, minutes",
    [("45", 45), ("45.5", 46), ("1:30", 90), ("01:30:00", 90), ("00:00:29", 0), ("0:00:31", 1)],
)
def test_durations_in_the_forms_trackers_use(value, minutes):
    assert csv_io.parse_minutes(value) == minutes


@pytest.mark.parametrize("value", ["", "nan", "inf", "1:xx", "1:2:3:4", "abc"])
def test_nonsense_durations_are_refused(value):
    with pytest.raises(ValueError):
        csv_io.parse_minutes(value)


def test_semicolon_files_from_spreadsheets_are_read():
    rows = csv_io.parse_exhale_csv(
        "date;start_time;minutes;kind\n2025-01-06;23:30;30;Reading\n", ZoneInfo("UTC")
    )
    assert rows[0].started_at == datetime(2025, 1, 6, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert rows[0].kind == "reading"


def test_export_refuses_post_and_requires_login(owner_client, client):
    assert owner_client.post(EXPORT).status_code == 405
    assert client.get(EXPORT).status_code == 302
    with pytest.raises(ValidationError):
        csv_io.decode_upload(b"   ")
