""""Try it" predictions: a prediction on a warm model against calling the model's predict
directly, in the same process.

For each recipe with a loader (collab-movielens, text-classifier): train a quick model (a 10%
sample, one epoch), save it as a succeeded run, then time
  direct: recipe.predict(loaded_model, payload), the model loaded once by hand;
  warm:   training_jobs.inference.predict_for_job(job_id, payload) once its model is cached
          (the job row read, the model file's version checked, the LRU hit, the same predict);
  cold:   the first predict_for_job after the cache was emptied (loading the exported learner).
The issue asks warm / direct to stay under 3. Medians of BENCH_PREDICT_REPEAT (25) calls of
each, timed turn about. Run on its own database: the model is trained here, nothing else needed.
"""

from __future__ import annotations

import os
import statistics
import time

QUICK = {"sample": 0.1, "epochs": 1}
CASES = {
    "collab-movielens": ({"batch_size": 64, "lr": 0.05, "wd": 0.1, "factors": 20},
                         None),  # the payload needs a user of the model: picked after training
    "text-classifier": ({"batch_size": 32, "lr": 0.01},
                        {"text": "Thank you Iowa! Join me tomorrow in Des Moines. #MAGA"}),
}


def interleaved_medians(first, second, repeat: int) -> tuple[float, float]:
    """Median seconds of two actions timed turn about, so a burst of load from other work on
    the machine falls on both alike."""
    samples: tuple[list[float], list[float]] = ([], [])
    first()
    second()
    for _ in range(repeat):
        for action, times in ((first, samples[0]), (second, samples[1])):
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
    return statistics.median(samples[0]), statistics.median(samples[1])


def _learner():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-predict", defaults={"email": "bench-predict@example.com"}
    )
    return user


def _trained_job(recipe_slug: str, extra: dict):
    """A succeeded run of the recipe with a quick model in its artifact folder."""
    from django.conf import settings

    from projects.recipes import get_recipe, validate_params
    from projects.recipes._local import LocalContext
    from training_jobs.models import JobStatus, TrainingJob

    recipe = get_recipe(recipe_slug)
    params = validate_params(recipe, {**QUICK, **extra})
    job = TrainingJob.objects.create(
        owner=_learner(), recipe_slug=recipe.slug, recipe_title=recipe.title,
        dataset_slug=recipe.default_dataset.slug, metric_name=recipe.metric, params=params,
    )
    job.artifact_dir.mkdir(parents=True, exist_ok=True)
    data_root = settings.VAR_DIR / "datasets"
    data_root.mkdir(parents=True, exist_ok=True)
    ctx = LocalContext(data_dir=recipe.default_dataset.prepare(data_root),
                       artifact_dir=job.artifact_dir, params=params)
    metrics = recipe.train(ctx)
    job.status = JobStatus.SUCCEEDED
    job.metrics, job.baselines, job.artifacts = metrics, ctx.baselines, ctx.artifacts
    job.save()
    return job


def _measure(recipe_slug: str, extra: dict, payload, repeat: int) -> dict:
    from projects.recipes import get_recipe
    from training_jobs import inference

    job = _trained_job(recipe_slug, extra)
    recipe = get_recipe(recipe_slug)
    model_path = inference.model_path_for(job)
    model = inference.recipe_loader(recipe)(model_path)
    if payload is None:  # the recommender: ask for the user the model knows best
        payload = {"user": max(model.users, key=lambda u: len(model.seen[model.users[u]])),
                   "count": 10}

    inference.cache.clear()
    started = time.perf_counter()
    inference.predict_for_job(job.pk, payload)
    cold = time.perf_counter() - started
    direct, warm = interleaved_medians(
        lambda: recipe.predict(model, payload),
        lambda: inference.predict_for_job(job.pk, payload),
        repeat=repeat,
    )
    assert inference.cache.loads == 1, "a warm prediction loaded the model again"
    return {
        "direct_ms": round(direct * 1000, 2),
        "warm_ms": round(warm * 1000, 2),
        "cold_ms": round(cold * 1000, 1),
        "warm_over_direct": round(warm / direct, 2),
        "cold_over_warm": round(cold / warm, 1),
        "under_3x": warm / direct < 3,
    }


def run() -> dict:
    repeat = int(os.environ.get("BENCH_PREDICT_REPEAT", "25"))
    return {
        slug: _measure(slug, extra, payload, repeat) for slug, (extra, payload) in CASES.items()
    }
