"""Today fits how people log: any item of an active roadmap, an earlier day and time, and
inline edit and delete (with undo) that keep the figures beside them right."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from journal.models import StudySession
from journal.selectors import item_picker, learner_today
from tests.factories import ItemFactory, RoadmapFactory, StageFactory
from tests.journal.factories import session_on


@pytest.fixture(autouse=True)
def midday_for_the_owner(owner):
    """These tests log sessions "just now" and "today": put the owner where it is about noon,
    so a run shortly after midnight UTC (CI's, say) never sees a session cross into another day."""
    from datetime import UTC as _UTC
    from datetime import datetime as _datetime

    offset = 12 - _datetime.now(_UTC).hour  # -11 .. +12 hours
    owner.timezone = "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"
    owner.save(update_fields=["timezone"])

pytestmark = pytest.mark.django_db

TODAY = reverse("journal:today")
LOG = reverse("journal:session_log")
HTMX = {"HTTP_HX_REQUEST": "true"}


def roadmap_with(owner, *statuses, title="ML path"):
    stage = StageFactory(roadmap=RoadmapFactory(owner=owner, title=title), title="Basics")
    return [
        ItemFactory(stage=stage, title=f"{title} item {n}", status=status, position=n)
        for n, status in enumerate(statuses)
    ]


def picker_titles(learner):
    return [(label, [item.title for item in items]) for label, items in item_picker(learner)]


def test_picker_lists_every_open_item_in_progress_first_then_recent(owner, stranger):
    first, second, third, done, skipped = roadmap_with(
        owner, "not_started", "not_started", "in_progress", "done", "skipped"
    )
    session_on(owner, date(2024, 6, 1), item=second)
    finished = roadmap_with(owner, "done", title="Finished path")
    roadmap_with(stranger, "in_progress", title="Their path")
    template = RoadmapFactory(owner=None, is_template=True, title="Template")
    ItemFactory(stage=StageFactory(roadmap=template), title="Template item")

    assert picker_titles(owner) == [
        ("In progress", [third.title]),
        ("Logged recently", [second.title]),
        ("ML path · Basics", [first.title, done.title]),
    ]
    assert finished[0].title not in str(picker_titles(owner))


def test_today_offers_a_not_started_item_and_logs_against_it(owner, owner_client):
    (item,) = roadmap_with(owner, "not_started")

    page = owner_client.get(TODAY).content.decode()
    assert f'<option value="{item.pk}">{item.title}</option>' in page
    assert '<optgroup label="ML path · Basics">' in page

    response = owner_client.post(LOG, {"minutes": "25", "kind": "reading", "item": item.pk})

    assert response.status_code == 302
    assert StudySession.objects.get().item == item


def test_learner_logs_an_earlier_day_and_time_in_their_own_zone(owner, owner_client):
    owner.timezone = "Asia/Tokyo"
    owner.save()
    yesterday = learner_today(owner) - timedelta(days=1)

    response = owner_client.post(
        LOG, {"minutes": "40", "kind": "coding", "day": yesterday.isoformat(), "at": "21:15"}
    )

    assert response.status_code == 302
    session = StudySession.objects.get()
    expected = datetime.combine(yesterday, time(21, 15), tzinfo=ZoneInfo("Asia/Tokyo"))
    assert session.started_at == expected
    assert session.local_date == yesterday
    messages = owner_client.get(TODAY).content.decode()
    assert f"Logged 40 minutes on {yesterday:%a %-d %b}." in messages


def test_an_earlier_day_without_a_time_starts_at_noon(owner, owner_client):
    day = learner_today(owner) - timedelta(days=3)

    owner_client.post(LOG, {"minutes": "1", "kind": "coding", "day": day.isoformat()})

    session = StudySession.objects.get()
    assert session.started_at == datetime.combine(day, time(12), tzinfo=ZoneInfo(owner.timezone))


def test_a_future_day_is_refused_next_to_the_day_and_keeps_the_input(owner, owner_client):
    tomorrow = learner_today(owner) + timedelta(days=1)

    response = owner_client.post(
        LOG,
        {"minutes": "30", "kind": "coding", "note": "keep me", "day": tomorrow.isoformat()},
        **HTMX,
    )

    html = response.content.decode()
    assert not StudySession.objects.exists()
    assert 'id="id_day_error"' in html and "That is in the future" in html
    assert 'value="keep me"' in html
    assert '<details class="log-earlier" open>' in html


def test_sessions_show_start_and_end_times(owner, owner_client):
    session_on(owner, learner_today(owner), minutes=45, hour=9)

    html = owner_client.get(TODAY).content.decode()

    assert "09:00</time>–<time" in html and "09:45</time>" in html
    assert "45 minutes" in html


def test_one_minute_is_singular_on_today(owner, owner_client):
    session_on(owner, learner_today(owner), minutes=1)
    html = owner_client.get(TODAY).content.decode()
    assert "<strong>1 minute</strong>" in html


def test_today_lists_yesterdays_session_under_yesterday(owner, owner_client):
    session_on(owner, learner_today(owner) - timedelta(days=1), note="yesterday's work")
    session_on(owner, learner_today(owner) - timedelta(days=8), note="last month's work")

    html = owner_client.get(TODAY).content.decode()

    assert "Yesterday</h3>" in html and "yesterday's work" in html
    assert "last month" not in html


def test_inline_edit_from_today_swaps_the_row_and_the_figures(owner, owner_client):
    session = session_on(owner, learner_today(owner), minutes=30, hour=8)
    edit = reverse("journal:session_edit", args=[session.pk])

    form = owner_client.get(edit + "?next=" + TODAY, **HTMX).content.decode()
    assert form.startswith('<li class="session-row editing"')
    assert f'name="next" value="{TODAY}"' in form

    bad = owner_client.post(
        edit,
        {
            "next": TODAY,
            "started_at": f"{learner_today(owner)}T00:00",  # today, and never in the future
            "minutes": "0",
            "kind": "coding",
            "visibility": "private",
        },
        **HTMX,
    )
    assert bad.status_code == 400 and "Log between 1 and 1440 minutes" in bad.content.decode()

    good = owner_client.post(
        edit,
        {
            "next": TODAY,
            "started_at": f"{learner_today(owner)}T00:00",  # today, and never in the future
            "minutes": "50",
            "kind": "coding",
            "visibility": "private",
        },
        **HTMX,
    )
    html = good.content.decode()
    assert good.status_code == 200
    assert "<strong>50 minutes</strong>" in html
    assert 'id="today-figures"' in html and 'hx-swap-oob="true"' in html
    assert 'data-figure="today-minutes">50<' in html
    session.refresh_from_db()
    assert session.minutes == 50


def test_delete_from_today_offers_undo_in_place_and_undo_restores_it(owner, owner_client):
    session = session_on(owner, learner_today(owner), minutes=20, note="kept")
    delete = reverse("journal:session_delete", args=[session.pk])

    deleted = owner_client.post(delete, {"next": TODAY}, **HTMX).content.decode()

    assert not StudySession.objects.exists()
    assert "Deleted the session of 20 minutes." in deleted
    assert 'data-figure="today-minutes">0<' in deleted
    token = deleted.split('name="token" value="')[1].split('"')[0]

    restored = owner_client.post(
        reverse("journal:session_undo"), {"token": token, "next": TODAY}, **HTMX
    )

    html = restored.content.decode()
    again = StudySession.objects.get()
    assert (again.minutes, again.note, again.started_at) == (20, "kept", session.started_at)
    assert f'id="session-{again.pk}"' in html and 'data-figure="today-minutes">20<' in html


def test_undo_without_javascript_goes_back_to_today(owner, owner_client):
    session = session_on(owner, learner_today(owner))
    owner_client.post(reverse("journal:session_delete", args=[session.pk]), {"next": TODAY})

    response = owner_client.post(reverse("journal:session_undo"), {"next": TODAY})

    assert response.status_code == 302 and response.url == TODAY
    assert StudySession.objects.count() == 1


def test_a_used_undo_token_cannot_restore_twice(owner, owner_client):
    session = session_on(owner, learner_today(owner))
    deleted = owner_client.post(
        reverse("journal:session_delete", args=[session.pk]), {"next": TODAY}, **HTMX
    ).content.decode()
    token = deleted.split('name="token" value="')[1].split('"')[0]
    undo = reverse("journal:session_undo")
    owner_client.post(undo, {"token": token, "next": TODAY}, **HTMX)

    owner_client.post(undo, {"token": token, "next": TODAY}, **HTMX)

    assert StudySession.objects.count() == 1


def test_a_strangers_session_row_edit_and_delete_are_404(owner, stranger_client):
    session = session_on(owner, learner_today(owner))
    for name in ("session_row", "session_edit"):
        assert (
            stranger_client.get(reverse(f"journal:{name}", args=[session.pk]), **HTMX).status_code
            == 404
        )
    response = stranger_client.post(
        reverse("journal:session_delete", args=[session.pk]), {"next": TODAY}, **HTMX
    )
    assert response.status_code == 404
    assert StudySession.objects.filter(pk=session.pk).exists()


def test_edit_page_back_link_ignores_a_foreign_or_script_next(owner, owner_client):
    session = session_on(owner, learner_today(owner))
    edit = reverse("journal:session_edit", args=[session.pk])
    for hostile in ("javascript:alert(1)", "https://evil.example/"):
        html = owner_client.get(edit, {"next": hostile}).content.decode()
        assert hostile not in html
        assert f'href="{reverse("journal:session_list")}"' in html


def test_session_row_refuses_post(owner, owner_client):
    session = session_on(owner, learner_today(owner))
    assert owner_client.post(reverse("journal:session_row", args=[session.pk])).status_code == 405
