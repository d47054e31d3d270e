"""Every state change of a training job. The web form, the API and the CLI call the learner's
services; the worker and the reaper call the rest. Races (a job delivered twice, a cancel while
the worker claims it, the reaper against a late heartbeat) are settled by one conditional
update each, so every job ends in exactly one final status."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.lookups import owned_row
from projects.recipes import check_data_size, get_recipe, validate_params
from training_jobs.models import FINAL_STATUSES, EpochMetric, JobStatus, TrainingJob

if TYPE_CHECKING:
    from accounts.models import User

MAX_ACTIVE_RUNS_PER_LEARNER = 3
UPLOAD_PREFIX = "upload:"
LOG_TAIL_CHARS = 8000


def _send(job_id: int) -> None:
    from training_jobs.tasks import run_training

    run_training.delay(job_id)


def _send_on_commit(job_id: int) -> None:
    transaction.on_commit(lambda: _send(job_id))


def _own_upload_for(learner: User, recipe, dataset: str):
    """The learner's own data set named "upload:<id>", checked to fit the recipe."""
    from projects.models import UploadedDataset

    raw_id = dataset[len(UPLOAD_PREFIX) :]
    found = (
        UploadedDataset.objects.owned_by(learner).filter(pk=int(raw_id)).first()
        if raw_id.isdigit()
        else None
    )
    if found is None:
        raise ValidationError({"dataset": "That is not one of your data sets."})
    kinds = {d.kind for d in recipe.datasets}
    if found.kind not in kinds:
        raise ValidationError(
            {
                "dataset": f"{recipe.title} cannot train on “{found.name}” "
                f"({found.get_kind_display().lower()})."
            }
        )
    if not found.is_ready:
        raise ValidationError(
            {"dataset": f"Choose the columns of “{found.name}” on its preview page first."}
        )
    return found


def _own_item(learner: User, item):
    """The learner's own live item (an Item or its id), or None. A missing item and another
    learner's answer the same, so ids cannot be probed."""
    from curriculum.models import Item

    if item is None or item == "":
        return None
    item_id = item.pk if isinstance(item, Item) else item
    found = Item.objects.owned_by(learner).filter(pk=item_id).first()
    if found is None:
        raise ValidationError({"item": "That roadmap item is not on one of your roadmaps."})
    return found


@transaction.atomic
def start_run(
    *,
    learner: User,
    recipe_slug: str,
    params: Mapping[str, Any] | None = None,
    item=None,
    sample: float | str | None = None,
    dataset: str | None = None,
) -> TrainingJob:
    """Queue a training run of a recipe; the worker gets it once this transaction commits.

    `sample` (0 < sample ≤ 1) overrides params["sample"]: 0.05 is the one-click quick run."""
    recipe = get_recipe(recipe_slug)
    raw = dict(params or {})
    if sample is not None and sample != "":
        raw["sample"] = sample
    clean = validate_params(recipe, raw)
    uploaded = None
    if dataset and str(dataset).startswith(UPLOAD_PREFIX):
        uploaded = _own_upload_for(learner, recipe, str(dataset))
        dataset_slug, dataset_title = uploaded.slug, uploaded.name
        examples = int(uploaded.preview.get("row_count") or uploaded.preview.get("total") or 0)
    else:
        chosen = recipe.dataset(dataset)
        dataset_slug, dataset_title = chosen.slug, chosen.title
        examples = chosen.rows
    # Too little data is refused here, before the run queues, not discovered by the worker.
    check_data_size(clean, examples)
    item = _own_item(learner, item)
    active = TrainingJob.objects.owned_by(learner).active().count()
    if active >= MAX_ACTIVE_RUNS_PER_LEARNER:
        raise ValidationError(
            f"You already have {active} runs waiting or running. Let one finish or cancel it "
            "before starting another."
        )
    job = TrainingJob.objects.create(
        owner=learner,
        recipe_slug=recipe.slug,
        recipe_title=recipe.title,
        dataset_slug=dataset_slug,
        dataset_title=dataset_title,
        uploaded_dataset=uploaded,
        metric_name=recipe.metric,
        params=clean,
        item=item,
        queue=settings.CELERY_TASK_ROUTES.get("training_jobs.tasks.run_training", {}).get(
            "queue", "gpu"
        ),
        epochs_total=int(clean["epochs"]),
        sent_at=timezone.now(),
        send_count=1,
    )
    _send_on_commit(job.pk)
    return job


def _own_job(learner: User, job_id: int, *, lock: bool = False) -> TrainingJob:
    return owned_row(TrainingJob, learner, job_id, lock=lock, missing="No such run of yours.")


@transaction.atomic
def cancel_run(*, learner: User, job_id: int) -> TrainingJob:
    """A queued run ends at once; a running one is asked to stop and does so within an epoch."""
    job = _own_job(learner, job_id)
    now = timezone.now()
    ended = TrainingJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED,
        cancel_requested=True,
        finished_at=now,
        error="Cancelled before it started.",
    )
    if not ended:
        flagged = TrainingJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            cancel_requested=True
        )
        if not flagged:
            job.refresh_from_db()
            raise ValidationError(f"This run has already {job.get_status_display().lower()}.")
    job.refresh_from_db()
    return job


@transaction.atomic
def retry_run(*, learner: User, job_id: int) -> TrainingJob:
    """A new run with the same recipe, data set, parameters and roadmap item."""
    job = _own_job(learner, job_id)
    if not job.is_final:
        raise ValidationError("This run is still going: wait for it to end or cancel it first.")
    try:  # the item may have been deleted (or moved out of reach) since: run without it
        item = _own_item(learner, job.item_id)
    except ValidationError:
        item = None
    new = start_run(
        learner=learner,
        recipe_slug=job.recipe_slug,
        params=job.params,
        item=item,
        dataset=job.dataset_slug,
    )
    TrainingJob.objects.filter(pk=new.pk).update(retry_of=job)
    new.retry_of = job
    return new


@transaction.atomic
def publish_run(*, learner: User, job_id: int, published: bool = True) -> TrainingJob:
    """Show a successful run on the learner's portfolio, or take it off."""
    job = _own_job(learner, job_id, lock=True)
    if published and job.status != JobStatus.SUCCEEDED:
        raise ValidationError("Only a run that succeeded can be published.")
    job.save(update_fields=job.set_public(published))
    return job


# --- Worker side ---------------------------------------------------------------------------


def job_claim(*, job_id: int, worker: str, device: str, host: str = "") -> bool:
    """queued → running, once: a second delivery of the same job finds nothing to claim. The
    claim records which worker, on which machine (`host`) and device, runs the job."""
    now = timezone.now()
    return bool(
        TrainingJob.objects.filter(
            pk=job_id, status=JobStatus.QUEUED, cancel_requested=False
        ).update(
            status=JobStatus.RUNNING,
            started_at=now,
            heartbeat_at=now,
            worker=worker[:200],
            worker_host=host[:255],
            device=device[:120],
        )
    )


def job_heartbeat(*, job_id: int, log_tail: str | None = None) -> bool:
    """Record that the worker is alive; answer whether the learner asked it to stop."""
    changes: dict[str, Any] = {"heartbeat_at": timezone.now()}
    if log_tail is not None:
        changes["log_tail"] = log_tail[-LOG_TAIL_CHARS:]
    TrainingJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(**changes)
    row = TrainingJob.objects.filter(pk=job_id).values("status", "cancel_requested").first()
    return row is None or row["cancel_requested"] or row["status"] != JobStatus.RUNNING


@transaction.atomic
def job_report_epoch(
    *,
    job_id: int,
    epoch: int,
    train_loss: float | None,
    valid_loss: float | None,
    metric: float | None,
    log_tail: str,
) -> bool:
    """One row per epoch (a repeated report overwrites it), progress and heartbeat together.
    Answers whether the run should stop."""
    EpochMetric.objects.update_or_create(
        job_id=job_id,
        epoch=epoch,
        defaults={"train_loss": train_loss, "valid_loss": valid_loss, "metric": metric},
    )
    TrainingJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        epochs_done=epoch, heartbeat_at=timezone.now(), log_tail=log_tail[-LOG_TAIL_CHARS:]
    )
    return job_heartbeat(job_id=job_id)


def job_update_results(*, job_id: int, **fields: Any) -> None:
    """Baselines and artifacts as soon as the recipe knows them (visible while it runs)."""
    TrainingJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(**fields)


def job_finish(
    *,
    job_id: int,
    status: JobStatus,
    metrics: dict | None = None,
    error: str = "",
    log_tail: str = "",
) -> bool:
    """running → one final status. If the reaper already failed the job, it stays failed."""
    assert status in FINAL_STATUSES
    changes: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "error": error[:500],
        "log_tail": log_tail[-LOG_TAIL_CHARS:],
    }
    if metrics is not None:
        changes["metrics"] = metrics
    return bool(TrainingJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(**changes))


def jobs_reap_stale(*, now: datetime | None = None) -> dict[str, list[int]]:
    """Fail running jobs whose worker stopped beating; re-send queued jobs nobody claimed
    (the broker lost the message); give up on jobs queued for a day."""
    now = now or timezone.now()
    stale_after = timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS)
    resend_after = timedelta(seconds=settings.QUEUED_RESEND_SECONDS)
    give_up_after = timedelta(seconds=getattr(settings, "QUEUED_GIVE_UP_SECONDS", 24 * 3600))
    reaped: dict[str, list[int]] = {"failed": [], "resent": [], "expired": []}

    stale = TrainingJob.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=now - stale_after)
        | Q(heartbeat_at__isnull=True, started_at__lt=now - stale_after)
    )
    minutes = max(1, round(settings.HEARTBEAT_STALE_SECONDS / 60))
    for job_id in stale.values_list("pk", flat=True):
        # The heartbeat condition is repeated so a beat that lands meanwhile keeps the job.
        if TrainingJob.objects.filter(
            Q(heartbeat_at__lt=now - stale_after) | Q(heartbeat_at__isnull=True),
            pk=job_id,
            status=JobStatus.RUNNING,
        ).update(
            status=JobStatus.FAILED,
            finished_at=now,
            error=(
                f"The worker running this job stopped responding (no heartbeat for over "
                f"{minutes} minute{'s' if minutes != 1 else ''}): it was probably stopped or "
                "lost its machine. Retry the run."
            ),
        ):
            reaped["failed"].append(job_id)

    waiting = TrainingJob.objects.filter(status=JobStatus.QUEUED).annotate(
        last_sent=Coalesce("sent_at", "queued_at")
    )
    expired = waiting.filter(queued_at__lt=now - give_up_after)
    for job_id in expired.values_list("pk", flat=True):
        if TrainingJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED,
            finished_at=now,
            error="No training worker picked this run up within a day. Retry it later.",
        ):
            reaped["expired"].append(job_id)
    for job_id, last_sent in waiting.filter(
        last_sent__lt=now - resend_after, queued_at__gte=now - give_up_after
    ).values_list("pk", "last_sent"):
        with transaction.atomic():
            if TrainingJob.objects.filter(
                Q(sent_at=last_sent) | Q(sent_at__isnull=True), pk=job_id, status=JobStatus.QUEUED
            ).update(sent_at=now, send_count=F("send_count") + 1):
                _send_on_commit(job_id)
                reaped["resent"].append(job_id)
    return reaped
