"""Every bundled recipe really trains at every sample size: through a real worker at 1%, 5%
and 30% samples for 2 epochs, and on an uploaded CSV of 60 rows. Each run makes optimiser
steps every epoch and records every epoch's train loss; at 30% the model beats every simple
baseline it reports (the random forest, a strong classical model, is shown beside it and may
win: that is the lesson its card teaches).

Heavy: each recipe's three runs are queued at once and share one test, and these runs replace
the single quick run per recipe the suite made before (their checks are here: artifacts,
device, baselines), so the suite trains each size once."""

import io

import pytest

from projects.recipes import all_recipes, get_recipe
from projects.services import dataset_columns_set, dataset_upload
from tests.projects.uploads import table_csv_bytes
from tests.support.worker import wait_until
from training_jobs.models import JobStatus, TrainingJob
from training_jobs.services import start_run

pytestmark = [
    pytest.mark.worker,
    pytest.mark.training,
    pytest.mark.django_db(transaction=True),
]

SIZES = (0.01, 0.05, 0.3)
# What each recipe's run leaves behind (besides the exported model every recipe has).
ARTIFACTS = {
    "image-classifier": {"training-curve.png", "confusion-matrix.png", "top-losses.png"},
    "tabular-titanic": {"training-curve.png", "feature-importances.png"},
    "tabular-csv": {"training-curve.png", "features.json"},
    "collab-movielens": {"training-curve.png", "similar-movies.png", "similar-movies.json"},
    "text-classifier": {"training-curve.png", "confusion-matrix.png"},
}


def finished(job_id: int, timeout: float = 240) -> TrainingJob:
    return wait_until(
        lambda: (job := TrainingJob.objects.get(pk=job_id)).is_final and job,
        timeout=timeout,
        interval=0.5,
        message=f"job {job_id} did not finish",
    )


def check_trained(job, recipe) -> None:
    """The run succeeded, made optimiser steps every epoch and has every epoch's train loss."""
    assert job.status == JobStatus.SUCCEEDED, (job.error, job.log_tail)
    epochs = list(job.epochs.order_by("epoch"))
    assert [e.epoch for e in epochs] == [1, 2]
    assert all(e.train_loss is not None and e.valid_loss is not None for e in epochs), epochs
    assert job.metrics["steps_per_epoch"] >= 1
    # fastai drops the last partial batch: the steps the run made are the whole batches.
    assert job.metrics["steps_per_epoch"] == job.metrics["train_rows"] // job.metrics["batch_size"]
    assert job.metrics["batch_size"] <= job.params["batch_size"]
    assert "optimiser steps an epoch" in job.log_tail
    assert job.device == "cpu" and job.metric_name == recipe.metric
    names = {a["name"] for a in job.artifacts}
    assert ARTIFACTS[recipe.slug] | {"model.pkl"} <= names
    assert all((job.artifact_dir / name).is_file() for name in names)


def simple_baselines(job, recipe) -> dict:
    return {k: v for k, v in job.baselines.items() if k not in recipe.strong_baselines}


@pytest.mark.parametrize("slug", sorted(r.slug for r in all_recipes()))
def test_every_sample_size_trains_and_thirty_percent_beats_the_baselines(
    celery_worker, owner, slug
):
    recipe = get_recipe(slug)
    jobs = {
        sample: start_run(learner=owner, recipe_slug=slug, params={"epochs": 2}, sample=sample)
        for sample in SIZES
    }
    done = {sample: finished(job.pk, timeout=900) for sample, job in jobs.items()}

    for job in done.values():
        check_trained(job, recipe)
    thirty = done[0.3]
    assert simple_baselines(thirty, recipe), "every recipe reports a baseline"
    for name, value in simple_baselines(thirty, recipe).items():
        assert recipe.beats(thirty.metric_value, value), (name, value, thirty.metric_value)
    # The strong model is a named baseline too, scored on the same validation rows.
    for name in recipe.strong_baselines:
        assert thirty.baselines[name] > thirty.baselines["majority class"]
    if slug == "tabular-titanic":
        assert set(thirty.baselines) == {
            "majority class",
            "survival rate of the passenger's sex",
            "random forest",
        }
    if slug == "collab-movielens":
        assert set(thirty.baselines) == {"global mean", "movie mean"}  # RMSE: lower is better


def test_an_uploaded_csv_of_sixty_rows_trains(celery_worker, owner):
    content = table_csv_bytes(rows=60)
    dataset = dataset_upload(
        learner=owner, name="cities", upload=io.BytesIO(content), filename="c.csv",
        size=len(content),
    )  # fmt: skip
    dataset_columns_set(learner=owner, dataset_id=dataset.pk, columns={"target": "label"})

    job = start_run(
        learner=owner, recipe_slug="tabular-csv", params={"epochs": 2}, dataset=dataset.slug
    )
    job = finished(job.pk, timeout=300)

    check_trained(job, get_recipe("tabular-csv"))
    assert job.metrics["train_rows"] + job.metrics["valid_rows"] == 60
    assert job.metrics["batch_size"] == 2  # 48 training rows: 24 steps an epoch, not zero
