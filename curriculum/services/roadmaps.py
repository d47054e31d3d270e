"""Roadmaps as a whole: create, change, delete, copy; and the owner check every change runs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from curriculum.kinds import ROADMAP_TITLE_MAX
from curriculum.models import Item, Roadmap, Stage, Visibility
from curriculum.resources import resource_key

if TYPE_CHECKING:
    from accounts.models import User


def _check_owner(learner: User, roadmap: Roadmap) -> None:
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
    learner: User,
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
def roadmap_update(*, learner: User, roadmap: Roadmap, **changes) -> Roadmap:
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
def roadmap_delete(*, learner: User, roadmap: Roadmap) -> None:
    """Delete a whole roadmap (the page asks for confirmation; there is no undo)."""
    _check_owner(learner, roadmap)
    roadmap.delete()


@transaction.atomic
def roadmap_copy(*, learner: User, source: Roadmap, title: str = "") -> Roadmap:
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
