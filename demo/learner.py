"""The demo learner that `make run` creates: three months of practice, so the first thing a
newcomer sees demonstrates the product rather than empty states.

Everything is written through the apps' services (sessions, statuses, reviews, posts,
publishing), so every figure and any per-day total kept beside the sessions stays consistent.
Two things no service offers are done directly, for the demo only: backdating when roadmap
items were started and finished, and recording a finished training run from the artifacts in
demo/run/ (built once by demo/build_run.py from a real run of the bundled Titanic recipe).
The data is random but seeded, so every demo looks the same."""

from __future__ import annotations

import json
import random
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from core import storage

RUN_DIR = Path(__file__).resolve().parent / "run"
DAYS = 92
ZONE = "Europe/Berlin"
TEMPLATE_SLUG = "fastai-part1"
BIO = (
    "Teaching myself **machine learning** one evening at a time, following "
    "[fast.ai](https://course.fast.ai/) and shipping a model per milestone."
)
INHALE = ("reading", "lecture", "course")
EXHALE = ("coding", "experiment", "writing")
NOTES = {
    "lecture": ["Watched the lesson twice; paused at every notebook cell.", ""],
    "reading": ["Read the book chapter & took notes on the *why*.", ""],
    "course": ["Worked through the course questionnaire.", ""],
    "coding": ["Reproduced the notebook from a blank page.", "Refactored the data loading.", ""],
    "experiment": ["Tried three learning rates; 1e-2 won.", "Compared against the baseline.", ""],
    "writing": ["Drafted a post about what I got wrong.", ""],
}
# Items finished and in progress, in roadmap order, spread over the three months.
DONE_ITEMS = 9
IN_PROGRESS_ITEMS = 1


def build_demo(learner, *, now: datetime | None = None, seed: int = 7) -> dict:
    """Give `learner` a roadmap in progress, ~3 months of sessions, reviews, a post and a
    published run. Returns what it made (counts and ids) for the caller to report."""
    from curriculum.models import Roadmap

    now = now or timezone.now()
    template = Roadmap.objects.templates().filter(slug=TEMPLATE_SLUG).first()
    if template is None:
        from django.core.management import call_command

        call_command("load_starter_roadmaps", verbosity=0)
        template = Roadmap.objects.templates().get(slug=TEMPLATE_SLUG)
    with transaction.atomic():
        learner.timezone = ZONE
        learner.bio = BIO
        learner.save(update_fields=["timezone", "bio"])
        roadmap, items = _roadmap(learner, template, now)
        sessions = _sessions(learner, items, now, random.Random(seed))
        reviews = _reviews(learner, now)
        post = _post(learner, now)
        _not_to_do(learner)
    run = _published_run(learner, items, now)
    return {
        "roadmap": roadmap.pk,
        "sessions": sessions,
        "reviews": reviews,
        "post": post.pk,
        "run": run.pk,
    }


def _local(now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(ZONE))


def _roadmap(learner, template, now: datetime):
    from curriculum.models import Item, ItemStatus
    from curriculum.services import item_status_set, roadmap_copy, roadmap_update

    roadmap = roadmap_copy(learner=learner, source=template)
    roadmap = roadmap_update(
        learner=learner,
        roadmap=roadmap,
        visibility="public",
        started_on=_local(now).date() - timedelta(days=DAYS),
    )
    items = list(
        Item.objects.filter(stage__roadmap=roadmap)
        .select_related("stage__roadmap")
        .order_by("stage__position", "position")
    )
    # Spread the finished items over the three months, oldest first.
    span = DAYS / (DONE_ITEMS + IN_PROGRESS_ITEMS)
    for index, item in enumerate(items[: DONE_ITEMS + IN_PROGRESS_ITEMS]):
        done = index < DONE_ITEMS
        item_status_set(
            learner=learner,
            item=item,
            status=ItemStatus.DONE if done else ItemStatus.IN_PROGRESS,
            confirm=True,
        )
        started = now - timedelta(days=DAYS - index * span)
        finished = started + timedelta(days=span - 1) if done else None
        # No service backdates a status change; the demo needs a believable history.
        Item.objects.filter(pk=item.pk).update(
            started_at=started, finished_at=finished, status_changed_at=finished or started
        )
    return roadmap, items


def _item_on(items: list, day_index: int):
    span = DAYS / (DONE_ITEMS + IN_PROGRESS_ITEMS)
    return items[min(int(day_index / span), DONE_ITEMS + IN_PROGRESS_ITEMS - 1)]


def _sessions(learner, items: list, now: datetime, rng: random.Random) -> int:
    from journal.services import session_log

    zone = ZoneInfo(ZONE)
    local_now = _local(now)
    today = local_now.date()
    count = 0
    for offset in range(DAYS, 0, -1):
        day = today - timedelta(days=offset)
        if day.weekday() == 6 or rng.random() < 0.08:  # Sunday is the rest day; life happens
            continue
        day_index = DAYS - offset
        item = _item_on(items, day_index)
        building = item.kind == "project"
        hour = rng.choice([7, 17, 19])
        for _ in range(rng.choice([1, 2, 2, 3])):
            inhale = rng.random() < (0.3 if building else 0.6)
            kind = rng.choice(INHALE if inhale else EXHALE)
            minutes = rng.choice([25, 30, 45, 45, 50, 60, 75, 90])
            started = datetime.combine(day, time(hour, rng.choice([0, 10, 20, 30])), zone)
            session_log(
                learner=learner,
                minutes=minutes,
                kind=kind,
                item=item,
                note=rng.choice(NOTES[kind]),
                started_at=started,
                visibility="public" if rng.random() < 0.05 else "private",
                now=now,
            )
            count += 1
            hour += 2
    # Something logged already today, when the day is old enough to have had it.
    midnight = datetime.combine(today, time.min, zone)
    earlier = min(now - timedelta(minutes=40), midnight + timedelta(hours=9))
    if earlier > midnight:
        session_log(
            learner=learner,
            minutes=max(1, min(40, int((now - earlier).total_seconds() // 60))),
            kind="coding",
            item=_item_on(items, DAYS),
            note="Collaborative filtering notebook: dot product & bias.",
            started_at=earlier,
            now=now,
        )
        count += 1
    return count


def _reviews(learner, now: datetime) -> int:
    from journal.habits import week_start
    from journal.services import review_write

    this_week = week_start(_local(now).date())
    answers = [
        {
            "learned": "Why a random forest is such a strong baseline for tables.",
            "hardest": "Getting the embedding sizes right.",
            "resources": "Chapter 9 of the book; the lesson 6 notebook.",
            "results": "The Titanic model beats both baselines.",
            "changes": "More building earlier in the week.",
            "on_track": True,
        },
        {
            "learned": "Collaborative filtering is a dot product with biases.",
            "hardest": "Finding the time on Thursday.",
            "resources": "Lesson 7.",
            "results": "",
            "changes": "Protect the morning block.",
            "on_track": None,
        },
    ]
    for weeks_ago, answer in zip((2, 1), answers, strict=True):
        review_write(
            learner=learner,
            week_start=this_week - timedelta(weeks=weeks_ago),
            visibility="public",
            **answer,
        )
    return len(answers)


def _post(learner, now: datetime):
    from journal.services import reflection_write

    return reflection_write(
        learner=learner,
        day=_local(now).date() - timedelta(days=3),
        body=(
            "## Shipped: who survived the Titanic?\n\n"
            "My tabular model reaches **83% accuracy**, against 68% for always answering "
            "*did not survive* and 80% for guessing from the passenger's sex. A random forest "
            "still edges it out — that is the next thing to understand.\n\n"
            "Try the model on my portfolio."
        ),
        visibility="public",
    )


def _not_to_do(learner) -> None:
    from journal.services import not_to_do_add

    for text in ("start a second course before this one is done", "tune before a baseline"):
        not_to_do_add(learner=learner, text=text)


def _published_run(learner, items: list, now: datetime):
    from training_jobs.models import EpochMetric, JobStatus, TrainingJob
    from training_jobs.services import publish_run

    record = json.loads((RUN_DIR / "run.json").read_text())
    milestone = next((i for i in items if i.project_slug == record["recipe_slug"]), None)
    finished = now - timedelta(days=10)
    seconds = float(record.get("seconds") or 60)
    job = TrainingJob.objects.create(
        owner=learner,
        recipe_slug=record["recipe_slug"],
        recipe_title=record["recipe_title"],
        dataset_slug=record["dataset_slug"],
        dataset_title=record["dataset_title"],
        metric_name=record["metric_name"],
        params=record["params"],
        item=milestone,
        status=JobStatus.SUCCEEDED,
        device=record["device"],
        worker="demo",
        epochs_done=record["epochs_total"],
        epochs_total=record["epochs_total"],
        baselines=record["baselines"],
        metrics=record["metrics"],
        log_tail=record["log_tail"],
        artifacts=record["artifacts"],
        sent_at=finished - timedelta(seconds=seconds + 5),
        started_at=finished - timedelta(seconds=seconds),
        finished_at=finished,
        heartbeat_at=finished,
    )
    TrainingJob.objects.filter(pk=job.pk).update(queued_at=job.sent_at)
    EpochMetric.objects.bulk_create(EpochMetric(job=job, **row) for row in record["epochs"])
    for artifact in record["artifacts"]:
        storage.save_file(job.file_key(artifact["name"]), RUN_DIR / artifact["name"])
    return publish_run(learner=learner, job_id=job.pk)
