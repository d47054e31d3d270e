"""Pages for notebooks as posts: upload, preview, new version, publish, delete; images."""

from __future__ import annotations

import mimetypes

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tracking import notebooks
from tracking.models import LoggedRun, Notebook
from tracking.notebook_render import sanitise_again


class NotebookForm(forms.Form):
    file = forms.FileField(
        label="Executed notebook (.ipynb)",
        widget=forms.ClearableFileInput(attrs={"accept": ".ipynb"}),
    )
    title = forms.CharField(
        max_length=200, required=False, help_text="Leave empty to use the file's name."
    )
    item = forms.TypedChoiceField(
        label="Roadmap item", required=False, coerce=int, empty_value=None
    )
    logged_run = forms.TypedChoiceField(
        label="Logged run", required=False, coerce=int, empty_value=None
    )
    published = forms.BooleanField(label="Publish on my portfolio now", required=False)

    def __init__(self, *args, learner, **kwargs):
        super().__init__(*args, **kwargs)
        from curriculum.models import Item

        items = Item.objects.owned_by(learner).order_by("title")[:500]
        self.fields["item"].choices = [("", "None")] + [(i.pk, i.title) for i in items]
        runs = LoggedRun.objects.owned_by(learner).filter(deleted=False)[:200]
        self.fields["logged_run"].choices = [("", "None")] + [
            (r.pk, r.name or r.run_id[:8]) for r in runs
        ]


def _report(request, dropped: list[str]) -> None:
    if dropped:
        messages.warning(
            request,
            "Left out of the post: "
            + "; ".join(dropped[:10])
            + (f" and {len(dropped) - 10} more." if len(dropped) > 10 else "."),
        )


def _apply_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_http_methods(["GET", "POST"])
def notebook_list(request):
    form = NotebookForm(request.POST or None, request.FILES or None, learner=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                notebook, dropped = notebooks.notebook_upload(
                    learner=request.user,
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    item=form.cleaned_data["item"],
                    logged_run=form.cleaned_data["logged_run"],
                    published=form.cleaned_data["published"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, f"Rendered {notebook.cells} cells.")
                _report(request, dropped)
                return redirect("tracking:notebook", notebook_id=notebook.pk)
        status = 400
    mine = Notebook.objects.owned_by(request.user).only(
        "title", "published", "updated_at", "cells", "version"
    )
    return render(
        request, "tracking/notebooks.html", {"form": form, "notebooks": mine}, status=status
    )


def _own(request, notebook_id: int) -> Notebook:
    notebook = Notebook.objects.owned_by(request.user).filter(pk=notebook_id).first()
    if notebook is None:
        raise Http404
    return notebook


@login_required
@require_http_methods(["GET", "POST"])
def notebook_detail(request, notebook_id: int):
    notebook = _own(request, notebook_id)
    error = ""
    if request.method == "POST":
        try:
            notebook, dropped = notebooks.notebook_replace(
                learner=request.user, notebook_id=notebook.pk, upload=request.FILES.get("file")
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Version {notebook.version} is up.")
            _report(request, dropped)
            return redirect("tracking:notebook", notebook_id=notebook.pk)
    context = {
        "notebook": notebook,
        "html": mark_safe(sanitise_again(notebook.html)),
        "error": error,
    }
    return render(request, "tracking/notebook.html", context, status=400 if error else 200)


@login_required
@require_POST
def notebook_publish(request, notebook_id: int):
    published = request.POST.get("published") == "1"
    try:
        notebooks.notebook_publish(
            learner=request.user, notebook_id=notebook_id, published=published
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    messages.success(request, "Published as a post." if published else "Made private.")
    return redirect("tracking:notebook", notebook_id=notebook_id)


@login_required
@require_POST
def notebook_delete(request, notebook_id: int):
    try:
        notebooks.notebook_delete(learner=request.user, notebook_id=notebook_id)
    except ObjectDoesNotExist:
        raise Http404 from None
    messages.success(request, "Deleted the notebook.")
    return redirect("tracking:notebooks")


@require_GET
def notebook_image(request, notebook_id: int, version: int, name: str):
    notebook = (
        Notebook.objects.visible_to(request.user).filter(pk=notebook_id, version=version).first()
    )
    if notebook is None or name not in notebook.images:
        raise Http404
    response = FileResponse(
        default_storage.open(f"{notebook.storage_prefix}/{name}", "rb"),
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
