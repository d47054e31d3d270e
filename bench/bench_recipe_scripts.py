"""Each recipe through Exhale against the same training as a plain fastai script.

For every recipe with a hand-written script in bench/scripts: full-data runs with the recipe's
default parameters through Exhale (start_run → a real, warm Celery worker → finished: queue,
heartbeats, epoch rows, baselines, plots, export) against the script run as a child process of
this benchmark with the same data, epochs, batch size, learning rate and seed, timed from after
its imports. The worker is warm the same way: a small run of each recipe first pays its imports.

Fair on a shared machine: both sides run at the same nice (the worker's production default) and
the same torch threads, and the two sides alternate, BENCH_REPEATS times each (the order
swapping every round), so a burst of other work lands on both. The report gives every round,
the medians, the ratio of the medians and the load average before and after. Both metrics are
reported (the script is the independent check of the recipe's figure).

Environment: BENCH_RECIPES (comma-separated slugs; default every recipe with a script),
BENCH_REPEATS (rounds, default 3), BENCH_THREADS (torch threads on both sides; default the
worker's, every usable core), BENCH_NICE (default the worker's production nice),
BENCH_EPOCHS (override the default epochs, for a shorter look).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.bench_training import _submit_and_wait

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = {
    "image-classifier": "image_fastai",
    "text-classifier": "text_fastai",
    "tabular-titanic": "titanic_fastai",
    "collab-movielens": "collab_fastai",
    "tabular-csv": "csv_fastai",
}
# A recipe's own parameters its script takes too (as --name), beside epochs, bs, lr and seed.
SCRIPT_PARAMS = {"collab-movielens": ("factors", "wd")}


def _settings() -> tuple[int, int]:
    """(nice, torch threads) for both sides."""
    from config.celery import TRAINING_NICE, usable_cores

    nice = int(os.environ.get("BENCH_NICE", TRAINING_NICE))
    threads = int(os.environ.get("BENCH_THREADS", usable_cores()))
    return nice, threads


def _worker(nice: int, threads: int):
    from tests.support.worker import WorkerProcess

    return WorkerProcess(
        extra_env={"EXHALE_TRAINING_NICE": str(nice), "EXHALE_TRAINING_THREADS": str(threads)}
    )


def _script(name: str, data: Path, *, nice: int, threads: int, **args) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
    command = [sys.executable, "-m", f"bench.scripts.{name}", "--data", str(data)]
    for key, value in args.items():
        command += [f"--{key}", str(value)]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=7200, check=True,
        preexec_fn=lambda: os.nice(nice),
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _exhale(slug: str, params: dict) -> tuple[dict, float]:
    job, seconds = _submit_and_wait(slug, params)
    if job.status != "succeeded":
        raise RuntimeError(f"{slug} ended {job.status}: {job.error}")
    return job, seconds


def _one(slug: str, *, repeats: int, nice: int, threads: int) -> dict:
    from django.conf import settings

    from projects.recipes import get_recipe

    recipe = get_recipe(slug)
    params = recipe.defaults()
    if os.environ.get("BENCH_EPOCHS"):
        params["epochs"] = int(os.environ["BENCH_EPOCHS"])
    data = recipe.default_dataset.prepare(Path(settings.VAR_DIR) / "datasets")
    load_before = os.getloadavg()
    rounds, job = [], None
    for index in range(repeats):
        sides = {}
        for side in ("exhale", "script") if index % 2 == 0 else ("script", "exhale"):
            if side == "exhale":
                job, sides["exhale_s"] = _exhale(slug, params)
                sides["exhale_metric"] = round(job.metric_value, 4)
                continue
            # Round 0 runs Exhale first, so the batch size it planned is known here.
            script = _script(
                SCRIPTS[slug], data, nice=nice, threads=threads, epochs=int(params["epochs"]),
                bs=int(job.metrics["batch_size"]), lr=float(params["lr"]),
                seed=int(params["seed"]),
                **{name: params[name] for name in SCRIPT_PARAMS.get(slug, ())},
            )  # fmt: skip
            sides.update(
                script_s=script["seconds"],
                script_metric=round(script[recipe.metric], 4),
                script_threads=script["threads"],
            )
        sides["ratio"] = round(sides["exhale_s"] / sides["script_s"], 3)
        rounds.append({k: round(v, 2) if k.endswith("_s") else v for k, v in sides.items()})
        print(slug, json.dumps(rounds[-1]), flush=True)
    exhale_median = statistics.median(r["exhale_s"] for r in rounds)
    script_median = statistics.median(r["script_s"] for r in rounds)
    return {
        "epochs": params["epochs"],
        "batch_size": job.metrics["batch_size"],
        "nice": nice,
        "torch_threads": threads,
        "exhale_metric": rounds[-1]["exhale_metric"],
        "script_metric": rounds[-1]["script_metric"],
        "baselines": {k: round(v, 4) for k, v in job.baselines.items()},
        "rounds": rounds,
        "exhale_queued_to_finished_median_s": round(exhale_median, 2),
        "script_median_s": round(script_median, 2),
        "ratio_of_medians": round(exhale_median / script_median, 3),
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
    }


def run() -> dict:
    slugs = [s for s in os.environ.get("BENCH_RECIPES", ",".join(SCRIPTS)).split(",") if s]
    repeats = int(os.environ.get("BENCH_REPEATS", "3"))
    nice, threads = _settings()
    figures: dict = {}
    worker = _worker(nice, threads)
    try:
        for slug in slugs:  # warm the worker as the script's timer is: imports paid
            _submit_and_wait(slug, {"epochs": 1, "sample": 0.05})
        for slug in slugs:
            figures[slug] = _one(slug, repeats=repeats, nice=nice, threads=threads)
            print(slug, json.dumps({k: v for k, v in figures[slug].items() if k != "rounds"}),
                  flush=True)  # fmt: skip
    finally:
        worker.stop()
    return figures
