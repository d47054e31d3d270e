"""Roadmap pages: the list, a new one, one roadmap, its settings, delete, use, export, import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.lookups import or_404
from curriculum import services
from curriculum.forms import ImportForm, RoadmapForm
from curriculum.models import Roadmap
from curriculum.page import answer as _done
from curriculum.page import body_context as _body_context
from curriculum.selectors import visible_roadmap, with_template_figures
from curriculum.views.common import _own_roadmap, _with_progress


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
