"""Predictions for "try it" demos, run in a worker, with recently used models kept loaded.

Worker-only, like the runner: the recipes' loaders import torch and fastai. Loading an exported
learner takes far longer than one prediction, so each worker process keeps the last few loaded
models in a small LRU keyed by (job id, modification time of the model file): a re-exported model
is a new key, so a stale copy is never served.

A recipe opts into being kept loaded by defining `load_model(path)` next to its `predict()` (or,
once the contract has it, `Recipe.load`); its `predict(model, payload)` then receives what the
loader returned. A recipe without a loader still works: its `predict()` gets the model file's
path and loads it on every call.
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from core import storage
from projects.recipes import Recipe, get_recipe

DEFAULT_CACHE_SIZE = 3


@dataclass
class LoadedModel:
    """A model ready to answer: what the recipe's loader returned (or the path to the model file
    when the recipe has no loader) and the recipe's predict()."""

    recipe_slug: str
    model_path: Path
    model: Any
    predict: Callable[[Any, Any], dict]
    kept_loaded: bool


class ModelCache:
    """A least-recently-used set of loaded models, safe to share between a worker's threads."""

    def __init__(self, size: int):
        self.size = max(1, size)
        self._models: OrderedDict[Hashable, LoadedModel] = OrderedDict()
        self._lock = threading.Lock()
        self.loads = 0
        self.hits = 0
        self.evictions = 0

    def get(self, key: tuple, load: Callable[[], LoadedModel]) -> LoadedModel:
        """The model under `key`, loading it on a miss. A miss also forgets other versions of
        the same job (key[0]), whose file has since been replaced."""
        with self._lock:  # held while loading too: two requests for one cold model load it once
            if key in self._models:
                self._models.move_to_end(key)
                self.hits += 1
                return self._models[key]
            for stale in [k for k in self._models if k[0] == key[0]]:
                del self._models[stale]
            loaded = load()
            self.loads += 1
            self._models[key] = loaded
            while len(self._models) > self.size:
                self._models.popitem(last=False)
                self.evictions += 1
            return loaded

    def of_job(self, job_id: Hashable) -> LoadedModel | None:
        """The loaded model of that job, whichever version, without counting a hit."""
        with self._lock:
            return next((m for k, m in self._models.items() if k[0] == job_id), None)

    def forget(self, job_id: Hashable) -> None:
        with self._lock:
            for key in [k for k in self._models if k[0] == job_id]:
                del self._models[key]

    def keys(self) -> list[Hashable]:
        with self._lock:
            return list(self._models)

    def clear(self) -> None:
        with self._lock:
            self._models.clear()
            self.loads = self.hits = self.evictions = 0


cache = ModelCache(getattr(settings, "INFERENCE_CACHE_SIZE", DEFAULT_CACHE_SIZE))


def recipe_loader(recipe: Recipe) -> Callable[[Path], Any] | None:
    """The recipe's `load_model(path)`, found beside its predict(); None when it has none."""
    load = getattr(recipe, "load", None)
    if load is None and recipe.predict is not None:
        module = importlib.import_module(recipe.predict.__module__)
        load = getattr(module, "load_model", None)
    return load


def load_model(recipe_slug: str, model_path: Path) -> LoadedModel:
    recipe = get_recipe(recipe_slug)
    if recipe.predict is None:
        raise ValidationError(f"{recipe.title} has no demo to try.")
    load = recipe_loader(recipe)
    if load is None:
        return LoadedModel(recipe_slug, model_path, model_path, recipe.predict, kept_loaded=False)
    return LoadedModel(recipe_slug, model_path, load(model_path), recipe.predict, kept_loaded=True)


def predict_with_model(key: Hashable, recipe_slug: str, model_path: Path, payload: Any) -> dict:
    """Answer one prediction with the model file at model_path, kept loaded under key."""
    model_path = Path(model_path)
    try:
        version = model_path.stat().st_mtime_ns
    except FileNotFoundError:
        cache.forget(key)
        raise ValidationError("The trained model of this run is gone; run it again.") from None
    loaded = cache.get((key, version), lambda: load_model(recipe_slug, model_path))
    return loaded.predict(loaded.model, payload)


def model_path_for(job) -> Path:
    """A path on this worker to a job's exported model (its artifact of kind "model"), beside
    the files its loader may read: the stored folder with local storage, a copy of the run's
    files in the worker's var dir with a bucket (a succeeded run's files never change)."""
    artifact = job.model_file
    if artifact is None:
        raise ValidationError("This run has no trained model to try.")
    return job.artifact_dir / storage.safe_name(artifact["name"])


def predict_for_job(job_id: int, payload: Any) -> dict:
    """The prediction of a succeeded run's model for one demo input (what its recipe's
    predict() returns). Learner-caused problems (a run without a model, an input the recipe
    refuses) raise ValidationError with a message for the learner.

    Who may try the run is the caller's business (the page and the API check visibility before
    sending the task)."""
    from training_jobs.models import JobStatus, TrainingJob

    warm = cache.of_job(job_id)
    if warm is not None:
        # No query: a succeeded run is final, so its recipe and model file never change; the
        # file's version is still checked, so a replaced or deleted model is noticed.
        return predict_with_model(job_id, warm.recipe_slug, warm.model_path, payload)
    job = (
        TrainingJob.objects.filter(pk=job_id)
        .only("id", "recipe_slug", "status", "artifacts")
        .first()
    )
    if job is None:
        raise ValidationError("This run does not exist any more.")
    if job.status != JobStatus.SUCCEEDED:
        raise ValidationError("Only a run that finished training has a model to try.")
    return predict_with_model(job.pk, job.recipe_slug, model_path_for(job), payload)
