"""Exhale's rows in the JSON shapes of MLflow's REST API (service.proto), as the client parses
them. Ids are strings; times are milliseconds; float specials go out as NaN and ±Infinity."""

from __future__ import annotations

from tracking import selectors
from tracking.models import Experiment, LoggedMetric, LoggedRun


def _ms(moment) -> int:
    return int(moment.timestamp() * 1000)


def experiment(exp: Experiment) -> dict:
    return {
        "experiment_id": str(exp.pk),
        "name": exp.name,
        "artifact_location": f"mlflow-artifacts:/{exp.pk}",
        "lifecycle_stage": "active",
        "creation_time": _ms(exp.created_at),
        "last_update_time": _ms(exp.updated_at),
        "tags": [],
    }


# Protobuf's JSON format spells the float specials as quoted strings.
PROTO_SPECIALS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def metric(point: LoggedMetric) -> dict:
    return {
        "key": point.key,
        "value": PROTO_SPECIALS.get(point.special, point.value),
        "timestamp": point.timestamp,
        "step": point.step,
    }


def run_info(run: LoggedRun) -> dict:
    info = {
        "run_id": run.run_id,
        "run_uuid": run.run_id,
        "run_name": run.name,
        "experiment_id": str(run.experiment_id),
        "user_id": run.learner.username,
        "status": run.status,
        "start_time": run.start_time,
        "artifact_uri": f"mlflow-artifacts:/{run.experiment_id}/{run.run_id}/artifacts",
        "lifecycle_stage": "deleted" if run.deleted else "active",
    }
    if run.end_time is not None:
        info["end_time"] = run.end_time
    return info


def run(run: LoggedRun, *, with_data: bool = True) -> dict:
    if with_data and not hasattr(run, "_prefetched_objects_cache"):
        run = selectors.run_with_data(run)
    data = {"metrics": [], "params": [], "tags": []}
    if with_data:
        latest = selectors.latest_metrics(run.metrics.all())
        data = {
            "metrics": [metric(p) for _, p in sorted(latest.items())],
            "params": [{"key": p.key, "value": p.value} for p in run.params.all()],
            "tags": [{"key": t.key, "value": t.value} for t in run.tags.all()],
        }
    return {"info": run_info(run), "data": data, "inputs": {}}
