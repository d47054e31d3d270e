"""Every change to roadmaps, stages and items. Web pages, the API and the management commands
all call these, so each rule is written once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    DateTimeField,
    F,
    Max,
    PositiveIntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.throttle import over_limit
from curriculum.importing import Outline, UnusableFile, parse_roadmap_file
from curriculum.importing.export import outline_to_json, outline_to_markdown
from curriculum.importing.fetch import fetch_curriculum
from curriculum.importing.inline import decode_file
from curriculum.kinds import (
    CHECKLIST_MAX_STEPS,
    ITEM_TITLE_MAX,
    ROADMAP_DESCRIPTION_MAX,
    ROADMAP_TITLE_MAX,
    STAGE_DESCRIPTION_MAX,
    STAGE_TITLE_MAX,
    STEP_MAX_CHARS,
)
from curriculum.models import (
    UNDO_WINDOW,
    Item,
    ItemKind,
    ItemStatus,
    Roadmap,
    Stage,
    StageKind,
    Visibility,
)
from curriculum.resources import resource_key
from curriculum.selectors import in_progress_items, linked_items, roadmap_outline

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


def _check_owner(learner, roadmap: Roadmap) -> None:
    # Views and the API answer 404 for other people's roadmaps before they get here; this
    # is the last line, for callers that forget.
    if roadmap.is_template or roadmap.owner_id != learner.pk:
        raise PermissionDenied("Only the owner can change this roadmap.")


def _clean(instance, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def _touch(roadmap: Roadmap) -> None:
    Roadmap.objects.filter(pk=roadmap.pk).update(updated_at=timezone.now())


# --- roadmaps --------------------------------------------------------------------------------


@transaction.atomic
def roadmap_create(
    *,
    learner,
    title: str,
    description: str = "",
    visibility: str = Visibility.PRIVATE,
    started_on: date | None = None,
    target_end: date | None = None,
) -> Roadmap:
    """A new, empty roadmap owned by the learner."""
    roadmap = Roadmap(
        owner=learner,
        title=title.strip(),
        description=description,
        visibility=visibility,
        started_on=started_on,
        target_end=target_end,
    )
    _clean(roadmap)
    _check_dates(roadmap)
    roadmap.save()
    return roadmap


def _check_dates(roadmap: Roadmap) -> None:
    if roadmap.started_on and roadmap.target_end and roadmap.target_end < roadmap.started_on:
        raise ValidationError({"target_end": "The target date must come after the start date."})


ROADMAP_FIELDS = ("title", "description", "visibility", "started_on", "target_end")


@transaction.atomic
def roadmap_update(*, learner, roadmap: Roadmap, **changes) -> Roadmap:
    """Change a roadmap's title, description, visibility or dates."""
    _check_owner(learner, roadmap)
    for name, value in changes.items():
        if name not in ROADMAP_FIELDS:
            raise ValidationError(f"{name} cannot be changed here.")
        if name == "visibility":
            if value not in Visibility.values:
                raise ValidationError({"visibility": "Choose private or public."})
            roadmap.set_public(value == Visibility.PUBLIC)
            continue
        setattr(roadmap, name, value.strip() if name == "title" else value)
    _clean(roadmap)
    _check_dates(roadmap)
    roadmap.save()
    return roadmap


@transaction.atomic
def roadmap_delete(*, learner, roadmap: Roadmap) -> None:
    """Delete a whole roadmap (the page asks for confirmation; there is no undo)."""
    _check_owner(learner, roadmap)
    roadmap.delete()


@transaction.atomic
def roadmap_copy(*, learner, source: Roadmap, title: str = "") -> Roadmap:
    """ "Use this roadmap": copy a template or a public roadmap (or your own) into a new
    private roadmap of the learner's, with every item not started. The copy remembers the
    roadmap it came from and, through any chain of copies, the template it started from."""
    if not Roadmap.objects.visible_to(learner).filter(pk=source.pk).exists():
        raise PermissionDenied("That roadmap is not yours to copy.")
    copy = Roadmap.objects.create(
        owner=learner,
        title=(title or source.title)[:ROADMAP_TITLE_MAX],
        description=source.description,
        visibility=Visibility.PRIVATE,
        copied_from=source,
        origin_template=source if source.is_template else source.origin_template,
        started_on=timezone.localdate(),
    )
    stages = list(source.stages.all().prefetch_related("items"))
    new_stages = Stage.objects.bulk_create(
        [
            Stage(
                roadmap=copy,
                title=stage.title,
                position=index,
                planned_weeks=stage.planned_weeks,
                kind=stage.kind,
                description=stage.description,
            )
            for index, stage in enumerate(stages)
        ]
    )
    items = []
    for stage, new_stage in zip(stages, new_stages, strict=True):
        for index, item in enumerate(stage.items.all()):
            items.append(
                Item(
                    stage=new_stage,
                    position=index,
                    kind=item.kind,
                    title=item.title,
                    url=item.url,
                    resource_key=resource_key(item.url),
                    estimated_hours=item.estimated_hours,
                    note=item.note,
                    checklist=[
                        {"text": entry.get("text", ""), "done": False}
                        for entry in item.checklist
                        if isinstance(entry, dict)
                    ],
                    project_slug=item.project_slug,
                )
            )
    Item.objects.bulk_create(items)
    return copy


# --- stages ----------------------------------------------------------------------------------


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def stage_create(
    *,
    learner,
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
def stage_update(*, learner, stage: Stage, **changes) -> Stage:
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


def stage_rename(*, learner, stage: Stage, title: str) -> Stage:
    """Give a stage a new title."""
    return stage_update(learner=learner, stage=stage, title=title)


def _purge_expired(roadmap: Roadmap) -> None:
    cutoff = timezone.now() - UNDO_WINDOW
    Item.all_objects.filter(stage__roadmap=roadmap, deleted_at__lt=cutoff).delete()
    Stage.all_objects.filter(roadmap=roadmap, deleted_at__lt=cutoff).delete()


@transaction.atomic
def stage_delete(*, learner, stage: Stage) -> Stage:
    """Delete a stage and its items; stage_restore brings them back within UNDO_WINDOW."""
    _check_owner(learner, stage.roadmap)
    _purge_expired(stage.roadmap)
    now = timezone.now()
    Stage.objects.filter(pk=stage.pk).update(deleted_at=now)
    stage.deleted_at = now
    _touch(stage.roadmap)
    return stage


@transaction.atomic
def stage_restore(*, learner, stage_id: int) -> Stage:
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
def stage_reorder(*, learner, roadmap: Roadmap, stage_ids: list[int]) -> None:
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
def stage_move(*, learner, stage: Stage, direction: str) -> None:
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
    learner,
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
def item_update(*, learner, item: Item, stage: Stage | None = None, **changes) -> Item:
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
def item_delete(*, learner, item: Item) -> Item:
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
def item_restore(*, learner, item_id: int) -> Item:
    """Undo an item delete, within UNDO_WINDOW (its stage comes back too if it was deleted)."""
    item = _deleted(Item.all_objects.owned_by(learner).select_related("stage__roadmap"), item_id)
    _check_owner(learner, item.stage.roadmap)
    Item.all_objects.filter(pk=item.pk).update(deleted_at=None)
    Stage.all_objects.filter(pk=item.stage_id).update(deleted_at=None)
    item.deleted_at = None
    _touch(item.stage.roadmap)
    return item


@transaction.atomic
def item_reorder(*, learner, stage: Stage, item_ids: list[int]) -> None:
    """Put a stage's items in the given order."""
    _check_owner(learner, stage.roadmap)
    _reorder(Item.objects.filter(stage=stage).select_for_update(), item_ids)
    _touch(stage.roadmap)


@transaction.atomic
def item_move(*, learner, item: Item, direction: str) -> None:
    """Move an item one place up or down within its stage."""
    ids = list(Item.objects.filter(stage=item.stage_id).values_list("pk", flat=True))
    item_reorder(
        learner=learner, stage=item.stage, item_ids=_neighbour_order(ids, item.pk, direction)
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
def item_status_set(*, learner, item: Item, status: str, confirm: bool = False) -> Item:
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


def _locked_steps(learner, item: Item) -> tuple[Item, list[dict]]:
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
def checklist_step_add(*, learner, item: Item, text: str) -> Item:
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
def checklist_step_tick(*, learner, item: Item, index: int, done: bool) -> Item:
    """Tick (done=True) or untick a step. It sets rather than toggles, so a repeated click
    changes nothing. Ticking every step does not mark the item done: the page offers it."""
    locked, steps = _locked_steps(learner, item)
    _step_at(steps, index)["done"] = bool(done)
    return _save_steps(item, locked, steps)


@transaction.atomic
def checklist_step_rename(*, learner, item: Item, index: int, text: str) -> Item:
    """Give a step new words; whether it is ticked stays."""
    locked, steps = _locked_steps(learner, item)
    _step_at(steps, index)["text"] = _step_text(text)
    return _save_steps(item, locked, steps)


@transaction.atomic
def checklist_step_remove(*, learner, item: Item, index: int) -> Item:
    """Remove a step from an item's checklist."""
    locked, steps = _locked_steps(learner, item)
    _step_at(steps, index)
    del steps[index]
    return _save_steps(item, locked, steps)


@transaction.atomic
def item_link(*, learner, item: Item, linked: bool) -> Item:
    """Follow (linked=True) or stop following ("this is a different thing") the progress of
    the learner's other items with the same link."""
    return item_update(learner=learner, item=item, linked=bool(linked))


# --- import and export -----------------------------------------------------------------------


@transaction.atomic
def roadmap_import(*, learner, outline: Outline, visibility: str = Visibility.PRIVATE) -> Roadmap:
    """Create a roadmap from an outline (see curriculum.importing), all in one transaction."""
    roadmap = Roadmap(
        owner=learner,
        title=outline.title[:ROADMAP_TITLE_MAX] or "Imported roadmap",
        description=outline.description[:ROADMAP_DESCRIPTION_MAX],
        visibility=visibility,
        started_on=timezone.localdate(),
    )
    _clean(roadmap)
    roadmap.save()
    _outline_rows(roadmap, outline)
    return roadmap


def _outline_rows(roadmap: Roadmap, outline: Outline) -> None:
    now = timezone.now()
    stages = Stage.objects.bulk_create(
        [
            Stage(
                roadmap=roadmap,
                title=stage.title[:STAGE_TITLE_MAX],
                position=index,
                kind=stage.kind,
                planned_weeks=stage.planned_weeks,
                description=stage.description[:STAGE_DESCRIPTION_MAX],
            )
            for index, stage in enumerate(outline.stages)
        ]
    )
    items = []
    for stage, row in zip(outline.stages, stages, strict=True):
        for index, item in enumerate(stage.items):
            done = item.status == ItemStatus.DONE
            started = item.status in (ItemStatus.DONE, ItemStatus.IN_PROGRESS)
            items.append(
                Item(
                    stage=row,
                    position=index,
                    kind=item.kind,
                    title=item.title[:ITEM_TITLE_MAX],
                    url=item.url,
                    resource_key=resource_key(item.url),
                    estimated_hours=item.estimated_hours,
                    status=item.status,
                    status_changed_at=now if item.status != ItemStatus.NOT_STARTED else None,
                    started_at=now if started else None,
                    finished_at=now if done else None,
                    note=item.note,
                    checklist=[{"text": c.text, "done": c.done} for c in item.checklist],
                    project_slug=item.project_slug,
                )
            )
    Item.objects.bulk_create(items, batch_size=500)


@dataclass
class ImportSource:
    """What a learner gave to import, as text: pasted, uploaded or fetched from a link."""

    text: str
    filename: str = ""
    base_url: str = ""


def roadmap_import_source(
    *,
    learner=None,
    data: str | bytes = "",
    filename: str = "",
    base_url: str = "",
    url: str = "",
) -> ImportSource:
    """The text to import: data as given, or the file at url (GitHub pages mapped to the raw
    file; see curriculum.importing.fetch), at most IMPORT_FETCHES_PER_HOUR links a learner.
    Raises ValidationError for the learner."""
    if url and learner is not None:
        limit = settings.IMPORT_FETCHES_PER_HOUR
        if over_limit("import-fetch", str(learner.pk), limit=limit, window_seconds=3600):
            raise ValidationError(
                f"You have fetched {limit} links in the last hour, the most Exhale fetches for "
                "one learner. Try again later, or download the file and upload it.",
                code="throttled",
            )
    try:
        if url:
            data, fetched_base = fetch_curriculum(url)
            base_url = base_url or fetched_base
            filename = filename or url.rsplit("/", 1)[-1]
        return ImportSource(text=decode_file(data), filename=filename, base_url=base_url)
    except UnusableFile as exc:
        raise ValidationError(str(exc), code="unusable_file") from exc


def roadmap_import_preview(source: ImportSource) -> Outline:
    """The roadmap the source would become, with its fidelity report; nothing is saved."""
    try:
        return parse_roadmap_file(
            source.text, filename=source.filename, base_url=source.base_url
        )
    except UnusableFile as exc:
        raise ValidationError(str(exc), code="unusable_file") from exc


def roadmap_import_file(
    *, learner, data: str | bytes = "", filename: str = "", base_url: str = "", url: str = ""
) -> tuple[Roadmap, Outline]:
    """Read a Markdown or JSON file (or the one at url) and import it. Unusable input raises
    ValidationError with the importer's message for the learner."""
    source = roadmap_import_source(data=data, filename=filename, base_url=base_url, url=url)
    outline = roadmap_import_preview(source)
    return roadmap_import(learner=learner, outline=outline), outline


def import_report(outline: Outline, roadmap: Roadmap | None = None) -> dict:
    """What the API and import_roadmap answer: counts, warnings and every line left out."""
    return {
        "roadmap_id": roadmap.pk if roadmap is not None else None,
        "stages": len(outline.stages),
        "items": outline.item_count,
        "links": outline.link_count,
        "warnings": outline.warnings,
        "left_out": [entry.as_dict() for entry in outline.left_out],
    }


EXPORT_FORMATS = {"md": outline_to_markdown, "json": outline_to_json}


def roadmap_export(*, roadmap: Roadmap, format: str) -> str:
    """The roadmap as Markdown ("md") or JSON ("json"); both import back the same."""
    if format not in EXPORT_FORMATS:
        raise ValidationError({"format": "Export as md or json."})
    return EXPORT_FORMATS[format](roadmap_outline(roadmap))


@transaction.atomic
def template_upsert(*, outline: Outline, slug: str) -> Roadmap:
    """Create or replace the starter template with this slug (load_starter_roadmaps).
    The template row keeps its id, so copies keep pointing at it as their origin."""
    template = Roadmap.objects.filter(is_template=True, slug=slug).first()
    if template is None:
        template = Roadmap(is_template=True, slug=slug, visibility=Visibility.PUBLIC)
    template.title = outline.title[:ROADMAP_TITLE_MAX]
    template.description = outline.description
    template.save()
    Stage.all_objects.filter(roadmap=template).delete()
    _outline_rows(template, outline)
    return template
