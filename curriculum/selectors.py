"""Reads that pages, the API and the exporters share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from curriculum import pace
from curriculum.importing import Outline, OutlineItem, OutlineStage
from curriculum.importing.outline import ChecklistEntry
from curriculum.models import Item, ItemStatus, Roadmap, Stage


def logged_minutes_by_day(roadmap: Roadmap, since: date) -> dict[date, int]:
    """Minutes the owner logged on this roadmap's items per day since `since` (a day in the
    learner's timezone → minutes). The journal app supplies this once it lands; until then
    it is empty and the forecast uses items done per week instead."""
    return {}


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


def in_progress_items(learner) -> QuerySet:
    return (
        Item.objects.filter(
            status=ItemStatus.IN_PROGRESS,
            stage__deleted_at__isnull=True,
            stage__roadmap__owner=learner,
            stage__roadmap__is_template=False,
        )
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


def roadmap_view(roadmap: Roadmap, today: date | None = None) -> RoadmapView:
    """Progress and pace forecast of a roadmap loaded with roadmap_with_content. The pace is
    the last 28 days' logged hours on this roadmap when the journal has any, else items
    finished per week."""
    today = today or timezone.localdate()
    stages = list(roadmap.stages.all())
    all_items = [item for stage in stages for item in stage.items.all()]
    since = today - timedelta(days=pace.PACE_WINDOW_DAYS - 1)
    minutes = logged_minutes_by_day(roadmap, since)
    by_hours = bool(minutes)
    if by_hours:
        rate = pace.hours_per_week(minutes, today)
    else:
        done_days = [
            timezone.localtime(item.finished_at).date()
            for item in all_items
            if item.status == ItemStatus.DONE and item.finished_at
        ]
        rate = pace.items_per_week(done_days, today)
    targets = pace.stage_targets(
        roadmap.started_on, [stage.planned_weeks for stage in stages], roadmap.target_end
    )
    view = RoadmapView(roadmap=roadmap)
    remaining_before = 0.0
    for stage, target in zip(stages, targets, strict=True):
        items = list(stage.items.all())
        progress = pace.progress_of((item.status, item.estimated_hours) for item in items)
        if by_hours:
            left = float(progress.estimated_hours - progress.done_hours)
        else:
            left = float(progress.remaining)
        # Stages are done in order: a stage finishes after everything before it.
        remaining_before += left
        forecast = pace.forecast_finish(
            remaining=remaining_before if left > 0 else 0,
            rate_per_week=rate,
            today=today,
            target=target,
            by_hours=by_hours,
        )
        view.stages.append(StageView(stage, items, progress, forecast))
    view.progress = pace.progress_of((item.status, item.estimated_hours) for item in all_items)
    left = (
        float(view.progress.estimated_hours - view.progress.done_hours)
        if by_hours
        else float(view.progress.remaining)
    )
    view.forecast = pace.forecast_finish(
        remaining=left, rate_per_week=rate, today=today, target=roadmap.target_end,
        by_hours=by_hours,
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
