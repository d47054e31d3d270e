"""Pauses: days off for being sick or on holiday."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from journal import selectors, totals
from journal.models import PAUSE_NOTE_MAX_CHARS, Pause
from journal.services.common import TOO_OLD_MESSAGE, _check_text

if TYPE_CHECKING:
    from accounts.models import User


# --- pauses (sick, on holiday) -------------------------------------------------------------

MAX_PAUSE_DAYS = 366
# A holiday can be planned ahead, but not years ahead.
PAUSE_PLAN_AHEAD = timedelta(days=366)


@transaction.atomic
def pause_add(*, learner: User, start: date, end: date, note: str = "") -> Pause:
    """Pause streaks and the habit score from `start` to `end` (local dates, both included):
    the learner is sick or on holiday. Pauses may be planned ahead; they may not overlap."""
    for field, day in (("start", start), ("end", end)):
        if not isinstance(day, date):
            raise ValidationError({field: "Give a date like 2025-01-31."})
        if day.year < 2000:
            raise ValidationError({field: TOO_OLD_MESSAGE})
    if end < start:
        raise ValidationError({"end": "The pause ends before it starts: check the dates."})
    if (end - start).days + 1 > MAX_PAUSE_DAYS:
        raise ValidationError({"end": f"Keep a pause under {MAX_PAUSE_DAYS} days."})
    if end > selectors.learner_today(learner) + PAUSE_PLAN_AHEAD:
        raise ValidationError({"end": "Plan a pause at most a year ahead."})
    note = _check_text(note, "note", limit=PAUSE_NOTE_MAX_CHARS)
    # Lock the learner's row so two overlapping pauses sent at once cannot both pass the check.
    get_user_model().objects.select_for_update().filter(pk=learner.pk).first()
    clash = Pause.objects.filter(learner=learner, start__lte=end, end__gte=start).first()
    if clash is not None:
        raise ValidationError(
            {"start": f"That overlaps your pause of {clash.start:%-d %b %Y}–{clash.end:%-d %b %Y}."}
        )
    pause = Pause.objects.create(learner=learner, start=start, end=end, note=note)
    totals.settings_changed(learner, ["pauses"])
    return pause


@transaction.atomic
def pause_delete(*, learner: User, pause: Pause) -> None:
    """Remove a pause: its days count as planned practice days again."""
    if pause.learner_id != learner.pk:
        raise Pause.DoesNotExist
    pause.delete()
    totals.settings_changed(learner, ["pauses"])
