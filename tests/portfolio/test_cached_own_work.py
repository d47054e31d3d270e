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
