"""Streaks, the habit score and streak freezes in one forward walk over the days, able to start
from a saved state. No ORM here.

journal.habits holds the reference definitions (one function per figure, each walking the
whole history). This walk computes the same figures together and can resume: the state after
the last day of a month (a `Checkpoint`) plus the days since give exactly what the reference
functions give over the whole history, because every figure is a left-to-right fold and the
freeze budget starts again on the 1st. So the Today page reads a month of day totals, not years.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from journal.habits import HABIT_MULTIPLIER, ONE_DAY, week_start
from journal.kinds import is_inhale

# How many ISO weeks a checkpoint keeps the splits of (the pages show the last 12).
CHECKPOINT_WEEKS = 16


@dataclass(frozen=True)
class Walk:
    """The running state of the fold: habit score (0..1), the run of planned practised days
    ending at the last walked day, the longest run so far, and the freezes spent."""

    first_day: date | None = None
    score: float = 0.0
    run: int = 0
    best: int = 0
    frozen: tuple[date, ...] = ()


def walk(
    state: Walk,
    practised: Collection[date],
    start: date,
    today: date,
    rest_weekdays: Collection[int],
    paused: Collection[date],
    freezes_per_month: int,
) -> Walk:
    """Walk the days [start, today] from `state`. `start` must be the 1st of a month or the
    first practised day (when the freeze budget of its month is still whole). Today is still
    open: practised it counts, unpractised it neither breaks the run nor lowers the score."""
    first_day = state.first_day
    if first_day is None:
        days_before = [d for d in practised if d <= today]
        if not days_before:
            return state
        first_day = min(days_before)
        start = max(start, first_day)
    score, run, best = state.score, state.run, state.best
    frozen = list(state.frozen)
    used: dict[tuple[int, int], int] = {}
    keep = 1 - HABIT_MULTIPLIER
    rest = frozenset(rest_weekdays)
    day = start
    while day <= today:
        if day.weekday() in rest or day in paused:
            day += ONE_DAY
            continue
        done = day in practised
        if not done and day < today:
            month = (day.year, day.month)
            if used.get(month, 0) < freezes_per_month:
                used[month] = used.get(month, 0) + 1
                frozen.append(day)
                day += ONE_DAY
                continue
        if done:
            score = score * HABIT_MULTIPLIER + keep
            run += 1
            best = max(best, run)
        elif day < today:
            score = score * HABIT_MULTIPLIER
            run = 0
        day += ONE_DAY
    return Walk(first_day, score, run, best, tuple(frozen))


def has_practice_weekday(rest_weekdays: Collection[int]) -> bool:
    return len(set(rest_weekdays) & set(range(7))) < 7


@dataclass(frozen=True)
class Checkpoint:
    """Everything the figures need about the days up to `through` (the last day of a month):
    the walk's state, and per month (inhale, exhale, days practised), per recent ISO week
    (inhale, exhale). `settings` names what the walk assumed (rest days, freezes, pauses,
    time zone): a checkpoint made under other settings is not used."""

    through: date
    settings: str
    state: Walk
    months: dict[date, tuple[int, int, int]]
    weeks: dict[date, tuple[int, int]]

    def to_json(self) -> dict:
        return {
            "through": self.through.isoformat(),
            "settings": self.settings,
            "first_day": self.state.first_day.isoformat() if self.state.first_day else None,
            "score": self.state.score,
            "run": self.state.run,
            "best": self.state.best,
            "frozen": [d.isoformat() for d in self.state.frozen],
            "months": {d.isoformat(): list(v) for d, v in self.months.items()},
            "weeks": {d.isoformat(): list(v) for d, v in self.weeks.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping) -> "Checkpoint":
        first = data["first_day"]
        state = Walk(
            first_day=date.fromisoformat(first) if first else None,
            score=float(data["score"]),
            run=int(data["run"]),
            best=int(data["best"]),
            frozen=tuple(date.fromisoformat(d) for d in data["frozen"]),
        )
        return cls(
            through=date.fromisoformat(data["through"]),
            settings=data["settings"],
            state=state,
            months={date.fromisoformat(k): tuple(v) for k, v in data["months"].items()},
            weeks={date.fromisoformat(k): tuple(v) for k, v in data["weeks"].items()},
        )


def settings_key(
    timezone: str,
    rest_weekdays: Collection[int],
    freezes_per_month: int,
    pause_ranges: Iterable[tuple[date, date]],
    through: date,
) -> str:
    """What a checkpoint through `through` depends on besides the day totals."""
    pauses = ",".join(
        f"{start:%Y%m%d}-{min(end, through):%Y%m%d}"
        for start, end in sorted(pause_ranges)
        if start <= through
    )
    rest = "".join(str(d) for d in sorted(set(rest_weekdays)))
    return f"{timezone}|{rest}|{freezes_per_month}|{pauses}"


def month_end_before(day: date) -> date:
    """The last day of the month before `day`'s."""
    return day.replace(day=1) - ONE_DAY


def checkpoint(
    rows: Iterable[tuple[date, str, int]],
    through: date,
    settings: str,
    rest_weekdays: Collection[int],
    paused: Collection[date],
    freezes_per_month: int,
) -> Checkpoint:
    """The checkpoint through `through` from the (day, kind, minutes) rows up to that day."""
    months: dict[date, list[int]] = {}
    weeks: dict[date, list[int]] = {}
    practised: set[date] = set()
    oldest_week = week_start(through) - timedelta(weeks=CHECKPOINT_WEEKS - 1)
    for day, kind, minutes in rows:
        if day > through:
            continue
        side = 0 if is_inhale(kind) else 1
        month = months.setdefault(day.replace(day=1), [0, 0, 0])
        month[side] += minutes
        if day not in practised:
            practised.add(day)
            month[2] += 1
        monday = week_start(day)
        if monday >= oldest_week:
            weeks.setdefault(monday, [0, 0])[side] += minutes
    # Walking to the day after `through` as an open, unpractised "today" closes `through`.
    state = walk(
        Walk(),
        practised,
        min(practised, default=through),
        through + ONE_DAY,
        rest_weekdays,
        paused,
        freezes_per_month,
    )
    return Checkpoint(
        through=through,
        settings=settings,
        state=state,
        months={k: tuple(v) for k, v in months.items()},
        weeks={k: tuple(v) for k, v in weeks.items()},
    )
