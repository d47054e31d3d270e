"""Reads the Today page, the habits page and the API share. Each figure comes from a fixed
number of queries, however long the learner's history: one aggregate of minutes per local day
and kind, and the pure functions in journal.habits decide what it means."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import CharField, Exists, OuterRef, QuerySet, Subquery, Sum, Value
from django.utils import timezone

from curriculum.models import Item, ItemStatus, Roadmap, Stage
from journal import habits
from journal.kinds import Kind
from journal.models import FocusTimer, KindLabel, NotToDo, Pause, StudySession


def learner_zone(learner) -> ZoneInfo:
    return ZoneInfo(learner.timezone or "UTC")


def learner_today(learner, now: datetime | None = None) -> date:
    return habits.local_date(now or timezone.now(), learner_zone(learner))


def local_day_bounds(learner, first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC instants where the learner's local `first` day starts and `last` day ends."""
    zone = learner_zone(learner)
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


# --- curriculum, read directly -----------------------------------------------------------


def own_items(learner) -> QuerySet[Item]:
    """Live items of the learner's own roadmaps: the ones a session may serve."""
    return Item.objects.owned_by(learner)


def item_named_to(viewer) -> Exists:
    """For a session queryset: whether the viewer may see the session's item (its roadmap is
    the viewer's own or public). A session on a private roadmap's item never names it to
    anyone else."""
    return Exists(Item.objects.visible_to(viewer).filter(pk=OuterRef("item_id")))


def public_item_named() -> Exists:
    return item_named_to(None)


def in_progress_items(learner) -> QuerySet[Item]:
    return (
        own_items(learner)
        .filter(status=ItemStatus.IN_PROGRESS)
        .select_related("stage")
        .order_by("stage__roadmap_id", "stage__position", "position", "id")
    )


def current_stage(learner) -> Stage | None:
    """The first unfinished stage of the learner's most recently updated roadmap (one query)."""
    latest = Roadmap.objects.filter(owner=learner, is_template=False).order_by("-updated_at")
    unfinished = Item.objects.filter(
        stage=OuterRef("pk"), status__in=[ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS]
    )
    return (
        Stage.objects.filter(roadmap_id=Subquery(latest.values("id")[:1]))
        .filter(Exists(unfinished))
        .select_related("roadmap")
        .order_by("position", "id")
        .first()
    )


def items_finished_between(learner, first: date, last: date) -> int:
    start, end = local_day_bounds(learner, first, last)
    return (
        own_items(learner)
        .filter(status=ItemStatus.DONE, finished_at__gte=start, finished_at__lt=end)
        .count()
    )


# --- the journal's own rows ---------------------------------------------------------------


def kind_labels(learner) -> dict[str, str]:
    """Every kind's label, the learner's own where they renamed it."""
    labels = {kind.value: kind.label for kind in Kind}
    labels.update(KindLabel.objects.filter(learner=learner).values_list("kind", "label"))
    return labels


def kind_choices(learner) -> list[tuple[str, str]]:
    labels = kind_labels(learner)
    return [(kind.value, labels[kind.value]) for kind in Kind]


def running_timer(learner) -> FocusTimer | None:
    return (
        FocusTimer.objects.filter(learner=learner, stopped_at__isnull=True)
        .select_related("item")
        .first()
    )


def not_to_do_list(learner, include_retired: bool = False) -> QuerySet[NotToDo]:
    entries = NotToDo.objects.filter(learner=learner)
    return entries if include_retired else entries.filter(retired_at__isnull=True)


def sessions_of(learner) -> QuerySet[StudySession]:
    return StudySession.objects.filter(learner=learner).select_related("item")


def daily_kind_minutes(learner, until: date | None = None) -> list[tuple[date, str, int]]:
    """(local date, kind, minutes) for every day and kind the learner practised: one query."""
    rows = StudySession.objects.filter(learner=learner)
    if until is not None:
        rows = rows.filter(local_date__lte=until)
    return list(
        rows.values_list("local_date", "kind")
        .annotate(total=Sum("minutes"))
        .order_by("local_date", "kind")
    )


# Markers of the pause rows that journal_stats() reads in the same query as the minutes.
PAUSE_START = "~pause-start"
PAUSE_END = "~pause-end"


def pauses_of(learner) -> QuerySet[Pause]:
    return Pause.objects.filter(learner=learner)


def daily_kind_minutes_and_pauses(
    learner, until: date | None = None
) -> tuple[list[tuple[date, str, int]], list[tuple[date, date]]]:
    """daily_kind_minutes() and the learner's pause ranges, in one query: a UNION whose pause
    rows are (start, PAUSE_START, id) and (end, PAUSE_END, id), paired up again here."""
    rows = StudySession.objects.filter(learner=learner)
    if until is not None:
        rows = rows.filter(local_date__lte=until)
    minutes = rows.values_list("local_date", "kind").annotate(total=Sum("minutes")).order_by()
    pauses = Pause.objects.filter(learner=learner).order_by()
    starts = pauses.values_list("start", Value(PAUSE_START, output_field=CharField()), "id")
    ends = pauses.values_list("end", Value(PAUSE_END, output_field=CharField()), "id")
    day_rows: list[tuple[date, str, int]] = []
    bounds: dict[int, dict[str, date]] = {}
    for day, kind, number in minutes.union(starts, ends, all=True):
        if kind in (PAUSE_START, PAUSE_END):
            bounds.setdefault(number, {})[kind] = day
        else:
            day_rows.append((day, kind, number))
    day_rows.sort()
    ranges = sorted((b[PAUSE_START], b[PAUSE_END]) for b in bounds.values() if len(b) == 2)
    return day_rows, ranges


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


def journal_stats(
    learner,
    first: date | None = None,
    last: date | None = None,
    today: date | None = None,
    weeks: int = 12,
) -> JournalStats:
    """Streaks and the habit score as of `last` (default today); minutes and ratio within
    [first, last] (default: the last 365 days). Paused days and days covered by a streak
    freeze are skipped like rest days. One query."""
    today = today or learner_today(learner)
    last = last or today
    first = first or last - timedelta(days=364)
    as_of = min(today, last)
    rows, pause_ranges = daily_kind_minutes_and_pauses(learner, until=last)
    rest = learner.rest_weekday_numbers
    freezes = learner.streak_freezes_per_month

    minutes_by_day: dict[date, int] = {}
    for day, _kind, minutes in rows:
        minutes_by_day[day] = minutes_by_day.get(day, 0) + minutes
    practised = set(minutes_by_day)
    forgiveness = habits.forgiven_days(practised, as_of, rest, freezes, pause_ranges)
    skipped = forgiveness.skipped
    in_range = [(d, k, m) for d, k, m in rows if first <= d <= last]
    by_week = habits.split_by_week(rows)
    by_month = habits.split_by_month(rows)
    this_week = habits.week_start(as_of)
    week = by_week.get(this_week, habits.Split())
    return JournalStats(
        first=first,
        last=last,
        today=today,
        minutes=sum(m for _, _, m in in_range),
        split=habits.split_of((k, m) for _, k, m in in_range),
        days_practised=len({d for d, _, _ in in_range}),
        current_streak=habits.current_streak(practised, as_of, rest, skipped),
        longest_streak=habits.longest_streak(practised, rest, as_of, skipped),
        habit_score=habits.habit_strength(practised, as_of, rest, skipped),
        freezes_per_month=freezes,
        forgiveness=forgiveness,
        today_minutes=minutes_by_day.get(as_of, 0),
        daily_target_minutes=learner.daily_target_minutes,
        inhale_target_percent=learner.inhale_target_percent,
        week=week,
        week_start=this_week,
        week_nudge=habits.ratio_nudge(week, learner.inhale_target_percent),
        month=by_month.get(as_of.replace(day=1), habits.Split()),
        minutes_by_day={d: m for d, m in minutes_by_day.items() if first <= d <= last},
        weeks=habits.last_weeks(by_week, as_of, weeks),
        months=sorted((k, v) for k, v in by_month.items() if first.replace(day=1) <= k),
    )


def week_figures(learner, week_start: date) -> dict[str, int]:
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
