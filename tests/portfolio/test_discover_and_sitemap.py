import pytest
from django.urls import reverse

from tests.factories import LearnerFactory, RoadmapFactory
from tests.portfolio.factories import ReflectionFactory, published

pytestmark = pytest.mark.django_db


def test_discover_groups_public_roadmaps_by_their_template_and_counts_learners(client):
    template = RoadmapFactory(owner=None, is_template=True, slug="fastai", title="fast.ai part 1")
    for name in ["ana", "ben"]:
        RoadmapFactory(
            owner=LearnerFactory(username=name),
            origin_template=template,
            visibility="public",
            title=f"{name}'s fast.ai",
        )
    RoadmapFactory(
        owner=LearnerFactory(username="cy"), origin_template=template, title="cy's private copy"
    )

    html = client.get(reverse("portfolio:discover")).content.decode()

    assert "fast.ai part 1" in html
    assert "<strong>2</strong> learners on this path" in html
    assert "ana&#x27;s fast.ai" in html and "ben&#x27;s fast.ai" in html
    assert "cy&#x27;s private copy" not in html
    assert reverse("portfolio:learner", args=["cy"]) not in html


def test_discover_leaves_out_hidden_portfolios_and_private_posts(client):
    hidden = LearnerFactory(username="hidden", portfolio_hidden=True)
    RoadmapFactory(owner=hidden, visibility="public", title="Hidden learner's path")
    ReflectionFactory(learner=hidden, **published(body="hidden learner's post"))
    open_learner = LearnerFactory(username="open")
    ReflectionFactory(learner=open_learner, body="a private draft")
    ReflectionFactory(learner=open_learner, **published(body="a public reflection"))

    html = client.get(reverse("portfolio:discover")).content.decode()

    assert "Hidden learner" not in html and "hidden learner" not in html
    assert "a private draft" not in html
    assert "a public reflection" in html


def test_discover_has_empty_states(client, db):
    html = client.get(reverse("portfolio:discover")).content.decode()

    assert "No public roadmap yet" in html
    assert "Nobody has published a post yet" in html


def test_sitemap_lists_public_pages_only(client):
    LearnerFactory(username="visible")
    LearnerFactory(username="invisible", portfolio_hidden=True)
    writer = LearnerFactory(username="writer")
    post = ReflectionFactory(learner=writer, **published())
    draft = ReflectionFactory(learner=writer)

    xml = client.get(reverse("portfolio:sitemap")).content.decode()

    assert "http://testserver/u/visible/" in xml
    assert f"/u/writer/posts/reflection-{post.pk}/" in xml
    assert "invisible" not in xml
    assert f"reflection-{draft.pk}" not in xml
