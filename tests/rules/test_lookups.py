"""Ownership lookups: one `owned_by(learner)` per queryset, deleted stages left out in one place,
and another learner's id answering exactly like an id that does not exist."""

import pytest
from django.urls import reverse

from curriculum import services as curriculum_services
from curriculum.models import ItemStatus
from journal.models import StudySession
from tests.factories import ItemFactory, RoadmapFactory, StageFactory
from tests.training_jobs.factories import SucceededJobFactory
from training_jobs.models import TrainingJob

pytestmark = pytest.mark.django_db


def test_today_no_longer_offers_the_items_of_a_stage_just_deleted(owner, owner_client):
    stage = StageFactory(roadmap=RoadmapFactory(owner=owner))
    ItemFactory(stage=stage, title="Kept chapter", status=ItemStatus.IN_PROGRESS)
    doomed = StageFactory(roadmap=stage.roadmap)
    gone = ItemFactory(stage=doomed, title="Chapter of a deleted stage", status="in_progress")

    curriculum_services.stage_delete(learner=owner, stage=doomed)
    html = owner_client.get(reverse("journal:today")).content.decode()

    assert "Kept chapter" in html
    assert "Chapter of a deleted stage" not in html
    answer = owner_client.post(
        reverse("journal:session_log"), {"minutes": "30", "kind": "coding", "item": gone.pk}
    )
    assert answer.status_code == 400 and not StudySession.objects.exists()


def test_starting_a_run_answers_the_same_for_a_missing_and_a_foreign_item(
    owner, stranger, api_client_for
):
    theirs = ItemFactory(stage=StageFactory(roadmap=RoadmapFactory(owner=stranger)))
    missing = theirs.pk + 1000
    api = api_client_for(owner)
    body = {"recipe": "tabular-titanic", "params": {"epochs": 1}, "sample": "0.05"}

    foreign = api.post("/api/jobs/", {**body, "item": theirs.pk}, format="json")
    absent = api.post("/api/jobs/", {**body, "item": missing}, format="json")

    assert foreign.status_code == absent.status_code == 400
    assert foreign.json() == absent.json()
    assert not TrainingJob.objects.exists()


@pytest.mark.parametrize("action", ["cancel", "retry", "publish"])
def test_another_learners_run_and_a_missing_run_answer_the_same_404(
    owner, stranger, api_client_for, action
):
    theirs = SucceededJobFactory(owner=stranger)
    api = api_client_for(owner)

    foreign = api.post(f"/api/jobs/{theirs.pk}/{action}/", {}, format="json")
    absent = api.post(f"/api/jobs/{theirs.pk + 1000}/{action}/", {}, format="json")

    assert foreign.status_code == absent.status_code == 404
    assert foreign.json() == absent.json()
    theirs.refresh_from_db()
    assert theirs.published is False
