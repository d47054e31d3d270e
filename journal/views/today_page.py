"""Today: the log form, the focus timer and the last week's sessions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.text import count_of
from journal import selectors, services
from journal.forms import (
    NotToDoForm,
    SessionLogForm,
    TimerStartForm,
    TimerStopForm,
    add_service_errors,
)
from journal.models import StudySession
from journal.views.common import RECENT_DAYS, RECENT_SESSIONS, is_htmx

# --- Today -------------------------------------------------------------------------------


def in_progress_of(picker: list) -> list:
    return next((items for label, items in picker if label == "In progress"), [])


def today_context(request, log_form=None, timer_form=None, stop_form=None) -> dict:
    learner = request.user
    stats = selectors.journal_stats(learner)
    kinds = selectors.kind_choices(learner)
    items = selectors.item_picker(learner)
    # The last session's kind and length are the likeliest next ones.
    initial = StudySession.objects.filter(learner=learner).values("kind", "minutes").first()
    return {
        "stats": stats,
        "labels": dict(kinds),
        "stage": selectors.current_stage(learner),
        "items": in_progress_of(items),
        "not_to_do": list(selectors.not_to_do_list(learner)),
        "not_to_do_form": NotToDoForm(),
        "timer": selectors.running_timer(learner),
        "today_sessions": list(
            selectors.sessions_of(learner).filter(
                local_date__gte=stats.today - timedelta(days=RECENT_DAYS - 1)
            )[:RECENT_SESSIONS]
        ),
        "yesterday": stats.today - timedelta(days=1),
        "log_form": log_form or SessionLogForm(initial=initial or {}, kinds=kinds, items=items),
        "timer_form": timer_form or TimerStartForm(prefix="timer", kinds=kinds, items=items),
        "stop_form": stop_form or TimerStopForm(prefix="stop"),
    }


@login_required
@require_GET
def today(request):
    return render(request, "journal/today.html", today_context(request))


@login_required
@require_POST
def session_log(request):
    learner = request.user
    kinds = selectors.kind_choices(learner)
    items = selectors.item_picker(learner)
    form = SessionLogForm(request.POST, kinds=kinds, items=items)
    if form.is_valid():
        try:
            session = services.session_log(
                learner=learner,
                minutes=form.cleaned_data["minutes"],
                kind=form.cleaned_data["kind"],
                item=form.cleaned_item(),
                note=form.cleaned_data["note"],
                started_at=form.started_at(
                    selectors.learner_zone(learner), selectors.learner_today(learner)
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            when = (
                ""
                if session.local_date == selectors.learner_today(learner)
                else (f" on {session.local_date:%a %-d %b}")
            )
            logged = f"Logged {count_of(session.minutes, 'minute')}{when}."
            if is_htmx(request):
                context = today_context(request)
                context["logged_message"] = logged
                context["log_form"] = SessionLogForm(
                    initial={
                        "kind": session.kind,
                        "minutes": session.minutes,
                        "item": session.item_id or "",
                    },
                    kinds=kinds,
                    items=items,
                )
                context["swap_oob"] = True
                return render(request, "journal/_log_response.html", context)
            messages.success(request, logged)
            return redirect("journal:today")
    if is_htmx(request):
        return render(
            request,
            "journal/_log_form.html",
            {"log_form": form, "labels": dict(kinds)},
        )
    return render(request, "journal/today.html", today_context(request, log_form=form), status=400)


# --- focus timer -------------------------------------------------------------------------


@login_required
@require_POST
def timer_start(request):
    learner = request.user
    kinds = selectors.kind_choices(learner)
    items = selectors.item_picker(learner)
    form = TimerStartForm(request.POST, prefix="timer", kinds=kinds, items=items)
    if form.is_valid():
        try:
            services.timer_start(
                learner=learner,
                kind=form.cleaned_data["kind"],
                item=form.cleaned_item(),
                planned_minutes=form.cleaned_data["planned_minutes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("journal:today")
    context = today_context(request, timer_form=form)
    return render(request, "journal/today.html", context, status=400)


@login_required
@require_POST
def timer_stop(request):
    form = TimerStopForm(request.POST, prefix="stop")
    if form.is_valid():
        try:
            session = services.timer_stop(
                learner=request.user,
                minutes=form.cleaned_data["minutes"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Focus block logged: {count_of(session.minutes, 'minute')}.")
            return redirect("journal:today")
    return render(request, "journal/today.html", today_context(request, stop_form=form), status=400)


@login_required
@require_POST
def timer_discard(request):
    try:
        services.timer_discard(learner=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Timer discarded; nothing was logged.")
    return redirect("journal:today")
