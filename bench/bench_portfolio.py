"""Requests per second of a three-year portfolio page against a bare Django page, both served
by the same gunicorn (2 workers) in the same run; plus revalidation (304) and the query count."""

from datetime import timedelta

from django.db import connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.http_load import against_bare_page


def build_learner():
    from accounts.models import User
    from curriculum.models import Item, Roadmap, Stage
    from journal import totals
    from journal.models import Reflection, StudySession
    from training_jobs.models import TrainingJob

    learner = User.objects.create_user(
        "bench-portfolio",
        "b@example.com",
        "x" * 12,
        display_name="Bench Learner",
        bio="Three years of practice.",
    )
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
    )
    totals.rebuild(learner)  # sessions made in bulk, as the data migration fills them
    for r in range(3):
        roadmap = Roadmap.objects.create(owner=learner, title=f"Path {r}", visibility="public")
        stage = Stage.objects.create(roadmap=roadmap, title="Stage")
        Item.objects.bulk_create(
            Item(stage=stage, title=f"Item {i}", status="done" if i % 2 else "not_started")
            for i in range(30)
        )
    for n in range(15):
        Reflection.objects.create(
            learner=learner,
            date=(now - timedelta(days=n)).date(),
            body=f"Post {n} with **Markdown**.",
            visibility="public",
            published_at=now - timedelta(days=n),
        )
    for _ in range(3):
        TrainingJob.objects.create(
            owner=learner,
            recipe_slug="tabular-titanic",
            dataset_slug="titanic",
            status="succeeded",
            published=True,
            metrics={"accuracy": 0.8},
            baselines={"majority": 0.6},
            finished_at=now,
        )
    return learner


def run() -> dict:
    learner = build_learner()
    path = f"/u/{learner.username}/"
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy):
        reset_queries()  # the query log is a bounded deque: a full one captures nothing
        with CaptureQueriesContext(connection) as uncached:
            first = Client().get(path)
    # Count now: the captured list is a slice of a shared log that later resets change.
    uncached_count = len(uncached)
    assert first.status_code == 200, first.status_code
    Client().get(path)  # fills the page cache
    reset_queries()
    with CaptureQueriesContext(connection) as cached:
        Client().get(path)
    cached_count = len(cached)
    page = Client().get(path)
    feed_path = f"{path}feed/"
    feed = Client().get(feed_path)
    return {
        "portfolio_queries_uncached": uncached_count,
        "portfolio_queries_cached": cached_count,
        **against_bare_page(path, etag=page["ETag"], size=len(page.content)),
        "targets": "page >= 0.8x the bare page, 304 >= 0.9x (feed likewise)",
        "feed": against_bare_page(feed_path, etag=feed["ETag"], size=len(feed.content)),
    }
