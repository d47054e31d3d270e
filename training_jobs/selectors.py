"""Reads that pages, the API and the CLI share."""

from __future__ import annotations

from django.db.models import QuerySet

from training_jobs.models import TrainingJob


def jobs_for_history(*, learner) -> QuerySet[TrainingJob]:
    return TrainingJob.objects.owned_by(learner).select_related("item").order_by("-queued_at")


def recent_runs(*, learner, recipe_slug: str | None = None, limit: int) -> list[TrainingJob]:
    """The learner's latest runs, newest first, of one recipe or of all."""
    rows = TrainingJob.objects.owned_by(learner)
    if recipe_slug is not None:
        rows = rows.filter(recipe_slug=recipe_slug)
    return list(rows.order_by("-queued_at", "-id")[:limit])


def job_visible(*, viewer, job_id: int) -> TrainingJob:
    """The job if the viewer may see it; DoesNotExist (a 404) for anyone else's private run."""
    return (
        TrainingJob.objects.visible_to(viewer)
        .select_related("owner", "item", "item__stage__roadmap")
        .get(pk=job_id)
    )


def job_summary(job: TrainingJob) -> dict:
    """The machine-readable outline of a run (CLI output, benchmark records)."""
    return {
        "id": job.pk,
        "recipe": job.recipe_slug,
        "dataset": job.dataset_slug,
        "status": job.status,
        "device": job.device,
        "params": job.params,
        "epochs_done": job.epochs_done,
        "epochs_total": job.epochs_total,
        "baselines": job.baselines,
        "metrics": job.metrics,
        "error": job.error,
        "queued_at": job.queued_at.isoformat() if job.queued_at else None,
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
