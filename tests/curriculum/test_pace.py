"""Progress and the pace forecast: pure functions."""

from datetime import date, timedelta
from decimal import Decimal

from curriculum.pace import (
    forecast_finish,
    hours_per_week,
    items_per_week,
    progress_of,
    stage_targets,
)

TODAY = date(2026, 3, 1)


def test_progress_counts_done_and_hours_and_leaves_skipped_out():
    progress = progress_of(
        [
            ("done", Decimal(2)),
            ("in_progress", Decimal(3)),
            ("skipped", Decimal(9)),
            ("not_started", None),
        ]
    )
    assert (progress.done, progress.total, progress.remaining) == (1, 3, 2)
    assert (progress.done_hours, progress.estimated_hours) == (2, 5)
    assert progress.percent == 33
    assert progress_of([]).percent == 0


def test_items_per_week_counts_the_last_28_days_only():
    days = [TODAY, TODAY - timedelta(days=27), TODAY - timedelta(days=28), TODAY + timedelta(1)]
    assert items_per_week(days, TODAY) == 2 * 7 / 28


def test_hours_per_week_from_logged_minutes():
    minutes = {TODAY: 120, TODAY - timedelta(days=10): 60, TODAY - timedelta(days=40): 600}
    assert hours_per_week(minutes, TODAY) == 3 * 7 / 28


def test_forecast_ahead_behind_and_without_pace():
    ahead = forecast_finish(remaining=4, rate_per_week=2, today=TODAY, target=TODAY + timedelta(30))
    assert ahead.finish_on == TODAY + timedelta(days=14)
    assert (ahead.status, ahead.days_ahead) == ("ahead", 16)
    behind = forecast_finish(remaining=4, rate_per_week=1, today=TODAY, target=TODAY + timedelta(7))
    assert behind.status == "behind" and behind.days_ahead == -21
    assert forecast_finish(remaining=3, rate_per_week=0, today=TODAY).status == "no_pace"
    assert forecast_finish(remaining=0, rate_per_week=0, today=TODAY).finish_on == TODAY
    assert forecast_finish(remaining=1e9, rate_per_week=0.001, today=TODAY).finish_on is None


def test_stage_targets_add_planned_weeks_from_the_start():
    assert stage_targets(TODAY, [2, 3, None], None) == [
        TODAY + timedelta(weeks=2),
        TODAY + timedelta(weeks=5),
        None,
    ]
    assert stage_targets(None, [2], TODAY) == [TODAY]
    assert stage_targets(TODAY, [None, 1], None) == [None, None]
