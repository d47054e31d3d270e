"""Keeping the day totals and the habit checkpoint in step with the sessions.

`sessions_changed` is the one place every session write goes through (journal.services calls
it for a log, an edit, a delete, an undo, a CSV import; the admin does too), inside the
write's transaction, so the totals always equal the sum of the sessions. A change to what the
checkpoint assumed (rest days, freezes, pauses, time zone) calls `refresh_checkpoint`; a time
zone change re-dates every session in the new zone and rebuilds all (`timezone_changed`).
"""

import json
from collections import Counter
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from journal import habits, progress
from journal.models import DayTotal, HabitCheckpoint, Pause, StudySession

# (local date, kind, minutes) of a session, before or after a write.
Entry = tuple


def entry_of(session: StudySession) -> Entry:
    return (session.local_date, session.kind, session.minutes)


def stored_entry(session: StudySession) -> Entry:
    """The session's entry as the database has it, its row locked until the write commits
    (the object in hand may be stale: another tab may have edited it)."""
    return (
        StudySession.objects.select_for_update()
        .filter(pk=session.pk)
        .values_list("local_date", "kind", "minutes")
        .get()
    )


def _zone_name(learner) -> str:
    return learner.timezone or "UTC"


@transaction.atomic
def sessions_changed(
    learner, removed: Iterable[Entry] = (), added: Iterable[Entry] = (), today=None
) -> None:
    """Apply a session write to the learner's day totals: `removed` are the (day, kind,
    minutes) the sessions had before, `added` what they have now. Then keep the checkpoint:
    a change on a day it covers, or a new month, makes it again."""
    deltas: Counter = Counter()
    for day, kind, minutes in removed:
        deltas[(day, kind)] -= minutes
    for day, kind, minutes in added:
        deltas[(day, kind)] += minutes
    changed = {key: delta for key, delta in deltas.items() if delta}
    for (day, kind), delta in changed.items():
        _add(learner.pk, day, kind, delta)
    if changed:
        _keep_checkpoint(learner, min(day for day, _ in changed), today)


def _add(learner_id: int, day, kind: str, delta: int) -> None:
    rows = DayTotal.objects.filter(learner_id=learner_id, day=day, kind=kind)
    if rows.update(minutes=F("minutes") + delta):
        if delta < 0:
            rows.filter(minutes__lte=0).delete()
        return
    if delta < 0:
        raise ValueError(f"No day total to take {-delta} minutes from on {day} ({kind}).")
    try:
        with transaction.atomic():  # another write may create the same row meanwhile
            DayTotal.objects.create(learner_id=learner_id, day=day, kind=kind, minutes=delta)
    except IntegrityError:
        rows.update(minutes=F("minutes") + delta)


def _keep_checkpoint(learner, earliest_changed, today=None) -> None:
    from journal.selectors import learner_today

    target = progress.month_end_before(today or learner_today(learner))
    through = HabitCheckpoint.objects.filter(learner=learner).values_list("through", flat=True)
    current = through.first()
    if current is not None and earliest_changed > current and current >= target:
        return  # the write is past the checkpoint, and the checkpoint is this month's
    if current is None and earliest_changed > target:
        if not DayTotal.objects.filter(learner=learner, day__lte=target).exists():
            return  # nothing before this month: the figures read it all anyway
    refresh_checkpoint(learner, today=today)


@transaction.atomic
def refresh_checkpoint(learner, today=None) -> HabitCheckpoint | None:
    """Make the learner's checkpoint through the end of last month again, from the day totals
    and the learner's settings as they are now (none when nothing was logged before)."""
    from journal.selectors import learner_today

    through = progress.month_end_before(today or learner_today(learner))
    rows = list(
        DayTotal.objects.filter(learner=learner, day__lte=through).values_list(
            "day", "kind", "minutes"
        )
    )
    if not rows:
        HabitCheckpoint.objects.filter(learner=learner).delete()
        return None
    pauses = list(Pause.objects.filter(learner=learner).values_list("start", "end"))
    rest = learner.rest_weekday_numbers
    freezes = learner.streak_freezes_per_month
    made = progress.checkpoint(
        rows,
        through,
        progress.settings_key(_zone_name(learner), rest, freezes, pauses, through),
        rest,
        habits.paused_days(pauses, last=through),
        freezes,
    )
    saved, _ = HabitCheckpoint.objects.update_or_create(
        learner=learner,
        defaults={"through": through, "data": json.dumps(made.to_json(), separators=(",", ":"))},
    )
    return saved


def settings_changed(learner, fields: Iterable[str]) -> None:
    """After a profile or pause change: rebuild what depends on the changed settings."""
    fields = set(fields)
    if "timezone" in fields:
        timezone_changed(learner)
    elif fields & {"rest_weekdays", "streak_freezes_per_month", "pauses"}:
        if HabitCheckpoint.objects.filter(learner=learner).exists():
            refresh_checkpoint(learner)


@transaction.atomic
def rebuild(learner) -> None:
    """Sum the learner's sessions into day totals afresh, then the checkpoint."""
    DayTotal.objects.filter(learner=learner).delete()
    rows = (
        StudySession.objects.filter(learner=learner)
        .values_list("local_date", "kind")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    DayTotal.objects.bulk_create(
        [DayTotal(learner=learner, day=day, kind=kind, minutes=total) for day, kind, total in rows],
        batch_size=1000,
    )
    refresh_checkpoint(learner)


@transaction.atomic
def timezone_changed(learner) -> int:
    """The learner's time zone changed: every session's local date is taken again in the new
    zone (a learner who signed up under UTC and then set their own zone gets their real days
    back), and the totals and checkpoint are rebuilt. Returns how many sessions moved day."""
    from journal.selectors import learner_zone

    zone = learner_zone(learner)
    moved = []
    for session in StudySession.objects.filter(learner=learner).only("started_at", "local_date"):
        day = habits.local_date(session.started_at, zone)
        if day != session.local_date:
            session.local_date = day
            moved.append(session)
    StudySession.objects.bulk_update(moved, ["local_date"], batch_size=500)
    rebuild(learner)
    return len(moved)
