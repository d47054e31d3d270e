"""The queue-wait estimate counts the workers that are alive on the queue, asking Celery's real
workers; a broker that cannot answer gives an estimate for one worker that says so."""

import uuid
from datetime import timedelta

import pytest
from celery import Celery
from django.utils import timezone

from tests.support.worker import WorkerProcess, wait_until
from tests.training_jobs.factories import TrainingJobFactory
from training_jobs.queue import queue_place
from training_jobs.workers import ASSUMED, WorkerCount, workers_alive

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_two_workers_on_a_queue_count_two_then_one_when_one_stops():
    queue = f"gpu-{uuid.uuid4().hex[:6]}"
    assert workers_alive(queue, fresh=True) == WorkerCount(0)
    first = WorkerProcess(queues=queue)
    second = WorkerProcess(queues=f"{queue},elsewhere-{uuid.uuid4().hex[:6]}")
    try:
        wait_until(
            lambda: workers_alive(queue, fresh=True).count == 2,
            timeout=30,
            message="two workers never answered",
        )
        assert workers_alive(queue) == WorkerCount(2)  # and the cache remembers it
        second.stop()
        wait_until(
            lambda: workers_alive(queue, fresh=True).count == 1,
            timeout=30,
            message="the stopped worker still counted",
        )
    finally:
        first.stop()
        second.stop()
    assert workers_alive(queue, fresh=True) == WorkerCount(0)


def test_a_broker_that_cannot_answer_assumes_one_worker_and_says_so(owner):
    # Not the current app: shared tasks of later tests must keep the real broker.
    unreachable = Celery(broker="redis://127.0.0.1:1/0", set_as_current=False)

    answer = workers_alive(f"gpu-{uuid.uuid4().hex[:6]}", app=unreachable, fresh=True)

    assert answer == ASSUMED and answer.count == 1 and not answer.known


@pytest.mark.parametrize(
    "workers, wait, note",
    [
        (WorkerCount(2), "about 1 minute", ""),
        (ASSUMED, "about 2 minutes", ", if one worker is running (the workers did not answer"),
        (WorkerCount(0), "about 2 minutes", " once a training worker is running: none is"),
    ],
)
def test_the_summary_says_how_many_workers_the_wait_assumes(owner, workers, wait, note):
    now = timezone.now()
    TrainingJobFactory(owner=owner, status="queued")
    mine = TrainingJobFactory(owner=owner, status="queued")

    place = queue_place(mine, now=now + timedelta(seconds=1), workers=workers)

    assert place.summary.startswith(f"2nd in the queue · expected to start in {wait}{note}")
