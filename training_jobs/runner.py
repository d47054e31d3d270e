"""Runs one training job inside a Celery worker. Worker-only: it imports torch.

claim (queued → running, once) → pick the device → prepare the data set → recipe.train(ctx)
with a heartbeat thread beside it → exactly one final status. A cancel or the time limit is
noticed between batches; any exception fails the run with a short message for the learner
while the traceback goes to the log.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from collections import deque
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection

from core import storage
from projects.recipes import get_recipe
from training_jobs import services
from training_jobs.models import JobStatus, TrainingJob

logger = logging.getLogger(__name__)


def pick_device() -> tuple[str, str]:
    """(torch device, description): CUDA when present ("cuda (NVIDIA H200)"), else the CPU."""
    import torch

    if torch.cuda.is_available():
        return "cuda:0", f"cuda ({torch.cuda.get_device_name(0)})"
    return "cpu", "cpu"


def worker_host(worker: str) -> str:
    """The machine a job runs on: EXHALE_WORKER_HOST when set (a friendly name for a GPU box),
    else the host part of Celery's node name (name@host), else this machine's hostname."""
    return (
        os.environ.get("EXHALE_WORKER_HOST", "").strip()
        or worker.rpartition("@")[2]
        or socket.gethostname()
    )


def heartbeat_interval() -> float:
    return max(0.5, min(10.0, settings.HEARTBEAT_STALE_SECONDS / 4))


class JobContext:
    """The RunContext a recipe trains with, backed by the job's row."""

    def __init__(self, job: TrainingJob, *, data_dir: Path, device: str):
        self.job_id = job.pk
        self.params: dict[str, Any] = dict(job.params)
        self.seed = int(self.params.get("seed", 0))
        self.device = device
        self.data_dir = data_dir
        # The recipe writes in a scratch folder of this worker's own; each artifact it adds is
        # stored at once (core.storage), so nothing is shared with the web process but storage.
        self.prefix = storage.job_prefix(job.pk)
        self.artifact_dir = storage.work_folder(self.prefix)
        self.artifacts: list[dict] = []
        self.baselines: dict[str, float] = {}
        self.started = time.monotonic()
        self.time_limit = settings.TRAINING_TIME_LIMIT_SECONDS
        self.stop_requested = threading.Event()
        self._lines: deque[str] = deque(maxlen=300)
        self._log_file = (self.artifact_dir / "run.log").open("a", encoding="utf-8")
        self._lock = threading.Lock()

    # --- what a recipe calls ----------------------------------------------------------------
    def log(self, message: str) -> None:
        line = f"[{time.monotonic() - self.started:7.1f}s] {message}"
        with self._lock:
            self._lines.append(line)
            self._log_file.write(line + "\n")
            self._log_file.flush()
        logger.info("job %s: %s", self.job_id, message)

    def report(self, epoch, train_loss, valid_loss, metric) -> None:
        self.log(
            f"epoch {epoch}: train loss {_fmt(train_loss)}, valid loss {_fmt(valid_loss)}, "
            f"metric {_fmt(metric)}"
        )
        if services.job_report_epoch(
            job_id=self.job_id,
            epoch=epoch,
            train_loss=train_loss,
            valid_loss=valid_loss,
            metric=metric,
            log_tail=self.log_tail(),
        ):
            self.stop_requested.set()

    def set_baselines(self, baselines: dict[str, float]) -> None:
        self.baselines.update({k: float(v) for k, v in baselines.items()})
        services.job_update_results(job_id=self.job_id, baselines=self.baselines)

    def add_artifact(self, filename: str, title: str, kind: str = "image") -> None:
        if Path(filename).name != filename or not (self.artifact_dir / filename).is_file():
            raise ValueError(f"artifact {filename!r} must be a file in the artifact folder")
        storage.save_file(storage.key(self.prefix, filename), self.artifact_dir / filename)
        self.artifacts = [a for a in self.artifacts if a["name"] != filename]
        self.artifacts.append({"name": filename, "title": title, "kind": kind})
        services.job_update_results(job_id=self.job_id, artifacts=self.artifacts)

    def heartbeat(self) -> None:
        if services.job_heartbeat(job_id=self.job_id):
            self.stop_requested.set()

    def should_stop(self) -> str | None:
        if self.stop_requested.is_set():
            return "cancelled"
        if time.monotonic() - self.started > self.time_limit:
            return "time limit"
        return None

    # --- runner internals -----------------------------------------------------------------
    def log_tail(self) -> str:
        with self._lock:
            return "\n".join(self._lines)

    def close(self) -> None:
        """Store the full log beside the artifacts and drop the scratch folder."""
        self._log_file.close()
        try:
            storage.save_file(storage.key(self.prefix, "run.log"), self.artifact_dir / "run.log")
        except Exception:  # the log tail is in the database; a lost file is not a lost run
            logger.exception("job %s: the run log could not be stored", self.job_id)
        storage.remove_work_folder(self.prefix)


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.4f}"


class Heartbeat(threading.Thread):
    """Beats while the main thread trains, even through a long epoch or a random forest."""

    def __init__(self, ctx: JobContext):
        super().__init__(name=f"heartbeat-{ctx.job_id}", daemon=True)
        self.ctx = ctx
        self.done = threading.Event()

    def run(self) -> None:
        try:
            while not self.done.wait(heartbeat_interval()):
                try:
                    if services.job_heartbeat(job_id=self.ctx.job_id, log_tail=self.ctx.log_tail()):
                        self.ctx.stop_requested.set()
                except Exception:  # a missed beat is retried; the reaper allows several
                    logger.exception("heartbeat of job %s failed", self.ctx.job_id)
        finally:
            connection.close()


def _learner_message(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return (
        f"Training stopped with an error: {exc.__class__.__name__}"
        + (f": {text[:300]}" if text else "")
        + ". The log has the details."
    )


def run_job(job_id: int, *, worker: str = "") -> str:
    """Run one job to its final status; return that status (or "skipped")."""
    close_old_connections()
    torch_device, description = pick_device()
    host = worker_host(worker)
    if not services.job_claim(job_id=job_id, worker=worker, device=description, host=host):
        logger.info("job %s: not queued any more (already claimed, cancelled or gone)", job_id)
        return "skipped"
    job = TrainingJob.objects.get(pk=job_id)
    ctx = JobContext(job, data_dir=Path(), device=torch_device)
    beat = Heartbeat(ctx)
    beat.start()
    status, error, metrics = JobStatus.FAILED, "", None
    try:
        from projects.recipes import RunStopped

        ctx.log(f"Claimed by {worker or 'a worker'} on {host} · {description}")
        recipe = get_recipe(job.recipe_slug)
        if job.dataset_slug.startswith(services.UPLOAD_PREFIX):
            ctx.data_dir = _uploaded_data(job, ctx)
        else:
            dataset = recipe.dataset(job.dataset_slug)
            root = Path(settings.VAR_DIR) / "datasets"
            root.mkdir(parents=True, exist_ok=True)
            ctx.log(f"Preparing data set “{dataset.title}”")
            ctx.data_dir = dataset.prepare(root)
        ctx.log(f"Training {recipe.title} with {job.params}")
        try:
            metrics = recipe.train(ctx)
        except RunStopped as stop:
            if stop.reason == "cancelled":
                status, error = JobStatus.CANCELLED, "Cancelled while training."
            else:
                minutes = max(1, round(ctx.time_limit / 60))
                status = JobStatus.FAILED
                unit = "minute" if minutes == 1 else "minutes"
                error = f"Stopped: the run passed the time limit of {minutes} {unit}."
            ctx.log(error)
        else:
            status = JobStatus.SUCCEEDED
            ctx.log(f"Finished: {metrics}")
    except Exception as exc:
        status, error = JobStatus.FAILED, _learner_message(exc)
        ctx.log(traceback.format_exc())
    finally:
        beat.done.set()
        beat.join(timeout=30)
        ctx.close()
        finished = services.job_finish(
            job_id=job_id,
            status=status,
            metrics=_plain(metrics) if metrics is not None else None,
            error=error,
            log_tail=ctx.log_tail(),
        )
        if not finished:
            logger.warning("job %s ended as %s but was already final", job_id, status)
        elif status == JobStatus.CANCELLED:
            _discard_partial_artifacts(job_id)
    return str(status)


def _discard_partial_artifacts(job_id: int) -> None:
    """A cancelled run keeps its log tail in the database but no half-made files in storage."""
    storage.remove(storage.job_prefix(job_id))
    TrainingJob.objects.filter(pk=job_id).update(artifacts=[])


class DatasetGone(Exception):
    pass


def _uploaded_data(job: TrainingJob, ctx: JobContext) -> Path:
    """The learner's own data set: its folder or CSV, and its chosen columns as parameters."""
    uploaded = job.uploaded_dataset
    gone = DatasetGone(f"the data set “{job.dataset_name}” was deleted before the run began")
    if uploaded is None:
        raise gone
    path = uploaded.training_path  # a local copy in this worker's var dir (core.storage)
    if not path.exists():
        raise gone
    ctx.log(f"Training on your data set “{uploaded.name}”")
    ctx.params["columns"] = dict(uploaded.columns)
    ctx.params["column_types"] = dict(uploaded.preview.get("column_types", {}))
    return path


def _plain(metrics: dict) -> dict:
    """JSON-safe metrics: numpy and torch scalars become Python numbers."""
    out = {}
    for key, value in metrics.items():
        if hasattr(value, "item"):
            value = value.item()
        out[str(key)] = value
    return out
