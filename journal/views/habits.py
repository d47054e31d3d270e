"""The habits page and pauses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.text import count_of
from journal import selectors, services
from journal.charts.heatmap import heatmap_start, year_heatmap
from journal.charts.ratio import ratio_chart
from journal.forms import PauseForm, add_service_errors
from journal.models import Pause
from journal.views.common import own_or_404

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
