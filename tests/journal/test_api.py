"""The journal API: the same rules as the pages, 400 with the learner's wording for bad input,
404 for another learner's private objects, and stats that match the Today page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import FocusTimer, NotToDo, Reflection, StudySession, WeeklyReview
from journal.selectors import learner_today
from tests.factories import ItemFactory, RoadmapFactory, StageFactory
from tests.journal.factories import (
    NotToDoFactory,
    ReflectionFactory,
    WeeklyReviewFactory,
    session_on,
)

pytestmark = pytest.mark.django_db

SESSIONS = reverse("api:journal-session-list")
TIMER = reverse("api:journal-timer")
STOP = reverse("api:journal-timer-stop")
REFLECTIONS = reverse("api:journal-reflection-list")
REVIEWS = reverse("api:journal-review-list")
NOT_TO_DO = reverse("api:journal-not-to-do-list")
STATS = reverse("api:journal-stats")
KINDS = reverse("api:journal-kinds")


def detail(name, pk):
    return reverse(f"api:journal-{name}-detail", args=[pk])


# --- sessions ----------------------------------------------------------------------------


def test_session_crud_through_the_api(owner, api_client_for):
    client = api_client_for(owner)
    item = ItemFactory(stage=StageFactory(roadmap=RoadmapFactory(owner=owner)))

    created = client.post(
        SESSIONS, {"minutes": 45, "kind": "coding", "item": item.pk, "note": "nb"}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["minutes"], body["side"], body["item"], body["visibility"]) == (
        45,
        "exhale",
        item.pk,
        "private",
    )
    pk = body["id"]

    assert client.get(SESSIONS).json()["results"][0]["id"] == pk
    assert (
        client.patch(detail("session", pk), {"minutes": 50}, format="json").json()["minutes"] == 50
    )
    assert client.get(detail("session", pk)).json()["minutes"] == 50
    assert client.delete(detail("session", pk)).status_code == 204
    assert not StudySession.objects.exists()


def test_session_list_filters_by_local_date(owner, api_client_for):
    for day in (5, 6, 7):
        session_on(owner, date(2025, 1, day))

    response = api_client_for(owner).get(SESSIONS, {"from": "2025-01-06", "to": "2025-01-06"})

    assert [s["local_date"] for s in response.json()["results"]] == ["2025-01-06"]


@pytest.mark.parametrize(
    "payload, field, message",
    [
        ({"minutes": 0, "kind": "coding"}, "minutes", "between 1 and 1440"),
        ({"minutes": 1500, "kind": "coding"}, "minutes", "between 1 and 1440"),
        ({"minutes": 10**30, "kind": "coding"}, "minutes", ""),
        ({"minutes": "1e309", "kind": "coding"}, "minutes", ""),
        ({"minutes": [], "kind": "coding"}, "minutes", ""),
        ({"minutes": 30}, "kind", "required"),
        ({"minutes": 30, "kind": "<script>"}, "kind", "Pick one of the kinds"),
        ({"minutes": 30, "kind": "coding", "item": "abc"}, "item", ""),
        ({"minutes": 30, "kind": "coding", "item": 999999}, "item", "your own roadmap items"),
        (
            {"minutes": 30, "kind": "coding", "started_at": "2999-01-01T00:00:00Z"},
            "started_at",
            "in the future",
        ),
        ({"minutes": 30, "kind": "coding", "started_at": "yesterday"}, "started_at", ""),
        ({"minutes": 30, "kind": "coding", "visibility": "everyone"}, "visibility", "private"),
        ({"minutes": 30, "kind": "coding", "note": "x" * 20_001}, "note", ""),
    ],
)
def test_bad_session_input_is_a_400_naming_the_field(
    owner, api_client_for, payload, field, message
):
    response = api_client_for(owner).post(SESSIONS, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert message in " ".join(response.json()[field])
    assert not StudySession.objects.exists()


def test_hostile_bodies_are_refused(owner, api_client_for):
    client = api_client_for(owner)

    assert client.post(SESSIONS, [1, 2, 3], format="json").status_code == 400
    assert client.post(SESSIONS, "not json", content_type="application/json").status_code == 400
    huge = '{"minutes": 30, "kind": "coding", "note": "' + "x" * (6 * 1024 * 1024) + '"}'
    assert client.post(SESSIONS, huge, content_type="application/json").status_code in (400, 413)
    assert client.get(SESSIONS, {"page": "abc"}).status_code == 404
    assert client.get(SESSIONS, {"from": "2025-13-45"}).status_code == 400
    assert not StudySession.objects.exists()


def test_a_strangers_item_is_refused(owner, stranger, api_client_for):
    theirs = ItemFactory(stage=StageFactory(roadmap=RoadmapFactory(owner=stranger)))

    response = api_client_for(owner).post(
        SESSIONS, {"minutes": 30, "kind": "coding", "item": theirs.pk}, format="json"
    )

    assert response.status_code == 400


def test_a_stranger_gets_404_for_private_sessions_and_cannot_touch_public_ones(
    owner, stranger, api_client_for
):
    private = session_on(owner, date(2025, 1, 6))
    public = session_on(owner, date(2025, 1, 7), visibility="public")
    client = api_client_for(stranger)

    assert client.get(detail("session", private.pk)).status_code == 404
    assert client.get(detail("session", public.pk)).status_code == 200
    for pk in (private.pk, public.pk):
        assert client.patch(detail("session", pk), {"minutes": 1}, format="json").status_code == 404
        assert client.delete(detail("session", pk)).status_code == 404
    assert client.get(SESSIONS).json()["results"] == []
    assert StudySession.objects.filter(minutes=30).count() == 2


def test_anonymous_calls_are_refused(api_client_for):
    client = api_client_for(None)
    for url in (SESSIONS, TIMER, REFLECTIONS, REVIEWS, NOT_TO_DO, STATS, KINDS):
        assert client.get(url).status_code in (401, 403)


def test_wrong_methods_are_405(owner, api_client_for):
    client = api_client_for(owner)
    assert client.put(SESSIONS, {}, format="json").status_code == 405
    assert client.delete(STATS).status_code == 405
    assert client.get(STOP).status_code == 405
    assert client.put(TIMER, {}, format="json").status_code == 405
    assert client.post(KINDS, {}, format="json").status_code == 405


# --- timer -------------------------------------------------------------------------------


def test_timer_start_read_and_stop(owner, api_client_for):
    client = api_client_for(owner)
    assert client.get(TIMER).json() == {"running": False}

    started = client.post(TIMER, {"kind": "reading", "planned_minutes": 60}, format="json")
    assert started.status_code == 201 and started.json()["running"] is True
    assert client.post(TIMER, {}, format="json").status_code == 400
    FocusTimer.objects.update(started_at=timezone.now() - timedelta(minutes=25))

    assert client.get(TIMER).json()["elapsed_minutes"] == 25
    stopped = client.post(STOP, {}, format="json")
    assert stopped.status_code == 201
    assert (stopped.json()["minutes"], stopped.json()["kind"]) == (25, "reading")
    again = client.post(STOP, {}, format="json")
    assert again.status_code == 400 and "No focus timer" in str(again.json())
    assert StudySession.objects.count() == 1


def test_forgotten_timer_needs_real_minutes_through_the_api(owner, api_client_for):
    client = api_client_for(owner)
    client.post(TIMER, {}, format="json")
    FocusTimer.objects.update(started_at=timezone.now() - timedelta(hours=5))

    assert client.get(TIMER).json()["needs_real_minutes"] is True
    refused = client.post(STOP, {}, format="json")
    assert refused.status_code == 400 and "How many minutes" in str(refused.json()["minutes"])
    assert client.post(STOP, {"minutes": 80}, format="json").json()["minutes"] == 80


def test_timer_discard_and_bad_input(owner, api_client_for):
    client = api_client_for(owner)
    assert client.delete(TIMER).status_code == 400
    assert client.post(TIMER, {"planned_minutes": 0}, format="json").status_code == 400
    assert client.post(TIMER, {"kind": "nap"}, format="json").status_code == 400
    client.post(TIMER, {}, format="json")
    assert client.delete(TIMER).status_code == 204
    assert not StudySession.objects.exists()


# --- reflections, reviews, not-to-do, kinds ------------------------------------------------


def test_reflections_through_the_api(owner, stranger, api_client_for):
    client = api_client_for(owner)
    today = learner_today(owner).isoformat()

    created = client.post(REFLECTIONS, {"date": today, "body": "hi"}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert client.patch(detail("reflection", pk), {"visibility": "public"}, format="json").json()[
        "published_at"
    ]
    assert (
        client.post(REFLECTIONS, {"date": "2999-01-01", "body": "x"}, format="json").status_code
        == 400
    )
    assert client.post(REFLECTIONS, {"date": today, "body": ""}, format="json").status_code == 400

    private = ReflectionFactory(learner=owner, date=date(2024, 1, 1))
    other = api_client_for(stranger)
    assert other.get(detail("reflection", private.pk)).status_code == 404
    assert other.get(detail("reflection", pk)).status_code == 200  # published
    assert other.delete(detail("reflection", pk)).status_code == 404
    assert client.delete(detail("reflection", pk)).status_code == 204
    assert Reflection.objects.count() == 1


def test_weekly_review_through_the_api_is_pre_filled(owner, stranger, api_client_for):
    client = api_client_for(owner)
    session_on(owner, date(2025, 1, 6), minutes=30, kind="lecture")
    session_on(owner, date(2025, 1, 8), minutes=90, kind="coding")

    created = client.post(
        REVIEWS, {"week": "2025-W02", "learned": "CNNs", "on_track": True}, format="json"
    )

    assert created.status_code == 201
    body = created.json()
    assert (body["week"], body["total_minutes"], body["inhale_percent"]) == ("2025-W02", 120, 25)
    pk = body["id"]
    patched = client.patch(detail("review", pk), {"hardest": "padding"}, format="json").json()
    assert (patched["learned"], patched["hardest"], patched["on_track"]) == (
        "CNNs",
        "padding",
        True,
    )
    assert client.post(REVIEWS, {"week": "2025-W77"}, format="json").status_code == 400
    assert client.post(REVIEWS, {"week": "2025-W03"}, format="json").status_code == 400  # empty
    private = WeeklyReviewFactory(learner=owner, week_start=date(2024, 1, 1))
    assert api_client_for(stranger).get(detail("review", private.pk)).status_code == 404
    assert (
        api_client_for(stranger).patch(detail("review", pk), {}, format="json").status_code == 404
    )
    assert WeeklyReview.objects.count() == 2


def test_not_to_do_through_the_api(owner, stranger, api_client_for):
    client = api_client_for(owner)

    created = client.post(NOT_TO_DO, {"text": "Doomscroll"}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert client.post(NOT_TO_DO, {"text": "doomscroll"}, format="json").status_code == 400
    assert client.post(NOT_TO_DO, {"text": "x" * 201}, format="json").status_code == 400
    assert client.patch(detail("not-to-do", pk), {"retired": True}, format="json").json()[
        "retired_at"
    ]
    assert client.get(NOT_TO_DO).json() == []
    assert len(client.get(NOT_TO_DO, {"retired": "1"}).json()) == 1
    theirs = NotToDoFactory(learner=stranger)
    assert (
        client.patch(detail("not-to-do", theirs.pk), {"retired": True}, format="json").status_code
        == 404
    )
    assert client.delete(detail("not-to-do", theirs.pk)).status_code == 404
    assert client.delete(detail("not-to-do", pk)).status_code == 204
    assert NotToDo.objects.count() == 1


def test_kinds_can_be_renamed_but_not_invented(owner, api_client_for):
    client = api_client_for(owner)

    renamed = client.patch(KINDS, {"labels": {"experiment": "Kaggle"}}, format="json")
    assert {"kind": "experiment", "label": "Kaggle", "side": "exhale"} in renamed.json()
    assert client.patch(KINDS, {"labels": {"napping": "zzz"}}, format="json").status_code == 400
    assert client.patch(KINDS, {"labels": "nope"}, format="json").status_code == 400


# --- stats -------------------------------------------------------------------------------


def test_stats_return_every_figure_of_the_today_page(owner, owner_client, api_client_for):
    today = learner_today(owner)
    for back in range(4):
        session_on(owner, today - timedelta(days=back), minutes=30, kind="coding", hour=0)
    session_on(owner, today, minutes=10, kind="reading", hour=0)

    stats = api_client_for(owner).get(STATS).json()

    page = owner_client.get(reverse("journal:today")).content.decode()
    assert f'data-figure="current-streak">{stats["current_streak"]}<' in page
    assert f'data-figure="today-minutes">{stats["today_minutes"]}<' in page
    assert f'data-figure="habit-score">{round(stats["habit_score"])}<' in page
    assert stats["current_streak"] == 4 and stats["today_minutes"] == 40
    assert stats["ratio"]["inhale_minutes"] == 10 and stats["ratio"]["exhale_minutes"] == 120
    assert stats["target"]["inhale_percent"] == 20
    assert len(stats["weeks"]) == 12


def test_stats_for_a_range(owner, api_client_for):
    for day in range(1, 11):
        session_on(owner, date(2025, 1, day), minutes=10, kind="reading")

    stats = api_client_for(owner).get(STATS, {"from": "2025-01-03", "to": "2025-01-05"}).json()

    assert (stats["minutes"], stats["days_practised"], stats["current_streak"]) == (30, 3, 5)
    assert stats["ratio"]["inhale_percent"] == 100


@pytest.mark.parametrize(
    "params, field",
    [
        ({"from": "garbage"}, "from"),
        ({"to": "2025-02-30"}, "to"),
        ({"from": "2025-02-01", "to": "2025-01-01"}, "from"),
        ({"from": "1900-01-01", "to": "2025-01-01"}, "from"),
        ({"to": "2999-01-01"}, "to"),
        ({"from": "9" * 5000}, "from"),
    ],
)
def test_stats_refuse_bad_ranges(owner, api_client_for, params, field):
    response = api_client_for(owner).get(STATS, params)

    assert response.status_code == 400 and field in response.json()


def test_stats_take_a_fixed_number_of_queries(owner, api_client_for, django_assert_num_queries):
    client = api_client_for(owner)
    client.get(STATS)  # warm the token's last-used stamp
    with django_assert_num_queries(2) as short:  # token, figures
        client.get(STATS)
    for back in range(100):
        session_on(owner, date(2024, 1, 1) + timedelta(days=back))
    with django_assert_num_queries(len(short.captured_queries)):
        client.get(STATS)


def test_the_review_form_and_the_api_round_an_eighth_the_same_way(
    owner, owner_client, api_client_for
):
    """15 of 120 minutes is 12.5 %: half rounds up everywhere (Python's round() would say 12
    on the page while the API said 13)."""
    session_on(owner, date(2025, 1, 6), minutes=15, kind="lecture")
    session_on(owner, date(2025, 1, 7), minutes=105, kind="coding")

    page = owner_client.get(reverse("journal:review_edit", args=["2025-W02"]))
    body = api_client_for(owner).post(REVIEWS, {"week": "2025-W02", "learned": "x"}, format="json")

    assert page.context["figures"]["inhale_percent"] == 13
    assert "13% inhale" in page.content.decode()
    assert body.json()["inhale_percent"] == 13
    assert body.json()["inhale_minutes"] * 1000 // body.json()["total_minutes"] == 125
