"""Progress on items: status (with the focus limit), checklists, and linked progress
across roadmaps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, DateTimeField, F, PositiveIntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from curriculum.kinds import CHECKLIST_MAX_STEPS
from curriculum.models import Item, ItemStatus, Roadmap
from curriculum.selectors import in_progress_items, linked_items
from curriculum.services.roadmaps import _check_owner, _touch
from curriculum.services.structure import _step_text, item_update

if TYPE_CHECKING:
    from accounts.models import User


FOCUS_LIMIT = 5


class FocusGuard(ValidationError):
    """Starting one more resource while FOCUS_LIMIT are in progress: the learner confirms
    first. `unfinished` lists the items already in progress."""

    def __init__(self, unfinished: list[Item]):
        self.unfinished = unfinished
        titles = ", ".join(item.title for item in unfinished)
        super().__init__(
            f"You have {len(unfinished)} resources in progress: {titles}. Few tools, mastered: "
            "finish or skip one first, or start this one anyway (confirm).",
            code="focus",
        )


def _one_per_resource(items: list[Item]) -> list[Item]:
    # The same course in two roadmaps is one thing in progress, not two.
    seen: set = set()
    distinct = []
    for item in items:
        key = item.resource_key if item.linked and item.resource_key else item.pk
        if key not in seen:
            seen.add(key)
            distinct.append(item)
    return distinct


@transaction.atomic
def item_status_set(*, learner: User, item: Item, status: str, confirm: bool = False) -> Item:
    """Change an item's status and record when: started_at on first start, finished_at on
    done, status_changed_at always. Starting a done item again counts a revisit ("read it
    twice"). Starting one more resource while FOCUS_LIMIT are in progress raises FocusGuard
    unless confirm is True.

    The change follows the resource: every linked item of the learner's with the same
    resource_key (the same normalised link, in any of their roadmaps) changes with it, each
    row computing its own dates and revisit from its own status.

    It is one conditional update after a locked status read: two clicks racing change the
    rows once and count one revisit, not two."""
    _check_owner(learner, item.stage.roadmap)
    if status not in ItemStatus.values:
        raise ValidationError({"status": f"Unknown status “{status}”."})
    # The lock makes a racing second click wait and then read the status the first wrote.
    row = (
        Item.objects.select_for_update()
        .filter(pk=item.pk)
        .values_list("status", "resource_key", "linked")
        .first()
    )
    if row is None:
        raise ValidationError("That item was deleted.")
    current, key, linked = row
    if current == status:
        item.refresh_from_db()
        return item
    same_resource = linked_items(learner, key) if linked and key else Item.objects.none()
    if status == ItemStatus.IN_PROGRESS and not confirm:
        others = in_progress_items(learner).exclude(pk=item.pk).exclude(pk__in=same_resource)
        unfinished = _one_per_resource(list(others))[: FOCUS_LIMIT + 1]
        if len(unfinished) >= FOCUS_LIMIT:
            raise FocusGuard(unfinished)
    now = timezone.now()
    was_done = Q(status=ItemStatus.DONE)
    changes: dict = {"status": status, "status_changed_at": now}
    if status == ItemStatus.IN_PROGRESS:
        changes["revisit_count"] = Case(
            When(was_done, then=F("revisit_count") + 1),
            default=F("revisit_count"),
            output_field=PositiveIntegerField(),
        )
        changes["finished_at"] = None
        changes["started_at"] = Case(
            When(was_done | Q(started_at__isnull=True), then=Value(now)),
            default=F("started_at"),
            output_field=DateTimeField(),
        )
    elif status == ItemStatus.DONE:
        changes["finished_at"] = now
        changes["started_at"] = Coalesce(F("started_at"), Value(now), output_field=DateTimeField())
    elif status == ItemStatus.NOT_STARTED:
        changes["finished_at"] = None
    this_one = Q(pk=item.pk, status=current)
    siblings = Q(pk__in=same_resource.exclude(status=status).values("pk"))
    updated = Item.objects.filter(this_one | siblings).update(**changes)
    item.refresh_from_db()
    if updated:
        Roadmap.objects.filter(
            Q(pk=item.stage.roadmap_id) | Q(pk__in=same_resource.values("stage__roadmap_id"))
        ).update(updated_at=now)
    return item


# --- checklists ------------------------------------------------------------------------------


def _locked_steps(learner: User, item: Item) -> tuple[Item, list[dict]]:
    # Steps live in one JSON column: lock the row so two edits never lose one another.
    _check_owner(learner, item.stage.roadmap)
    locked = Item.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        raise ValidationError("That item was deleted.")
    return locked, [dict(step) for step in locked.checklist if isinstance(step, dict)]


def _step_at(steps: list[dict], index: int) -> dict:
    if not 0 <= index < len(steps):
        raise ValidationError("That step is no longer there: reload the page.")
    return steps[index]


def _save_steps(item: Item, locked: Item, steps: list[dict]) -> Item:
    Item.objects.filter(pk=locked.pk).update(checklist=steps)
    item.checklist = steps
    _touch(item.stage.roadmap)
    return item


@transaction.atomic
def checklist_step_add(*, learner: User, item: Item, text: str) -> Item:
    """Add a step at the end of an item's checklist (at most CHECKLIST_MAX_STEPS steps of
    STEP_MAX_CHARS characters)."""
    locked, steps = _locked_steps(learner, item)
    if len(steps) >= CHECKLIST_MAX_STEPS:
        raise ValidationError(
            {"text": f"A checklist has at most {CHECKLIST_MAX_STEPS} steps: merge or remove one."}
        )
    steps.append({"text": _step_text(text), "done": False})
    return _save_steps(item, locked, steps)


@transaction.atomic
def checklist_step_tick(*, learner: User, item: Item, index: int, done: bool) -> Item:
    """Tick (done=True) or untick a step. It sets rather than toggles, so a repeated click
    changes nothing. Ticking every step does not mark the item done: the page offers it."""
    locked, steps = _locked_steps(learner, item)
    _step_at(steps, index)["done"] = bool(done)
    return _save_steps(item, locked, steps)


@transaction.atomic
def checklist_step_rename(*, learner: User, item: Item, index: int, text: str) -> Item:
    """Give a step new words; whether it is ticked stays."""
    locked, steps = _locked_steps(learner, item)
    _step_at(steps, index)["text"] = _step_text(text)
    return _save_steps(item, locked, steps)


@transaction.atomic
def checklist_step_remove(*, learner: User, item: Item, index: int) -> Item:
    """Remove a step from an item's checklist."""
    locked, steps = _locked_steps(learner, item)
    _step_at(steps, index)
    del steps[index]
    return _save_steps(item, locked, steps)


@transaction.atomic
def item_link(*, learner: User, item: Item, linked: bool) -> Item:
    """Follow (linked=True) or stop following ("this is a different thing") the progress of
    the learner's other items with the same link."""
    return item_update(learner=learner, item=item, linked=bool(linked))
