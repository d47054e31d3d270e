"""Writes of the MLflow-compatible tracking endpoint. Every function takes the acting learner
and reaches only that learner's experiments and runs."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from tracking import selectors, values
from tracking.errors import MlflowError, invalid
from tracking.models import (
    FINAL_RUN_STATUSES,
    PARAM_VALUE_MAX,
    TAG_VALUE_MAX,
    Experiment,
    LoggedArtifact,
    LoggedMetric,
    LoggedParam,
    LoggedRun,
    LoggedTag,
    RunStatus,
)

if TYPE_CHECKING:
    from accounts.models import User

DEFAULT_EXPERIMENT_NAME = "Default"


def now_ms() -> int:
    return int(time.time() * 1000)


@transaction.atomic
def experiment_create(*, learner: User, name) -> Experiment:
    """A new experiment; MLflow answers RESOURCE_ALREADY_EXISTS for a name in use."""
    name = values.text(name, "name", 250).strip()
    if not name:
        raise invalid("Experiment name must be a non-empty string.")
    if Experiment.objects.filter(learner=learner, name=name).exists():
        raise MlflowError(f"Experiment '{name}' already exists.", "RESOURCE_ALREADY_EXISTS")
    try:
        with transaction.atomic():
            return Experiment.objects.create(learner=learner, name=name)
    except IntegrityError:
        raise MlflowError(
            f"Experiment '{name}' already exists.", "RESOURCE_ALREADY_EXISTS"
        ) from None


def default_experiment(*, learner: User) -> Experiment:
    """Experiment "0" of the MLflow client: the learner's Default project, made on first use."""
    experiment, _ = Experiment.objects.get_or_create(learner=learner, name=DEFAULT_EXPERIMENT_NAME)
    return experiment


@transaction.atomic
def run_create(
    *, learner: User, experiment_id, run_name=None, start_time=None, tags=()
) -> LoggedRun:
    experiment = selectors.experiment_for(learner=learner, experiment_id=experiment_id)
    most = settings.EXHALE_TRACKING_MAX_RUNS_PER_LEARNER
    if LoggedRun.objects.owned_by(learner).count() >= most:
        raise MlflowError(
            f"You have {most:,} logged runs, the most an account keeps; delete old ones first.",
            "RESOURCE_EXHAUSTED",
        )
    tags = list(tags or ())
    name = values.text(run_name, "run_name", 250, required=False)
    if not name:
        name = next((t.get("value", "") for t in tags if t.get("key") == "mlflow.runName"), "")
    run = LoggedRun.objects.create(
        experiment=experiment,
        learner=learner,
        name=str(name)[:250],
        start_time=values.integer(start_time, "start_time", default=now_ms()),
    )
    _set_tags(run, tags)
    Experiment.objects.filter(pk=experiment.pk).update(updated_at=timezone.now())
    return run


def _active_run(learner: User, run_id) -> LoggedRun:
    run = selectors.run_for(learner=learner, run_id=run_id, for_update=True)
    if run.deleted:
        raise MlflowError(f"The run {run.run_id} is deleted; restore it first.", "INVALID_STATE")
    return run


@transaction.atomic
def run_update(*, learner: User, run_id, status=None, end_time=None, run_name=None) -> LoggedRun:
    run = _active_run(learner, run_id)
    if status:
        if status not in RunStatus.values:
            raise invalid(f"Invalid run status {status!r}.")
        run.status = status
        if status in FINAL_RUN_STATUSES:
            run.end_time = values.integer(end_time, "end_time", default=now_ms())
    elif end_time not in (None, ""):
        run.end_time = values.integer(end_time, "end_time")
    if run_name:
        run.name = values.text(run_name, "run_name", 250)
        LoggedTag.objects.update_or_create(
            run=run, key="mlflow.runName", defaults={"value": run.name}
        )
    run.save(update_fields=["status", "end_time", "name"])
    return run


@transaction.atomic
def run_set_deleted(*, learner: User, run_id, deleted: bool) -> LoggedRun:
    run = selectors.run_for(learner=learner, run_id=run_id, for_update=True)
    run.deleted = deleted
    run.save(update_fields=["deleted"])
    return run


def _metric_rows(run: LoggedRun, metrics: list) -> list[LoggedMetric]:
    rows = []
    for raw in metrics:
        if not isinstance(raw, dict):
            raise invalid("Each metric must be an object with key, value, timestamp and step.")
        value = values.metric_value(raw.get("value"))
        special = values.special_of(value)
        rows.append(
            LoggedMetric(
                run=run,
                key=values.key(raw.get("key"), "metric"),
                value=0.0 if special else value,
                special=special,
                timestamp=values.integer(raw.get("timestamp"), "timestamp", default=now_ms()),
                step=values.integer(raw.get("step"), "step", default=0),
            )
        )
    return rows


def _set_params(run: LoggedRun, params: list) -> None:
    existing = dict(run.params.values_list("key", "value"))
    new = []
    for raw in params:
        if not isinstance(raw, dict):
            raise invalid("Each param must be an object with key and value.")
        key = values.key(raw.get("key"), "param")
        value = values.text(raw.get("value"), f"value of param '{key}'", PARAM_VALUE_MAX)
        if key in existing:
            if existing[key] != value:
                raise invalid(
                    f"Changing param values is not allowed. Param with key='{key}' was already "
                    f"logged with value='{existing[key][:100]}' for run ID='{run.run_id}'. "
                    f"Attempted logging new value '{value[:100]}'."
                )
            continue
        existing[key] = value
        new.append(LoggedParam(run=run, key=key, value=value))
    LoggedParam.objects.bulk_create(new)


def _set_tags(run: LoggedRun, tags: list) -> None:
    for raw in tags:
        if not isinstance(raw, dict):
            raise invalid("Each tag must be an object with key and value.")
        key = values.key(raw.get("key"), "tag")
        value = values.text(
            raw.get("value"), f"value of tag '{key}'", TAG_VALUE_MAX, required=False
        )
        LoggedTag.objects.update_or_create(run=run, key=key, defaults={"value": value})
        if key == "mlflow.runName" and value and run.name != value:
            LoggedRun.objects.filter(pk=run.pk).update(name=value[:250])


def _as_list(raw, field: str) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise invalid(f"'{field}' must be a list.")
    return raw


@transaction.atomic
def run_log_batch(*, learner: User, run_id, metrics=None, params=None, tags=None) -> LoggedRun:
    """Metrics, params and tags in one go, all or nothing, within MLflow's batch limits."""
    metrics = _as_list(metrics, "metrics")
    params = _as_list(params, "params")
    tags = _as_list(tags, "tags")
    if len(metrics) > values.MAX_METRICS_PER_BATCH:
        raise invalid(
            f"A batch logging request can contain at most "
            f"{values.MAX_METRICS_PER_BATCH} metrics. Got {len(metrics)} metrics."
        )
    if len(params) + len(tags) > values.MAX_PARAMS_TAGS_PER_BATCH:
        raise invalid(
            f"A batch logging request can contain at most "
            f"{values.MAX_PARAMS_TAGS_PER_BATCH} params and tags together."
        )
    if len(metrics) + len(params) + len(tags) > values.MAX_ENTITIES_PER_BATCH:
        raise invalid(
            f"A batch logging request can contain at most "
            f"{values.MAX_ENTITIES_PER_BATCH} metrics, params and tags in total."
        )
    run = _active_run(learner, run_id)
    rows = _metric_rows(run, metrics)
    limit = settings.EXHALE_TRACKING_MAX_POINTS_PER_RUN
    if rows and run.metrics.count() + len(rows) > limit:
        raise MlflowError(f"A run keeps at most {limit:,} metric points.", "RESOURCE_EXHAUSTED")
    LoggedMetric.objects.bulk_create(rows)
    _set_params(run, params)
    _set_tags(run, tags)
    return run


def _artifact_path(path: str) -> str:
    parts = [p for p in (path or "").split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts) or "\\" in path or "\x00" in path:
        raise invalid(f"Invalid artifact path {path!r}.")
    joined = "/".join(parts)
    # What the index column and the file system can hold (a name 255 bytes at most, with room
    # for the suffix storage adds to a name already taken).
    if len(joined) > 900 or any(len(p.encode()) > 200 for p in parts):
        raise invalid(
            "Artifact paths are at most 900 characters, each folder or file name 200 bytes."
        )
    return joined


def _artifact_bytes(learner: User, run: LoggedRun, path: str) -> int:
    """What the learner's artifacts take, this one (about to be replaced) left out."""
    used = LoggedArtifact.objects.filter(run__learner=learner).exclude(run=run, path=path)
    return used.aggregate(total=Sum("size"))["total"] or 0


def artifact_put(*, learner: User, run_id, path, stream, content_type="") -> LoggedArtifact:
    """Store one artifact file, streamed to a temporary file in chunks so that a large upload
    is never held in memory; refused past the per-file or per-learner cap with nothing kept."""
    path = _artifact_path(path)
    run = selectors.run_for(learner=learner, run_id=run_id)
    file_cap = settings.EXHALE_TRACKING_ARTIFACT_MAX_BYTES
    learner_cap = settings.EXHALE_TRACKING_LEARNER_MAX_BYTES - _artifact_bytes(learner, run, path)
    cap = min(file_cap, learner_cap)
    with tempfile.NamedTemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR or None) as spool:
        size = 0
        while chunk := stream.read(64 * 1024):
            size += len(chunk)
            if size > cap:
                which = "this file's" if cap == file_cap else "your account's"
                raise MlflowError(
                    f"The artifact is over {which} limit of {cap:,} bytes.", "RESOURCE_EXHAUSTED"
                )
            spool.write(chunk)
        spool.flush()
        spool.seek(0)
        stored_name = f"{run.storage_prefix}/{path}"
        with transaction.atomic():
            # Uploads of one learner queue here, so parallel ones cannot each see room that
            # only one of them has; the streaming check above only stops a file early.
            type(learner).objects.select_for_update().filter(pk=learner.pk).first()
            if (
                _artifact_bytes(learner, run, path) + size
                > settings.EXHALE_TRACKING_LEARNER_MAX_BYTES
            ):
                raise MlflowError(
                    "The artifact is over your account's limit of "
                    f"{settings.EXHALE_TRACKING_LEARNER_MAX_BYTES:,} bytes.",
                    "RESOURCE_EXHAUSTED",
                )
            artifact = LoggedArtifact.objects.select_for_update().filter(run=run, path=path).first()
            if artifact is not None:
                default_storage.delete(artifact.stored_name)
            saved = default_storage.save(stored_name, File(spool, name=os.path.basename(path)))
            artifact, _ = LoggedArtifact.objects.update_or_create(
                run=run,
                path=path,
                defaults={"size": size, "content_type": content_type[:120], "stored_name": saved},
            )
    return artifact


@transaction.atomic
def run_publish(*, learner: User, run_id, published: bool) -> LoggedRun:
    """Publish or hide a logged run; the first publication date is kept across re-publishing."""
    run = selectors.run_for(learner=learner, run_id=run_id, for_update=True)
    if published and run.status != RunStatus.FINISHED:
        raise invalid("Only a finished run can be published.")
    run.save(update_fields=run.set_public(published))
    return run


@transaction.atomic
def run_log_as_session(*, learner: User, run_id, note: str = "") -> LoggedRun:
    """Log a finished run's duration as an exhale (experiment) session, once."""
    from journal.services import session_log

    run = selectors.run_for(learner=learner, run_id=run_id, for_update=True)
    if run.logged_session_id is not None:
        raise invalid("This run is already logged as a session.")
    if run.duration_ms is None:
        raise invalid("The run has not finished yet.")
    minutes = run.session_minutes
    session = session_log(
        learner=learner,
        minutes=minutes,
        kind="experiment",
        item=run.experiment.item_id,
        note=note or f"Logged run “{run.name or run.run_id[:8]}”",
        started_at=datetime.fromtimestamp(run.start_time / 1000, tz=UTC),
    )
    run.logged_session = session
    run.save(update_fields=["logged_session"])
    return run


@transaction.atomic
def experiment_link(
    *, learner: User, experiment_id: int, item=None, name: str | None = None
) -> Experiment:
    """Name the project or link it to one of the learner's own roadmap items."""
    from curriculum.models import Item

    experiment = selectors.experiment_for(learner=learner, experiment_id=experiment_id)
    if item is not None:
        item_id = item.pk if hasattr(item, "pk") else item
        if not Item.objects.owned_by(learner).filter(pk=item_id).exists():
            raise invalid("Pick one of your own roadmap items.")
        experiment.item_id = item_id
    else:
        experiment.item = None
    if name:
        experiment.name = values.text(name, "name", 250).strip()
    experiment.save()
    return experiment


@transaction.atomic
def run_pin_reference(*, learner: User, run_id) -> LoggedRun:
    """Make this run its project's reference (the one other runs are measured against), in
    place of any earlier one; pinning it again unpins it."""
    run = selectors.run_for(learner=learner, run_id=run_id, for_update=True)
    # Two pins in one project at once queue on the project's row, so the second sees the first.
    Experiment.objects.select_for_update().filter(pk=run.experiment_id).first()
    run.refresh_from_db(fields=["is_reference"])
    pinned = not run.is_reference
    LoggedRun.objects.filter(experiment=run.experiment, is_reference=True).update(
        is_reference=False
    )
    if pinned:
        LoggedRun.objects.filter(pk=run.pk).update(is_reference=True)
    run.is_reference = pinned
    return run
