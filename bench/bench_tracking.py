"""Logging throughput of the MLflow-compatible endpoint: 10,000 metric points through the
official client in batches of 1,000, over HTTP to gunicorn on loopback, against the same
10,000 rows written straight through the ORM in the same run."""

import os
import subprocess
import sys
import time

from bench.http_load import ROOT, Gunicorn

POINTS = 10_000


def _orm_seconds(run) -> float:
    from tracking.models import LoggedMetric

    started = time.perf_counter()
    for offset in range(0, POINTS, 1000):
        LoggedMetric.objects.bulk_create(
            LoggedMetric(run=run, key="loss", value=1.0 / (i + 1), timestamp=i, step=i)
            for i in range(offset, offset + 1000)
        )
    return time.perf_counter() - started


def run() -> dict:
    try:
        import mlflow  # noqa: F401
    except ImportError:
        return {"skipped": "mlflow-skinny is not installed (pip install -e '.[dev]')"}
    from accounts.models import User
    from accounts.services import api_token_create
    from tracking import services
    from tracking.models import LoggedMetric, LoggedRun

    learner = User.objects.create_user("bench-tracking", "t@example.com", "x" * 12)
    _, token = api_token_create(learner=learner, name="bench")
    orm_run = services.run_create(learner=learner, experiment_id="0")
    orm = _orm_seconds(orm_run)

    server = Gunicorn(workers=2)
    try:
        env = {
            **os.environ,
            "MLFLOW_TRACKING_URI": f"http://127.0.0.1:{server.port}/mlflow",
            "MLFLOW_TRACKING_TOKEN": token,
            "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0",
        }
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "tracking_client.py"), str(POINTS)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
    finally:
        server.stop()
    seconds, run_id = done.stdout.split()[-2:]
    client = float(seconds)
    stored = LoggedMetric.objects.filter(run=LoggedRun.objects.get(run_uuid=run_id)).count()
    assert stored == POINTS, f"{stored} points stored, {POINTS} sent"
    return {
        "points": POINTS,
        "client_seconds": round(client, 3),
        "orm_seconds": round(orm, 3),
        "client_points_per_second": round(POINTS / client),
        "orm_points_per_second": round(POINTS / orm),
        "ratio_client_to_orm": round(client / orm, 2),
    }
