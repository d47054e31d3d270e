"""Roadmap pages. Every change posts to a small view that calls a service; with htmx the
response is the roadmap body (stages, items, progress) swapped in place, without it a
redirect back to the page, so everything works without JavaScript too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.lookups import or_404
from curriculum import services
from curriculum.forms import ImportForm, ItemForm, RoadmapForm, StageForm
from curriculum.models import Item, ItemStatus, Roadmap, Stage
from curriculum.page import UNDO_KEY
from curriculum.page import answer as _done
from curriculum.page import body_context as _body_context
from curriculum.page import editor_page as _editor_page
from curriculum.page import learner_message as _error
from curriculum.selectors import (
    own_item,
    own_roadmap,
    own_stage,
    visible_roadmap,
    with_template_figures,
)


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
    templates = with_template_figures(_with_progress(Roadmap.objects.templates())).order_by("title")
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
    templates = with_template_figures(_with_progress(Roadmap.objects.templates()))
    return render(
        request,
        "curriculum/roadmap_list.html",
        {"roadmaps": mine, "templates": templates, "form": form},
        status=400,
    )


@require_GET
def roadmap_detail(request, pk: int):
    """The roadmap page: the owner edits it; anyone reads it when it is public."""
    context = _body_context(request, pk)
    if context["is_owner"]:
        context["settings_form"] = RoadmapForm(instance=context["roadmap"], auto_id="roadmap-%s")
    return render(request, "curriculum/roadmap_detail.html", context)


def _apply(request, roadmap_id: int, change, at: str = ""):
    """Run one service call and answer with the refreshed roadmap, or with its error next to
    the control `at` names ("item-<pk>", "stage-<pk>"; empty: the top of the roadmap)."""
    try:
        change()
    except ValidationError as exc:
        return _done(request, roadmap_id, error=_error(exc), error_at=at)
    return _done(request, roadmap_id)


@login_required
@require_POST
def roadmap_settings(request, pk: int):
    roadmap = _own_roadmap(request, pk)
    form = RoadmapForm(
        request.POST, instance=Roadmap.objects.get(pk=roadmap.pk), auto_id="roadmap-%s"
    )
    if form.is_valid():
        try:
            services.roadmap_update(learner=request.user, roadmap=roadmap, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        return _done(request, pk, settings_form=form)
    messages.success(request, "Roadmap saved.")
    return redirect("curriculum:roadmap_detail", pk=pk)


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


PREVIEW_SOURCE_LINES = 3000


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_import_page(request):
    """Preview first (the roadmap beside its source, and every line left out), then create
    it when the learner confirms the text the preview showed."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        upload = fields.get("file")
        try:
            source = services.roadmap_import_source(
                learner=request.user,
                data=upload.read() if upload is not None else fields["text"],
                filename=upload.name if upload is not None else fields["filename"],
                base_url=fields.get("base_url") or "",
                url=fields.get("url") or "",
            )
            outline = services.roadmap_import_preview(source)
        except ValidationError as exc:
            form.add_error(form.source_field(), exc.messages)
        else:
            if fields["action"] == "confirm":
                roadmap = services.roadmap_import(learner=request.user, outline=outline)
                messages.success(
                    request,
                    f"Imported {len(outline.stages)} stages and {outline.item_count} items.",
                )
                for warning in outline.warnings:
                    messages.warning(request, warning)
                return redirect("curriculum:roadmap_detail", pk=roadmap.pk)
            return _import_preview(request, source, outline)
    status = 400 if request.method == "POST" else 200
    return render(request, "curriculum/import.html", {"form": form}, status=status)


def _import_preview(request, source, outline):
    reasons = {entry.line: entry.reason for entry in outline.left_out}
    lines = source.text.split("\n")
    shown = [
        (number, line, reasons.get(number))
        for number, line in enumerate(lines[:PREVIEW_SOURCE_LINES], 1)
    ]
    confirm = ImportForm(
        initial={
            "text": source.text,
            "base_url": source.base_url,
            "filename": source.filename,
        }
    )
    context = {
        "form": confirm,
        "outline": outline,
        "source_lines": shown,
        "hidden_lines": max(0, len(lines) - PREVIEW_SOURCE_LINES),
        "base_url": source.base_url,
    }
    return render(request, "curriculum/import_preview.html", context)


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


def _editor_page_change(request, item, change):
    """A step or link change posted from the editor page without JavaScript."""
    try:
        change(item)
    except ValidationError as exc:
        form = ItemForm(instance=item, auto_id=f"edit-{item.pk}-%s")
        return _editor_page(request, item, form, status=400, step_error=_error(exc))
    return redirect("curriculum:item_edit", pk=item.pk)


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
