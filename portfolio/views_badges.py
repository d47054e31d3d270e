"""Embeddable SVG badges: /u/<username>/badges/<kind>.svg.

Only what the public portfolio already shows goes in a badge: a hidden portfolio, a private
roadmap, an unpublished run or anyone else's run answer 404. Answers are cached for an hour by
browsers and proxies (GitHub's camo included), carry an ETag made of the portfolio's change
stamp and the learner's local date (a streak can end without a write), and the SVG itself is
kept in the cache under that tag, so a busy README costs one query per request."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import condition, require_GET

from journal.selectors import journal_stats, learner_today
from portfolio import answers, badges
from portfolio.selectors import _public_roadmaps, _with_progress, public_learner

BADGE_MAX_AGE = 3600
CACHE_SECONDS = 24 * 3600


def _learner(request, username: str):
    """Looked up once per request, shared by the ETag check and the view."""
    cached = getattr(request, "_badge_learner", None)
    if cached is None or cached[0] != username:
        request._badge_learner = (username, public_learner(username))
    return request._badge_learner[1]


def badge_etag(learner, kind: str) -> str:
    """A badge's ETag (unquoted) for `learner` (a User or a selectors.Stamp)."""
    return (
        f"badge-{learner.pk}-{learner.portfolio_changed_at.timestamp():.6f}"
        f"-{learner_today(learner)}-{kind}"
    )


def badge_key(etag: str) -> str:
    return f"portfolio-badge:{etag}"


# Besides the ETag, the headers of every badge answer (the shortcut in portfolio.middleware
# sends the same ones).
BADGE_HEADERS = {
    "Cache-Control": f"public, max-age={BADGE_MAX_AGE}",
    # An SVG opened directly must not run anything, whatever ends up in it.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}
BADGE_CONTENT_TYPE = "image/svg+xml; charset=utf-8"


def _etag(request, username: str, kind: str) -> str | None:
    learner = _learner(request, username)
    if learner is None or badges.parse_kind(kind) is None:
        return None
    return badge_etag(learner, kind)


def _svg_for(learner, kind: badges.BadgeKind) -> str | None:
    """The badge's SVG, or None when there is nothing public to show for that kind."""
    if kind.name in ("streak", "hours", "ratio"):
        today = learner_today(learner)
        stats = journal_stats(learner, first=date(today.year, 1, 1), today=today, weeks=12)
        if kind.name == "streak":
            return badges.streak_badge(stats.current_streak)
        if kind.name == "hours":
            return badges.hours_badge(stats.minutes, today.year)
        twelve_weeks = stats.weeks_split
        return badges.ratio_badge(twelve_weeks.inhale_percent, learner.inhale_target_percent)
    if kind.name == "roadmap":
        found = _with_progress(_public_roadmaps().filter(owner=learner, pk=kind.pk))
        if not found:
            return None
        roadmap = found[0]
        return badges.roadmap_badge(roadmap.title, roadmap.progress.done, roadmap.progress.total)
    from training_jobs.models import TrainingJob

    run = TrainingJob.objects.public().filter(owner=learner, pk=kind.pk).first()
    if run is None:
        return None
    return badges.run_badge(run.recipe_title or run.recipe_slug, run.metric_name, run.metric_value)


def _badge(request, username: str, kind: str):
    learner = _learner(request, username)
    parsed = badges.parse_kind(kind)
    if learner is None or parsed is None:
        raise Http404("No such badge.")
    key = badge_key(_etag(request, username, kind))
    svg = answers.get(key)
    if svg is None:
        svg = _svg_for(learner, parsed)
        if svg is None:
            raise Http404("No such badge.")
        answers.put(key, svg, CACHE_SECONDS)
    return HttpResponse(svg, content_type=BADGE_CONTENT_TYPE, headers=BADGE_HEADERS)


@require_GET
@condition(etag_func=_etag)
def badge(request, username: str, kind: str):
    return _badge(request, username, kind)


def badge_snippets(request, learner, things: dict[str, list]) -> list[dict]:
    """The badges a learner can embed, each with its Markdown to copy, built from the
    controls page's own rows: only public roadmaps and published runs get one."""
    from curriculum.models import Visibility

    portfolio = request.build_absolute_uri(reverse("portfolio:learner", args=[learner.username]))
    kinds = [
        ("streak", "Current streak"),
        ("hours", "Hours this year"),
        ("ratio", "Inhale/exhale, last 12 weeks"),
    ]
    kinds += [
        (f"roadmap-{r.pk}", f"Progress of “{r.title}”")
        for r in things.get("roadmap", [])
        if r.visibility == Visibility.PUBLIC and not r.is_template
    ]
    kinds += [
        (f"run-{run.pk}", f"Result of run #{run.pk} ({run.recipe_title or run.recipe_slug})")
        for run in things.get("run", [])
        if getattr(run, "published", False)
    ]
    snippets = []
    for kind, label in kinds:
        path = reverse("portfolio:badge", args=[learner.username, kind])
        url = request.build_absolute_uri(path)
        snippets.append(
            {
                "kind": kind,
                "label": label,
                "path": path,
                "markdown": badges.markdown_snippet(label, url, portfolio),
            }
        )
    return snippets
