"""Sessions: the list, one session, its row, edit, delete and undo; kind labels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.text import count_of
from journal import selectors, services
from journal.forms import KindLabelsForm, SessionEditForm, add_service_errors
from journal.models import StudySession
from journal.views.common import SESSIONS_PER_PAGE, UNDO_SESSION_KEY, is_htmx, next_or, own_or_404

# --- sessions ------------------------------------------------------------------------------


@login_required
@require_GET
def session_list(request):
    learner = request.user
    page = Paginator(selectors.sessions_of(learner), SESSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "journal/session_list.html",
        {
            "page": page,
            "labels": selectors.kind_labels(learner),
            "undo_token": request.session.get(UNDO_SESSION_KEY),
        },
    )


@require_GET
def session_detail(request, pk: int):
    session = get_object_or_404(
        StudySession.objects.visible_to(request.user)
        .select_related("item", "learner")
        .annotate(item_shown=selectors.item_named_to(request.user)),
        pk=pk,
    )
    return render(request, "journal/session_detail.html", {"session": session})


def on_today(request) -> bool:
    """An inline action sent from the Today page, which also refreshes its figures."""
    return (request.POST.get("next") or request.GET.get("next")) == reverse("journal:today")


def render_row(request, template: str, context: dict, status: int = 200):
    """A session row (or its undo or edit form) for an htmx swap, with Today's figures
    swapped in beside it when the action came from the Today page."""
    learner = request.user
    context = {"labels": selectors.kind_labels(learner), **context}
    if on_today(request):
        context.update(figures_oob=True, stats=selectors.journal_stats(learner))
    return render(request, template, context, status=status)


@login_required
@require_GET
def session_row(request, pk: int):
    """One row of Today's list: what an inline edit's Cancel puts back."""
    session = get_object_or_404(selectors.sessions_of(request.user), pk=pk)
    return render(
        request,
        "journal/_session_row.html",
        {"session": session, "labels": selectors.kind_labels(request.user), "inline": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int):
    learner = request.user
    session = own_or_404(StudySession, request, pk)
    zone = selectors.learner_zone(learner)
    kinds = selectors.kind_choices(learner)
    items = list(selectors.own_items(learner).order_by("title"))
    initial = {
        "started_at": session.started_at.astimezone(zone),
        "minutes": session.minutes,
        "kind": session.kind,
        "item": session.item_id or "",
        "note": session.note,
        "visibility": session.visibility,
    }
    inline = is_htmx(request)
    form = SessionEditForm(
        request.POST or None,
        initial=initial,
        zone=zone,
        kinds=kinds,
        items=items,
        # Inline on Today beside the log form: ids of its own, so each label finds its field.
        auto_id=f"edit-{session.pk}-%s" if inline else "id_%s",
    )
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data, item=form.cleaned_item())
        try:
            services.session_update(learner=learner, session=session, **changes)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if inline:
                session = selectors.sessions_of(learner).get(pk=session.pk)
                return render_row(
                    request, "journal/_session_row.html", {"session": session, "inline": True}
                )
            messages.success(request, "Session saved.")
            return redirect(next_or(request, reverse("journal:session_list")))
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "session": session,
        "next": next_or(request, reverse("journal:session_list")),
    }
    if inline:
        return render(request, "journal/_session_edit_row.html", context, status=status)
    return render(request, "journal/session_edit.html", context, status=status)


@login_required
@require_POST
def session_delete(request, pk: int):
    session = own_or_404(StudySession, request, pk)
    token = services.session_delete(learner=request.user, session=session)
    session.pk = pk  # gone from the table; the undo row keeps its place in the list
    request.session[UNDO_SESSION_KEY] = token
    if is_htmx(request):
        template = (
            "journal/_session_undo_item.html"
            if on_today(request)
            else ("journal/_session_undo_row.html")
        )
        return render_row(request, template, {"undo_token": token, "session": session})
    messages.success(request, "Session deleted.")
    return redirect(next_or(request, reverse("journal:session_list")))


@login_required
@require_POST
def session_undo(request):
    token = request.POST.get("token") or request.session.get(UNDO_SESSION_KEY) or ""
    request.session.pop(UNDO_SESSION_KEY, None)
    try:
        session = services.session_restore(learner=request.user, token=token)
    except ValidationError as exc:
        if is_htmx(request):
            return render_row(
                request,
                "journal/_session_undo_item.html",
                {"undo_error": " ".join(exc.messages)},
                status=400,
            )
        messages.error(request, " ".join(exc.messages))
    else:
        if is_htmx(request) and on_today(request):
            return render_row(
                request, "journal/_session_row.html", {"session": session, "inline": True}
            )
        messages.success(request, f"Session of {count_of(session.minutes, 'minute')} restored.")
    return redirect(next_or(request, reverse("journal:session_list")))


@login_required
@require_http_methods(["GET", "POST"])
def kinds_edit(request):
    learner = request.user
    form = KindLabelsForm(request.POST or None, labels=selectors.kind_labels(learner))
    if request.method == "POST" and form.is_valid():
        try:
            for kind, label in form.cleaned_data.items():
                services.kind_label_set(learner=learner, kind=kind, label=label)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Kinds renamed.")
            return redirect("journal:today")
    return render(request, "journal/kinds.html", {"form": form})
