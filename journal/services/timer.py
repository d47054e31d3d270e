"""The focus timer: start, stop (which logs a session), discard."""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from curriculum.models import Item
from journal.kinds import Kind
from journal.models import (
    DEFAULT_TIMER_MINUTES,
    MIN_MINUTES,
    TIMER_ASKS_AFTER,
    FocusTimer,
    StudySession,
)
from journal.services.common import _check_item, _check_kind, _check_minutes
from journal.services.sessions import session_log

if TYPE_CHECKING:
    from accounts.models import User


# --- focus timer -------------------------------------------------------------------------


@transaction.atomic
def timer_start(
    *,
    learner: User,
    kind: str = Kind.CODING,
    item: Item | int | None = None,
    planned_minutes: int = DEFAULT_TIMER_MINUTES,
    now: datetime | None = None,
) -> FocusTimer:
    """Start a deep-work block on the server. One runs at a time per learner."""
    kind = _check_kind(kind)
    item = _check_item(learner, item)
    planned_minutes = _check_minutes(planned_minutes, field="planned_minutes")
    running = ValidationError("A focus timer is already running: stop it first.")
    if FocusTimer.objects.filter(learner=learner, stopped_at__isnull=True).exists():
        raise running
    try:
        # The partial unique constraint settles two starts racing past the check above.
        with transaction.atomic():
            return FocusTimer.objects.create(
                learner=learner,
                started_at=now or timezone.now(),
                planned_minutes=planned_minutes,
                kind=kind,
                item=item,
            )
    except IntegrityError:
        raise running from None


@transaction.atomic
def timer_stop(
    *,
    learner: User,
    minutes: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> StudySession:
    """Stop the running timer and log its session. One conditional update claims the timer,
    so a double stop (two tabs, a double click) logs one session. A timer that ran past four
    hours was probably forgotten: then the learner must say how many minutes were real."""
    now = now or timezone.now()
    timer = FocusTimer.objects.filter(learner=learner, stopped_at__isnull=True).first()
    if timer is None:
        raise ValidationError("No focus timer is running.")
    elapsed = now - timer.started_at
    if minutes in (None, ""):
        if elapsed > TIMER_ASKS_AFTER:
            raise ValidationError(
                {
                    "minutes": "This timer ran for more than 4 hours. How many minutes "
                    "did you really study?"
                }
            )
        minutes = max(MIN_MINUTES, math.floor(elapsed.total_seconds() / 60 + 0.5))
    minutes = _check_minutes(minutes)
    claimed = FocusTimer.objects.filter(pk=timer.pk, stopped_at__isnull=True).update(stopped_at=now)
    if not claimed:
        raise ValidationError("This timer was already stopped.")
    session = session_log(
        learner=learner,
        minutes=minutes,
        kind=timer.kind,
        item=timer.item_id,
        note=note,
        started_at=timer.started_at,
        now=now,
    )
    FocusTimer.objects.filter(pk=timer.pk).update(session=session)
    return session


@transaction.atomic
def timer_discard(*, learner: User) -> None:
    """Throw away the running timer without logging anything."""
    if not FocusTimer.objects.filter(learner=learner, stopped_at__isnull=True).delete()[0]:
        raise ValidationError("No focus timer is running.")
