"""Training jobs: what running a recipe through Exhale costs over calling it directly.

(a) Wall time of one run through Exhale (submit → finished, a real warm Celery worker) against
    the same recipe's train() called in this process with a plain context: same data set,
    parameters and seed. Reported as a ratio.
(b) Queue latency (submit → started) on the filesystem broker and, when REDIS_URL_BENCH (or
    redis://127.0.0.1:6379/3) answers, on Redis: median of a few idle-worker runs.

Environment: BENCH_TRAINING_RECIPE (default tabular-titanic), BENCH_TRAINING_EPOCHS (3),
BENCH_TRAINING_SAMPLE (1.0), BENCH_LATENCY_RUNS (5).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _learner():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-trainer", defaults={"email": "bench@example.com"}
    )
    return user


def _wait_final(job_id: int, timeout: float = 1800):
    from training_jobs.models import TrainingJob

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = TrainingJob.objects.get(pk=job_id)
        if job.is_final:
            return job
        time.sleep(0.05)
    raise TimeoutError(f"job {job_id} did not finish")


def _submit_and_wait(recipe: str, params: dict):
    from training_jobs.services import start_run

    started = time.perf_counter()
    job = start_run(learner=_learner(), recipe_slug=recipe, params=params)
    job = _wait_final(job.pk)
    return job, time.perf_counter() - started


def _direct(recipe_slug: str, params: dict) -> tuple[float, dict]:
    from django.conf import settings

    from projects.recipes import get_recipe, validate_params
    from projects.recipes._local import LocalContext

    recipe = get_recipe(recipe_slug)
    clean = validate_params(recipe, params)
    root = Path(settings.VAR_DIR) / "datasets"
    root.mkdir(parents=True, exist_ok=True)
    data = recipe.default_dataset.prepare(root)
    with tempfile.TemporaryDirectory() as folder:
        ctx = LocalContext(data_dir=data, artifact_dir=Path(folder), params=clean)
        started = time.perf_counter()
        metrics = recipe.train(ctx)
        return time.perf_counter() - started, metrics


def _latencies(runs: int) -> list[float]:
    """Submit tiny runs one after another to an idle worker; seconds from queued to started."""
    out = []
    for _ in range(runs):
        job, _ = _submit_and_wait("tabular-titanic", {"epochs": 1, "sample": 0.05})
        out.append((job.started_at - job.queued_at).total_seconds())
    return out


def _worker():
    from tests.support.worker import WorkerProcess

    return WorkerProcess()


def run() -> dict:
    recipe = os.environ.get("BENCH_TRAINING_RECIPE", "tabular-titanic")
    params = {
        "epochs": int(os.environ.get("BENCH_TRAINING_EPOCHS", "3")),
        "sample": float(os.environ.get("BENCH_TRAINING_SAMPLE", "1.0")),
        "seed": 42,
    }
    latency_runs = int(os.environ.get("BENCH_LATENCY_RUNS", "5"))
    figures: dict = {"recipe": recipe, "params": params}

    worker = _worker()
    try:
        _submit_and_wait(recipe, params)  # warm-up: the worker child imports torch and fastai
        job, through_exhale = _submit_and_wait(recipe, params)
        filesystem_latency = _latencies(latency_runs)
    finally:
        worker.stop()
    direct_seconds, direct_metrics = _direct(recipe, params)  # this process, after its imports
    _direct(recipe, params)
    direct_seconds = min(direct_seconds, _direct(recipe, params)[0])
    figures.update(
        {
            "exhale_submit_to_finished_s": round(through_exhale, 2),
            "exhale_training_s": round(job.duration_seconds or 0, 2),
            "direct_train_s": round(direct_seconds, 2),
            "ratio_exhale_over_direct": round(through_exhale / direct_seconds, 2),
            "exhale_status": job.status,
            "exhale_metric": job.metrics.get(job.metric_name),
            "direct_metric": direct_metrics.get(job.metric_name),
            "filesystem_queue_latency_median_s": round(statistics.median(filesystem_latency), 3),
            "filesystem_queue_latency_s": [round(v, 3) for v in filesystem_latency],
        }
    )
    figures.update(_redis_latency(latency_runs))
    return figures


def _redis_latency(runs: int) -> dict:
    """The same latency figure with Redis as the broker, measured in a child process whose
    settings point at Redis (settings are read once per process)."""
    url = os.environ.get("REDIS_URL_BENCH", "redis://127.0.0.1:6379/3")
    try:
        import redis

        redis.Redis.from_url(url).ping()
    except Exception as exc:  # no Redis here: say so instead of failing the other figures
        return {"redis_queue_latency": f"skipped ({exc.__class__.__name__})"}
    env = {**os.environ, "REDIS_URL": url, "BENCH_LATENCY_RUNS": str(runs)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_training", "--redis-latency"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        return {"redis_queue_latency": f"failed: {done.stderr[-500:]}"}
    values = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "redis_queue_latency_median_s": round(statistics.median(values), 3),
        "redis_queue_latency_s": [round(v, 3) for v in values],
    }


def _redis_child() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from config.celery import app

    app.control.purge()
    worker = _worker()
    try:
        _submit_and_wait("tabular-titanic", {"epochs": 1, "sample": 0.05})  # warm-up
        values = _latencies(int(os.environ.get("BENCH_LATENCY_RUNS", "5")))
    finally:
        worker.stop()
    print(json.dumps(values))


if __name__ == "__main__" and "--redis-latency" in sys.argv:
    _redis_child()
