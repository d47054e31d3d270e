"""Each recipe through Exhale against the same training as a plain fastai script.

For every recipe with a hand-written script in bench/scripts: one full-data run with the
recipe's default parameters through Exhale (start_run → a real, warm Celery worker →
finished: queue, heartbeats, epoch rows, plots, export) against the script run as a child
process of this benchmark with the same data, epochs, batch size, learning rate and seed,
timed from after its imports (the worker's imports are warm too). Reports both metrics
(the script is the independent check of the recipe's figure) and the ratio.

Environment: BENCH_RECIPES (comma-separated slugs; default every recipe with a script),
BENCH_EPOCHS (override the default epochs, for a shorter look).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.bench_training import _submit_and_wait, _worker

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = {
    "image-classifier": "image_fastai",
    "text-classifier": "text_fastai",
    "tabular-titanic": "titanic_fastai",
}


def _same_priority_as_the_worker() -> None:
    """The worker's training children lower their priority (config.celery); so does the
    script, or a busy machine would favour it."""
    from config.celery import TRAINING_NICE

    os.nice(int(os.environ.get("EXHALE_TRAINING_NICE", TRAINING_NICE)))


def _script(name: str, data: Path, *, epochs: int, bs: int, lr: float, seed: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", f"bench.scripts.{name}", "--data", str(data),
         "--epochs", str(epochs), "--bs", str(bs), "--lr", str(lr), "--seed", str(seed)],
        cwd=ROOT, capture_output=True, text=True, timeout=7200, check=True,
        preexec_fn=_same_priority_as_the_worker,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _one(slug: str) -> dict:
    from django.conf import settings

    from projects.recipes import get_recipe

    recipe = get_recipe(slug)
    params = recipe.defaults()
    if os.environ.get("BENCH_EPOCHS"):
        params["epochs"] = int(os.environ["BENCH_EPOCHS"])
    job, exhale_seconds = _submit_and_wait(slug, params)
    if job.status != "succeeded":
        return {"status": job.status, "error": job.error}
    root = Path(settings.VAR_DIR) / "datasets"
    data = recipe.default_dataset.prepare(root)
    script = _script(
        SCRIPTS[slug], data, epochs=int(params["epochs"]), bs=int(job.metrics["batch_size"]),
        lr=float(params["lr"]), seed=int(params["seed"]),
    )  # fmt: skip
    return {
        "epochs": params["epochs"],
        "batch_size": job.metrics["batch_size"],
        "exhale_metric": round(job.metric_value, 4),
        "script_metric": round(script[recipe.metric], 4),
        "baselines": {k: round(v, 4) for k, v in job.baselines.items()},
        "exhale_queued_to_finished_s": round(exhale_seconds, 2),
        "exhale_training_s": round(job.duration_seconds or 0, 2),
        "script_s": script["seconds"],
        "ratio_exhale_over_script": round(exhale_seconds / script["seconds"], 3),
    }


def run() -> dict:
    slugs = [s for s in os.environ.get("BENCH_RECIPES", ",".join(SCRIPTS)).split(",") if s]
    figures: dict = {}
    worker = _worker()
    try:
        _submit_and_wait("tabular-titanic", {"epochs": 1, "sample": 0.05})  # warm the imports
        for slug in slugs:
            figures[slug] = _one(slug)
            print(slug, json.dumps(figures[slug]), flush=True)
    finally:
        worker.stop()
    return figures
