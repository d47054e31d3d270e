"""Reads the Today page, the habits page and the API share. Each figure comes from a fixed
number of queries, however long the learner's history: one aggregate of minutes per local day
and kind, and the pure functions in journal.habits decide what it means."""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import (
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from curriculum.models import Item, ItemStatus, Roadmap, Stage
from journal import habits, progress
from journal.kinds import Kind
from journal.models import (
    DayTotal,
    FocusTimer,
    HabitCheckpoint,
    KindLabel,
    NotToDo,
    Pause,
    StudySession,
)


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


RECENT_ITEMS = 5
OPEN_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS)


def item_picker(learner) -> list[tuple[str, list[Item]]]:
    """The items a session can be logged against, grouped for the picker: in progress first,
    then the ones logged most recently, then every other item of each active roadmap (one
    with something left to do) by stage. One query, however many roadmaps."""
    items = list(
        own_items(learner)  # live items only: Item.objects leaves out deleted stages
        .exclude(status=ItemStatus.SKIPPED)
        # Sessions can only point at the learner's own items, so this is their last log.
        .annotate(last_logged=Max("study_sessions__started_at"))
        .select_related("stage__roadmap")
        .order_by("stage__roadmap_id", "stage__position", "stage_id", "position", "id")
    )
    logged = sorted((i for i in items if i.last_logged), key=lambda i: i.last_logged, reverse=True)
    in_progress = [item for item in items if item.status == ItemStatus.IN_PROGRESS]
    recent = [item for item in logged if item.status != ItemStatus.IN_PROGRESS][:RECENT_ITEMS]
    listed = {item.pk for item in in_progress + recent}
    active = {item.stage.roadmap_id for item in items if item.status in OPEN_STATUSES}
    groups: list[tuple[str, list[Item]]] = []
    if in_progress:
        groups.append(("In progress", in_progress))
    if recent:
        groups.append(("Logged recently", recent))
    for item in items:
        if item.pk in listed or item.stage.roadmap_id not in active:
            continue
        label = f"{item.stage.roadmap.title} · {item.stage.title}"
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(item)
    return groups


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
    """(local date, kind, minutes) for every day and kind the learner practised: one query
    over the day totals (journal.totals keeps them equal to the sum of the sessions)."""
    rows = DayTotal.objects.filter(learner=learner)
    if until is not None:
        rows = rows.filter(day__lte=until)
    return list(rows.values_list("day", "kind", "minutes").order_by("day", "kind"))


# Markers of the pause and checkpoint rows that journal_stats() reads in the same query as
# the minutes.
PAUSE_START = "~pause-start"
PAUSE_END = "~pause-end"
CHECKPOINT = "~checkpoint"
NO_CHECKPOINT = date(1, 1, 1)


def pauses_of(learner) -> QuerySet[Pause]:
    return Pause.objects.filter(learner=learner)


def _text(value: str) -> Value:
    return Value(value, output_field=TextField())


def _union_rows(learner, totals: QuerySet, checkpoint: QuerySet | None = None):
    """The day totals given, the learner's pause ranges and (maybe) checkpoint in one UNION:
    pause rows are (start, PAUSE_START, id) and (end, PAUSE_END, id), the checkpoint row
    (through, CHECKPOINT, 0, its JSON). Returns (day rows, pause ranges, checkpoint JSON)."""
    minutes = totals.values_list("day", "kind", "minutes", _text("")).order_by()
    pauses = Pause.objects.filter(learner=learner).order_by()
    starts = pauses.values_list("start", _text(PAUSE_START), "id", _text(""))
    ends = pauses.values_list("end", _text(PAUSE_END), "id", _text(""))
    parts = [starts, ends]
    if checkpoint is not None:
        found = checkpoint.order_by().values_list("through", _text(CHECKPOINT), Value(0), "data")
        parts.append(found)
    day_rows: list[tuple[date, str, int]] = []
    bounds: dict[int, dict[str, date]] = {}
    saved = None
    for day, kind, number, data in minutes.union(*parts, all=True):
        if kind in (PAUSE_START, PAUSE_END):
            bounds.setdefault(number, {})[kind] = day
        elif kind == CHECKPOINT:
            saved = data
        else:
            day_rows.append((day, kind, number))
    day_rows.sort()
    ranges = sorted((b[PAUSE_START], b[PAUSE_END]) for b in bounds.values() if len(b) == 2)
    return day_rows, ranges, saved


def daily_kind_minutes_and_pauses(
    learner, until: date | None = None
) -> tuple[list[tuple[date, str, int]], list[tuple[date, date]]]:
    """daily_kind_minutes() and the learner's pause ranges, in one query."""
    totals = DayTotal.objects.filter(learner=learner)
    if until is not None:
        totals = totals.filter(day__lte=until)
    rows, ranges, _ = _union_rows(learner, totals)
    return rows, ranges


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


def _checkpoint_usable(learner, saved, pause_ranges):
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
    learner,
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


def _figures(learner, rows, pause_ranges, point, first, last, today, weeks) -> JournalStats:
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
