import pytest
from django.urls import reverse

from accounts.models import User
from curriculum.models import Roadmap
from journal.models import Reflection
from tests.factories import RoadmapFactory
from tests.portfolio.factories import ReflectionFactory, published

pytestmark = pytest.mark.django_db


def test_controls_list_everything_publishable_with_its_state(owner_client, owner):
    RoadmapFactory(owner=owner, title="Path A", visibility="public")
    ReflectionFactory(learner=owner, body="x")

    html = owner_client.get(reverse("portfolio:controls")).content.decode()

    assert "Path A" in html and "Make private" in html
    assert "Make public" in html


def test_learner_publishes_and_unpublishes_a_reflection(owner_client, owner, client):
    reflection = ReflectionFactory(learner=owner, body="now you see me")
    url = reverse("portfolio:publication", args=["reflection", reflection.pk])

    owner_client.post(url, {"public": "1"})
    reflection.refresh_from_db()
    assert reflection.visibility == "public" and reflection.published_at
    assert "now you see me" in client.get("/u/owner/").content.decode()

    first = reflection.published_at
    owner_client.post(url, {"public": "0"})
    reflection.refresh_from_db()
    assert reflection.visibility == "private" and reflection.published_at == first
    assert "now you see me" not in client.get("/u/owner/").content.decode()


def test_htmx_toggle_returns_just_the_row(owner_client, owner):
    roadmap = RoadmapFactory(owner=owner, title="Path B")

    response = owner_client.post(
        reverse("portfolio:publication", args=["roadmap", roadmap.pk]),
        {"public": "1"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="pub-roadmap-{roadmap.pk}"')
    assert "Make private" in html
    assert Roadmap.objects.get(pk=roadmap.pk).visibility == "public"


def test_a_stranger_cannot_publish_my_things(stranger_client, owner):
    reflection = ReflectionFactory(learner=owner)

    response = stranger_client.post(
        reverse("portfolio:publication", args=["reflection", reflection.pk]), {"public": "1"}
    )

    assert response.status_code == 404
    assert Reflection.objects.get(pk=reflection.pk).visibility == "private"


def test_an_unknown_kind_answers_404(owner_client):
    url = reverse("portfolio:publication", args=["password", 1])

    assert owner_client.post(url, {"public": "1"}).status_code == 404


def test_hiding_the_portfolio_and_previewing_it(owner_client, owner, client):
    ReflectionFactory(learner=owner, **published(body="visible thought"))

    owner_client.post(reverse("portfolio:hide"), {"hidden": "1"})

    assert User.objects.get(pk=owner.pk).portfolio_hidden
    assert client.get("/u/owner/").status_code == 404
    preview = owner_client.get("/u/owner/?preview=visitor")
    assert preview.status_code == 200
    assert "visitors get “page not found”" in preview.content.decode()

    owner_client.post(reverse("portfolio:hide"), {"hidden": "0"})
    assert "visible thought" in client.get("/u/owner/").content.decode()


def test_preview_is_only_for_the_owner(stranger_client, owner):
    owner.portfolio_hidden = True
    owner.save()

    assert stranger_client.get("/u/owner/?preview=visitor").status_code == 404


def test_controls_need_sign_in_and_the_right_method(client, owner_client):
    assert client.get(reverse("portfolio:controls")).status_code == 302
    assert owner_client.get(reverse("portfolio:hide")).status_code == 405
    url = reverse("portfolio:publication", args=["roadmap", 1])
    assert owner_client.get(url).status_code == 405
