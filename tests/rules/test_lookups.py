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


def test_the_api_exception_handler_maps_does_not_exist_404_and_permission_denied_once():
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from config.api import exception_handler
    from curriculum.models import Item

    assert exception_handler(Item.DoesNotExist("no such item"), {}).status_code == 404
    assert exception_handler(Http404(), {}).status_code == 404
    assert exception_handler(PermissionDenied(), {}).status_code == 403
    assert exception_handler(Item.DoesNotExist(), {}).data == {"detail": "Not found."}


def _journal_rows(learner):
    from journal.models import NotToDo, Pause
    from tests.portfolio.factories import ReflectionFactory, ReviewFactory, SessionFactory

    today = __import__("datetime").date.today()
    return {
        "sessions": SessionFactory(learner=learner),
        "reflections": ReflectionFactory(learner=learner),
        "reviews": ReviewFactory(learner=learner),
        "not-to-do": NotToDo.objects.create(learner=learner, text="doomscroll"),
        "pauses": Pause.objects.create(learner=learner, start=today, end=today),
    }


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_journal_api_answers_another_learners_row_like_a_missing_one(
    owner, stranger, api_client_for, method
):
    api = api_client_for(owner)
    allowed = {"not-to-do": {"patch", "delete"}, "pauses": {"get", "delete"}}
    for path, row in _journal_rows(stranger).items():
        if method not in allowed.get(path, {"get", "patch", "delete"}):
            continue
        foreign = getattr(api, method)(f"/api/{path}/{row.pk}/", {}, format="json")
        absent = getattr(api, method)(f"/api/{path}/{row.pk + 1000}/", {}, format="json")
        assert foreign.status_code == absent.status_code == 404, (path, method)
        assert foreign.json() == absent.json(), path
        assert type(row).objects.filter(pk=row.pk).exists(), path


@pytest.mark.parametrize("kind", ["stages", "items"])
def test_restoring_another_learners_deleted_stage_or_item_answers_like_a_missing_one(
    owner, stranger, api_client_for, kind
):
    stage = StageFactory(roadmap=RoadmapFactory(owner=stranger))
    item = ItemFactory(stage=stage)
    if kind == "stages":
        curriculum_services.stage_delete(learner=stranger, stage=stage)
        row = stage
    else:
        curriculum_services.item_delete(learner=stranger, item=item)
        row = item
    api = api_client_for(owner)

    foreign = api.post(f"/api/{kind}/{row.pk}/restore/")
    absent = api.post(f"/api/{kind}/{row.pk + 1000}/restore/")

    assert foreign.status_code == absent.status_code == 404
    assert foreign.json() == absent.json()
    row.refresh_from_db()
    assert row.deleted_at is not None


def test_purging_an_item_of_a_deleted_stage_still_freshens_the_portfolio(owner):
    from curriculum.models import Item

    stage = StageFactory(roadmap=RoadmapFactory(owner=owner))
    item = ItemFactory(stage=stage)
    curriculum_services.stage_delete(learner=owner, stage=stage)
    owner.refresh_from_db()
    before = owner.portfolio_changed_at

    Item.all_objects.filter(pk=item.pk).delete()
    owner.refresh_from_db()

    assert owner.portfolio_changed_at > before
