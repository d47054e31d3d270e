"""A learner's year in review: /u/<username>/year/<year>/ and its image card <year>.png.

404 when the portfolio is hidden, and for a year before the learner joined or after this one.
Both answers carry an ETag of the portfolio's change stamp and the learner's local date, and
the card's PNG is kept in the cache under it: drawing it costs tens of milliseconds."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import condition, require_GET

from journal.selectors import learner_today, learner_zone
from portfolio import year_review
from portfolio.selectors import public_learner

CARD_MAX_AGE = 3600
CACHE_SECONDS = 24 * 3600


def _learner_and_today(request, username: str, year: int):
    """(learner, their today) when the review of `year` may be shown, else None. Once per
    request, shared by the ETag check and the view."""
    cached = getattr(request, "_year_learner", None)
    if cached is None or cached[0] != username:
        learner = public_learner(username)
        request._year_learner = (username, learner, learner and learner_today(learner))
    _, learner, today = request._year_learner
    if learner is None:
        return None
    joined = learner.date_joined.astimezone(learner_zone(learner)).date()
    if year not in year_review.year_range(joined, today):
        return None
    return learner, today


def _etag(request, username: str, year: int) -> str | None:
    found = _learner_and_today(request, username, year)
    if found is None:
        return None
    learner, today = found
    return f"year-{learner.pk}-{learner.portfolio_changed_at.timestamp():.6f}-{today}-{year}"


def _found_or_404(request, username: str, year: int):
    found = _learner_and_today(request, username, year)
    if found is None:
        raise Http404("No such year in review.")
    return found


@require_GET
@condition(etag_func=_etag)
def year_page(request, username: str, year: int):
    learner, today = _found_or_404(request, username, year)
    review = year_review.year_in_review(learner, year)
    joined = learner.date_joined.astimezone(learner_zone(learner)).date()
    years = list(year_review.year_range(joined, today))
    peak = max((minutes for _, minutes in review.months), default=0)
    months = [
        (month, minutes, round(100 * minutes / peak) if peak else 0)
        for month, minutes in review.months
    ]
    response = render(
        request,
        "portfolio/year.html",
        {
            "learner": learner,
            "review": review,
            "months": months,
            "years": years,
            "card_path": reverse("portfolio:year_card", args=[learner.username, year]),
        },
    )
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


@require_GET
@condition(etag_func=_etag)
def year_card(request, username: str, year: int):
    learner, _today = _found_or_404(request, username, year)
    key = f"portfolio-year-card:{_etag(request, username, year)}"
    png = cache.get(key)
    if png is None:
        png = year_review.card_png(learner.public_name, year_review.year_in_review(learner, year))
        cache.set(key, png, CACHE_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={CARD_MAX_AGE}"
    return response
