"""Streak freezes and pauses through the database: the Today notice, the learner's month in
their own timezone, the pauses page and API, and the query counts."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from journal.models import Pause
from journal.selectors import journal_stats, learner_today
from journal.services import pause_add
from tests.factories import LearnerFactory
from tests.journal.factories import session_on

pytestmark = pytest.mark.django_db

TODAY_PAGE = reverse("journal:today")
PAUSES = reverse("journal:pauses")
API_PAUSES = reverse("api:journal-pause-list")
STATS = reverse("api:journal-stats")


def practise(learner, first: date, last: date, skip=()) -> None:
    day = first
    while day <= last:
        if day not in skip:
            session_on(learner, day)
        day += timedelta(days=1)


# --- freezes ------------------------------------------------------------------------------


def test_today_says_which_day_a_freeze_covered(owner, owner_client):
    today = learner_today(owner)
    missed = today - timedelta(days=2)
    practise(owner, today - timedelta(days=6), today - timedelta(days=1), skip={missed})

    page = owner_client.get(TODAY_PAGE).content.decode()

    weekday = missed.strftime("%A")
    left = 2 - (1 if missed.month == today.month else 0)
    assert f"A streak freeze covered {weekday}; {left} left this month." in page


def test_without_a_budget_the_miss_breaks_the_streak(owner):
    owner.streak_freezes_per_month = 0
    owner.save()
    today = date(2025, 3, 14)
    practise(owner, date(2025, 3, 3), today, skip={date(2025, 3, 12)})

    stats = journal_stats(owner, today=today)

    assert stats.current_streak == 2 and stats.freeze_notice is None
    assert stats.forgiveness.frozen == ()


def test_running_out_of_freezes_breaks_the_streak(owner):
    today = date(2025, 3, 14)
    missed = {date(2025, 3, 10), date(2025, 3, 11), date(2025, 3, 12)}
    practise(owner, date(2025, 3, 3), today, skip=missed)

    stats = journal_stats(owner, today=today)

    assert stats.forgiveness.frozen == (date(2025, 3, 10), date(2025, 3, 11))
    assert stats.freezes_left == 0
    assert stats.current_streak == 2  # 13 and 14 March


def test_month_boundary_is_the_learners_own_in_auckland():
    """Just after midnight UTC on 31 January it is already 1 February in Auckland: the
    learner's February budget is whole even though January's was spent."""
    learner = LearnerFactory(timezone="Pacific/Auckland", streak_freezes_per_month=2)
    moment = datetime(2025, 1, 31, 12, 30, tzinfo=UTC)  # 01:30 on 1 February in Auckland
    today = learner_today(learner, now=moment)
    assert today == date(2025, 2, 1)
    # Practised all January except the 28th, 29th and 30th (local days); missed the 31st too.
    missed = {date(2025, 1, 28), date(2025, 1, 29), date(2025, 1, 30), date(2025, 1, 31)}
    practise(learner, date(2025, 1, 20), date(2025, 1, 31), skip=missed)

    stats = journal_stats(learner, today=today)

    # January's two freezes went on the 28th and 29th; nothing covered the 30th or the 31st.
    assert stats.forgiveness.frozen == (date(2025, 1, 28), date(2025, 1, 29))
    assert stats.freezes_left == 2
    assert stats.current_streak == 0
    assert stats.freeze_notice == "Streak freezes covered Tuesday and Wednesday; 2 left this month."


def test_a_session_late_at_night_in_auckland_counts_for_the_local_day():
    learner = LearnerFactory(timezone="Pacific/Auckland", streak_freezes_per_month=1)
    # 23:30 on 31 January in Auckland is 10:30 UTC on the 31st; the 30th is missed.
    session_on(learner, date(2025, 1, 29))
    session_on(learner, date(2025, 1, 31), hour=23)

    stats = journal_stats(learner, today=date(2025, 2, 1))

    assert stats.forgiveness.frozen == (date(2025, 1, 30),)
    assert stats.current_streak == 2 and stats.freezes_left == 1


def test_stats_stay_one_query_with_pauses_and_freezes(owner, django_assert_num_queries):
    today = date(2025, 3, 31)
    practise(owner, date(2025, 1, 1), today, skip={date(2025, 2, 3), date(2025, 3, 4)})
    pause_add(learner=owner, start=date(2025, 1, 10), end=date(2025, 1, 12))
    pause_add(learner=owner, start=date(2025, 3, 20), end=date(2025, 3, 22), note="flu")

    with django_assert_num_queries(1):
        stats = journal_stats(owner, today=today)

    assert stats.forgiveness.frozen == (date(2025, 2, 3), date(2025, 3, 4))
    assert date(2025, 3, 21) in stats.forgiveness.paused


def test_a_pause_keeps_the_streak_and_says_so_today(owner, owner_client):
    today = learner_today(owner)
    practise(owner, today - timedelta(days=12), today - timedelta(days=6))
    pause_add(learner=owner, start=today - timedelta(days=5), end=today + timedelta(days=2))

    stats = journal_stats(owner)
    page = owner_client.get(TODAY_PAGE).content.decode()

    assert stats.current_streak == 7 and stats.forgiveness.frozen == ()
    assert "Paused today" in page


def test_a_pause_is_not_seen_by_another_learner(owner, stranger):
    pause_add(learner=owner, start=date(2025, 3, 1), end=date(2025, 3, 3))
    practise(stranger, date(2025, 3, 1), date(2025, 3, 4), skip={date(2025, 3, 2)})
    stranger.streak_freezes_per_month = 0

    assert journal_stats(stranger, today=date(2025, 3, 4)).current_streak == 2


# --- the pauses page ----------------------------------------------------------------------


def test_pauses_page_shows_an_empty_state_and_links_from_habits(owner_client):
    assert "No pauses yet" in owner_client.get(PAUSES).content.decode()
    assert PAUSES in owner_client.get(reverse("journal:habits")).content.decode()


def test_learner_adds_and_removes_a_pause(owner, owner_client):
    response = owner_client.post(
        PAUSES, {"start": "2025-03-01", "end": "2025-03-07", "note": "flu <b>bad</b>"}
    )

    assert response.status_code == 302
    pause = Pause.objects.get(learner=owner)
    assert (pause.start, pause.end, pause.days) == (date(2025, 3, 1), date(2025, 3, 7), 7)
    page = owner_client.get(PAUSES).content.decode()
    assert "flu &lt;b&gt;bad&lt;/b&gt;" in page

    assert owner_client.post(reverse("journal:pause_delete", args=[pause.pk])).status_code == 302
    assert not Pause.objects.exists()


@pytest.mark.parametrize(
    "start, end, message",
    [
        ("2025-03-07", "2025-03-01", "ends before it starts"),
        ("2020-01-01", "2021-06-01", "under 366 days"),
        ("1999-12-30", "1999-12-31", "before the year 2000"),
    ],
)
def test_bad_pauses_are_refused_next_to_the_field(owner_client, start, end, message):
    response = owner_client.post(PAUSES, {"start": start, "end": end})

    assert response.status_code == 400 and message in response.content.decode()
    assert not Pause.objects.exists()


def test_overlapping_pauses_are_refused_even_when_sent_twice(owner):
    pause_add(learner=owner, start=date(2025, 3, 1), end=date(2025, 3, 7))

    with pytest.raises(Exception, match="overlaps your pause of 1 Mar 2025"):
        pause_add(learner=owner, start=date(2025, 3, 7), end=date(2025, 3, 9))
    assert Pause.objects.count() == 1


def test_stranger_cannot_remove_someone_elses_pause(owner, stranger_client):
    pause = pause_add(learner=owner, start=date(2025, 3, 1), end=date(2025, 3, 2))

    response = stranger_client.post(reverse("journal:pause_delete", args=[pause.pk]))

    assert response.status_code == 404 and Pause.objects.filter(pk=pause.pk).exists()


def test_pause_pages_refuse_wrong_method_and_anonymous_visitors(owner, owner_client, client):
    pause = pause_add(learner=owner, start=date(2025, 3, 1), end=date(2025, 3, 2))
    assert owner_client.get(reverse("journal:pause_delete", args=[pause.pk])).status_code == 405
    assert owner_client.put(PAUSES).status_code == 405
    assert client.get(PAUSES).status_code == 302


# --- the API ------------------------------------------------------------------------------


def test_api_creates_lists_and_deletes_pauses(owner, api_client_for):
    client = api_client_for(owner)

    created = client.post(
        API_PAUSES, {"start": "2025-04-01", "end": "2025-04-03", "note": "trip"}, format="json"
    )

    assert created.status_code == 201 and created.json()["days"] == 3
    assert [p["note"] for p in client.get(API_PAUSES).json()] == ["trip"]
    detail = reverse("api:journal-pause-detail", args=[created.json()["id"]])
    assert client.delete(detail).status_code == 204
    assert client.get(API_PAUSES).json() == []


def test_api_refuses_a_backwards_pause_with_the_pages_wording(owner, api_client_for):
    response = api_client_for(owner).post(
        API_PAUSES, {"start": "2025-04-03", "end": "2025-04-01"}, format="json"
    )

    assert response.status_code == 400
    assert "ends before it starts" in str(response.json()["end"])


def test_api_hides_another_learners_pause(owner, stranger, api_client_for):
    pause = pause_add(learner=owner, start=date(2025, 3, 1), end=date(2025, 3, 2))
    detail = reverse("api:journal-pause-detail", args=[pause.pk])

    assert api_client_for(stranger).get(detail).status_code == 404
    assert api_client_for(stranger).delete(detail).status_code == 404
    assert api_client_for(None).get(API_PAUSES).status_code in (401, 403)
    assert api_client_for(owner).put(detail, {}, format="json").status_code == 405


def test_api_stats_give_the_freezes(owner, api_client_for):
    today = learner_today(owner)
    practise(owner, today - timedelta(days=4), today, skip={today - timedelta(days=2)})

    body = api_client_for(owner).get(STATS).json()

    assert body["streak_freezes"]["per_month"] == 2
    assert body["streak_freezes"]["frozen_days"] == [str(today - timedelta(days=2))]
    assert body["current_streak"] == 4 and body["paused_today"] is False
