"""Read-only roadmap pages anyone allowed to read the roadmap may open: the path view (stages as
a visual path, in the spirit of roadmap.sh) and one item's page (its note and steps). Both use
the one visibility rule, Roadmap.objects.visible_to: a private roadmap is a 404 to others."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.lookups import or_404
from curriculum.models import ItemStatus
from curriculum.selectors import roadmap_view, visible_item, visible_roadmap_with_content


@require_GET
def roadmap_path(request, pk: int):
    roadmap = or_404(visible_roadmap_with_content, request.user, pk)
    view = roadmap_view(roadmap)
    for number, stage_view in enumerate(view.stages, start=1):
        stage_view.number = number
        progress = stage_view.progress
        if progress.total and not progress.remaining:
            stage_view.state = "done"
        elif progress.done or any(i.status == ItemStatus.IN_PROGRESS for i in stage_view.items):
            stage_view.state = "in_progress"
        else:
            stage_view.state = "not_started"
    is_owner = request.user.is_authenticated and roadmap.owner_id == request.user.pk
    return render(
        request,
        "curriculum/roadmap_path.html",
        {"roadmap": roadmap, "view": view, "is_owner": is_owner, "statuses": ItemStatus.choices},
    )


@require_GET
def item_detail(request, pk: int):
    item = or_404(visible_item, request.user, pk)
    roadmap = item.stage.roadmap
    is_owner = (
        request.user.is_authenticated
        and roadmap.owner_id == request.user.pk
        and not roadmap.is_template
    )
    return render(
        request,
        "curriculum/item_detail.html",
        {"item": item, "roadmap": roadmap, "is_owner": is_owner},
    )
