"""Roadmap items as the journal reads them: the learner's own, the picker, the stage now."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
)

from curriculum.models import Item, ItemStatus, Roadmap, Stage
from journal.selectors.days import local_day_bounds

if TYPE_CHECKING:
    from accounts.models import User


# --- curriculum, read directly -----------------------------------------------------------


def own_items(learner: User) -> QuerySet[Item]:
    """Live items of the learner's own roadmaps: the ones a session may serve."""
    return Item.objects.owned_by(learner)


def item_named_to(viewer) -> Exists:
    """For a session queryset: whether the viewer may see the session's item (its roadmap is
    the viewer's own or public). A session on a private roadmap's item never names it to
    anyone else."""
    return Exists(Item.objects.visible_to(viewer).filter(pk=OuterRef("item_id")))


def public_item_named() -> ExpressionWrapper:
    """For a session queryset: whether the session's item may be named in public (its
    roadmap is public), read through joins so a page of posts costs the same at any size."""
    from curriculum.models import public_item_q

    return ExpressionWrapper(public_item_q("item"), output_field=BooleanField())


def in_progress_items(learner: User) -> QuerySet[Item]:
    return (
        own_items(learner)
        .filter(status=ItemStatus.IN_PROGRESS)
        .select_related("stage")
        .order_by("stage__roadmap_id", "stage__position", "position", "id")
    )


RECENT_ITEMS = 5
OPEN_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS)


def item_picker(learner: User) -> list[tuple[str, list[Item]]]:
    """The items a session can be logged against, grouped for the picker: in progress first,
    then the ones logged most recently, then every other item of each active roadmap (one
    with something left to do) by stage. One query, however many roadmaps."""
    items = list(
        own_items(learner)  # live items only: Item.objects leaves out deleted stages
        .exclude(status=ItemStatus.SKIPPED)
        # Sessions can only point at the learner's own items, so this is their last log.
        .annotate(last_logged=Max("study_sessions__started_at"))
        .select_related("stage__roadmap")
        .order_by("stage__roadmap_id", "stage__position", "stage_id", "position", "id")
    )
    logged = sorted((i for i in items if i.last_logged), key=lambda i: i.last_logged, reverse=True)
    in_progress = [item for item in items if item.status == ItemStatus.IN_PROGRESS]
    recent = [item for item in logged if item.status != ItemStatus.IN_PROGRESS][:RECENT_ITEMS]
    listed = {item.pk for item in in_progress + recent}
    active = {item.stage.roadmap_id for item in items if item.status in OPEN_STATUSES}
    groups: list[tuple[str, list[Item]]] = []
    if in_progress:
        groups.append(("In progress", in_progress))
    if recent:
        groups.append(("Logged recently", recent))
    for item in items:
        if item.pk in listed or item.stage.roadmap_id not in active:
            continue
        label = f"{item.stage.roadmap.title} · {item.stage.title}"
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(item)
    return groups


def current_stage(learner: User) -> Stage | None:
    """The first unfinished stage of the learner's most recently updated roadmap (one query)."""
    latest = Roadmap.objects.filter(owner=learner, is_template=False).order_by("-updated_at")
    unfinished = Item.objects.filter(
        stage=OuterRef("pk"), status__in=[ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS]
    )
    return (
        Stage.objects.filter(roadmap_id=Subquery(latest.values("id")[:1]))
        .filter(Exists(unfinished))
        .select_related("roadmap")
        .order_by("position", "id")
        .first()
    )


def items_finished_between(learner: User, first: date, last: date) -> int:
    start, end = local_day_bounds(learner, first, last)
    return (
        own_items(learner)
        .filter(status=ItemStatus.DONE, finished_at__gte=start, finished_at__lt=end)
        .count()
    )
