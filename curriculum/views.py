"""Roadmap pages. Every change posts to a small view that calls a service; with htmx the
response is the roadmap body (stages, items, progress) swapped in place, without it a
redirect back to the page, so everything works without JavaScript too."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.lookups import or_404
from curriculum import pace, services
from curriculum.forms import ImportForm, ItemForm, RoadmapForm, StageForm
from curriculum.models import Item, ItemKind, ItemStatus, Roadmap, Stage
from curriculum.selectors import (
    also_in,
    own_item,
    own_roadmap,
    own_stage,
    roadmap_view,
    roadmap_with_content,
    visible_roadmap,
    with_recent_minutes,
)

UNDO_KEY = "curriculum_undo"


def _own_roadmap(request, pk: int) -> Roadmap:
    return or_404(own_roadmap, request.user, pk)


def _own_stage(request, pk: int) -> Stage:
    return or_404(own_stage, request.user, pk)


def _own_item(request, pk: int) -> Item:
    return or_404(own_item, request.user, pk)


def _with_progress(queryset):
    # The list counts whole items done in SQL (as the portfolio does); the roadmap page
    # counts an unfinished item's ticked checklist share too (pace.progress_of), so a
    # half-ticked item shows there as half and here as not yet done.
    return queryset.annotate(
        items_total=Count(
            "stages__items",
            filter=~Q(stages__items__status=ItemStatus.SKIPPED)
            & Q(stages__items__deleted_at__isnull=True, stages__deleted_at__isnull=True),
        ),
        items_done=Count(
            "stages__items",
            filter=Q(
                stages__items__status=ItemStatus.DONE,
                stages__items__deleted_at__isnull=True,
                stages__deleted_at__isnull=True,
            ),
        ),
    )


@login_required
@require_GET
def roadmap_list(request):
    mine = _with_progress(Roadmap.objects.owned_by(request.user)).order_by("-updated_at")
    templates = _with_progress(Roadmap.objects.templates()).order_by("title")
    return render(
        request,
        "curriculum/roadmap_list.html",
        {"roadmaps": mine, "templates": templates, "form": RoadmapForm()},
    )


@login_required
@require_POST
def roadmap_new(request):
    form = RoadmapForm(request.POST)
    if form.is_valid():
        try:
            roadmap = services.roadmap_create(learner=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("curriculum:roadmap_detail", pk=roadmap.pk)
    mine = _with_progress(Roadmap.objects.owned_by(request.user))
    templates = _with_progress(Roadmap.objects.templates())
    return render(
        request,
        "curriculum/roadmap_list.html",
        {"roadmaps": mine, "templates": templates, "form": form},
        status=400,
    )


def _body_context(request, roadmap_id: int, **extra) -> dict:
    since = timezone.localdate() - timedelta(days=pace.PACE_WINDOW_DAYS - 1)
    roadmap = get_object_or_404(
        roadmap_with_content(with_recent_minutes(Roadmap.objects.visible_to(request.user), since)),
        pk=roadmap_id,
    )
    is_owner = request.user.is_authenticated and roadmap.owner_id == request.user.pk
    view = roadmap_view(roadmap)
    # Other roadmaps' titles are the owner's private business: only the owner sees them.
    others = also_in(roadmap, [i for sv in view.stages for i in sv.items]) if is_owner else {}
    for stage_view in view.stages:
        # One add-item form per stage, each with its own field ids.
        stage_view.item_form = ItemForm(auto_id=f"item-{stage_view.stage.pk}-%s")
        for item in stage_view.items:
            item.also_in = others.get(item.resource_key, []) if item.linked else []
            steps = [step for step in item.checklist if isinstance(step, dict)]
            item.all_ticked = bool(steps) and all(step.get("done") is True for step in steps)
    context = {
        "view": view,
        "roadmap": roadmap,
        "is_owner": is_owner and not roadmap.is_template,
        "statuses": ItemStatus.choices,
        "item_kinds": ItemKind.choices,
        "stage_form": StageForm(auto_id="new-stage-%s"),
        "undo": request.session.pop(UNDO_KEY, None) if is_owner else None,
    }
    context.update(extra)
    return context


@require_GET
def roadmap_detail(request, pk: int):
    """The roadmap page: the owner edits it; anyone reads it when it is public."""
    context = _body_context(request, pk)
    if context["is_owner"]:
        context["settings_form"] = RoadmapForm(instance=context["roadmap"], auto_id="roadmap-%s")
    return render(request, "curriculum/roadmap_detail.html", context)


def _done(request, roadmap_id: int, **extra):
    if request.headers.get("HX-Request"):
        return render(
            request, "curriculum/_roadmap_body.html", _body_context(request, roadmap_id, **extra)
        )
    if extra.get("focus_guard") or extra.get("error"):
        context = _body_context(request, roadmap_id, **extra)
        context["settings_form"] = RoadmapForm(instance=context["roadmap"], auto_id="roadmap-%s")
        return render(request, "curriculum/roadmap_detail.html", context, status=400)
    return redirect("curriculum:roadmap_detail", pk=roadmap_id)


def _error(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _apply(request, roadmap_id: int, change):
    """Run one service call and answer with the refreshed roadmap, or with its error."""
    try:
        change()
    except ValidationError as exc:
        return _done(request, roadmap_id, error=_error(exc))
    return _done(request, roadmap_id)


@login_required
@require_POST
def roadmap_settings(request, pk: int):
    roadmap = _own_roadmap(request, pk)
    form = RoadmapForm(request.POST, instance=Roadmap.objects.get(pk=roadmap.pk))
    if not form.is_valid():
        return _done(request, pk, error=_form_errors(form))
    try:
        services.roadmap_update(learner=request.user, roadmap=roadmap, **form.cleaned_data)
    except ValidationError as exc:
        return _done(request, pk, error=_error(exc))
    messages.success(request, "Roadmap saved.")
    return redirect("curriculum:roadmap_detail", pk=pk)


def _form_errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )


@login_required
@require_POST
def roadmap_delete(request, pk: int):
    roadmap = _own_roadmap(request, pk)
    services.roadmap_delete(learner=request.user, roadmap=roadmap)
    messages.success(request, f"Deleted “{roadmap.title}”.")
    return redirect("curriculum:roadmap_list")


@login_required
@require_POST
def roadmap_use(request, pk: int):
    """ "Use this roadmap": copy a template or a public roadmap into your own."""
    source = or_404(visible_roadmap, request.user, pk)
    copy = services.roadmap_copy(learner=request.user, source=source)
    messages.success(request, f"“{copy.title}” is yours now: edit it freely.")
    return redirect("curriculum:roadmap_detail", pk=copy.pk)


@require_GET
def roadmap_export_download(request, pk: int, fmt: str):
    roadmap = or_404(visible_roadmap, request.user, pk)
    if fmt not in services.EXPORT_FORMATS:
        raise Http404
    text = services.roadmap_export(roadmap=roadmap, format=fmt)
    content_type = "application/json" if fmt == "json" else "text/markdown"
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roadmap-{roadmap.pk}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        data = upload.read() if upload is not None else form.cleaned_data["text"]
        filename = upload.name if upload is not None else ""
        try:
            roadmap, outline = services.roadmap_import_file(
                learner=request.user,
                data=data,
                filename=filename,
                base_url=form.cleaned_data.get("base_url") or "",
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                f"Imported {len(outline.stages)} stages and {outline.item_count} items.",
            )
            for warning in outline.warnings:
                messages.warning(request, warning)
            return redirect("curriculum:roadmap_detail", pk=roadmap.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "curriculum/import.html", {"form": form}, status=status)


# --- stages ----------------------------------------------------------------------------------


@login_required
@require_POST
def stage_add(request, pk: int):
    roadmap = _own_roadmap(request, pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        return _done(request, pk, error=_form_errors(form))
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
    )


# --- items -----------------------------------------------------------------------------------


@login_required
@require_POST
def item_add(request, pk: int):
    stage = _own_stage(request, pk)
    form = ItemForm(request.POST)
    if not form.is_valid():
        return _done(request, stage.roadmap_id, error=_form_errors(form))
    return _apply(
        request,
        stage.roadmap_id,
        lambda: services.item_create(learner=request.user, stage=stage, **form.cleaned_data),
    )


@login_required
@require_POST
def item_edit(request, pk: int):
    item = _own_item(request, pk)
    roadmap_id = item.stage.roadmap_id
    form = ItemForm(request.POST, instance=Item.objects.get(pk=item.pk))
    if not form.is_valid():
        return _done(request, roadmap_id, error=_form_errors(form))
    return _apply(
        request,
        roadmap_id,
        lambda: services.item_update(learner=request.user, item=item, **form.cleaned_data),
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
        return _done(request, roadmap_id, error=_error(exc))
    return _done(request, roadmap_id)


# --- checklists and links --------------------------------------------------------------------


def _item_change(request, pk: int, change) -> HttpResponse:
    item = _own_item(request, pk)
    try:
        change(item)
    except ValidationError as exc:
        return _done(request, item.stage.roadmap_id, error=_error(exc))
    return _done(request, item.stage.roadmap_id)


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
