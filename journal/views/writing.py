"""Reflections, weekly reviews and the not-to-do list."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal import selectors, services
from journal.forms import (
    NotToDoForm,
    ReflectionForm,
    WeeklyReviewForm,
    add_service_errors,
    parse_iso_week,
)
from journal.habits import share_percent, week_start
from journal.models import NotToDo, Reflection, WeeklyReview
from journal.views.common import next_or, own_or_404

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
