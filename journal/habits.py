"""Streaks, habit strength and the inhale/exhale ratio, as plain functions over plain values.

No ORM here: selectors fetch the numbers, these functions decide what they mean. Days are the
learner's local dates (a session at 23:30 in Auckland belongs to that Auckland day, whatever
the UTC date says). Weekdays are numbered 0 = Monday .. 6 = Sunday, like date.weekday().
"""

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from journal.kinds import is_inhale

ONE_DAY = timedelta(days=1)

# Loop Habit Tracker's daily multiplier: 0.5 ** (sqrt(frequency) / 13) with frequency 1, so a
# day's weight halves in 13 days. One miss after a long run costs about 5% of the score.
HABIT_MULTIPLIER = 0.5 ** (1 / 13)

# A week whose inhale share is this many points away from the target gets a nudge, provided
# there is enough practice in it to judge.
NUDGE_TOLERANCE_POINTS = 15
NUDGE_MIN_MINUTES = 60

TOO_MUCH_INHALE = (
    "Too much studying, not enough building: this week was {inhale}% inhale against your "
    "{target}% target. Pick something you read about and build it."
)
TOO_MUCH_EXHALE = (
    "Plenty of building, not much studying: this week was {inhale}% inhale against your "
    "{target}% target. A lecture or a chapter would feed the next project."
)


# --- days ----------------------------------------------------------------------------------


def local_date(moment: datetime, tz: str | ZoneInfo) -> date:
    """The learner's calendar date at an aware moment. DST-safe: zoneinfo knows each offset."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("local_date() needs an aware datetime (stored times are UTC).")
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    return moment.astimezone(zone).date()


def minutes_by_local_day(
    sessions: Iterable[tuple[datetime, int]], tz: str | ZoneInfo
) -> dict[date, int]:
    """Sum (started_at UTC, minutes) pairs into the learner's local days."""
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    totals: dict[date, int] = {}
    for started_at, minutes in sessions:
        day = local_date(started_at, zone)
        totals[day] = totals.get(day, 0) + minutes
    return totals


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def _is_rest(day: date, rest_weekdays: Collection[int], skipped: Collection[date] = ()) -> bool:
    """A planned rest weekday, or a day skipped like one (paused, or covered by a freeze)."""
    return day.weekday() in rest_weekdays or day in skipped


def _has_practice_weekday(rest_weekdays: Collection[int]) -> bool:
    return len(set(rest_weekdays) & set(range(7))) < 7


# --- streaks -------------------------------------------------------------------------------


def current_streak(
    practised: Collection[date],
    today: date,
    rest_weekdays: Collection[int] = (),
    skipped: Collection[date] = (),
) -> int:
    """Consecutive planned practice days, ending today, on which the learner practised.

    Rest weekdays are skipped: they neither break the streak nor extend it (practice on a
    rest day is welcome but does not count). So are the `skipped` dates (paused days and days
    covered by a streak freeze, see forgiven_days()). Today not yet practised does not break
    it either: the day is not over. Days after `today` are ignored.
    """
    if not practised or not _has_practice_weekday(rest_weekdays):
        return 0
    days = set(practised)
    earliest = min(days)
    # Today counts once practised; until then it is still open and breaks nothing.
    streak = 1 if today in days and not _is_rest(today, rest_weekdays, skipped) else 0
    day = today - ONE_DAY
    while day >= earliest:
        if _is_rest(day, rest_weekdays, skipped):
            day -= ONE_DAY
            continue
        if day not in days:
            break
        streak += 1
        day -= ONE_DAY
    return streak


def longest_streak(
    practised: Collection[date],
    rest_weekdays: Collection[int] = (),
    today: date | None = None,
    skipped: Collection[date] = (),
) -> int:
    """The longest run of planned practice days all practised, rest weekdays and `skipped`
    dates skipped. Days after `today` (when given) are ignored."""
    days = {d for d in practised if today is None or d <= today}
    if not days or not _has_practice_weekday(rest_weekdays):
        return 0
    best = run = 0
    day, last = min(days), max(days)
    while day <= last:
        if not _is_rest(day, rest_weekdays, skipped):
            run = run + 1 if day in days else 0
            best = max(best, run)
        day += ONE_DAY
    return best


# --- habit strength ------------------------------------------------------------------------


def habit_strength(
    practised: Collection[date],
    today: date,
    rest_weekdays: Collection[int] = (),
    skipped: Collection[date] = (),
) -> float:
    """A 0-100 score that rewards consistency and forgives a single miss.

    An exponential moving average over days, as in Loop Habit Tracker: each planned day
    score = score * m + value * (1 - m), with value 1 on a practised day and 0 on a missed
    one, m = 0.5 ** (1/13). It starts at 0 on the first practised day. Rest weekdays are
    skipped (the score neither decays nor grows on them), and so are the `skipped` dates
    (paused, or covered by a freeze); today counts only once practised.
    """
    days = {d for d in practised if d <= today}
    if not days or not _has_practice_weekday(rest_weekdays):
        return 0.0
    score = 0.0
    day = min(days)
    last = today if today in days else today - ONE_DAY
    while day <= last:
        if not _is_rest(day, rest_weekdays, skipped):
            value = 1.0 if day in days else 0.0
            score = score * HABIT_MULTIPLIER + value * (1 - HABIT_MULTIPLIER)
        day += ONE_DAY
    return min(100.0, max(0.0, score * 100))


def habit_strength_after(run_of_days: int) -> float:
    """The score after `run_of_days` practised planned days from nothing: 100 * (1 - m**n).
    Handy for explaining the score ("30 days in a row gives 80")."""
    return 100 * (1 - HABIT_MULTIPLIER**run_of_days)


# --- forgiveness: pauses and streak freezes ----------------------------------------------

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# How far back the Today page still mentions a freeze: within a week a weekday name is clear.
FREEZE_NOTICE_DAYS = 6


def paused_days(
    ranges: Iterable[tuple[date, date]], first: date | None = None, last: date | None = None
) -> frozenset[date]:
    """Every date of the (start, end) ranges, both ends included, clipped to [first, last]."""
    days: set[date] = set()
    for start, end in ranges:
        day = max(start, first) if first else start
        stop = min(end, last) if last else end
        while day <= stop:
            days.add(day)
            day += ONE_DAY
    return frozenset(days)


@dataclass(frozen=True)
class Forgiveness:
    """The days a learner is forgiven: paused ones (sick, on holiday) and missed ones a
    streak freeze covered. Both are skipped like rest days by streaks and the score."""

    paused: frozenset[date] = frozenset()
    frozen: tuple[date, ...] = ()

    @property
    def skipped(self) -> frozenset[date]:
        return self.paused | frozenset(self.frozen)

    def freezes_used_in(self, month: date) -> int:
        return sum(1 for day in self.frozen if (day.year, day.month) == (month.year, month.month))


def forgiven_days(
    practised: Collection[date],
    today: date,
    rest_weekdays: Collection[int] = (),
    freezes_per_month: int = 0,
    pause_ranges: Iterable[tuple[date, date]] = (),
) -> Forgiveness:
    """Which days are paused, and which missed days a streak freeze covered.

    Walks the planned days from the first practised one to yesterday (today is still open).
    Rest weekdays and paused days need no freeze. Any other day without practice takes a
    freeze while its calendar month has one left: oldest first, and the budget starts again
    on the 1st. Dates are the learner's local dates, so the month is the learner's month.
    """
    days = {d for d in practised if d <= today}
    paused = paused_days(pause_ranges, last=today)
    if not days:
        return Forgiveness(paused=paused)
    frozen: list[date] = []
    used: dict[tuple[int, int], int] = {}
    day = min(days)
    while day < today:
        if day not in days and not _is_rest(day, rest_weekdays, paused):
            month = (day.year, day.month)
            if used.get(month, 0) < freezes_per_month:
                used[month] = used.get(month, 0) + 1
                frozen.append(day)
        day += ONE_DAY
    return Forgiveness(paused=paused, frozen=tuple(frozen))


def freeze_notice(frozen: Collection[date], today: date, freezes_per_month: int) -> str | None:
    """What the Today page says about freezes of the last week, e.g. "A streak freeze covered
    Tuesday; 1 left this month.", or None when none was spent lately."""
    recent = sorted(d for d in frozen if 0 < (today - d).days <= FREEZE_NOTICE_DAYS)
    if not recent:
        return None
    used = sum(1 for d in frozen if (d.year, d.month) == (today.year, today.month))
    left = max(0, freezes_per_month - used)
    names = [WEEKDAY_NAMES[d.weekday()] for d in recent]
    covered = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    subject = "A streak freeze" if len(recent) == 1 else "Streak freezes"
    return f"{subject} covered {covered}; {left} left this month."


# --- ratio ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """Inhale (learning) and exhale (building) minutes of some stretch of days."""

    inhale: int = 0
    exhale: int = 0

    @property
    def total(self) -> int:
        return self.inhale + self.exhale

    @property
    def inhale_percent(self) -> int | None:
        """Rounded share of inhale minutes, or None when nothing was logged."""
        return share_percent(self.inhale, self.total)

    @property
    def exhale_percent(self) -> int | None:
        share = self.inhale_percent
        return None if share is None else 100 - share

    def __add__(self, other: "Split") -> "Split":
        return Split(self.inhale + other.inhale, self.exhale + other.exhale)


def share_percent(part: int, total: int) -> int | None:
    """`part` as a whole percent of `total`, halves rounded up (12.5 -> 13, never Python's
    half-to-even), or None when the total is zero. Every inhale/exhale figure rounds here."""
    if not total:
        return None
    return math.floor(part * 100 / total + 0.5)


def total_split(splits: Iterable[Split]) -> Split:
    """Several stretches (e.g. the last 12 weeks) added up."""
    return sum(splits, start=Split())


def off_target(
    inhale_percent: int, target_percent: int, tolerance: int = NUDGE_TOLERANCE_POINTS
) -> bool:
    """Whether an inhale share drifts further from the target than the nudge tolerates."""
    return abs(inhale_percent - target_percent) > tolerance


def split_of(entries: Iterable[tuple[str, int]]) -> Split:
    """(kind, minutes) pairs to a Split."""
    inhale = exhale = 0
    for kind, minutes in entries:
        if is_inhale(kind):
            inhale += minutes
        else:
            exhale += minutes
    return Split(inhale, exhale)


def split_by_week(entries: Iterable[tuple[date, str, int]]) -> dict[date, Split]:
    """(local date, kind, minutes) to a Split per ISO week, keyed by the week's Monday."""
    weeks: dict[date, Split] = {}
    for day, kind, minutes in entries:
        key = week_start(day)
        weeks[key] = weeks.get(key, Split()) + split_of([(kind, minutes)])
    return weeks


def split_by_month(entries: Iterable[tuple[date, str, int]]) -> dict[date, Split]:
    """(local date, kind, minutes) to a Split per calendar month, keyed by its first day."""
    months: dict[date, Split] = {}
    for day, kind, minutes in entries:
        key = day.replace(day=1)
        months[key] = months.get(key, Split()) + split_of([(kind, minutes)])
    return months


def last_weeks(
    splits: Mapping[date, Split], today: date, count: int = 12
) -> list[tuple[date, Split]]:
    """The `count` ISO weeks ending with today's, oldest first, empty weeks included."""
    this_week = week_start(today)
    return [
        (start, splits.get(start, Split()))
        for start in (this_week - timedelta(weeks=n) for n in range(count - 1, -1, -1))
    ]


def ratio_nudge(
    split: Split,
    inhale_target_percent: int,
    tolerance: int = NUDGE_TOLERANCE_POINTS,
    min_minutes: int = NUDGE_MIN_MINUTES,
) -> str | None:
    """A gentle sentence when a week's inhale share drifts far from the target, else None."""
    share = split.inhale_percent
    if share is None or split.total < min_minutes:
        return None
    if share - inhale_target_percent > tolerance:
        return TOO_MUCH_INHALE.format(inhale=share, target=inhale_target_percent)
    if inhale_target_percent - share > tolerance:
        return TOO_MUCH_EXHALE.format(inhale=share, target=inhale_target_percent)
    return None
