"""Checklist steps and linked progress, posted from the roadmap page or an item's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from curriculum import services
from curriculum.page import answer as _done
from curriculum.page import learner_message as _error
from curriculum.views.common import _editor_page_change, _own_item

# --- checklists and links --------------------------------------------------------------------


def _item_change(request, pk: int, change) -> HttpResponse:
    """A checklist or link change, from the item's row or from its open editor (which stays
    open, with any error in it)."""
    item = _own_item(request, pk)
    roadmap_id = item.stage.roadmap_id
    in_editor = {"editing": item.pk} if request.POST.get("in_editor") == "1" else {}
    if in_editor and not request.headers.get("HX-Request"):
        return _editor_page_change(request, item, change)
    try:
        change(item)
    except ValidationError as exc:
        if in_editor:
            return _done(
                request,
                roadmap_id,
                step_error=_error(exc),
                error=_error(exc),
                error_at="editor",
                **in_editor,
            )
        return _done(request, roadmap_id, error=_error(exc), error_at=f"item-{item.pk}")
    return _done(request, roadmap_id, **in_editor)


@login_required
@require_POST
def step_add(request, pk: int):
    return _item_change(
        request,
        pk,
        lambda item: services.checklist_step_add(
            learner=request.user, item=item, text=request.POST.get("text", "")
        ),
    )


@login_required
@require_POST
def step_tick(request, pk: int, index: int):
    return _item_change(
        request,
        pk,
        lambda item: services.checklist_step_tick(
            learner=request.user, item=item, index=index, done=request.POST.get("done") == "1"
        ),
    )


@login_required
@require_POST
def step_rename(request, pk: int, index: int):
    return _item_change(
        request,
        pk,
        lambda item: services.checklist_step_rename(
            learner=request.user, item=item, index=index, text=request.POST.get("text", "")
        ),
    )


@login_required
@require_POST
def step_remove(request, pk: int, index: int):
    return _item_change(
        request,
        pk,
        lambda item: services.checklist_step_remove(learner=request.user, item=item, index=index),
    )


@login_required
@require_POST
def item_link(request, pk: int):
    """Unlink an item from the same link elsewhere ("a different thing"), or link it again."""
    return _item_change(
        request,
        pk,
        lambda item: services.item_link(
            learner=request.user, item=item, linked=request.POST.get("linked") == "1"
        ),
    )
