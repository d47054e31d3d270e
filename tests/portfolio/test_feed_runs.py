"""Published runs appear in the learner's Atom feed beside the posts, newest first."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.portfolio.factories import ReflectionFactory, published
from training_jobs.models import TrainingJob

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def run_of(owner, *, is_published=True, status="succeeded", when=None, title="Titanic"):
    when = when or timezone.now()
    return TrainingJob.objects.create(
        owner=owner,
        recipe_slug="tabular-titanic",
        recipe_title=title,
        dataset_slug="titanic",
        dataset_title="Titanic passengers",
        status=status,
        metric_name="accuracy",
        metrics={"accuracy": 0.8289},
        baselines={"majority class": 0.684},
        finished_at=when,
        published=is_published,
        published_at=when if is_published else None,
    )


def entries(client, username="owner"):
    body = client.get(reverse("portfolio:feed", args=[username])).content
    root = ElementTree.fromstring(body)
    return [
        (
            e.findtext(f"{ATOM}title"),
            e.find(f"{ATOM}link").get("href"),
            e.findtext(f"{ATOM}summary"),
        )
        for e in root.iter(f"{ATOM}entry")
    ]


def test_feed_lists_published_runs_with_their_score_among_posts(client, owner):
    old = timezone.now() - timedelta(days=2)
    ReflectionFactory(learner=owner, **published(body="Older thoughts", published_at=old))
    run = run_of(owner)

    found = entries(client)

    assert [title for title, _, _ in found][0] == "Shipped: Titanic — accuracy 0.829"
    assert found[0][1].endswith(reverse("portfolio:run", args=["owner", run.pk]))
    assert "majority class: 0.684" in found[0][2]
    assert len(found) == 2


def test_feed_leaves_out_unpublished_and_failed_runs_and_others_runs(client, owner, stranger):
    run_of(owner, is_published=False, title="Draft")
    run_of(owner, status="failed", title="Broken")
    run_of(stranger, title="Theirs")

    assert entries(client) == []


def test_feed_escapes_a_hostile_run_title(client, owner):
    run_of(owner, title="<script>alert(1)</script>")

    body = client.get(reverse("portfolio:feed", args=["owner"])).content.decode()

    assert "<script>alert" not in body
