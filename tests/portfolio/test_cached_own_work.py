"""A notebook or a logged run made private leaves the cached public pages at once: their
writes bump the portfolio's freshness stamp like every other record the learner owns (they
did not, and the cached portfolio and feed kept showing them)."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.support.world import build_private_world
from tracking.notebooks import notebook_publish
from tracking.services import run_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(owner):
    world = build_private_world(owner)
    cache.clear()
    return world


@pytest.mark.parametrize("path", ["/u/owner/", "/u/owner/feed/"])
def test_a_notebook_made_private_leaves_the_cached_pages(owner, world, path):
    title = world.notebook.title.encode()
    notebook_publish(learner=owner, notebook_id=world.notebook.pk, published=True)
    assert title in Client().get(path).content  # now in the cache

    notebook_publish(learner=owner, notebook_id=world.notebook.pk, published=False)

    assert title not in Client().get(path).content


def test_a_logged_run_made_private_leaves_the_cached_portfolio(owner, world):
    name = world.logged_run.name.encode()
    run_publish(learner=owner, run_id=world.logged_run.run_id, published=True)
    assert name in Client().get("/u/owner/").content

    run_publish(learner=owner, run_id=world.logged_run.run_id, published=False)

    assert name not in Client().get("/u/owner/").content


def test_a_published_run_renamed_by_its_client_is_renamed_on_the_cached_portfolio(owner, world):
    from tracking.services import run_log_batch

    run_publish(learner=owner, run_id=world.logged_run.run_id, published=True)
    assert world.logged_run.name.encode() in Client().get("/u/owner/").content

    run_log_batch(
        learner=owner,
        run_id=world.logged_run.run_id,
        tags=[{"key": "mlflow.runName", "value": "a clearer name"}],
    )

    assert b"a clearer name" in Client().get("/u/owner/").content


@pytest.mark.django_db(transaction=True)
def test_deleting_an_account_with_many_logged_points_stays_a_few_queries(owner):
    # Freshness receivers on metric rows took away Django's fast delete: one UPDATE a point.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portfolio.services import account_delete
    from tracking.models import LoggedMetric, LoggedParam

    world = build_private_world(owner)
    LoggedMetric.objects.bulk_create(
        LoggedMetric(run=world.logged_run, key="loss", value=1.0, timestamp=i, step=i)
        for i in range(12_000)
    )
    LoggedParam.objects.bulk_create(
        LoggedParam(run=world.logged_run, key=f"p{i}", value="1") for i in range(500)
    )

    with CaptureQueriesContext(connection) as queries:
        account_delete(learner=owner, confirm_username="owner")

    assert not LoggedMetric.objects.exists() and not LoggedParam.objects.exists()
    assert len(queries.captured_queries) < 200
