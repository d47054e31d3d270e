"""How many workers consume a queue right now, as Celery's workers themselves answer.

The queue-wait estimate divides the work ahead by the workers that are alive, not by a number
in the environment: a GPU box that joins or leaves changes the estimate within a minute. Asking
costs a broadcast and up to INSPECT_SECONDS of waiting for replies, so the answer is cached
(CACHE_SECONDS) and a page view almost never waits on the broker. When the broker cannot be
reached the estimate assumes one worker and says so (`known` is false)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)

INSPECT_SECONDS = 1.0
CACHE_SECONDS = 30
UNKNOWN_CACHE_SECONDS = 10  # ask again sooner once the broker is back


@dataclass(frozen=True)
class WorkerCount:
    count: int
    known: bool = True


ASSUMED = WorkerCount(1, known=False)


def cache_key(queue: str) -> str:
    return f"workers-alive:{queue}"


def workers_alive(queue: str, *, app=None, fresh: bool = False) -> WorkerCount:
    """The workers consuming `queue` that answered Celery's inspect (cached), or ASSUMED when
    the broker did not answer. `fresh` skips the cache (tests, the admin)."""
    key = cache_key(queue)
    if not fresh:
        cached = cache.get(key)
        if cached is not None:
            return WorkerCount(*cached)
    answer = _ask(queue, app)
    cache.set(
        key, (answer.count, answer.known), CACHE_SECONDS if answer.known else UNKNOWN_CACHE_SECONDS
    )
    return answer


def _ask(queue: str, app) -> WorkerCount:
    if app is None:
        from config.celery import app
    try:
        with app.connection_for_write() as connection:
            # Bounded: one try to reach the broker, then a fixed wait for the replies.
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=INSPECT_SECONDS)
            replies = app.control.inspect(
                timeout=INSPECT_SECONDS, connection=connection
            ).active_queues()
    except Exception as exc:  # the broker is down or refuses: estimate, and say so
        logger.warning("could not count the workers of %s: %s", queue, exc)
        return ASSUMED
    return WorkerCount(
        sum(1 for queues in (replies or {}).values() if any(q.get("name") == queue for q in queues))
    )
