import logging
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("exhale")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger("exhale.worker")

# How much lower than the web process a worker that trains on the CPU runs (0 to 19);
# EXHALE_TRAINING_NICE overrides it, 0 turns it off.
TRAINING_NICE = 10
# The thread pools of the numeric libraries that training and data loading use.
THREAD_ENV = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
# How many times an OpenMP thread that has finished its share of an operation spins before it
# sleeps (libgomp's GOMP_SPINCOUNT). libgomp's own default, 300,000, lets the spinning take the
# core from the web process and from the thread's own siblings on a busy machine (a small
# titanic run 1.4-1.5x slower); sleeping at once (OMP_WAIT_POLICY=PASSIVE) makes every
# operation wait for a wake-up, 30-50% slower on an idle machine; spinning for ever (ACTIVE)
# keeps the cores busy between runs and starved a plain script beside an idle worker 15-fold.
# 10,000 is within a few percent of the best of both (python -m bench omp_wait).
OPENMP_SPIN_COUNT = "10000"


def settle_openmp(environ=os.environ) -> None:
    """Give OpenMP the spin count above, unless the operator chose a wait policy or a count.
    Must run before torch loads libgomp, which reads them once."""
    if "OMP_WAIT_POLICY" not in environ and "GOMP_SPINCOUNT" not in environ:
        environ["GOMP_SPINCOUNT"] = OPENMP_SPIN_COUNT


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, which taskset, cgroups' cpusets
    and Docker's --cpuset-cpus set), not every core of the machine."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def training_threads() -> int:
    """Threads a training worker's pools use: EXHALE_TRAINING_THREADS when set (an operator
    sharing the cores with other work, or bench/ matching a plain script's threads), else
    every usable core."""
    value = os.environ.get("EXHALE_TRAINING_THREADS", "").strip()
    return max(1, int(value)) if value else usable_cores()


def consumes_gpu_queue(worker_app) -> bool:
    queues = getattr(worker_app.amqp.queues, "consume_from", None) or {}
    return "gpu" in queues


@worker_process_init.connect
def _leave_room(sender=None, **kwargs) -> None:
    """Each worker child that may train (it consumes the gpu queue) makes itself a polite
    neighbour once: on the CPU it runs at a lower priority, so the web process on the same
    cores answers first, and every thread pool (torch's intra- and inter-op, OpenMP/BLAS for
    data loading and preprocessing) is sized to the cores it may use, not the machine's, and
    its OpenMP threads spin only briefly before they sleep."""
    from celery import current_app

    if not consumes_gpu_queue(current_app):
        return
    threads = training_threads()
    nice = int(os.environ.get("EXHALE_TRAINING_NICE", TRAINING_NICE))
    for name in THREAD_ENV:
        os.environ.setdefault(name, str(threads))
    settle_openmp()
    # torch is imported on the worker side only (training_jobs.worker_setup), never by the web
    # process, which loads this module too.
    from training_jobs.worker_setup import size_torch

    size_torch(cores=usable_cores(), threads=threads, nice=nice)
