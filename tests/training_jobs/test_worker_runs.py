"""Both recipes end to end through a real Celery worker, on tiny samples."""

import pytest

from tests.support.worker import wait_until
from training_jobs.models import JobStatus, TrainingJob
from training_jobs.services import start_run

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def finished(job_id: int, timeout: float = 240) -> TrainingJob:
    return wait_until(
        lambda: (job := TrainingJob.objects.get(pk=job_id)).is_final and job,
        timeout=timeout,
        interval=0.5,
        message=f"job {job_id} did not finish",
    )


def test_image_classifier_quick_run_beats_majority_baseline(celery_worker, owner):
    job = start_run(
        learner=owner,
        recipe_slug="image-classifier",
        params={"epochs": 2, "batch_size": 16},
        sample=0.12,
    )

    job = finished(job.pk)

    assert job.status == JobStatus.SUCCEEDED, (job.error, job.log_tail)
    assert job.device == "cpu"
    assert list(job.epochs.values_list("epoch", flat=True)) == [1, 2]
    assert job.metrics["accuracy"] > job.baselines["majority class"]
    names = {a["name"] for a in job.artifacts}
    assert {"training-curve.png", "confusion-matrix.png", "top-losses.png", "model.pkl"} <= names
    assert all((job.artifact_dir / name).is_file() for name in names)


def test_titanic_quick_run_beats_majority_baseline(celery_worker, owner):
    job = start_run(learner=owner, recipe_slug="tabular-titanic", params={"epochs": 1}, sample=0.25)

    job = finished(job.pk)

    assert job.status == JobStatus.SUCCEEDED, (job.error, job.log_tail)
    assert set(job.baselines) == {
        "majority class",
        "survival rate of the passenger's sex",
        "random forest",
    }
    assert job.metrics["accuracy"] > job.baselines["majority class"]
    assert job.baselines["random forest"] > job.baselines["majority class"]
    assert job.epochs.count() == 1
    assert {a["name"] for a in job.artifacts} >= {
        "training-curve.png",
        "feature-importances.png",
        "model.pkl",
    }


def test_collab_quick_run_through_the_worker_beats_each_movies_mean(celery_worker, owner):
    job = start_run(
        learner=owner,
        recipe_slug="collab-movielens",
        params={"epochs": 1, "batch_size": 64, "lr": 0.05, "wd": 0.1, "factors": 20},
        sample=0.1,
    )

    job = finished(job.pk)

    assert job.status == JobStatus.SUCCEEDED, (job.error, job.log_tail)
    assert job.metric_name == "rmse"
    assert job.metrics["rmse"] < job.baselines["movie mean"], "lower RMSE is better"
    assert job.model_file is not None


def test_text_classifier_quick_run_through_the_worker_beats_the_majority(celery_worker, owner):
    job = start_run(
        learner=owner,
        recipe_slug="text-classifier",
        params={"epochs": 1, "batch_size": 32, "lr": 0.01},
        sample=0.1,
    )

    job = finished(job.pk, timeout=400)

    assert job.status == JobStatus.SUCCEEDED, (job.error, job.log_tail)
    assert job.metrics["accuracy"] > job.baselines["majority class"]
    assert job.model_file is not None
