"""How the roadmap page answers a change: the context of its body (stages, rows, forecast,
an error next to the control that caused it, an open editor), htmx's partial or a plain
redirect, and refusals reworded for a learner. The views call a service, then one of these."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from curriculum import pace
from curriculum.forms import HOURS, WEEKS, RoadmapForm, StageForm
from curriculum.models import ItemKind, ItemStatus, Roadmap
from curriculum.selectors import also_in, roadmap_view, roadmap_with_content, with_recent_minutes

UNDO_KEY = "curriculum_undo"
FOLD_FINISHED_OVER = 30  # items: past this, finished stages open folded
KIND_OPTIONS = format_html_join(
    "",
    '<option value="{}"{}>{}</option>',
    (
        (value, " selected" if value == ItemKind.COURSE else "", label)
        for value, label in ItemKind.choices
    ),
)


def body_context(request, roadmap_id: int, **extra) -> dict:
    since = timezone.localdate() - timedelta(days=pace.PACE_WINDOW_DAYS - 1)
    roadmap = get_object_or_404(
        roadmap_with_content(with_recent_minutes(Roadmap.objects.visible_to(request.user), since)),
        pk=roadmap_id,
    )
    is_owner = request.user.is_authenticated and roadmap.owner_id == request.user.pk
    view = roadmap_view(roadmap)
    # Other roadmaps' titles are the owner's private business: only the owner sees them.
    others = also_in(roadmap, [i for sv in view.stages for i in sv.items]) if is_owner else {}
    error_at = extra.get("error_at") or ""
    add_form = extra.pop("add_form", None)  # (stage pk, bound form with its errors)
    focus = extra.get("editing") or _pk_of(extra.get("error_at"))
    long = view.progress.total > FOLD_FINISHED_OVER
    for stage_view in view.stages:
        pk = stage_view.stage.pk
        stage_view.error = extra.get("error", "") if error_at == f"stage-{pk}" else ""
        stage_view.add_form = add_form[1] if add_form and add_form[0] == pk else None
        # On a long roadmap a finished stage folds away, unless what the learner is doing
        # is in it, so the page opens on what is left.
        stage_view.open = bool(
            not long
            or stage_view.progress.remaining
            or not stage_view.progress.total
            or stage_view.error
            or stage_view.add_form
        )
        for item in stage_view.items:
            item.also_in = others.get(item.resource_key, []) if item.linked else []
            steps = [step for step in item.checklist if isinstance(step, dict)]
            item.all_ticked = bool(steps) and all(step.get("done") is True for step in steps)
            if item.pk == focus:
                stage_view.open = True
    context = {
        "view": view,
        "roadmap": roadmap,
        "is_owner": is_owner and not roadmap.is_template,
        "statuses": ItemStatus.choices,
        "item_kinds": ItemKind.choices,
        # Built once, not per stage: a long roadmap has dozens of stages.
        "kind_options": KIND_OPTIONS,
        "stage_base": reverse("curriculum:stage_rename", args=[0])[: -len("0/rename/")],
        "stage_form": extra.pop("stage_form", None) or StageForm(auto_id="new-stage-%s"),
        "undo": request.session.pop(UNDO_KEY, None) if is_owner else None,
    }
    context.update(extra)
    return context


def _pk_of(error_at: str | None) -> int | None:
    if error_at and error_at.startswith("item-"):
        return int(error_at.removeprefix("item-"))
    return None


def answer(request, roadmap_id: int, **extra):
    """Answer a change: htmx gets the roadmap body, a plain post a redirect. A refused change
    answers 400 with the body (or page) showing the message next to what caused it."""
    failed = any(
        extra.get(key)
        for key in ("focus_guard", "error", "add_form", "edit_form", "stage_form", "settings_form")
    )
    status = 400 if failed and not extra.get("focus_guard") else 200
    if request.headers.get("HX-Request"):
        return render(
            request,
            "curriculum/_roadmap_body.html",
            body_context(request, roadmap_id, **extra),
            status=status,
        )
    if failed:
        context = body_context(request, roadmap_id, **extra)
        context.setdefault(
            "settings_form", RoadmapForm(instance=context["roadmap"], auto_id="roadmap-%s")
        )
        return render(request, "curriculum/roadmap_detail.html", context, status=400)
    return redirect("curriculum:roadmap_detail", pk=roadmap_id)


def learner_message(exc: ValidationError) -> str:
    """The refusal in a learner's words: Django's stock model messages ("This field cannot be
    blank.", "no more than 7 digits in total") are reworded; the services' own pass as is."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    words = []
    for field, errors in exc.error_dict.items():
        for error in errors:
            words.append(_worded(field, error))
    return " ".join(words)


def _worded(field: str, error: ValidationError) -> str:
    name = LEARNER_FIELD_NAMES.get(field, field.replace("_", " "))
    params = error.params or {}
    if error.code in {"blank", "required", "null"}:
        return f"Give it {name}: it cannot be empty."
    if error.code == "max_length":
        return f"That {name} is too long: at most {params.get('limit_value')} characters."
    if field == "estimated_hours":
        return HOURS
    if field == "planned_weeks":
        return WEEKS
    return " ".join(error.messages)


LEARNER_FIELD_NAMES = {"title": "a title", "text": "some text", "url": "a link"}


def editor_page(request, item, form, status: int = 200, step_error: str = ""):
    context = {"item": item, "form": form, "roadmap": item.stage.roadmap, "step_error": step_error}
    if request.headers.get("HX-Request"):
        return render(request, "curriculum/_item_editor.html", context, status=status)
    return render(request, "curriculum/item_edit.html", context, status=status)
