"""Stage and item changes posted from the roadmap page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods, require_POST

from curriculum import services
from curriculum.forms import ItemForm, StageForm
from curriculum.models import Item, Stage
from curriculum.page import UNDO_KEY
from curriculum.page import answer as _done
from curriculum.page import editor_page as _editor_page
from curriculum.page import learner_message as _error
from curriculum.views.common import _apply, _own_item, _own_roadmap, _own_stage

# --- stages ----------------------------------------------------------------------------------


@login_required
@require_POST
def stage_add(request, pk: int):
    roadmap = _own_roadmap(request, pk)
    form = StageForm(request.POST, auto_id="new-stage-%s")
    if not form.is_valid():
        return _done(request, pk, stage_form=form)
    return _apply(
        request,
        pk,
        lambda: services.stage_create(learner=request.user, roadmap=roadmap, **form.cleaned_data),
    )


@login_required
@require_POST
def stage_rename(request, pk: int):
    stage = _own_stage(request, pk)
    return _apply(
        request,
        stage.roadmap_id,
        lambda: services.stage_rename(
            learner=request.user, stage=stage, title=request.POST.get("title", "")
        ),
        at=f"stage-{stage.pk}",
    )


@login_required
@require_POST
def stage_delete(request, pk: int):
    stage = _own_stage(request, pk)
    services.stage_delete(learner=request.user, stage=stage)
    request.session[UNDO_KEY] = {"kind": "stage", "id": stage.pk, "title": stage.title}
    return _done(request, stage.roadmap_id)


@login_required
@require_POST
def stage_restore(request, pk: int):
    stage = get_object_or_404(Stage.all_objects.owned_by(request.user), pk=pk)
    return _apply(
        request,
        stage.roadmap_id,
        lambda: services.stage_restore(learner=request.user, stage_id=stage.pk),
    )


@login_required
@require_POST
def stage_move(request, pk: int):
    stage = _own_stage(request, pk)
    return _apply(
        request,
        stage.roadmap_id,
        lambda: services.stage_move(
            learner=request.user, stage=stage, direction=request.POST.get("direction", "")
        ),
        at=f"stage-{stage.pk}",
    )


# --- items -----------------------------------------------------------------------------------


@login_required
@require_POST
def item_add(request, pk: int):
    stage = _own_stage(request, pk)
    form = ItemForm(request.POST, auto_id=f"add-{stage.pk}-%s")
    if not form.is_valid():
        return _done(request, stage.roadmap_id, add_form=(stage.pk, form))
    return _apply(
        request,
        stage.roadmap_id,
        lambda: services.item_create(learner=request.user, stage=stage, **form.cleaned_data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    """The item's editor: its fields, steps and link. htmx loads it into the item's row; without
    JavaScript it is a page of its own."""
    item = _own_item(request, pk)
    roadmap_id = item.stage.roadmap_id
    if request.method == "GET":
        return _editor_page(request, item, ItemForm(instance=item, auto_id=f"edit-{pk}-%s"))
    form = ItemForm(request.POST, instance=Item.objects.get(pk=item.pk), auto_id=f"edit-{pk}-%s")
    if not form.is_valid():
        if not request.headers.get("HX-Request"):
            return _editor_page(request, item, form, status=400)
        return _done(request, roadmap_id, editing=item.pk, edit_form=form)
    return _apply(
        request,
        roadmap_id,
        lambda: services.item_update(learner=request.user, item=item, **form.cleaned_data),
        at=f"item-{item.pk}",
    )


@login_required
@require_POST
def item_delete(request, pk: int):
    item = _own_item(request, pk)
    services.item_delete(learner=request.user, item=item)
    request.session[UNDO_KEY] = {"kind": "item", "id": item.pk, "title": item.title}
    return _done(request, item.stage.roadmap_id)


@login_required
@require_POST
def item_restore(request, pk: int):
    item = get_object_or_404(Item.all_objects.owned_by(request.user).select_related("stage"), pk=pk)
    return _apply(
        request,
        item.stage.roadmap_id,
        lambda: services.item_restore(learner=request.user, item_id=item.pk),
    )


@login_required
@require_POST
def item_move(request, pk: int):
    item = _own_item(request, pk)
    return _apply(
        request,
        item.stage.roadmap_id,
        lambda: services.item_move(
            learner=request.user, item=item, direction=request.POST.get("direction", "")
        ),
        at=f"item-{item.pk}",
    )


@login_required
@require_POST
def item_status(request, pk: int):
    """One-click status change; the focus guard answers with the unfinished items and a
    "start anyway" button."""
    item = _own_item(request, pk)
    roadmap_id = item.stage.roadmap_id
    try:
        services.item_status_set(
            learner=request.user,
            item=item,
            status=request.POST.get("status", ""),
            confirm=request.POST.get("confirm") == "1",
        )
    except services.FocusGuard as guard:
        return _done(
            request, roadmap_id, focus_guard={"item": item, "unfinished": guard.unfinished}
        )
    except ValidationError as exc:
        return _done(request, roadmap_id, error=_error(exc), error_at=f"item-{item.pk}")
    return _done(request, roadmap_id)
