"""Reads that pages, the API and the exporters share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from curriculum import pace
from curriculum.importing import Outline, OutlineItem, OutlineStage
from curriculum.importing.outline import ChecklistEntry
from curriculum.models import Item, ItemStatus, Roadmap, Stage


def _sessions_on_resources(roadmap, owner_id, since: date) -> QuerySet:
    """The owner's sessions since `since` on the roadmap's live items, or on their linked
    items elsewhere holding the same resource as one of its linked items. It filters session
    rows, so each session counts once however many items share its resource."""
    from journal.models import StudySession  # the journal builds on the curriculum

    live = Item.objects.filter(stage__roadmap=roadmap)
    keys = live.filter(linked=True).exclude(resource_key="").values("resource_key")
    return StudySession.objects.filter(
        Q(item__in=live.values("pk"))
        | Q(
            item__linked=True, item__resource_key__in=keys, item__stage__roadmap__owner_id=owner_id
        ),
        learner_id=owner_id,
        local_date__gte=since,
    ).order_by()


def logged_minutes_by_day(roadmap: Roadmap, since: date) -> dict[date, int]:
    """Minutes the owner logged on this roadmap's resources per day since `since` (the
    learner's local day → minutes), each session once. One query."""
    if roadmap.owner_id is None or roadmap.is_template:
        return {}
    sessions = _sessions_on_resources(roadmap, roadmap.owner_id, since)
    return dict(sessions.values_list("local_date").annotate(total=Sum("minutes")))


def with_recent_minutes(queryset: QuerySet, since: date) -> QuerySet:
    """Roadmaps annotated with `recent_minutes` (logged_minutes_by_day's total) and
    `first_logged_on` (the first day ever logged on them) in the same query, so the roadmap
    page pays no query for its pace."""
    sessions = _sessions_on_resources(OuterRef(OuterRef("pk")), OuterRef("owner_id"), since)
    total = sessions.values("learner_id").annotate(total=Sum("minutes")).values("total")
    ever = _sessions_on_resources(OuterRef(OuterRef("pk")), OuterRef("owner_id"), date.min)
    first = ever.values("learner_id").annotate(first=Min("local_date")).values("first")
    return queryset.annotate(
        recent_minutes=Coalesce(Subquery(total[:1]), 0), first_logged_on=Subquery(first[:1])
    )


def roadmap_with_content(queryset: QuerySet | None = None) -> QuerySet:
    """Roadmaps with owner, live stages and their live items: three queries, however many
    items."""
    queryset = queryset if queryset is not None else Roadmap.objects.all()
    return queryset.select_related("owner", "origin_template", "copied_from").prefetch_related(
        Prefetch(
            "stages",
            queryset=Stage.objects.order_by("position", "id").prefetch_related(
                Prefetch("items", queryset=Item.objects.order_by("position", "id"))
            ),
        )
    )


# --- the learner's own rows, by id: DoesNotExist for a missing id and another learner's alike


def own_roadmap(learner, pk: int) -> Roadmap:
    return Roadmap.objects.owned_by(learner).get(pk=pk)


def own_stage(learner, pk: int) -> Stage:
    return Stage.objects.owned_by(learner).select_related("roadmap").get(pk=pk)


def own_item(learner, pk: int) -> Item:
    return Item.objects.owned_by(learner).select_related("stage__roadmap").get(pk=pk)


def visible_roadmap(viewer, pk: int) -> Roadmap:
    return Roadmap.objects.visible_to(viewer).get(pk=pk)


def visible_roadmap_with_content(viewer, pk: int) -> Roadmap:
    return roadmap_with_content(Roadmap.objects.visible_to(viewer)).get(pk=pk)


def visible_item(viewer, pk: int) -> Item:
    """A live item of a roadmap the viewer may read (Roadmap.objects.visible_to)."""
    return Item.objects.visible_to(viewer).select_related("stage__roadmap__owner").get(pk=pk)


def in_progress_items(learner) -> QuerySet:
    return (
        Item.objects.owned_by(learner)
        .filter(status=ItemStatus.IN_PROGRESS)
        .select_related("stage__roadmap")
        .order_by("status_changed_at", "id")
    )


@dataclass
class StageView:
    stage: Stage
    items: list[Item]
    progress: pace.Progress
    forecast: pace.Forecast


@dataclass
class RoadmapView:
    roadmap: Roadmap
    stages: list[StageView] = field(default_factory=list)
    progress: pace.Progress | None = None
    forecast: pace.Forecast | None = None


def progress_rows(items) -> list[tuple]:
    """(status, estimated hours, steps ticked, steps) per item, for pace.progress_of."""
    rows = []
    for item in items:
        steps = [step for step in item.checklist if isinstance(step, dict)]
        ticked = sum(1 for step in steps if step.get("done") is True)
        rows.append((item.status, item.estimated_hours, ticked, len(steps)))
    return rows


def _local_day(moment) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _first_day(items) -> date | None:
    """The first day anything happened on these items (started or finished)."""
    days = [
        day
        for item in items
        for day in (_local_day(item.started_at), _local_day(item.finished_at))
        if day is not None
    ]
    return min(days) if days else None


def roadmap_view(roadmap: Roadmap, today: date | None = None) -> RoadmapView:
    """Progress and pace forecast of a roadmap loaded with roadmap_with_content.

    The work is weighed in estimated hours where items have them (pace.weights: an item
    without one weighs the mean estimate; with no estimate at all it counts items). The pace
    is the last 28 days' logged hours on this roadmap when the journal has any, else the
    weight of the items finished in those days, per week. No "ahead" or "behind" until the
    roadmap, and the stage, have a week of data."""
    today = today or timezone.localdate()
    stages = list(roadmap.stages.all())
    stage_items = [list(stage.items.all()) for stage in stages]
    all_items = [item for items in stage_items for item in items]
    stage_rows = [progress_rows(items) for items in stage_items]
    all_rows = [row for rows in stage_rows for row in rows]
    all_weights = pace.weights(all_rows)
    by_hours = any(row[1] for row in all_rows if row[0] != ItemStatus.SKIPPED)
    since = today - timedelta(days=pace.PACE_WINDOW_DAYS - 1)
    recent = getattr(roadmap, "recent_minutes", None)
    first_logged = getattr(roadmap, "first_logged_on", None)
    # with_recent_minutes gave the window's total: the pace only needs the sum.
    minutes = {today: recent} if recent else {}
    if recent is None:
        minutes = logged_minutes_by_day(roadmap, since)
        first_logged = min(minutes) if minutes else None
    if by_hours and minutes:
        rate = pace.hours_per_week(minutes, today)
    else:
        finished = [
            (_local_day(item.finished_at), weight)
            for item, weight in zip(all_items, all_weights, strict=True)
            if item.status == ItemStatus.DONE and item.finished_at
        ]
        if by_hours:
            done_hours = sum(weight for day, weight in finished if since <= day <= today)
            rate = done_hours * 7 / pace.PACE_WINDOW_DAYS
        else:
            rate = pace.items_per_week([day for day, _ in finished], today)
    activity = [day for day in (_first_day(all_items), first_logged) if day is not None]
    data_since = min(activity) if activity else None
    roadmap_judged = pace.has_a_week_of_data(data_since, today)
    targets = pace.stage_targets(
        roadmap.started_on, [stage.planned_weeks for stage in stages], roadmap.target_end
    )
    view = RoadmapView(roadmap=roadmap)
    remaining_before = 0.0
    offset = 0
    for stage, items, rows, target in zip(stages, stage_items, stage_rows, targets, strict=True):
        stage_weights = all_weights[offset : offset + len(rows)]
        offset += len(rows)
        progress = pace.progress_of(rows)
        left = pace.remaining_work(rows, stage_weights)
        # Stages are done in order: a stage finishes after everything before it.
        remaining_before += left
        judged = roadmap_judged and (
            pace.has_a_week_of_data(_first_day(items), today)
            or (target is not None and target < today)
        )
        forecast = pace.forecast_finish(
            remaining=remaining_before if left > 0 else 0,
            rate_per_week=rate,
            today=today,
            target=target,
            by_hours=by_hours,
            data_since=data_since if judged else today,
        )
        view.stages.append(StageView(stage, items, progress, forecast))
    view.progress = pace.progress_of(all_rows)
    view.forecast = pace.forecast_finish(
        remaining=pace.remaining_work(all_rows, all_weights),
        rate_per_week=rate,
        today=today,
        target=roadmap.target_end,
        by_hours=by_hours,
        data_since=data_since or today,
    )
    return view


def roadmap_outline(roadmap: Roadmap) -> Outline:
    """The roadmap as an Outline, for the exporters."""
    roadmap = roadmap_with_content(Roadmap.objects.filter(pk=roadmap.pk)).get()
    return Outline(
        title=roadmap.title,
        description=roadmap.description,
        stages=[
            OutlineStage(
                title=stage.title,
                kind=stage.kind,
                planned_weeks=stage.planned_weeks,
                description=stage.description,
                declared=True,
                items=[
                    OutlineItem(
                        title=item.title,
                        url=item.url,
                        kind=item.kind,
                        estimated_hours=item.estimated_hours,
                        status=item.status,
                        note=item.note,
                        checklist=[
                            ChecklistEntry(text=str(c.get("text", "")), done=c.get("done") is True)
                            for c in item.checklist
                            if isinstance(c, dict) and c.get("text")
                        ],
                        project_slug=item.project_slug,
                    )
                    for item in stage.items.all()
                ],
            )
            for stage in roadmap.stages.all()
        ],
    )


def linked_items(learner, key: str) -> QuerySet:
    """The learner's live items on the resource `key` that follow it (linked), in any of their
    own roadmaps: never another learner's, never a template's."""
    if not key:
        return Item.objects.none()
    return Item.objects.owned_by(learner).filter(resource_key=key, linked=True)


def also_in(roadmap: Roadmap, items: list[Item]) -> dict[str, list[tuple[int, str]]]:
    """For the linked items of `roadmap`: resource_key → the owner's other roadmaps (id,
    title) holding the same resource. One query, however many items."""
    keys = {item.resource_key for item in items if item.linked and item.resource_key}
    if not keys or roadmap.owner_id is None or roadmap.is_template:
        return {}
    rows = (
        Item.objects.filter(
            resource_key__in=keys,
            linked=True,
            stage__roadmap__owner_id=roadmap.owner_id,
            stage__roadmap__is_template=False,
        )
        .exclude(stage__roadmap=roadmap)
        .values_list("resource_key", "stage__roadmap_id", "stage__roadmap__title")
        .order_by("stage__roadmap__title", "stage__roadmap_id")
        .distinct()
    )
    found: dict[str, list[tuple[int, str]]] = {}
    for key, roadmap_id, title in rows:
        found.setdefault(key, []).append((roadmap_id, title))
    return found


def with_template_figures(queryset: QuerySet) -> QuerySet:
    """Templates (or any roadmaps) annotated with what a learner choosing one wants to know:
    `stage_count`, `total_weeks` (planned) and `total_hours` (estimated), in the same query."""
    stages = (
        Stage.objects.filter(roadmap=OuterRef("pk"))
        .order_by()
        .values("roadmap")
        .annotate(weeks=Sum("planned_weeks"), count=Count("id"))
    )
    hours = (
        Item.objects.filter(stage__roadmap=OuterRef("pk"))
        .exclude(status=ItemStatus.SKIPPED)
        .order_by()
        .values("stage__roadmap")
        .annotate(hours=Sum("estimated_hours"))
        .values("hours")
    )
    return queryset.annotate(
        stage_count=Coalesce(Subquery(stages.values("count")[:1]), 0),
        total_weeks=Subquery(stages.values("weeks")[:1]),
        total_hours=Subquery(hours[:1]),
    )
