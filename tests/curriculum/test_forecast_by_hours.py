"""Forecasts weigh work in estimated hours where items have them (a 100 h course is not an 8 h
one), count items otherwise, and give no "ahead" or "behind" before a week of data. Every
figure is checked against a count by hand."""

import math
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from curriculum import pace
from curriculum.models import Item
from curriculum.selectors import roadmap_view, roadmap_with_content
from journal.services import session_log
from tests.factories import ItemFactory, RoadmapFactory, StageFactory

pytestmark = pytest.mark.django_db


def view_of(roadmap, today=None):
    return roadmap_view(roadmap_with_content().get(pk=roadmap.pk), today=today)


def finished(item, days_ago):
    moment = timezone.now() - timedelta(days=days_ago)
    Item.objects.filter(pk=item.pk).update(status="done", started_at=moment, finished_at=moment)


def test_weights_are_hours_the_mean_for_unknown_and_items_without_any_estimate():
    rows = [("done", Decimal(10)), ("not_started", None), ("in_progress", Decimal(30))]
    assert pace.weights(rows + [("skipped", Decimal(5))]) == [10, 20, 30, 0]
    assert pace.weights([("done", None), ("not_started", None), ("skipped", None)]) == [1, 1, 0]
    # Half the steps of the 30 h item ticked leaves 15 of it; the 20 h item is all left.
    rows = [("done", Decimal(10), 0, 0), ("not_started", None, 0, 0), ("x", Decimal(30), 1, 2)]
    assert pace.remaining_work(rows, pace.weights(rows)) == 20 + 15


def test_a_100_hour_course_weighs_more_than_an_8_hour_one(owner):
    today = timezone.localdate()
    roadmap = RoadmapFactory(owner=owner, target_end=today + timedelta(days=100))
    stage = StageFactory(roadmap=roadmap)
    ItemFactory(stage=stage, title="Big course", estimated_hours=100)
    finished(ItemFactory(stage=stage, title="Small course", estimated_hours=8), days_ago=10)

    forecast = view_of(roadmap).forecast

    # By hand: 8 h finished in the last 28 days is 8 * 7 / 28 = 2 h a week; 100 h are left,
    # so 100 / 2 = 50 weeks = 350 days. Counting items would say 1 item at 0.25 a week: 28 days.
    assert forecast.by_hours and forecast.rate == pytest.approx(2.0)
    assert forecast.finish_on == today + timedelta(days=350)
    assert forecast.status == "behind" and forecast.days_behind == 250


def test_without_estimates_it_counts_items(owner):
    today = timezone.localdate()
    roadmap = RoadmapFactory(owner=owner)
    stage = StageFactory(roadmap=roadmap)
    for n in range(3):
        ItemFactory(stage=stage, title=f"Left {n}", estimated_hours=None)
    for n in range(2):
        finished(ItemFactory(stage=stage, title=f"Done {n}", estimated_hours=None), days_ago=n)

    forecast = view_of(roadmap).forecast

    # 2 items in 28 days is 0.5 a week; 3 left take 6 weeks = 42 days.
    assert not forecast.by_hours and forecast.rate == pytest.approx(0.5)
    assert forecast.finish_on == today + timedelta(days=42)


def test_logged_hours_drive_the_pace_when_the_journal_has_them(owner):
    today = timezone.localdate()
    roadmap = RoadmapFactory(owner=owner)
    stage = StageFactory(roadmap=roadmap)
    item = ItemFactory(stage=stage, title="Course", estimated_hours=20, url="https://a.example/")
    ItemFactory(stage=stage, title="No estimate", estimated_hours=None)
    session_log(learner=owner, minutes=240, kind="course", item=item)

    forecast = view_of(roadmap).forecast

    # 4 h logged over 28 days = 1 h a week. Left: 20 h plus the unestimated item at the mean
    # estimate (20 h) = 40 h: 40 weeks = 280 days.
    assert forecast.by_hours and forecast.rate == pytest.approx(1.0)
    assert forecast.finish_on == today + timedelta(days=280)


def test_no_behind_verdict_before_a_week_of_data(owner, owner_client):
    today = timezone.localdate()
    roadmap = RoadmapFactory(owner=owner, started_on=today, target_end=today + timedelta(30))
    first = StageFactory(roadmap=roadmap, title="First", planned_weeks=1)
    StageFactory(roadmap=roadmap, title="Second", planned_weeks=3)
    item = ItemFactory(stage=first, title="Lesson", estimated_hours=50, url="https://b.example/")
    session_log(learner=owner, minutes=60, kind="course", item=item)

    view = view_of(roadmap)
    # Day one: 1 h over 28 days = 0.25 h a week, 50 h left: 200 weeks, far past the target.
    assert view.forecast.finish_on == today + timedelta(days=math.ceil(50 / 0.25 * 7))
    assert view.forecast.status == "too_early"
    assert [sv.forecast.status for sv in view.stages] == ["too_early", "too_early"]
    page = owner_client.get(f"/roadmaps/{roadmap.pk}/").content.decode()
    assert "behind" not in page and "too early to tell" in page

    # Eight days later there is a week of data: now it may say behind.
    later = view_of(roadmap, today=today + timedelta(days=8))
    assert later.forecast.status == "behind"
    assert later.stages[0].forecast.status == "behind"  # its target (a week in) has passed
