"""Worker soak: 50 tiny training jobs queued at once on one worker (the session's, through the
real gpu queue), every fifth cancelled (half while queued, half while running). All end in one
final state within a bounded time, none stays running, and cancelled runs leave no stray
files."""

import os

import pytest

from tests.factories import LearnerFactory
from tests.support.worker import wait_until
from training_jobs import services
from training_jobs.models import JobStatus, TrainingJob

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

JOBS = int(os.environ.get("EXHALE_SOAK_JOBS", "50"))
TINY = {"epochs": 1, "batch_size": 16}


def start_soak_job(learner) -> TrainingJob:
    return services.start_run(
        learner=learner, recipe_slug="tabular-titanic", params=TINY, sample=0.05
    )


def test_fifty_tiny_jobs_with_cancels_all_end_and_leave_no_stray_files(celery_worker):
    per_learner = services.MAX_ACTIVE_RUNS_PER_LEARNER
    learners = [LearnerFactory() for _ in range(-(-JOBS // per_learner))]
    jobs = [start_soak_job(learners[n // per_learner]) for n in range(JOBS)]
    doomed = jobs[::5]
    cancel_while_queued, cancel_while_running = doomed[1::2], doomed[0::2]
    for job in cancel_while_queued:
        services.cancel_run(learner=job.owner, job_id=job.pk)
    for job in cancel_while_running:
        wait_until(
            lambda job=job: TrainingJob.objects.get(pk=job.pk).status != JobStatus.QUEUED,
            timeout=600,
            interval=0.1,
            message=celery_worker.log()[-3000:],
        )
        try:
            services.cancel_run(learner=job.owner, job_id=job.pk)
        except Exception:  # it finished before the cancel arrived: allowed, checked below
            pass

    def all_final():
        return not TrainingJob.objects.filter(
            pk__in=[j.pk for j in jobs], status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).exists()

    wait_until(all_final, timeout=900, interval=1, message=celery_worker.log()[-3000:])

    finished = {j.pk: TrainingJob.objects.get(pk=j.pk) for j in jobs}
    for job in cancel_while_queued:
        assert finished[job.pk].status == JobStatus.CANCELLED
        assert finished[job.pk].started_at is None, "a job cancelled while queued never runs"
    for job in cancel_while_running:
        assert finished[job.pk].status in {JobStatus.CANCELLED, JobStatus.SUCCEEDED}
    cancelled = [j for j in finished.values() if j.status == JobStatus.CANCELLED]
    assert len(cancelled) >= len(cancel_while_queued)
    for job in cancelled:
        leftovers = list(job.artifact_dir.rglob("*")) if job.artifact_dir.exists() else []
        assert leftovers == [], f"cancelled job {job.pk} left {leftovers}"
    others = [j for pk, j in finished.items() if pk not in {d.pk for d in doomed}]
    assert all(j.status == JobStatus.SUCCEEDED for j in others), [
        (j.pk, j.status, j.error) for j in others if j.status != JobStatus.SUCCEEDED
    ]
