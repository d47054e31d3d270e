"""Stages and items: add, change, move, delete and undo a delete."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from curriculum.kinds import CHECKLIST_MAX_STEPS, STEP_MAX_CHARS
from curriculum.models import UNDO_WINDOW, Item, ItemKind, Roadmap, Stage, StageKind
from curriculum.resources import resource_key
from curriculum.services.roadmaps import _check_owner, _clean, _touch

if TYPE_CHECKING:
    from accounts.models import User


# --- stages ----------------------------------------------------------------------------------


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def stage_create(
    *,
    learner: User,
    roadmap: Roadmap,
    title: str,
    kind: str = StageKind.LEARN,
    planned_weeks: int | None = None,
    description: str = "",
) -> Stage:
    """Add a stage at the end of the roadmap."""
    _check_owner(learner, roadmap)
    stage = Stage(
        roadmap=roadmap,
        title=title.strip(),
        kind=kind,
        planned_weeks=planned_weeks,
        description=description,
        position=_next_position(Stage.all_objects.filter(roadmap=roadmap)),
    )
    _clean(stage)
    stage.save()
    _touch(roadmap)
    return stage


STAGE_FIELDS = ("title", "kind", "planned_weeks", "description")


@transaction.atomic
def stage_update(*, learner: User, stage: Stage, **changes) -> Stage:
    """Rename a stage or change its kind, planned weeks or description."""
    _check_owner(learner, stage.roadmap)
    for name, value in changes.items():
        if name not in STAGE_FIELDS:
            raise ValidationError(f"{name} cannot be changed here.")
        setattr(stage, name, value.strip() if name == "title" else value)
    _clean(stage)
    stage.save()
    _touch(stage.roadmap)
    return stage


def stage_rename(*, learner: User, stage: Stage, title: str) -> Stage:
    """Give a stage a new title."""
    return stage_update(learner=learner, stage=stage, title=title)


def _purge_expired(roadmap: Roadmap) -> None:
    cutoff = timezone.now() - UNDO_WINDOW
    Item.all_objects.filter(stage__roadmap=roadmap, deleted_at__lt=cutoff).delete()
    Stage.all_objects.filter(roadmap=roadmap, deleted_at__lt=cutoff).delete()


@transaction.atomic
def stage_delete(*, learner: User, stage: Stage) -> Stage:
    """Delete a stage and its items; stage_restore brings them back within UNDO_WINDOW."""
    _check_owner(learner, stage.roadmap)
    _purge_expired(stage.roadmap)
    now = timezone.now()
    Stage.objects.filter(pk=stage.pk).update(deleted_at=now)
    stage.deleted_at = now
    _touch(stage.roadmap)
    return stage


@transaction.atomic
def stage_restore(*, learner: User, stage_id: int) -> Stage:
    """Undo a stage delete, within UNDO_WINDOW."""
    stage = _deleted(Stage.all_objects.owned_by(learner).select_related("roadmap"), stage_id)
    _check_owner(learner, stage.roadmap)
    Stage.all_objects.filter(pk=stage.pk).update(deleted_at=None)
    stage.deleted_at = None
    _touch(stage.roadmap)
    return stage


def _deleted(queryset, pk: int):
    """The learner's deleted row (DoesNotExist, a 404, for a missing id or another learner's),
    while it can still be undone."""
    found = queryset.get(pk=pk)
    if found.deleted_at is None or found.deleted_at < timezone.now() - UNDO_WINDOW:
        raise ValidationError("That can no longer be undone.")
    return found


def _reorder(queryset, ordered_ids: list[int]) -> None:
    current = list(queryset.values_list("pk", flat=True))
    if sorted(current) != sorted(ordered_ids) or len(set(ordered_ids)) != len(ordered_ids):
        raise ValidationError("The new order must list each of them exactly once.")
    rows = {row.pk: row for row in queryset}
    changed = []
    for position, pk in enumerate(ordered_ids):
        if rows[pk].position != position:
            rows[pk].position = position
            changed.append(rows[pk])
    queryset.model.objects.bulk_update(changed, ["position"])


@transaction.atomic
def stage_reorder(*, learner: User, roadmap: Roadmap, stage_ids: list[int]) -> None:
    """Put the roadmap's stages in the given order."""
    _check_owner(learner, roadmap)
    _reorder(Stage.objects.filter(roadmap=roadmap).select_for_update(), stage_ids)
    _touch(roadmap)


def _neighbour_order(ids: list[int], pk: int, direction: str) -> list[int]:
    index = ids.index(pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise ValidationError("Move up or down.")
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    return ids


@transaction.atomic
def stage_move(*, learner: User, stage: Stage, direction: str) -> None:
    """Move a stage one place up or down (the keyboard-friendly reorder)."""
    ids = list(Stage.objects.filter(roadmap=stage.roadmap_id).values_list("pk", flat=True))
    stage_reorder(
        learner=learner, roadmap=stage.roadmap, stage_ids=_neighbour_order(ids, stage.pk, direction)
    )


# --- items -----------------------------------------------------------------------------------

ITEM_FIELDS = (
    "title",
    "url",
    "kind",
    "estimated_hours",
    "note",
    "checklist",
    "project_slug",
    "linked",
)


@transaction.atomic
def item_create(
    *,
    learner: User,
    stage: Stage,
    title: str,
    url: str = "",
    kind: str = ItemKind.ARTICLE,
    estimated_hours: Decimal | None = None,
    note: str = "",
    checklist: list | None = None,
    project_slug: str = "",
    linked: bool = True,
) -> Item:
    """Add an item at the end of a stage."""
    _check_owner(learner, stage.roadmap)
    item = Item(
        stage=stage,
        title=title.strip(),
        url=url.strip(),
        resource_key=resource_key(url),
        kind=kind,
        estimated_hours=estimated_hours,
        note=note,
        checklist=_checklist(checklist or []),
        project_slug=project_slug.strip(),
        linked=linked,
        position=_next_position(Item.all_objects.filter(stage=stage)),
    )
    _clean(item)
    item.save()
    _touch(stage.roadmap)
    return item


def _checklist(entries) -> list[dict]:
    if not isinstance(entries, list) or len(entries) > CHECKLIST_MAX_STEPS:
        raise ValidationError(
            {"checklist": f"A checklist is a list of at most {CHECKLIST_MAX_STEPS} entries."}
        )
    clean = []
    for entry in entries:
        if isinstance(entry, str):
            entry = {"text": entry, "done": False}
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise ValidationError({"checklist": "Each checklist entry needs a text."})
        if entry["text"].strip():
            text = _step_text(entry["text"], field="checklist")
            clean.append({"text": text, "done": entry.get("done") is True})
    return clean


def _step_text(text, field: str = "text") -> str:
    text = " ".join(str(text or "").split())
    if not text:
        raise ValidationError({field: "Write what the step is."})
    if len(text) > STEP_MAX_CHARS:
        raise ValidationError(
            {field: f"A step is at most {STEP_MAX_CHARS} characters; this one has {len(text)}."}
        )
    return text


@transaction.atomic
def item_update(*, learner: User, item: Item, stage: Stage | None = None, **changes) -> Item:
    """Edit an item's fields, or move it to another stage of the same roadmap."""
    _check_owner(learner, item.stage.roadmap)
    for name, value in changes.items():
        if name not in ITEM_FIELDS:
            raise ValidationError(f"{name} cannot be changed here.")
        if name == "checklist":
            value = _checklist(value)
        elif isinstance(value, str) and name != "note":
            value = value.strip()
        setattr(item, name, value)
    if stage is not None and stage.pk != item.stage_id:
        if stage.roadmap_id != item.stage.roadmap_id:
            raise ValidationError({"stage": "An item can only move within its roadmap."})
        item.stage = stage
        item.position = _next_position(Item.all_objects.filter(stage=stage))
    # The key follows the link, so an edited link joins (or leaves) its resource.
    item.resource_key = resource_key(item.url)
    _clean(item)
    item.save()
    _touch(item.stage.roadmap)
    return item


@transaction.atomic
def item_delete(*, learner: User, item: Item) -> Item:
    """Delete an item; item_restore brings it back within UNDO_WINDOW."""
    roadmap = item.stage.roadmap
    _check_owner(learner, roadmap)
    _purge_expired(roadmap)
    now = timezone.now()
    Item.objects.filter(pk=item.pk).update(deleted_at=now)
    item.deleted_at = now
    _touch(roadmap)
    return item


@transaction.atomic
def item_restore(*, learner: User, item_id: int) -> Item:
    """Undo an item delete, within UNDO_WINDOW (its stage comes back too if it was deleted)."""
    item = _deleted(Item.all_objects.owned_by(learner).select_related("stage__roadmap"), item_id)
    _check_owner(learner, item.stage.roadmap)
    Item.all_objects.filter(pk=item.pk).update(deleted_at=None)
    Stage.all_objects.filter(pk=item.stage_id).update(deleted_at=None)
    item.deleted_at = None
    _touch(item.stage.roadmap)
    return item


@transaction.atomic
def item_reorder(*, learner: User, stage: Stage, item_ids: list[int]) -> None:
    """Put a stage's items in the given order."""
    _check_owner(learner, stage.roadmap)
    _reorder(Item.objects.filter(stage=stage).select_for_update(), item_ids)
    _touch(stage.roadmap)


@transaction.atomic
def item_move(*, learner: User, item: Item, direction: str) -> None:
    """Move an item one place up or down within its stage."""
    ids = list(Item.objects.filter(stage=item.stage_id).values_list("pk", flat=True))
    item_reorder(
        learner=learner, stage=item.stage, item_ids=_neighbour_order(ids, item.pk, direction)
    )
