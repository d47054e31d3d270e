"""Demo predictions keep recently used models loaded: a second prediction on the same run does
not load its model again, the least recently used model makes room for a new one, and a model
file replaced on disk is loaded afresh. The recipes here are stand-ins that count their loads,
so no test waits for torch."""

import functools
import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from projects.recipes import get_recipe
from projects.recipes._contract import Recipe
from tests.training_jobs.factories import SucceededJobFactory, TrainingJobFactory
from training_jobs import inference
from training_jobs.models import JobStatus

pytestmark = pytest.mark.django_db

LOADED: list[Path] = []


def load_model(path: Path) -> dict:
    """The stand-in recipe's loader (found beside its predict, as a real recipe's is)."""
    LOADED.append(Path(path))
    return {"path": Path(path), "weights": Path(path).read_text()}


def predict_loaded(model, payload) -> dict:
    return {"label": f"{model['weights']}:{payload}", "confidence": 1.0}


def _never_trains(ctx):
    raise AssertionError("not a training test")


def stand_in(slug: str, predict) -> Recipe:
    real = get_recipe("image-classifier")
    return Recipe(
        slug=slug,
        title=slug.title(),
        lesson="1",
        summary="",
        datasets=real.datasets,
        params=real.params,
        metric="accuracy",
        metric_label="accuracy",
        baseline_help="",
        train=_never_trains,
        predict=predict,
    )


def predict_from_path(model_path, payload) -> dict:
    # A recipe without a loader is handed the model file's path every time.
    return {"label": f"{Path(model_path).name}:{payload}", "confidence": 0.5}


@pytest.fixture(autouse=True)
def stand_in_recipes(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    recipes = {
        "kept": stand_in("kept", predict_loaded),
        # A partial lives in no recipe module, so no loader is found beside it: it stands in for
        # a recipe that only has predict(path, payload).
        "cold": stand_in("cold", functools.partial(predict_from_path)),
    }
    monkeypatch.setattr(inference, "get_recipe", recipes.__getitem__)
    monkeypatch.setattr(inference, "cache", inference.ModelCache(2))
    LOADED.clear()


def trained_job(recipe_slug="kept", weights="w1"):
    job = SucceededJobFactory(
        recipe_slug=recipe_slug,
        artifacts=[{"name": "model.pkl", "title": "Exported fastai learner", "kind": "model"}],
    )
    job.artifact_dir.mkdir(parents=True, exist_ok=True)
    (job.artifact_dir / "model.pkl").write_text(weights)
    return job


def test_a_second_prediction_on_a_warm_model_does_not_load_it_again():
    job = trained_job(weights="w1")

    first = inference.predict_for_job(job.pk, "a")
    second = inference.predict_for_job(job.pk, "b")

    assert first == {"label": "w1:a", "confidence": 1.0}
    assert second == {"label": "w1:b", "confidence": 1.0}
    assert LOADED == [job.artifact_dir / "model.pkl"]
    assert (inference.cache.loads, inference.cache.hits) == (1, 1)


def test_a_warm_prediction_reads_nothing_from_the_database(django_assert_num_queries):
    job = trained_job(weights="w1")
    inference.predict_for_job(job.pk, "a")

    with django_assert_num_queries(0):
        assert inference.predict_for_job(job.pk, "b")["label"] == "w1:b"


def test_a_warm_model_deleted_from_disk_says_so_and_is_forgotten():
    job = trained_job()
    inference.predict_for_job(job.pk, "a")
    (job.artifact_dir / "model.pkl").unlink()

    with pytest.raises(ValidationError) as caught:
        inference.predict_for_job(job.pk, "a")

    assert caught.value.messages == ["The trained model of this run is gone; run it again."]
    assert inference.cache.keys() == []


def test_the_least_recently_used_model_makes_room_for_a_new_one():
    a, b, c = trained_job(weights="a"), trained_job(weights="b"), trained_job(weights="c")
    inference.predict_for_job(a.pk, 1)
    inference.predict_for_job(b.pk, 1)
    inference.predict_for_job(a.pk, 2)  # a is now the most recently used

    inference.predict_for_job(c.pk, 1)  # the cache holds two: b goes

    assert [key for key, _ in inference.cache.keys()] == [a.pk, c.pk]
    assert inference.cache.evictions == 1
    inference.predict_for_job(a.pk, 3)
    assert len(LOADED) == 3
    assert inference.predict_for_job(b.pk, 2) == {"label": "b:2", "confidence": 1.0}
    assert len(LOADED) == 4  # b had to be loaded again


def test_a_model_file_replaced_on_disk_is_loaded_afresh():
    job = trained_job(weights="old")
    assert inference.predict_for_job(job.pk, "x")["label"] == "old:x"
    model = job.artifact_dir / "model.pkl"
    model.write_text("new")
    stat = model.stat()
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    assert inference.predict_for_job(job.pk, "x")["label"] == "new:x"
    assert len(LOADED) == 2
    assert len(inference.cache.keys()) == 1  # the old version is forgotten, not kept


def test_a_recipe_without_a_loader_gets_the_model_path_each_time():
    job = trained_job(recipe_slug="cold")

    answer = inference.predict_for_job(job.pk, "q")

    assert answer == {"label": "model.pkl:q", "confidence": 0.5}
    [loaded] = [inference.cache._models[key] for key in inference.cache.keys()]
    assert loaded.kept_loaded is False and loaded.model == job.artifact_dir / "model.pkl"


def test_the_bundled_recipes_with_a_loader_are_kept_loaded():
    assert inference.recipe_loader(get_recipe("collab-movielens")) is not None
    assert inference.recipe_loader(get_recipe("text-classifier")) is not None


@pytest.mark.parametrize(
    "status", [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED, JobStatus.CANCELLED]
)
def test_a_run_that_did_not_finish_training_has_no_demo(status):
    job = TrainingJobFactory(recipe_slug="kept", status=status)
    with pytest.raises(ValidationError) as caught:
        inference.predict_for_job(job.pk, "a")
    assert caught.value.messages == ["Only a run that finished training has a model to try."]


def test_a_run_whose_model_file_is_gone_says_so():
    job = trained_job()
    (job.artifact_dir / "model.pkl").unlink()
    with pytest.raises(ValidationError) as caught:
        inference.predict_for_job(job.pk, "a")
    assert caught.value.messages == ["The trained model of this run is gone; run it again."]
    assert LOADED == []


def test_a_run_without_a_model_artifact_or_a_deleted_run_is_refused():
    job = SucceededJobFactory(recipe_slug="kept", artifacts=[])
    with pytest.raises(ValidationError) as caught:
        inference.predict_for_job(job.pk, "a")
    assert caught.value.messages == ["This run has no trained model to try."]
    with pytest.raises(ValidationError) as caught:
        inference.predict_for_job(job.pk + 1000, "a")
    assert caught.value.messages == ["This run does not exist any more."]
