"""How a training worker's OpenMP threads should wait, on an idle machine and on a busy one.

Three settings: libgomp's own default (OMP_WAIT_POLICY unset: spin 300,000 times, then sleep),
sleeping at once (OMP_WAIT_POLICY=PASSIVE) and what config.celery gives a worker
(GOMP_SPINCOUNT=config.celery.OPENMP_SPIN_COUNT). Idle: a full-data epoch of the image
classifier, where threads wait between many short operations. Busy: a small titanic run with
one busy process per usable core, standing for the web process and the other work beside the
worker. Each figure is the median run time, reported as a ratio against Exhale's setting.

Environment: BENCH_OMP_RUNS (runs per setting after a warm-up, default 3).
ACTIVE (spin for ever) is left out: between runs its threads keep the cores busy, which
starved a plain script beside an idle worker 15-fold (144 s against 9 s).
"""

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


def _settings() -> dict[str, dict[str, str]]:
    from config.celery import OPENMP_SPIN_COUNT

    return {
        "libgomp_default": {},
        "passive": {"OMP_WAIT_POLICY": "PASSIVE"},
        "exhale": {"GOMP_SPINCOUNT": OPENMP_SPIN_COUNT},
    }


def _median_seconds(openmp: dict[str, str], recipe: str, sample: str) -> float:
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    env.update(
        openmp,
        BENCH_OMP_RECIPE=recipe,
        BENCH_OMP_SAMPLE=sample,
        BENCH_OMP_RUNS=os.environ.get("BENCH_OMP_RUNS", "3"),
        PYTHONPATH=str(ROOT),
    )
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def _round(times: dict[str, float]) -> dict:
    exhale = times["exhale"]
    return {
        "median_seconds": {name: round(t, 3) for name, t in times.items()},
        "ratio_against_exhale": {name: round(t / exhale, 3) for name, t in times.items()},
    }


def run() -> dict:
    from config.celery import usable_cores

    settings = _settings()
    idle = {name: _median_seconds(env, "image-classifier", "1.0") for name, env in settings.items()}
    busy = [multiprocessing.Process(target=_busy, daemon=True) for _ in range(usable_cores())]
    for process in busy:
        process.start()
    try:
        loaded = {
            name: _median_seconds(env, "tabular-titanic", "0.05") for name, env in settings.items()
        }
    finally:
        for process in busy:
            process.terminate()
    return {
        "idle_image_epoch": _round(idle),
        "busy_titanic_5pct": {"busy_processes": len(busy), **_round(loaded)},
    }
