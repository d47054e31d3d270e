"""Journal pages. Thin: they read through selectors, write through services, and show a
service's ValidationError next to the field. Every page works without JavaScript; htmx only
saves a reload when logging a session or deleting one."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.text import count_of
from journal import csv_io, selectors, services
from journal.charts.heatmap import heatmap_start, year_heatmap
from journal.charts.ratio import ratio_chart
from journal.forms import (
    CsvImportForm,
    KindLabelsForm,
    NotToDoForm,
    PauseForm,
    ReflectionForm,
    SessionEditForm,
    SessionLogForm,
    TimerStartForm,
    TimerStopForm,
    WeeklyReviewForm,
    add_service_errors,
    parse_iso_week,
)
from journal.habits import share_percent, week_start
from journal.models import NotToDo, Pause, Reflection, StudySession, WeeklyReview

SESSIONS_PER_PAGE = 50
UNDO_SESSION_KEY = "journal_undo"
# Today lists the last week's sessions, so one logged for yesterday can be fixed right there.
RECENT_DAYS = 7
RECENT_SESSIONS = 40


def next_or(request, default: str) -> str:
    """The form's (or link's) `next` when it points into this site, else `default` (no open
    redirect, no javascript: link)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def own_or_404(model, request, pk: int):
    """Another learner's object is 404, never 403: its existence is nobody's business."""
    return get_object_or_404(model.objects.owned_by(request.user), pk=pk)


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


# --- habits --------------------------------------------------------------------------------


@login_required
@require_GET
def habits_page(request):
    learner = request.user
    today = selectors.learner_today(learner)
    stats = selectors.journal_stats(learner, today=today, daily_from=heatmap_start(today))
    heatmap = year_heatmap(
        stats.minutes_by_day,
        stats.today,
        learner.daily_target_minutes,
        rest_weekdays=learner.rest_weekday_numbers,
    )
    # Both charts are our own markup with every text escaped; no learner text goes in.
    return render(
        request,
        "journal/habits.html",
        {
            "stats": stats,
            "heatmap": mark_safe(heatmap),  # noqa: S308
            "ratio": mark_safe(ratio_chart(stats.weeks, stats.inhale_target_percent)),  # noqa: S308
            "recent_weeks": list(reversed(stats.weeks)),
            "recent_months": list(reversed(stats.months[-12:])),
        },
    )


# --- pauses --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pause_list(request):
    learner = request.user
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pause = services.pause_add(learner=learner, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Paused {count_of(pause.days, 'day')}.")
            return redirect("journal:pauses")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "journal/pauses.html",
        {
            "form": form,
            "pauses": list(selectors.pauses_of(learner)),
            "freezes_per_month": learner.streak_freezes_per_month,
        },
        status=status,
    )


@login_required
@require_POST
def pause_delete(request, pk: int):
    services.pause_delete(learner=request.user, pause=own_or_404(Pause, request, pk))
    messages.success(request, "Pause removed.")
    return redirect("journal:pauses")


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


# --- reflections ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reflection_list(request):
    learner = request.user
    today_date = selectors.learner_today(learner)
    day = request.GET.get("date")
    existing = Reflection.objects.filter(learner=learner, date=day or today_date).first()
    initial = {
        "date": day or today_date,
        "body": existing.body if existing else "",
        "visibility": existing.visibility if existing else "private",
    }
    form = ReflectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_write(
                learner=learner,
                day=form.cleaned_data["date"],
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Reflection saved.")
            return redirect("journal:reflection_list")
    page = Paginator(Reflection.objects.filter(learner=learner), 20).get_page(
        request.GET.get("page")
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "journal/reflection_list.html", {"form": form, "page": page}, status=status
    )


@require_GET
def reflection_detail(request, pk: int):
    reflection = get_object_or_404(
        Reflection.objects.visible_to(request.user).select_related("learner"), pk=pk
    )
    return render(request, "journal/reflection_detail.html", {"reflection": reflection})


@login_required
@require_POST
def reflection_delete(request, pk: int):
    services.reflection_delete(learner=request.user, reflection=own_or_404(Reflection, request, pk))
    messages.success(request, "Reflection deleted.")
    return redirect("journal:reflection_list")


# --- weekly reviews ------------------------------------------------------------------------


@login_required
@require_GET
def review_list(request):
    learner = request.user
    this_week = week_start(selectors.learner_today(learner))
    reviews = WeeklyReview.objects.filter(learner=learner)
    return render(
        request,
        "journal/review_list.html",
        {
            "page": Paginator(reviews, 20).get_page(request.GET.get("page")),
            "this_week": "{}-W{:02d}".format(*this_week.isocalendar()[:2]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request, week: str):
    learner = request.user
    try:
        monday = parse_iso_week(week)
    except ValidationError as exc:
        raise Http404 from exc
    review = WeeklyReview.objects.filter(learner=learner, week_start=monday).first()
    initial = {"visibility": "private"}
    if review:
        initial.update(
            {
                name: getattr(review, name)
                for name in ("learned", "hardest", "resources", "results", "changes")
            }
        )
        initial["on_track"] = {True: "yes", False: "no"}.get(review.on_track, "")
        initial["visibility"] = review.visibility
    form = WeeklyReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        try:
            services.review_write(learner=learner, week_start=monday, **answers)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Weekly review saved.")
            return redirect("journal:review_list")
    figures = selectors.week_figures(learner, monday)
    figures["inhale_percent"] = share_percent(figures["inhale_minutes"], figures["total_minutes"])
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "journal/review_edit.html",
        {
            "form": form,
            "week": week.upper(),
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "figures": figures,
            "target": learner.inhale_target_percent,
        },
        status=status,
    )


@require_GET
def review_detail(request, pk: int):
    review = get_object_or_404(
        WeeklyReview.objects.visible_to(request.user).select_related("learner"), pk=pk
    )
    return render(request, "journal/review_detail.html", {"review": review})


# --- not-to-do -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def not_to_do_list(request):
    learner = request.user
    form = NotToDoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.not_to_do_add(learner=learner, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(next_or(request, reverse("journal:not_to_do")))
    entries = selectors.not_to_do_list(learner, include_retired=True)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "journal/not_to_do.html", {"form": form, "entries": entries}, status=status
    )


@login_required
@require_POST
def not_to_do_retire(request, pk: int):
    entry = own_or_404(NotToDo, request, pk)
    services.not_to_do_retire(
        learner=request.user, entry=entry, retired=request.POST.get("restore") != "1"
    )
    return redirect(next_or(request, reverse("journal:not_to_do")))


# --- CSV -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def csv_import(request):
    learner = request.user
    form = CsvImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        zone = selectors.learner_zone(learner)
        skipped = 0
        try:
            if upload.size > csv_io.MAX_UPLOAD_BYTES:
                raise ValidationError(
                    {"file": f"That file is over {csv_io.MAX_UPLOAD_BYTES // 1024 // 1024} MB."}
                )
            text = csv_io.decode_upload(upload.read(csv_io.MAX_UPLOAD_BYTES + 1))
            if form.cleaned_data["format"] == "exhale":
                rows = csv_io.parse_exhale_csv(text, zone)
            else:
                rows, skipped = csv_io.parse_tracker_csv(
                    text,
                    zone,
                    date_column=form.cleaned_data["date_column"],
                    time_column=form.cleaned_data["time_column"],
                    duration_column=form.cleaned_data["duration_column"],
                    description_column=form.cleaned_data["description_column"],
                    kind=form.cleaned_data["kind"],
                )
            created, duplicates = services.sessions_import(learner=learner, rows=rows)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            note = f"Imported {count_of(created, 'session')}."
            if duplicates:
                note += f" {count_of(duplicates, 'session')} already logged skipped."
            if skipped:
                note += f" {count_of(skipped, 'entry')} under a minute left out."
            messages.success(request, note)
            return redirect("journal:session_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "journal/import.html", {"form": form}, status=status)


@login_required
@require_GET
def csv_export(request):
    learner = request.user
    sessions = selectors.sessions_of(learner).order_by("started_at", "id").iterator(2000)
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = StreamingHttpResponse(
        csv_io.sessions_to_csv(sessions, selectors.learner_zone(learner)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="exhale-sessions-{stamp}.csv"'
    return response
