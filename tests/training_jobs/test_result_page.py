"""The result a learner reads: the model against each baseline in plain words, the random
forest as a named strong model, counts as whole numbers, and the controls of a run that
ended arriving with the live partial (the page is not reloaded)."""

from unittest import mock

import pytest
from django.urls import reverse

from tests.training_jobs.factories import SucceededJobFactory, TrainingJobFactory
from training_jobs import services
from training_jobs.models import JobStatus, TrainingJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker():
    with mock.patch.object(services, "_send"):
        yield


def page_of(client, job) -> str:
    return client.get(reverse("training_jobs:detail", args=[job.pk])).content.decode()


def test_the_issue_s_titanic_result_reads_plainly(owner, owner_client):
    job = SucceededJobFactory(
        owner=owner,
        baselines={
            "majority class": 0.692,
            "survival rate of the passenger's sex": 0.759,
            "random forest": 0.848,
        },
        metrics={"accuracy": 0.308, "train_rows": 1050.0, "valid_rows": 263.0, "classes": 10.0},
    )
    page = page_of(owner_client, job)
    assert "Accuracy 30.8%" in page
    assert "The model does not beat the majority class yet: 38.4 points short." in page
    assert "short by -" not in page and "-0.385" not in page
    assert "1,050" in page and "263" in page and "1050.000" not in page
    assert "10.000" not in page and "Training examples" in page


def test_the_random_forest_has_its_own_card_as_a_strong_model(owner, owner_client):
    job = SucceededJobFactory(
        owner=owner,
        baselines={"majority class": 0.684, "random forest": 0.848},
        metrics={"accuracy": 0.8403},
    )
    page = page_of(owner_client, job)
    assert "a strong classical model" in page
    assert "The neural net does not beat the random forest yet: 0.8 points short." in page
    assert "hard to beat" in page  # the lesson, said once


def test_rmse_margins_keep_their_unit(owner, owner_client):
    job = SucceededJobFactory(
        owner=owner,
        recipe_slug="collab-movielens",
        metric_name="rmse",
        baselines={"movie mean": 0.98, "global mean": 1.05},
        metrics={"rmse": 0.86},
    )
    page = page_of(owner_client, job)
    assert "The model beats the movie mean by 0.120 (12.2% lower RMSE)." in page
    assert "RMSE 0.8600" in page


def test_a_running_run_shows_cancel_and_the_finished_partial_brings_publish(owner, owner_client):
    job = TrainingJobFactory(owner=owner, status=JobStatus.RUNNING, epochs_done=1)
    live = reverse("training_jobs:live", args=[job.pk])
    running = owner_client.get(live).content.decode()
    assert "Cancel the run" in running and "Publish on my portfolio" not in running

    TrainingJob.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, metrics={"accuracy": 0.8}, baselines={"majority class": 0.6}
    )
    ended = owner_client.get(live).content.decode()
    assert "Cancel the run" not in ended
    assert "Publish on my portfolio" in ended and "Run again with the same parameters" in ended
    assert 'hx-trigger="every 2s"' not in ended  # polling stops with the final state
    assert "The model beats the majority class by 20.0 points." in ended


def test_a_stranger_sees_no_controls_on_a_published_run(owner, stranger, client):
    job = SucceededJobFactory(owner=owner, published=True)
    client.force_login(stranger)
    html = client.get(reverse("training_jobs:live", args=[job.pk])).content.decode()
    assert "Publish on my portfolio" not in html and "Run again" not in html
