"""Progress and pace: plain functions over plain values, no ORM, so they are tested
exhaustively. The page feeds them rows it has already loaded."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

PACE_WINDOW_DAYS = 28


@dataclass(frozen=True)
class Progress:
    done: Decimal  # whole items, plus the ticked share of each unfinished item's checklist
    total: int
    done_hours: Decimal
    estimated_hours: Decimal

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def remaining(self) -> Decimal:
        return self.total - self.done


def item_share(status: str, ticked: int = 0, steps: int = 0) -> Fraction:
    """How much of one item is done: all of it when done, else the ticked share of its
    checklist (half the steps ticked is half the item). Ticking every step does not make it
    done: the learner says so."""
    if status == "done":
        return Fraction(1)
    if steps <= 0:
        return Fraction(0)
    return Fraction(max(0, min(ticked, steps)), steps)


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))


def progress_of(items: Iterable[tuple]) -> Progress:
    """Progress of (status, estimated_hours[, steps ticked, steps]) rows. Skipped items leave
    the plan: they count neither as done nor as still to do. An unfinished item counts by its
    checklist's ticked share, in items and in hours."""
    done = Fraction(0)
    total = 0
    done_hours = Fraction(0)
    estimated = Decimal(0)
    # Whole items (done, or no step ticked) add up exactly in ints and Decimals; only a
    # partly ticked checklist needs a Fraction. Same sums, a fraction of the cost.
    whole_done = 0
    whole_done_hours = Decimal(0)
    for status, hours, *checklist in items:
        if status == "skipped":
            continue
        total += 1
        estimated += hours or 0
        if status == "done":
            whole_done += 1
            whole_done_hours += hours or 0
            continue
        share = item_share(status, *checklist)
        if share:
            done += share
            done_hours += share * Fraction(hours or 0)
    done += whole_done
    done_hours += Fraction(whole_done_hours)
    return Progress(_decimal(done), total, _decimal(done_hours), estimated)


@dataclass(frozen=True)
class Forecast:
    """When a stage (or the roadmap) will be finished at the learner's recent pace."""

    finish_on: date | None
    rate: float  # items per week, or hours per week when by_hours
    by_hours: bool = False
    target: date | None = None
    # False until there is a week of data to judge by: no "ahead" or "behind" on day one.
    judged: bool = True

    @property
    def days_ahead(self) -> int | None:
        """Positive: ahead of the target date; negative: behind."""
        if self.finish_on is None or self.target is None:
            return None
        return (self.target - self.finish_on).days

    @property
    def days_behind(self) -> int | None:
        return None if self.days_ahead is None else -self.days_ahead

    @property
    def status(self) -> str:
        """ "no_pace" (nothing done lately), "forecast" (no target), "too_early" (less than a
        week of data), "ahead", "on_track" or "behind"."""
        if self.finish_on is None:
            return "no_pace"
        if self.days_ahead is None:
            return "forecast"
        if not self.judged:
            return "too_early"
        if self.days_ahead > 0:
            return "ahead"
        return "on_track" if self.days_ahead == 0 else "behind"


def items_per_week(
    done_dates: Iterable[date], today: date, window_days: int = PACE_WINDOW_DAYS
) -> float:
    """Items finished per week over the last window_days (today included)."""
    since = today - timedelta(days=window_days - 1)
    recent = sum(1 for day in done_dates if since <= day <= today)
    return recent * 7 / window_days


def hours_per_week(
    minutes_by_day: Mapping[date, int], today: date, window_days: int = PACE_WINDOW_DAYS
) -> float:
    """Logged hours per week over the last window_days, from {day: minutes}."""
    since = today - timedelta(days=window_days - 1)
    minutes = sum(m for day, m in minutes_by_day.items() if since <= day <= today and m > 0)
    return minutes / 60 * 7 / window_days


def forecast_finish(
    *,
    remaining: float,
    rate_per_week: float,
    today: date,
    target: date | None = None,
    by_hours: bool = False,
    data_since: date | None = None,
) -> Forecast:
    """The day `remaining` work (items, or hours when by_hours) is done at rate_per_week.
    Nothing remaining: today. No pace: no date. With `data_since` (the first day of data),
    the verdict against the target waits until that is at least a week ago."""
    judged = data_since is None or has_a_week_of_data(data_since, today)
    if remaining <= 0:
        return Forecast(today, rate_per_week, by_hours, target, judged)
    if rate_per_week <= 0:
        return Forecast(None, 0.0, by_hours, target, judged)
    days = math.ceil(remaining / rate_per_week * 7)
    if days > 365 * 100:
        return Forecast(None, rate_per_week, by_hours, target, judged)
    return Forecast(today + timedelta(days=days), rate_per_week, by_hours, target, judged)


def has_a_week_of_data(data_since: date | None, today: date) -> bool:
    return data_since is not None and (today - data_since).days >= 7


def weights(rows: Iterable[tuple]) -> list[float]:
    """How much each (status, estimated_hours, ...) row weighs in a forecast: its estimated
    hours; an item without an estimate weighs the mean estimate of those with one; when none
    has an estimate every item weighs 1 (the forecast counts items). Skipped items weigh 0."""
    rows = list(rows)
    known = [float(r[1]) for r in rows if r[0] != "skipped" and r[1] is not None and r[1] > 0]
    if not known:
        return [0.0 if r[0] == "skipped" else 1.0 for r in rows]
    mean = sum(known) / len(known)
    return [
        0.0 if r[0] == "skipped" else (float(r[1]) if r[1] is not None and r[1] > 0 else mean)
        for r in rows
    ]


def remaining_work(rows: Iterable[tuple], row_weights: list[float]) -> float:
    """The work left: each unfinished row's weight times the share of it still to do."""
    return sum(
        weight * float(1 - item_share(status, *checklist))
        for (status, _hours, *checklist), weight in zip(rows, row_weights, strict=True)
    )


def stage_targets(
    started_on: date | None, planned_weeks: list[int | None], target_end: date | None
) -> list[date | None]:
    """Each stage's target date: the start date plus the planned weeks of it and every stage
    before it; the last stage also ends no later than the roadmap's target end."""
    targets: list[date | None] = []
    weeks = 0
    known = started_on is not None
    for planned in planned_weeks:
        if planned is None:
            known = False
        else:
            weeks += planned
        targets.append(started_on + timedelta(weeks=weeks) if known and started_on else None)
    if targets and target_end is not None and targets[-1] is None:
        targets[-1] = target_end
    return targets
