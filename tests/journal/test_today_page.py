"""The Today page: figures, one-line logging (with and without htmx), the focus timer."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from curriculum.models import ItemStatus
from journal.models import FocusTimer, StudySession
from journal.selectors import learner_today
from tests.factories import ItemFactory, RoadmapFactory, StageFactory
from tests.journal.factories import NotToDoFactory, session_on


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


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(TODAY)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_today_page_refuses_wrong_method(owner_client):
    assert owner_client.post(TODAY).status_code == 405
    assert owner_client.get(LOG).status_code == 405


def test_empty_today_page_tells_the_learner_what_to_do(owner_client):
    page = owner_client.get(TODAY).content.decode()

    assert "Nothing logged today yet" in page
    assert "No roadmap yet" in page
    assert "Your not-to-do list is empty" in page
    assert "Start a focus block" in page


def test_today_shows_minutes_streak_score_ratio_stage_items_and_not_to_do(owner, owner_client):
    today = learner_today(owner)
    for back in range(3):
        session_on(owner, today - timedelta(days=back), minutes=20, kind="coding", hour=0)
    session_on(owner, today, minutes=30, kind="reading", hour=0)
    roadmap = RoadmapFactory(owner=owner)
    stage = StageFactory(roadmap=roadmap, title="Practical deep learning", kind="build")
    ItemFactory(stage=stage, title="Lesson 3 notebook", status=ItemStatus.IN_PROGRESS)
    NotToDoFactory(learner=owner, text="Buy another course")

    page = owner_client.get(TODAY).content.decode()

    assert 'data-figure="today-minutes">50<' in page
    assert 'data-figure="current-streak">3<' in page
    assert 'data-stage-kind="build"' in page and "Practical deep learning" in page
    assert "Lesson 3 notebook" in page
    assert "Buy another course" in page


def test_today_page_query_count_does_not_grow_with_history(
    owner, owner_client, django_assert_num_queries
):
    today = learner_today(owner)
    session_on(owner, today, hour=0)
    # 10 for the journal's own figures, 1 for "from people you follow" (nobody followed here).
    with django_assert_num_queries(11) as first:
        owner_client.get(TODAY)
    for back in range(1, 60):
        session_on(owner, today - timedelta(days=back))
    with django_assert_num_queries(len(first.captured_queries)):
        owner_client.get(TODAY)


def test_logging_without_htmx_redirects_back_to_today(owner, owner_client):
    response = owner_client.post(LOG, {"minutes": 45, "kind": "coding", "note": "lesson 3"})

    assert response.status_code == 302 and response.url == TODAY
    session = StudySession.objects.get()
    assert (session.learner, session.minutes, session.note) == (owner, 45, "lesson 3")


def test_logging_with_htmx_returns_the_form_the_new_row_and_fresh_figures(owner, owner_client):
    item = ItemFactory(
        stage=StageFactory(roadmap=RoadmapFactory(owner=owner)),
        status=ItemStatus.IN_PROGRESS,
        title="Fastbook ch. 4",
    )

    response = owner_client.post(
        LOG, {"minutes": "25", "kind": "reading", "item": item.pk}, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="log-form"' in page
    assert 'id="today-sessions"' in page and 'hx-swap-oob="true"' in page
    assert "Fastbook ch. 4" in page
    assert 'data-figure="today-minutes">25<' in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"minutes": "0", "kind": "coding"}, "minutes", "between 1 and 1440"),
        ({"minutes": "1500", "kind": "coding"}, "minutes", "between 1 and 1440"),
        ({"minutes": "", "kind": "coding"}, "minutes", "required"),
        ({"minutes": "30", "kind": "sleeping"}, "kind", "Select a valid choice"),
    ],
)
def test_bad_log_input_is_shown_next_to_the_field(owner_client, data, field, message):
    response = owner_client.post(LOG, data, HTTP_HX_REQUEST="true")

    assert message in " ".join(response.context["log_form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not StudySession.objects.exists()


def test_a_strangers_item_cannot_be_picked(owner_client, stranger):
    theirs = ItemFactory(
        stage=StageFactory(roadmap=RoadmapFactory(owner=stranger)), status=ItemStatus.IN_PROGRESS
    )

    response = owner_client.post(LOG, {"minutes": "30", "kind": "coding", "item": theirs.pk})

    assert response.status_code == 400
    assert not StudySession.objects.exists()


def test_timer_survives_a_new_page_and_stops_into_a_session(owner, owner_client):
    owner_client.post(
        reverse("journal:timer_start"),
        {"timer-kind": "experiment", "timer-planned_minutes": "90"},
    )
    FocusTimer.objects.update(started_at=timezone.now() - timedelta(minutes=42))

    page = owner_client.get(TODAY).content.decode()
    assert "timer-clock" in page and "Stop and log" in page

    response = owner_client.post(reverse("journal:timer_stop"), {})
    assert response.status_code == 302
    session = StudySession.objects.get()
    assert (session.kind, session.minutes) == ("experiment", 42)
    assert "Start a focus block" in owner_client.get(TODAY).content.decode()


def test_a_forgotten_timer_asks_for_the_real_minutes(owner, owner_client):
    owner_client.post(
        reverse("journal:timer_start"), {"timer-kind": "coding", "timer-planned_minutes": "90"}
    )
    FocusTimer.objects.update(started_at=timezone.now() - timedelta(hours=6))

    assert "more than 4 hours" in owner_client.get(TODAY).content.decode()
    response = owner_client.post(reverse("journal:timer_stop"), {})
    assert response.status_code == 400
    assert "How many minutes" in response.content.decode()

    owner_client.post(reverse("journal:timer_stop"), {"stop-minutes": "120"})
    assert StudySession.objects.get().minutes == 120


def test_timer_buttons_refuse_get_and_discard_logs_nothing(owner_client):
    for name in ("timer_start", "timer_stop", "timer_discard"):
        assert owner_client.get(reverse(f"journal:{name}")).status_code == 405
    owner_client.post(
        reverse("journal:timer_start"), {"timer-kind": "coding", "timer-planned_minutes": "30"}
    )
    owner_client.post(reverse("journal:timer_discard"))
    assert not FocusTimer.objects.filter(stopped_at__isnull=True).exists()
    assert not StudySession.objects.exists()


def test_a_second_timer_start_is_refused_with_a_message(owner_client):
    data = {"timer-kind": "coding", "timer-planned_minutes": "30"}
    owner_client.post(reverse("journal:timer_start"), data)
    FocusTimer.objects.update(stopped_at=None)

    # The page shows the running timer, but a stale tab can still post a start.
    response = owner_client.post(reverse("journal:timer_start"), data)

    assert response.status_code == 400
    assert FocusTimer.objects.count() == 1
