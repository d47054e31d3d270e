"""The checks every journal write shares, and publishing an entry."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from curriculum.models import Item, Visibility
from journal import selectors
from journal.kinds import Kind
from journal.models import MAX_MINUTES, MIN_MINUTES, Reflection, StudySession, WeeklyReview

if TYPE_CHECKING:
    from accounts.models import User


# A little slack for clocks that run ahead of the server's.
FUTURE_SLACK = timedelta(minutes=5)
UNDO_SALT = "journal.session-undo"
UNDO_MAX_AGE = 60 * 60

MINUTES_MESSAGE = f"Log between {MIN_MINUTES} and {MAX_MINUTES} minutes: a session fits in one day."
FUTURE_MESSAGE = "That is in the future: log a session once it has happened."
TOO_OLD_MESSAGE = "That is before the year 2000: check the date."
ITEM_MESSAGE = "Pick one of your own roadmap items."
KIND_MESSAGE = "Pick one of the kinds: " + ", ".join(Kind.values) + "."


def _check_minutes(minutes, field: str = "minutes") -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        try:
            minutes = int(str(minutes).strip())
        except (TypeError, ValueError):
            raise ValidationError({field: MINUTES_MESSAGE}) from None
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError({field: MINUTES_MESSAGE})
    return minutes


def _check_kind(kind: str) -> str:
    if kind not in Kind.values:
        raise ValidationError({"kind": KIND_MESSAGE})
    return kind


def _check_item(learner: User, item: Item | int | None) -> Item | None:
    if item is None or item == "":
        return None
    item_id = item.pk if isinstance(item, Item) else item
    found = selectors.own_items(learner).filter(pk=item_id).first()
    if found is None:
        raise ValidationError({"item": ITEM_MESSAGE})
    return found


def _check_started_at(started_at: datetime, now: datetime) -> datetime:
    if timezone.is_naive(started_at):
        raise ValidationError({"started_at": "Give the start time with its time zone."})
    if started_at > now + FUTURE_SLACK:
        raise ValidationError({"started_at": FUTURE_MESSAGE})
    if started_at.year < 2000:
        raise ValidationError({"started_at": TOO_OLD_MESSAGE})
    return started_at


def _check_visibility(visibility: str) -> str:
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": "Choose private or public."})
    return visibility


def _set_visibility(obj, visibility: str, now: datetime | None = None) -> list[str]:
    """Publish or unpublish through the one rule (core.visibility.PublishingMixin)."""
    return obj.set_public(_check_visibility(visibility) == Visibility.PUBLIC, now=now)


PUBLISHABLE_ENTRIES = {"reflection": Reflection, "review": WeeklyReview, "session": StudySession}


@transaction.atomic
def entry_publish(*, learner: User, kind: str, pk: int, public: bool):
    """Make one of the learner's journal entries public or private. Another learner's entry,
    or one that does not exist, raises DoesNotExist (a 404 to views and the API)."""
    model = PUBLISHABLE_ENTRIES[kind]
    entry = model.objects.owned_by(learner).select_for_update().get(pk=pk)
    entry.save(update_fields=entry.set_public(public))
    return entry


def _check_text(value: str, field: str, required: bool = False, limit: int = 20_000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: "Write something first."})
    if len(value) > limit:
        raise ValidationError({field: f"Keep it under {limit:,} characters."})
    return value


def _check_day(learner: User, day: date, field: str = "date") -> date:
    if not isinstance(day, date):
        raise ValidationError({field: "Give a date like 2025-01-31."})
    if day > selectors.learner_today(learner):
        raise ValidationError({field: "That day has not come yet."})
    if day.year < 2000:
        raise ValidationError({field: TOO_OLD_MESSAGE})
    return day
