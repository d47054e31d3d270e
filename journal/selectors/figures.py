"""The journal's figures: streaks, totals and weeks, from one query of daily minutes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, Subquery, Value
from django.db.models.functions import Coalesce

from journal import habits, progress
from journal.models import DayTotal, HabitCheckpoint, StudySession
from journal.selectors.days import learner_today
from journal.selectors.items import items_finished_between
from journal.selectors.rows import NO_CHECKPOINT, _union_rows, daily_kind_minutes

if TYPE_CHECKING:
    from accounts.models import User


# --- figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalStats:
    """Every figure of the Today and habits pages, for a range of local dates."""

    first: date
    last: date
    today: date
    minutes: int
    split: habits.Split
    days_practised: int
    current_streak: int
    longest_streak: int
    habit_score: float
    freezes_per_month: int
    forgiveness: habits.Forgiveness
    today_minutes: int
    daily_target_minutes: int
    inhale_target_percent: int
    week: habits.Split
    week_start: date
    week_nudge: str | None
    month: habits.Split
    minutes_by_day: dict[date, int] = field(repr=False)
    weeks: list[tuple[date, habits.Split]] = field(repr=False)
    months: list[tuple[date, habits.Split]] = field(repr=False)

    @property
    def today_percent_of_target(self) -> int:
        return min(100, round(100 * self.today_minutes / max(1, self.daily_target_minutes)))

    @property
    def exhale_target_percent(self) -> int:
        return 100 - self.inhale_target_percent

    @property
    def weeks_split(self) -> habits.Split:
        """The inhale and exhale minutes of all the `weeks` together (e.g. the last 12)."""
        return habits.total_split(split for _, split in self.weeks)

    @property
    def habit_score_rounded(self) -> int:
        return round(self.habit_score)

    @property
    def freezes_left(self) -> int:
        """Streak freezes still unspent in the month of `today` (the learner's month)."""
        used = self.forgiveness.freezes_used_in(self.today)
        return max(0, self.freezes_per_month - used)

    @property
    def freeze_notice(self) -> str | None:
        return habits.freeze_notice(self.forgiveness.frozen, self.today, self.freezes_per_month)

    @property
    def paused_today(self) -> bool:
        return self.today in self.forgiveness.paused


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _checkpoint_usable(learner: User, saved, pause_ranges):
    """The saved checkpoint, unless it was made under other settings."""
    if saved is None:
        return None
    point = progress.Checkpoint.from_json(json.loads(saved))
    key = progress.settings_key(
        learner.timezone or "UTC",
        learner.rest_weekday_numbers,
        learner.streak_freezes_per_month,
        pause_ranges,
        point.through,
    )
    return point if point.settings == key else None


def journal_stats(
    learner: User,
    first: date | None = None,
    last: date | None = None,
    today: date | None = None,
    weeks: int = 12,
    daily_from: date | None = None,
) -> JournalStats:
    """Streaks and the habit score as of `last` (default today); minutes and ratio within
    [first, last] (default: the last 365 days). Paused days and days covered by a streak
    freeze are skipped like rest days. One query, of about a month of day totals whatever
    the history: the learner's checkpoint (journal.progress) stands for the months before.
    `minutes_by_day` holds every day of [first, last] from `daily_from` on (pass it for a
    heatmap); earlier days are there only as far as they were read."""
    today = today or learner_today(learner)
    last = last or today
    first = first or last - timedelta(days=364)
    as_of = min(today, last)
    # A checkpoint helps when it ends before `as_of` (and keeps enough weeks).
    usable = HabitCheckpoint.objects.filter(learner=learner, through__lt=as_of)
    if weeks > progress.CHECKPOINT_WEEKS:
        usable = usable.none()
    after = Coalesce(Subquery(usable.values("through")[:1]), Value(NO_CHECKPOINT))
    wanted = Q(day__gt=after) | Q(day__gte=first, day__lte=_month_end(first))
    if daily_from is not None:
        wanted |= Q(day__gte=max(first, daily_from))
    totals = DayTotal.objects.filter(wanted, learner=learner, day__lte=last)
    rows, pause_ranges, saved = _union_rows(learner, totals, usable)
    point = _checkpoint_usable(learner, saved, pause_ranges)
    if saved is not None and point is None:  # made under other settings: read everything
        rows = daily_kind_minutes(learner, until=last)
    return _figures(learner, rows, pause_ranges, point, first, last, today, weeks)


def _figures(learner: User, rows, pause_ranges, point, first, last, today, weeks) -> JournalStats:
    as_of = min(today, last)
    rest = learner.rest_weekday_numbers
    freezes = learner.streak_freezes_per_month
    through = point.through if point else NO_CHECKPOINT
    start = through + timedelta(days=1)
    first_month = first.replace(day=1)

    minutes_by_day: dict[date, int] = {}
    window: list[tuple[date, str, int]] = []
    in_range: list[tuple[date, str, int]] = []
    for row in rows:
        day, _kind, minutes = row
        minutes_by_day[day] = minutes_by_day.get(day, 0) + minutes
        if day > through:
            window.append(row)
            if day >= first:
                in_range.append(row)
        elif first <= day and day.replace(day=1) == first_month:
            in_range.append(row)  # the checkpoint has whole months: this one is cut
    split = habits.split_of((k, m) for _, k, m in in_range)
    days_practised = len({d for d, _, _ in in_range})
    by_week = habits.split_by_week(window)
    by_month = habits.split_by_month(window)
    state = progress.Walk()
    if point is not None:
        state = point.state
        for month, (inhale, exhale, days) in point.months.items():
            by_month[month] = habits.Split(inhale, exhale)
            if month > first_month:
                split += habits.Split(inhale, exhale)
                days_practised += days
        for monday, (inhale, exhale) in point.weeks.items():
            by_week[monday] = by_week.get(monday, habits.Split()) + habits.Split(inhale, exhale)
    practised = {d for d, _, _ in window if d <= as_of}
    paused = habits.paused_days(pause_ranges, last=as_of)
    state = progress.walk(state, practised, start, as_of, rest, paused, freezes)
    planned = progress.has_practice_weekday(rest)
    this_week = habits.week_start(as_of)
    week = by_week.get(this_week, habits.Split())
    return JournalStats(
        first=first,
        last=last,
        today=today,
        minutes=split.total,
        split=split,
        days_practised=days_practised,
        current_streak=state.run if planned else 0,
        longest_streak=state.best if planned else 0,
        habit_score=min(100.0, max(0.0, state.score * 100)) if planned else 0.0,
        freezes_per_month=freezes,
        forgiveness=habits.Forgiveness(paused=paused, frozen=state.frozen),
        today_minutes=minutes_by_day.get(as_of, 0),
        daily_target_minutes=learner.daily_target_minutes,
        inhale_target_percent=learner.inhale_target_percent,
        week=week,
        week_start=this_week,
        week_nudge=habits.ratio_nudge(week, learner.inhale_target_percent),
        month=by_month.get(as_of.replace(day=1), habits.Split()),
        minutes_by_day={d: m for d, m in minutes_by_day.items() if first <= d <= last},
        weeks=habits.last_weeks(by_week, as_of, weeks),
        months=sorted((k, v) for k, v in by_month.items() if first_month <= k),
    )


def week_figures(learner: User, week_start: date) -> dict[str, int]:
    """The figures a weekly review is pre-filled with (two queries)."""
    last = week_start + timedelta(days=6)
    split = habits.split_of(
        StudySession.objects.filter(
            learner=learner, local_date__gte=week_start, local_date__lte=last
        ).values_list("kind", "minutes")
    )
    return {
        "total_minutes": split.total,
        "inhale_minutes": split.inhale,
        "exhale_minutes": split.exhale,
        "items_finished": items_finished_between(learner, week_start, last),
    }
