"""The torch side of a training worker's start (config.celery's worker_process_init hook):
thread pools sized to the usable cores, and a lower CPU priority when training on the CPU.
Imported only inside worker processes, so the web process never loads torch."""

from __future__ import annotations

import logging
import os

logger = logging.getLogger("exhale.worker")


def size_torch(*, cores: int, threads: int, nice: int) -> None:
    try:
        import torch
    except ImportError:  # a worker without the ML extras trains nothing
        return
    cuda = torch.cuda.is_available()
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(threads)
    except RuntimeError:  # already set (the pool started before this hook)
        pass
    if not cuda and nice > 0:
        os.nice(nice)
    logger.info(
        "Training on %s at nice %d with %d torch threads (%d usable cores, OMP_NUM_THREADS=%s, "
        "OMP_WAIT_POLICY=%s, GOMP_SPINCOUNT=%s)",
        "cuda" if cuda else "cpu",
        os.nice(0),
        torch.get_num_threads(),
        cores,
        os.environ["OMP_NUM_THREADS"],
        os.environ.get("OMP_WAIT_POLICY", ""),
        os.environ.get("GOMP_SPINCOUNT", ""),
    )
