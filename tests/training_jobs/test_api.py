"""The training-jobs API: the same services and the same messages as the web pages."""

from unittest import mock

import pytest
from django.urls import reverse

from projects.recipes import all_recipes
from tests.training_jobs.factories import SucceededJobFactory, TrainingJobFactory
from training_jobs import services
from training_jobs.models import JobStatus, TrainingJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker():
    with mock.patch.object(services, "_send"):
        yield


def test_recipes_list_their_parameter_specs(api_client_for):
    recipes = api_client_for(None).get(reverse("api:recipe-list")).json()
    by_slug = {r["slug"]: r for r in recipes}
    assert {"image-classifier", "tabular-titanic"} <= set(by_slug)
    epochs = by_slug["image-classifier"]["params"][0]
    assert epochs == {
        "name": "epochs",
        "label": "Epochs",
        "type": "int",
        "default": 5,
        "minimum": 1,
        "maximum": 50,
        "minimum_exclusive": False,
        "help": "Passes over the training data.",
    }


def test_start_a_run_and_read_it_back(owner, api_client_for):
    api = api_client_for(owner)
    created = api.post(
        reverse("api:job-list"),
        {"recipe": "tabular-titanic", "params": {"epochs": 2}, "sample": "0.05"},
        format="json",
    )
    assert created.status_code == 201
    job_id = created.json()["id"]
    read = api.get(reverse("api:job-detail", args=[job_id])).json()
    assert read["status"] == "queued" and read["params"]["sample"] == 0.05
    assert read["epochs"] == [] and read["queue"] == "gpu"
    listed = api.get(reverse("api:job-list")).json()
    assert [j["id"] for j in listed["results"]] == [job_id]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"recipe": "image-classifier", "params": {"epochs": 0}},
            {"epochs": ["Epochs must be between 1 and 50; you gave 0."]},
        ),
        (
            {"recipe": "image-classifier", "params": {"epochs": 10000}},
            {"epochs": ["Epochs must be between 1 and 50; you gave 10000."]},
        ),
        (
            {"recipe": "image-classifier", "params": {"lr": -1}},
            {"lr": ["Learning rate must be more than 0 and at most 1; you gave -1."]},
        ),
        (
            {"recipe": "image-classifier", "sample": "0"},
            {"sample": ["Sample share must be more than 0 and at most 1; you gave 0."]},
        ),
        (
            {"recipe": "image-classifier", "sample": "2"},
            {"sample": ["Sample share must be more than 0 and at most 1; you gave 2."]},
        ),
        (
            {"recipe": "nope"},
            {
                "recipe": [
                    "There is no project called “nope”. Pick one of: "
                    + ", ".join(sorted(r.slug for r in all_recipes()))
                    + "."
                ]
            },
        ),
    ],
)
def test_invalid_runs_are_400_with_the_learners_message(owner, api_client_for, body, errors):
    response = api_client_for(owner).post(reverse("api:job-list"), body, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not TrainingJob.objects.exists()


def test_cancel_retry_publish(owner, api_client_for):
    api = api_client_for(owner)
    queued = TrainingJobFactory(owner=owner)
    assert api.post(reverse("api:job-cancel", args=[queued.pk])).json()["status"] == "cancelled"
    again = api.post(reverse("api:job-cancel", args=[queued.pk]))
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This run has already cancelled."]}

    retried = api.post(reverse("api:job-retry", args=[queued.pk]))
    assert retried.status_code == 201 and retried.json()["retry_of"] == queued.pk

    done = SucceededJobFactory(owner=owner)
    published = api.post(reverse("api:job-publish", args=[done.pk]), {"published": True})
    assert published.json()["published"] is True
    refused = api.post(reverse("api:job-publish", args=[queued.pk]), {"published": True})
    assert refused.status_code == 400


def test_read_includes_epochs(owner, api_client_for):
    job = SucceededJobFactory(owner=owner)
    data = api_client_for(owner).get(reverse("api:job-detail", args=[job.pk])).json()
    assert [e["epoch"] for e in data["epochs"]] == [1, 2]
    assert data["baselines"]["majority class"] == 0.68


def test_a_stranger_cannot_read_cancel_retry_or_publish(owner, stranger, api_client_for):
    job = SucceededJobFactory(owner=owner)
    running = TrainingJobFactory(owner=owner, status=JobStatus.RUNNING)
    api = api_client_for(stranger)
    assert api.get(reverse("api:job-detail", args=[job.pk])).status_code == 404
    assert api_client_for(None).get(reverse("api:job-detail", args=[job.pk])).status_code == 404
    for name, target in [("job-cancel", running), ("job-retry", job), ("job-publish", job)]:
        assert api.post(reverse(f"api:{name}", args=[target.pk])).status_code == 404
    assert api.get(reverse("api:job-list")).json()["results"] == []
    running.refresh_from_db()
    assert not running.cancel_requested and TrainingJob.objects.count() == 2


def test_a_published_run_reads_without_its_log(owner, stranger, api_client_for):
    job = SucceededJobFactory(owner=owner, published=True, log_tail="private")
    data = api_client_for(stranger).get(reverse("api:job-detail", args=[job.pk])).json()
    assert data["id"] == job.pk and "log_tail" not in data


def test_wrong_methods(owner, api_client_for):
    api = api_client_for(owner)
    job = SucceededJobFactory(owner=owner)
    assert api.delete(reverse("api:job-list")).status_code == 405
    assert api.put(reverse("api:job-detail", args=[job.pk])).status_code == 405
    for name in ("job-cancel", "job-retry", "job-publish"):
        assert api.get(reverse(f"api:{name}", args=[job.pk])).status_code == 405


def test_anonymous_cannot_start(api_client_for):
    response = api_client_for(None).post(reverse("api:job-list"), {"recipe": "tabular-titanic"})
    assert response.status_code in (401, 403)
