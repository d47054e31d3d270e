"""A worker that trains on the CPU leaves the web process room: lower priority, and thread
pools sized to the cores it may use. Checked on a real worker process through /proc."""

import os
from pathlib import Path

import pytest

from config.celery import OPENMP_SPIN_COUNT, usable_cores
from tests.support.worker import WorkerProcess, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(p) for p in text)
    return found


def nice_of(pid: int) -> int:
    # /proc/<pid>/stat: field 19 is the nice value (after the parenthesised command name).
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[16])


def test_the_training_worker_runs_at_lower_priority_with_threads_from_its_cores():
    # Without the spin count the tests' own process sets (tests/conftest.py): the worker sets it.
    worker = WorkerProcess(
        queues="default,gpu",
        extra_env={"EXHALE_TRAINING_NICE": "10", "OMP_WAIT_POLICY": None, "GOMP_SPINCOUNT": None},
    )
    try:
        wait_until(lambda: "Training on" in worker.log(), timeout=60)
        (child,) = children(worker.process.pid)
        cores = usable_cores()
        assert cores == len(os.sched_getaffinity(0))
        assert nice_of(child) == nice_of(os.getpid()) + 10
        assert nice_of(worker.process.pid) == nice_of(os.getpid())  # the parent stays as it is
        line = next(x for x in worker.log().splitlines() if "Training on" in x)
        assert f"with {cores} torch threads ({cores} usable cores," in line
        assert f"OMP_NUM_THREADS={cores}" in line
        # A thread spins briefly, then sleeps: it does not hold a core another process needs.
        assert f"OMP_WAIT_POLICY=, GOMP_SPINCOUNT={OPENMP_SPIN_COUNT})" in line
        assert "on cpu" in line
    finally:
        worker.stop()


def test_a_worker_of_the_light_queue_only_is_left_as_it_is():
    worker = WorkerProcess(queues="default", extra_env={"EXHALE_TRAINING_NICE": "10"})
    try:
        (child,) = wait_until(lambda: children(worker.process.pid), timeout=30)
        assert nice_of(child) == nice_of(os.getpid())
        assert "Training on" not in worker.log()
    finally:
        worker.stop()


def test_an_operator_sets_the_training_threads_below_the_cores():
    worker = WorkerProcess(
        queues="default,gpu",
        extra_env={"EXHALE_TRAINING_NICE": "0", "EXHALE_TRAINING_THREADS": "1"},
    )
    try:
        wait_until(lambda: "Training on" in worker.log(), timeout=60)
        line = next(x for x in worker.log().splitlines() if "Training on" in x)
        assert (
            f"with 1 torch threads ({usable_cores()} usable cores, OMP_NUM_THREADS=1, "
            f"OMP_WAIT_POLICY=, GOMP_SPINCOUNT={OPENMP_SPIN_COUNT})"
        ) in line
    finally:
        worker.stop()


def test_an_operator_who_chose_a_wait_policy_keeps_it():
    worker = WorkerProcess(
        queues="default,gpu",
        extra_env={"OMP_WAIT_POLICY": "PASSIVE", "GOMP_SPINCOUNT": None},
    )
    try:
        wait_until(lambda: "Training on" in worker.log(), timeout=60)
        line = next(x for x in worker.log().splitlines() if "Training on" in x)
        assert "OMP_WAIT_POLICY=PASSIVE, GOMP_SPINCOUNT=)" in line
    finally:
        worker.stop()
