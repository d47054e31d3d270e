"""A small training on a busy machine: OpenMP threads that spin while they wait (the library's
default, OMP_WAIT_POLICY=ACTIVE) against threads that sleep (PASSIVE, what config.celery sets
in a training worker). One busy process per usable core stands for the web process and the
other work beside the worker. Reported as the ratio ACTIVE / PASSIVE of the median run time.

Environment: BENCH_OMP_RECIPE (default tabular-titanic), BENCH_OMP_SAMPLE (0.05),
BENCH_OMP_RUNS (3)."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter, since the wait policy is read once, when torch loads OpenMP.
CHILD = """
import json, os, statistics, sys, tempfile, time
from pathlib import Path
import django
django.setup()
from django.conf import settings
from projects.recipes import get_recipe, validate_params
from projects.recipes._local import LocalContext
recipe = get_recipe(os.environ["BENCH_OMP_RECIPE"])
params = validate_params(recipe, {"epochs": 1, "sample": float(os.environ["BENCH_OMP_SAMPLE"])})
root = Path(settings.VAR_DIR) / "datasets"
root.mkdir(parents=True, exist_ok=True)
data = recipe.default_dataset.prepare(root)
times = []
for _ in range(1 + int(os.environ["BENCH_OMP_RUNS"])):  # the first one warms up
    with tempfile.TemporaryDirectory() as folder:
        ctx = LocalContext(data_dir=data, artifact_dir=Path(folder), params=params)
        started = time.perf_counter()
        recipe.train(ctx)
        times.append(time.perf_counter() - started)
print(json.dumps(statistics.median(times[1:])))
"""


def _busy() -> None:
    while True:
        pass


def _median_seconds(policy: str) -> float:
    env = {
        **os.environ,
        "OMP_WAIT_POLICY": policy,
        "BENCH_OMP_RECIPE": os.environ.get("BENCH_OMP_RECIPE", "tabular-titanic"),
        "BENCH_OMP_SAMPLE": os.environ.get("BENCH_OMP_SAMPLE", "0.05"),
        "BENCH_OMP_RUNS": os.environ.get("BENCH_OMP_RUNS", "3"),
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> dict:
    from config.celery import usable_cores

    busy = [multiprocessing.Process(target=_busy, daemon=True) for _ in range(usable_cores())]
    for process in busy:
        process.start()
    try:
        active = _median_seconds("ACTIVE")
        passive = _median_seconds("PASSIVE")
    finally:
        for process in busy:
            process.terminate()
    return {
        "busy_processes": len(busy),
        "median_seconds_spinning": round(active, 2),
        "median_seconds_sleeping": round(passive, 2),
        "ratio_spinning_over_sleeping": round(active / passive, 2),
    }
