"""Reads of the tracking endpoint and the logged-run pages. A learner reaches only their own
experiments and runs; someone else's id answers exactly as a missing one does."""

from __future__ import annotations

import base64
import json
import uuid

from django.db.models import Prefetch, QuerySet

from tracking import search_filter, values
from tracking.errors import invalid, missing
from tracking.models import Experiment, LoggedMetric, LoggedRun


def experiment_for(*, learner, experiment_id) -> Experiment:
    from tracking.services import default_experiment

    if str(experiment_id) == "0":
        return default_experiment(learner=learner)
    try:
        pk = int(experiment_id)
    except (TypeError, ValueError):
        raise missing(f"No experiment with id={experiment_id!r} exists.") from None
    experiment = Experiment.objects.filter(pk=pk, learner=learner).first()
    if experiment is None:
        raise missing(f"No experiment with id={experiment_id} exists.")
    return experiment


def experiment_by_name(*, learner, name) -> Experiment:
    from tracking.services import DEFAULT_EXPERIMENT_NAME, default_experiment

    if name == DEFAULT_EXPERIMENT_NAME:
        return default_experiment(learner=learner)
    experiment = Experiment.objects.filter(learner=learner, name=name).first()
    if experiment is None:
        raise missing(f"Could not find experiment with name '{name}'.")
    return experiment


def _uuid(run_id) -> uuid.UUID:
    try:
        return uuid.UUID(str(run_id))
    except (TypeError, ValueError):
        raise missing(f"Run '{run_id}' not found.") from None


def run_for(*, learner, run_id, for_update: bool = False) -> LoggedRun:
    runs = LoggedRun.objects.owned_by(learner).select_related("experiment")
    if for_update:
        runs = runs.select_for_update(of=("self",))
    run = runs.filter(run_uuid=_uuid(run_id)).first()
    if run is None:
        raise missing(f"Run '{run_id}' not found.")
    return run


def run_with_data(run: LoggedRun) -> LoggedRun:
    """The run with its params, tags and metric points loaded (three queries)."""
    return (
        LoggedRun.objects.filter(pk=run.pk)
        .select_related("experiment", "learner")
        .prefetch_related("params", "tags", "metrics")
        .get()
    )


def latest_metrics(points) -> dict[str, LoggedMetric]:
    """MLflow's latest value per key: the highest step, then the latest timestamp."""
    latest: dict[str, LoggedMetric] = {}
    for point in points:
        current = latest.get(point.key)
        if current is None or (point.step, point.timestamp, point.pk) >= (
            current.step,
            current.timestamp,
            current.pk,
        ):
            latest[point.key] = point
    return latest


def metric_history(*, learner, run_id, key, max_results=None, page_token=None):
    run = run_for(learner=learner, run_id=run_id)
    if not key:
        raise invalid("Missing value for required parameter 'metric_key'.")
    limit = values.integer(max_results, "max_results", default=25000)
    limit = max(1, min(limit, 25000))
    offset = _offset(page_token)
    points = list(
        LoggedMetric.objects.filter(run=run, key=key).order_by("step", "timestamp", "id")[
            offset : offset + limit + 1
        ]
    )
    token = _token(offset + limit) if len(points) > limit else ""
    return points[:limit], token


def _offset(page_token) -> int:
    if not page_token:
        return 0
    try:
        offset = int(json.loads(base64.urlsafe_b64decode(page_token.encode()))["offset"])
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        raise invalid("Invalid page token.") from None
    if offset < 0:
        raise invalid("Invalid page token.")
    return offset


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _as_plain(run: LoggedRun) -> dict:
    latest = latest_metrics(run.metrics.all())
    return {
        "attributes": {
            "status": run.status,
            "run_name": run.name,
            "run_id": run.run_id,
            "user_id": run.learner.username,
            "start_time": run.start_time,
            "end_time": run.end_time,
        },
        "metrics": {k: values.from_special(p.value, p.special) for k, p in latest.items()},
        "params": {p.key: p.value for p in run.params.all()},
        "tags": {t.key: t.value for t in run.tags.all()},
    }


def search_runs(
    *,
    learner,
    experiment_ids,
    filter_string="",
    run_view_type="ACTIVE_ONLY",
    max_results=1000,
    order_by=(),
    page_token=None,
):
    experiments = [experiment_for(learner=learner, experiment_id=e) for e in experiment_ids or []]
    try:
        clauses = search_filter.parse_filter(filter_string)
        order = search_filter.parse_order_by(list(order_by or []))
    except search_filter.FilterError as exc:
        raise invalid(str(exc)) from None
    limit = values.integer(max_results, "max_results", default=1000)
    if not 1 <= limit <= 50000:
        raise invalid("max_results must be between 1 and 50,000.")
    runs = (
        LoggedRun.objects.owned_by(learner)
        .filter(experiment__in=experiments)
        .select_related("experiment", "learner")
        .prefetch_related("params", "tags", "metrics")
    )
    if run_view_type in (None, "", "ACTIVE_ONLY", 1, "1"):
        runs = runs.filter(deleted=False)
    elif run_view_type in ("DELETED_ONLY", 2, "2"):
        runs = runs.filter(deleted=True)
    plain = [(run, _as_plain(run)) for run in runs]
    kept = [(run, p) for run, p in plain if search_filter.matches(clauses, p)]
    kept.sort(key=lambda pair: (-pair[0].start_time, pair[0].run_id))
    for entity, key, descending in reversed(order):
        kept.sort(key=lambda pair, e=entity, k=key: _sort_key(pair[1], e, k), reverse=descending)
    offset = _offset(page_token)
    page = [run for run, _ in kept[offset : offset + limit]]
    token = _token(offset + limit) if len(kept) > offset + limit else ""
    return page, token


def _sort_key(plain: dict, entity: str, key: str):
    value = plain[entity].get(key)
    # Runs without the value sort last, as MLflow's do.
    return (value is None, value if value is not None else 0)


def learner_runs(*, learner) -> QuerySet[LoggedRun]:
    return (
        LoggedRun.objects.owned_by(learner)
        .filter(deleted=False)
        .select_related("experiment", "experiment__item")
        .order_by("-start_time")
    )


def public_runs(*, owner) -> QuerySet[LoggedRun]:
    return (
        LoggedRun.objects.visible_to(None)
        .filter(learner=owner, deleted=False)
        .select_related("experiment")
        .prefetch_related(Prefetch("metrics", queryset=LoggedMetric.objects.order_by("step")))
        .order_by("-published_at")
    )


def against_reference(run: LoggedRun) -> tuple[LoggedRun | None, list[str]]:
    """The project's reference run (when it is another run) and, for each metric both have,
    how this run's latest value stands against it, in the words run comparison uses."""
    from training_jobs.compare import reference_delta_phrase

    reference = (
        LoggedRun.objects.filter(experiment=run.experiment, is_reference=True, deleted=False)
        .exclude(pk=run.pk)
        .prefetch_related("metrics")
        .first()
    )
    if reference is None:
        return None, []
    mine = latest_metrics(run.metrics.all())
    theirs = latest_metrics(reference.metrics.all())
    phrases = []
    for key in sorted(set(mine) & set(theirs)):
        value = values.from_special(mine[key].value, mine[key].special)
        other = values.from_special(theirs[key].value, theirs[key].special)
        if value != value or other != other:  # NaN has no distance
            continue
        phrases.append(
            reference_delta_phrase(
                metric_name=key,
                value=value,
                reference_value=other,
                higher_is_better=values.higher_is_better(key),
            )
        )
    return reference, phrases
