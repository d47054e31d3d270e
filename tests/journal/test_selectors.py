"""Figures for the Today page and the API, their query counts, and who sees what."""

from datetime import date, timedelta

import pytest

from curriculum.models import ItemStatus
from journal.habits import HABIT_MULTIPLIER as M
from journal.models import Reflection, StudySession, WeeklyReview
from journal.selectors import current_stage, in_progress_items, journal_stats
from tests.factories import ItemFactory, LearnerFactory, RoadmapFactory, StageFactory
from tests.journal.factories import ReflectionFactory, WeeklyReviewFactory, session_on

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 1, 13)


def test_stats_on_a_hand_computed_fortnight():
    learner = LearnerFactory(rest_weekdays="56", daily_target_minutes=60, inhale_target_percent=20)
    for offset in range(5):  # Mon 6 .. Fri 10 January
        session_on(learner, date(2025, 1, 6) + timedelta(days=offset), minutes=40)
    session_on(learner, MONDAY, minutes=60, kind="reading")  # two sessions on one day
    session_on(learner, MONDAY, minutes=30, kind="coding", hour=20)

    stats = journal_stats(learner, today=MONDAY)

    assert stats.current_streak == 6 and stats.longest_streak == 6
    assert stats.habit_score == pytest.approx(100 * (1 - M**6))
    assert stats.today_minutes == 90 and stats.today_percent_of_target == 100
    assert stats.week_start == MONDAY
    assert (stats.week.inhale, stats.week.exhale, stats.week.inhale_percent) == (60, 30, 67)
    assert stats.week_nudge.startswith("Too much studying")
    assert stats.minutes == 290 and stats.days_practised == 6
    assert stats.weeks[-1] == (MONDAY, stats.week)
    assert len(stats.weeks) == 12


def test_stats_for_a_range_count_minutes_inside_it_and_streaks_as_of_its_end():
    learner = LearnerFactory()
    for offset in range(10):  # 1 .. 10 January
        session_on(learner, date(2025, 1, 1) + timedelta(days=offset), minutes=10)

    stats = journal_stats(learner, first=date(2025, 1, 3), last=date(2025, 1, 5), today=MONDAY)

    assert stats.minutes == 30 and stats.days_practised == 3
    assert stats.current_streak == 5  # 1..5 January, as of the 5th
    assert stats.longest_streak == 5


def test_stats_take_one_query_however_long_the_history(owner, django_assert_num_queries):
    for offset in range(40):
        session_on(owner, MONDAY - timedelta(days=offset), minutes=20 + offset)

    with django_assert_num_queries(1):
        journal_stats(owner, today=MONDAY)


def test_current_stage_is_the_first_unfinished_one_of_the_latest_roadmap(
    owner, django_assert_num_queries
):
    older = RoadmapFactory(owner=owner)
    ItemFactory(stage=StageFactory(roadmap=older, kind="build"))
    latest = RoadmapFactory(owner=owner)
    learned = StageFactory(roadmap=latest, position=0, kind="learn")
    ItemFactory(stage=learned, status=ItemStatus.DONE)
    building = StageFactory(roadmap=latest, position=1, kind="build")
    ItemFactory(stage=building, status=ItemStatus.IN_PROGRESS)
    latest.save()  # touch updated_at: now the most recent

    with django_assert_num_queries(1):
        stage = current_stage(owner)

    assert stage == building and stage.kind == "build"


def test_no_roadmap_means_no_stage(owner):
    assert current_stage(owner) is None


def test_in_progress_items_are_the_learners_own(owner, stranger):
    mine = ItemFactory(
        stage=StageFactory(roadmap=RoadmapFactory(owner=owner)), status=ItemStatus.IN_PROGRESS
    )
    ItemFactory(stage=StageFactory(roadmap=RoadmapFactory(owner=owner)))  # not started
    ItemFactory(
        stage=StageFactory(roadmap=RoadmapFactory(owner=stranger)), status=ItemStatus.IN_PROGRESS
    )

    assert list(in_progress_items(owner)) == [mine]


@pytest.mark.parametrize(
    "model, make",
    [
        (StudySession, lambda learner, v: session_on(learner, MONDAY, visibility=v)),
        (Reflection, lambda learner, v: ReflectionFactory(learner=learner, visibility=v)),
        (WeeklyReview, lambda learner, v: WeeklyReviewFactory(learner=learner, visibility=v)),
    ],
)
def test_private_entries_are_seen_by_their_learner_only(model, make, owner, stranger):
    private = make(owner, "private")
    public = make(LearnerFactory(), "public")
    hidden_owner = LearnerFactory(portfolio_hidden=True)
    hidden = make(hidden_owner, "public")

    assert set(model.objects.visible_to(owner)) == {private, public}
    assert set(model.objects.visible_to(stranger)) == {public}
    assert set(model.objects.visible_to(None)) == {public}
    assert hidden in model.objects.visible_to(hidden_owner)
