"""Publishing is one rule for every publishable thing: the first publication time is kept,
also when the thing is made private and public again. Visibility alone says whether it shows."""

import pytest
from django.urls import reverse

from journal import services as journal_services
from tests.portfolio.factories import ReflectionFactory
from tests.training_jobs.factories import SucceededJobFactory
from training_jobs import services as training_services

pytestmark = pytest.mark.django_db


def test_a_run_published_made_private_and_published_again_keeps_its_first_published_at(owner):
    run = SucceededJobFactory(owner=owner)

    first = training_services.publish_run(learner=owner, job_id=run.pk).published_at
    hidden = training_services.publish_run(learner=owner, job_id=run.pk, published=False)
    again = training_services.publish_run(learner=owner, job_id=run.pk)

    assert first is not None
    assert hidden.published is False and hidden.published_at == first
    assert again.published is True and again.published_at == first


def test_the_same_through_the_portfolio_controls_and_the_api(owner, owner_client, api_client_for):
    run = SucceededJobFactory(owner=owner)
    url = reverse("portfolio:publication", args=["run", run.pk])
    api = api_client_for(owner)

    owner_client.post(url, {"public": "1"})
    run.refresh_from_db()
    first = run.published_at
    api.post(f"/api/jobs/{run.pk}/publish/", {"published": False}, format="json")
    api.post(f"/api/jobs/{run.pk}/publish/", {"published": True}, format="json")
    run.refresh_from_db()

    assert first is not None and run.published and run.published_at == first


@pytest.mark.parametrize("path", ["controls", "service"])
def test_a_reflection_keeps_its_first_published_at_across_private_and_back(
    owner, owner_client, path
):
    reflection = ReflectionFactory(learner=owner, body="thoughts")

    def publish(public: bool):
        if path == "controls":
            url = reverse("portfolio:publication", args=["reflection", reflection.pk])
            owner_client.post(url, {"public": "1" if public else "0"})
        else:
            journal_services.reflection_write(
                learner=owner,
                day=reflection.date,
                body="thoughts",
                visibility="public" if public else "private",
            )
        reflection.refresh_from_db()
        return reflection

    first = publish(True).published_at
    assert publish(False).visibility == "private" and reflection.published_at == first
    assert publish(True).visibility == "public" and reflection.published_at == first
    assert first is not None


def test_a_session_keeps_its_first_published_at(owner):
    session = journal_services.session_log(
        learner=owner, minutes=5, kind="writing", visibility="public"
    )
    first = session.published_at

    journal_services.session_update(learner=owner, session=session, visibility="private")
    journal_services.session_update(learner=owner, session=session, visibility="public")

    assert first is not None and session.published_at == first
