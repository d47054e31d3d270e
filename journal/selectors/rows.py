"""The journal's own rows: kinds, the timer, not-to-do, sessions, daily minutes and pauses."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet, TextField, Value

from journal.kinds import Kind
from journal.models import DayTotal, FocusTimer, KindLabel, NotToDo, Pause, StudySession

if TYPE_CHECKING:
    from accounts.models import User


# --- the journal's own rows ---------------------------------------------------------------


def kind_labels(learner: User) -> dict[str, str]:
    """Every kind's label, the learner's own where they renamed it."""
    labels = {kind.value: kind.label for kind in Kind}
    labels.update(KindLabel.objects.filter(learner=learner).values_list("kind", "label"))
    return labels


def kind_choices(learner: User) -> list[tuple[str, str]]:
    labels = kind_labels(learner)
    return [(kind.value, labels[kind.value]) for kind in Kind]


def running_timer(learner: User) -> FocusTimer | None:
    return (
        FocusTimer.objects.filter(learner=learner, stopped_at__isnull=True)
        .select_related("item")
        .first()
    )


def not_to_do_list(learner: User, include_retired: bool = False) -> QuerySet[NotToDo]:
    entries = NotToDo.objects.filter(learner=learner)
    return entries if include_retired else entries.filter(retired_at__isnull=True)


def sessions_of(learner: User) -> QuerySet[StudySession]:
    return StudySession.objects.filter(learner=learner).select_related("item")


def daily_kind_minutes(learner: User, until: date | None = None) -> list[tuple[date, str, int]]:
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


def pauses_of(learner: User) -> QuerySet[Pause]:
    return Pause.objects.filter(learner=learner)


def _text(value: str) -> Value:
    return Value(value, output_field=TextField())


def _union_rows(learner: User, totals: QuerySet, checkpoint: QuerySet | None = None):
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
    learner: User, until: date | None = None
) -> tuple[list[tuple[date, str, int]], list[tuple[date, date]]]:
    """daily_kind_minutes() and the learner's pause ranges, in one query."""
    totals = DayTotal.objects.filter(learner=learner)
    if until is not None:
        totals = totals.filter(day__lte=until)
    rows, ranges, _ = _union_rows(learner, totals)
    return rows, ranges
