"""A queued run's place in its queue and when it should start.

The estimate is a pure function over plain values (recipe slugs, seconds); `queue_place` is the
selector that feeds it from the database in a constant number of queries. Other learners' runs
ahead are counted, never described: only a position and a time leave this module."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from training_jobs.models import JobStatus, TrainingJob
from training_jobs.workers import WorkerCount, workers_alive

RECENT_RUNS_PER_RECIPE = 20
FALLBACK_RUN_SECONDS = 120.0


def typical_duration(recipe_slug: str, recent: Mapping[str, Sequence[float]]) -> float:
    """Median of the recipe's recent run times; else of every recipe's; else two minutes."""
    own = [d for d in recent.get(recipe_slug, ()) if d >= 0]
    if own:
        return float(median(own))
    every = [d for durations in recent.values() for d in durations if d >= 0]
    if every:
        return float(median(every))
    return FALLBACK_RUN_SECONDS


def expected_wait_seconds(
    *,
    running: Sequence[tuple[str, float]],
    ahead: Sequence[str],
    recent: Mapping[str, Sequence[float]],
    workers: int,
) -> float:
    """Seconds until a queued run should start.

    `running`: (recipe slug, seconds it has run) for each running job of the queue;
    `ahead`: the recipe slug of each queued job before this one; `recent`: recent run times
    per recipe. A running job that is past its typical time counts as about to finish (0), so
    a slow run never makes the estimate negative. The work is shared by `workers` workers."""
    remaining = sum(
        max(0.0, typical_duration(slug, recent) - max(0.0, elapsed)) for slug, elapsed in running
    )
    waiting = sum(typical_duration(slug, recent) for slug in ahead)
    return (remaining + waiting) / max(1, workers)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def wait_phrase(seconds: float) -> str:
    """How long to wait, in words a learner reads at a glance."""
    if seconds < 45:
        return "less than a minute"
    minutes = round(seconds / 60)
    if minutes < 90:
        return "about 1 minute" if minutes <= 1 else f"about {minutes} minutes"
    hours = round(seconds / 3600)
    return "about 1 hour" if hours <= 1 else f"about {hours} hours"


@dataclass(frozen=True)
class QueuePlace:
    position: int
    wait_seconds: float
    expected_start: datetime
    workers: WorkerCount = WorkerCount(1)

    @property
    def summary(self) -> str:
        wait = wait_phrase(self.wait_seconds)
        text = f"{ordinal(self.position)} in the queue · expected to start in {wait}"
        if not self.workers.known:
            return f"{text}, if one worker is running (the workers did not answer just now)"
        if self.workers.count == 0:
            return f"{text} once a training worker is running: none is right now"
        return text


def recent_durations(limit: int = RECENT_RUNS_PER_RECIPE) -> dict[str, list[float]]:
    """Run times (seconds) of the last `limit` succeeded runs of every recipe, in one query."""
    rows = (
        TrainingJob.objects.filter(
            status=JobStatus.SUCCEEDED, started_at__isnull=False, finished_at__isnull=False
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("recipe_slug")],
                order_by=[F("finished_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=limit)
        .values_list("recipe_slug", "started_at", "finished_at")
    )
    recent: dict[str, list[float]] = {}
    for slug, started, finished in rows:
        recent.setdefault(slug, []).append((finished - started).total_seconds())
    return recent


def queue_place(
    job: TrainingJob, *, now: datetime | None = None, workers: WorkerCount | None = None
) -> QueuePlace | None:
    """Where a queued run stands in its queue (all learners), or None once it has left it.
    Two queries whatever the length of the queue; the work ahead is shared by the workers
    alive on that queue (training_jobs.workers, cached), unless `workers` is given."""
    if job.status != JobStatus.QUEUED:
        return None
    now = now or timezone.now()
    workers = workers or workers_alive(job.queue)
    before = Q(queued_at__lt=job.queued_at) | Q(queued_at=job.queued_at, id__lt=job.pk)
    rows = TrainingJob.objects.filter(queue=job.queue).filter(
        Q(status=JobStatus.RUNNING) | (Q(status=JobStatus.QUEUED) & before)
    )
    running: list[tuple[str, float]] = []
    ahead: list[str] = []
    for slug, status, started in rows.values_list("recipe_slug", "status", "started_at"):
        if status == JobStatus.RUNNING:
            running.append((slug, (now - started).total_seconds() if started else 0.0))
        else:
            ahead.append(slug)
    wait = expected_wait_seconds(
        running=running,
        ahead=ahead,
        recent=recent_durations(),
        workers=workers.count,
    )
    return QueuePlace(
        position=len(ahead) + 1,
        wait_seconds=wait,
        expected_start=now + timedelta(seconds=wait),
        workers=workers,
    )
