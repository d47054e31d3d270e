"""Small helpers the benchmarks share."""

import statistics
import time
from collections.abc import Callable

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def median_seconds(action: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def query_count(action: Callable[[], object]) -> int:
    reset_queries()  # the query log is a bounded deque: a full one captures nothing
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)
