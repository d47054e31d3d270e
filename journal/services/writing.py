"""Reflections, weekly reviews and the not-to-do list."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from curriculum.models import Visibility
from journal import habits, selectors
from journal.models import NotToDo, Reflection, WeeklyReview
from journal.services.common import _check_day, _check_text, _check_visibility, _set_visibility

if TYPE_CHECKING:
    from accounts.models import User


# --- reflections, reviews, not-to-do -----------------------------------------------------


@transaction.atomic
def reflection_write(
    *, learner: User, day: date, body: str, visibility: str = Visibility.PRIVATE
) -> Reflection:
    """Write (or rewrite) the learner's note for a day."""
    day = _check_day(learner, day)
    body = _check_text(body, "body", required=True)
    _check_visibility(visibility)
    reflection = Reflection.objects.select_for_update().filter(learner=learner, date=day).first()
    if reflection is None:
        reflection = Reflection(learner=learner, date=day)
    reflection.body = body
    _set_visibility(reflection, visibility)
    reflection.save()
    return reflection


@transaction.atomic
def reflection_delete(*, learner: User, reflection: Reflection) -> None:
    if reflection.learner_id != learner.pk:
        raise Reflection.DoesNotExist
    reflection.delete()


REVIEW_TEXT_FIELDS = ("learned", "hardest", "resources", "results", "changes")


@transaction.atomic
def review_write(
    *,
    learner: User,
    week_start: date,
    visibility: str = Visibility.PRIVATE,
    on_track: bool | None = None,
    **answers: str,
) -> WeeklyReview:
    """Write the weekly review of an ISO week, refreshing its figures (minutes, ratio, items
    finished) from the journal as it stands now."""
    unknown = set(answers) - set(REVIEW_TEXT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown review fields: {', '.join(sorted(unknown))}.")
    week_start = _check_day(learner, week_start, field="week")
    if week_start.weekday() != 0:
        week_start = habits.week_start(week_start)
    cleaned = {name: _check_text(answers.get(name, ""), name) for name in REVIEW_TEXT_FIELDS}
    if not any(cleaned.values()) and on_track is None:
        raise ValidationError("Answer at least one of the prompts.")
    _check_visibility(visibility)
    review = (
        WeeklyReview.objects.select_for_update()
        .filter(learner=learner, week_start=week_start)
        .first()
    ) or WeeklyReview(learner=learner, week_start=week_start)
    for name, value in cleaned.items():
        setattr(review, name, value)
    review.on_track = on_track
    for name, value in selectors.week_figures(learner, week_start).items():
        setattr(review, name, value)
    _set_visibility(review, visibility)
    review.save()
    return review


@transaction.atomic
def review_delete(*, learner: User, review: WeeklyReview) -> None:
    if review.learner_id != learner.pk:
        raise WeeklyReview.DoesNotExist
    review.delete()


@transaction.atomic
def not_to_do_add(*, learner: User, text: str) -> NotToDo:
    """Add an entry to the learner's not-to-do list."""
    text = _check_text(text, "text", required=True, limit=200)
    if NotToDo.objects.filter(learner=learner, text__iexact=text, retired_at__isnull=True).exists():
        raise ValidationError({"text": "That is already on your not-to-do list."})
    return NotToDo.objects.create(learner=learner, text=text)


@transaction.atomic
def not_to_do_retire(*, learner: User, entry: NotToDo, retired: bool = True) -> NotToDo:
    """Retire an entry (it stays in the history with its dates), or bring it back."""
    if entry.learner_id != learner.pk:
        raise NotToDo.DoesNotExist
    entry.retired_at = timezone.now() if retired else None
    entry.save(update_fields=["retired_at"])
    return entry


@transaction.atomic
def not_to_do_delete(*, learner: User, entry: NotToDo) -> None:
    if entry.learner_id != learner.pk:
        raise NotToDo.DoesNotExist
    entry.delete()
