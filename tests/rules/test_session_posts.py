"""A session post names its roadmap item (and links it) only when the item's roadmap is
public: a private roadmap's item title appears on no public page, feed or API answer."""

import pytest
from django.urls import reverse

from tests.factories import ItemFactory, LearnerFactory, RoadmapFactory, StageFactory
from tests.portfolio.factories import SessionFactory, published

pytestmark = pytest.mark.django_db

SECRET = "Interview prep at Secret Corp"


def _session_on(roadmap_visibility: str):
    owner = LearnerFactory(username="poster")
    roadmap = RoadmapFactory(owner=owner, visibility=roadmap_visibility)
    item = ItemFactory(
        stage=StageFactory(roadmap=roadmap), title=SECRET, url="https://secret.example/prep"
    )
    session = SessionFactory(learner=owner, item=item, note="Did the mock round", **published())
    return owner, session


def _public_pages(client, session) -> dict[str, str]:
    pages = {
        "portfolio": reverse("portfolio:learner", args=["poster"]),
        "feed": reverse("portfolio:feed", args=["poster"]),
        "discover": reverse("portfolio:discover"),
        "post": reverse("portfolio:post", args=["poster", f"session-{session.pk}"]),
        "session page": reverse("journal:session_detail", args=[session.pk]),
    }
    answers = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        answers[name] = response.content.decode()
    return answers


def test_a_private_roadmaps_item_is_named_on_no_public_page(client):
    _, session = _session_on("private")

    for name, html in _public_pages(client, session).items():
        assert "Did the mock round" in html, name  # the post itself is public
        assert "Secret Corp" not in html, name
        assert "secret.example" not in html, name


def test_a_private_roadmaps_item_is_not_named_to_another_signed_in_learner(client):
    _, session = _session_on("private")
    client.force_login(LearnerFactory())

    html = client.get(reverse("journal:session_detail", args=[session.pk])).content.decode()

    assert "Did the mock round" in html and "Secret Corp" not in html


def test_the_api_does_not_point_another_learner_at_a_private_roadmaps_item(api_client_for):
    owner, session = _session_on("private")

    theirs = api_client_for(LearnerFactory()).get(f"/api/sessions/{session.pk}/").json()
    mine = api_client_for(owner).get(f"/api/sessions/{session.pk}/").json()

    assert theirs["note"] == "Did the mock round" and theirs["item"] is None
    assert mine["item"] == session.item_id


def test_a_public_roadmaps_item_is_named_and_linked(client):
    _, session = _session_on("public")

    pages = _public_pages(client, session)

    assert "Secret Corp" in pages["post"] and "https://secret.example/prep" in pages["post"]
    assert "Secret Corp" in pages["feed"] and "Secret Corp" in pages["portfolio"]


def test_the_owner_still_sees_their_private_item_on_their_own_session_page(client):
    owner, session = _session_on("private")
    client.force_login(owner)

    html = client.get(reverse("journal:session_detail", args=[session.pk])).content.decode()

    assert "Secret Corp" in html


def test_a_published_runs_roadmap_item_is_the_owners_alone(api_client_for):
    from training_jobs.models import TrainingJob

    owner, session = _session_on("private")
    run = TrainingJob.objects.create(
        owner=owner,
        recipe_slug="tabular-titanic",
        dataset_slug="titanic",
        status="succeeded",
        item=session.item,
        published=True,
    )

    theirs = api_client_for(LearnerFactory()).get(f"/api/jobs/{run.pk}/").json()
    mine = api_client_for(owner).get(f"/api/jobs/{run.pk}/").json()

    assert theirs["item"] is None and mine["item"] == session.item_id
