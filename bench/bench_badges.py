"""Requests per second of the streak badge of a three-year learner against a bare Django page,
served by the same gunicorn (2 workers) in the same run; plus the badge's 304 revalidation and
the query count of a first (uncached) and a later (cached) request."""

from datetime import timedelta

from django.core.cache import cache
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.http_load import against_bare_page


def build_learner():
    from accounts.models import User
    from journal import totals
    from journal.models import StudySession

    learner = User.objects.create_user("bench-badges", "badge@example.com", "x" * 12)
    now = timezone.now()
    StudySession.objects.bulk_create(
        StudySession(
            learner=learner,
            started_at=now - timedelta(days=n),
            local_date=(now - timedelta(days=n)).date(),
            minutes=30 + n % 60,
            kind="coding" if n % 4 else "reading",
        )
        for n in range(3 * 365)
        if n % 9  # a missed day now and then, for the freezes to cover
    )
    totals.rebuild(learner)  # sessions made in bulk, as the data migration fills them
    return learner


def _queries(path: str) -> int:
    reset_queries()  # the query log is a bounded deque: a full one captures nothing
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path).status_code == 200
    return len(queries)


def run() -> dict:
    learner = build_learner()
    path = f"/u/{learner.username}/badges/streak.svg"
    cache.clear()
    uncached, cached = _queries(path), _queries(path)
    page = Client().get(path)
    return {
        "badge_queries_uncached": uncached,
        "badge_queries_cached": cached,
        **against_bare_page(path, etag=page["ETag"], size=len(page.content)),
        "targets": "badge >= 0.8x the bare page, 304 >= 0.9x",
    }
