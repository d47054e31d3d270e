"""Nothing stays running or queued forever: a killed worker's job is failed by the reaper, a
lost broker message is re-sent, and a cancel stops a running job within an epoch. Each test uses
a queue of its own so the session worker cannot take its job."""

import os
import subprocess
from unittest import mock

import pytest
from django.conf import settings
from django.test import override_settings

from config.celery import app
from tests.support.worker import WorkerProcess, wait_until
from training_jobs import services
from training_jobs.models import JobStatus, TrainingJob
from training_jobs.tasks import run_training

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LONG_RUN = {"epochs": 30, "batch_size": 16}


def job(job_id: int) -> TrainingJob:
    return TrainingJob.objects.get(pk=job_id)


def start_on_queue(learner, queue: str, **kwargs) -> TrainingJob:
    with mock.patch.object(
        services, "_send", lambda job_id: run_training.apply_async(args=[job_id], queue=queue)
    ):
        return services.start_run(learner=learner, **kwargs)


def purge(queue: str) -> int:
    with app.connection_for_write() as connection:
        return connection.default_channel.queue_purge(queue) or 0


@override_settings(HEARTBEAT_STALE_SECONDS=4)
def test_a_killed_worker_leaves_its_job_failed_with_a_reason_and_the_next_run_succeeds(
    owner, celery_worker
):
    worker = WorkerProcess(queues="doomed", extra_env={"HEARTBEAT_STALE_SECONDS": "4"})
    try:
        doomed = start_on_queue(
            owner, "doomed", recipe_slug="image-classifier", params=LONG_RUN, sample=0.3
        )
        wait_until(lambda: job(doomed.pk).epochs_done >= 1, timeout=180, message=worker.log())
        worker.kill()
    finally:
        worker.stop()
    assert job(doomed.pk).status == JobStatus.RUNNING

    def reaped():
        services.jobs_reap_stale()
        return job(doomed.pk).status == JobStatus.FAILED

    wait_until(reaped, timeout=120, interval=1, message="the reaper never failed the job")
    assert "stopped responding" in job(doomed.pk).error

    after = services.start_run(
        learner=owner, recipe_slug="tabular-titanic", params={"epochs": 1}, sample=0.1
    )
    wait_until(lambda: job(after.pk).is_final, timeout=180)
    assert job(after.pk).status == JobStatus.SUCCEEDED, job(after.pk).log_tail


@override_settings(QUEUED_RESEND_SECONDS=0)
def test_a_lost_broker_message_is_resent_by_the_reaper(owner, celery_worker):
    lost = start_on_queue(
        owner, "nobody-listens", recipe_slug="tabular-titanic", params={"epochs": 1}, sample=0.1
    )
    assert purge("nobody-listens") == 1  # the broker forgot the message
    assert job(lost.pk).status == JobStatus.QUEUED

    assert services.jobs_reap_stale()["resent"] == [lost.pk]

    wait_until(lambda: job(lost.pk).is_final, timeout=180)
    assert job(lost.pk).status == JobStatus.SUCCEEDED, (job(lost.pk).error, job(lost.pk).log_tail)
    assert job(lost.pk).send_count == 2


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis")
@pytest.mark.skipif(
    not os.environ.get("EXHALE_TEST_REDIS_RESTART"),
    reason="restarts the shared Redis server: set EXHALE_TEST_REDIS_RESTART=1",
)
@override_settings(QUEUED_RESEND_SECONDS=0)
def test_a_redis_restart_while_a_job_is_queued_loses_no_job(owner, celery_worker):
    queued = start_on_queue(
        owner, "restart-test", recipe_slug="tabular-titanic", params={"epochs": 1}, sample=0.1
    )
    subprocess.run(["redis-cli", "shutdown", "nosave"], check=False)
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            "6379",
            "--save",
            "",
        ],
        check=True,
    )
    wait_until(lambda: subprocess.run(["redis-cli", "ping"], capture_output=True).returncode == 0)
    assert purge("restart-test") == 0  # the message is gone with the restart

    wait_until(
        lambda: services.jobs_reap_stale()["resent"] or job(queued.pk).is_final,
        timeout=60,
        interval=1,
    )
    wait_until(lambda: job(queued.pk).is_final, timeout=180)
    assert job(queued.pk).status == JobStatus.SUCCEEDED


def test_cancelling_a_running_job_stops_it_within_an_epoch(owner, celery_worker):
    running = services.start_run(
        learner=owner, recipe_slug="image-classifier", params=LONG_RUN, sample=0.3
    )
    wait_until(lambda: job(running.pk).epochs_done >= 1, timeout=180)
    at_cancel = job(running.pk).epochs_done
    services.cancel_run(learner=owner, job_id=running.pk)

    wait_until(lambda: job(running.pk).is_final, timeout=120)
    stopped = job(running.pk)
    assert stopped.status == JobStatus.CANCELLED
    assert stopped.epochs_done <= at_cancel + 1
    assert stopped.error == "Cancelled while training."
