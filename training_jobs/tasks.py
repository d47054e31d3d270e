"""Thin Celery tasks: they take ids and call the runner or a service. Both are safe to run
twice: a job is claimed by one conditional update, and the reaper's changes are conditional."""

from celery import shared_task
from django.conf import settings


@shared_task(
    name="training_jobs.tasks.run_training",
    bind=True,
    acks_late=True,
    # A last resort behind the runner's own time limit, which stops between batches.
    time_limit=settings.TRAINING_TIME_LIMIT_SECONDS + 300,
)
def run_training(self, job_id: int) -> str:
    from training_jobs.runner import run_job

    return run_job(job_id, worker=self.request.hostname or "")


@shared_task(name="training_jobs.tasks.reap_stale_jobs")
def reap_stale_jobs() -> dict:
    from training_jobs.services import jobs_reap_stale

    return jobs_reap_stale()


@shared_task(name="training_jobs.tasks.predict", acks_late=True, time_limit=120)
def predict(token: str) -> str:
    """Answer one "try it" request (on the default queue, beside the light work)."""
    from training_jobs.demos import prediction_run

    return prediction_run(token)
