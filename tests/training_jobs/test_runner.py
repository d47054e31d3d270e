"""The runner in this process (no broker): the time limit ends a run in one final status."""

import pytest

from tests.training_jobs.factories import TrainingJobFactory
from training_jobs.models import JobStatus, TrainingJob

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_run_past_the_time_limit_fails_with_a_message(owner, settings, tmp_path):
    from training_jobs.runner import run_job

    settings.MEDIA_ROOT = tmp_path
    settings.TRAINING_TIME_LIMIT_SECONDS = 0
    job = TrainingJobFactory(
        owner=owner, params={**TrainingJobFactory.params.function(), "sample": 0.05, "epochs": 1}
    )

    assert run_job(job.pk, worker="here") == "failed"
    assert run_job(job.pk, worker="again") == "skipped"  # a second delivery does nothing

    job = TrainingJob.objects.get(pk=job.pk)
    assert job.status == JobStatus.FAILED
    assert job.error == "Stopped: the run passed the time limit of 1 minute."
    assert job.finished_at and job.device == "cpu"
    assert (job.artifact_dir / "run.log").is_file()
