"""The instance's public work beside the journal: training runs, logged runs and follows
(see bench/scale/generate.py). Each takes the Instance being built."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from bench.scale.generate import _copy, _ids


def make_runs(self) -> None:
    """Training runs (most succeeded, half of those published) and logged runs."""
    rng, now = self.rng, self.now

    def jobs():
        for pk in self.ids:
            if pk not in self._heavy_set and rng.random() > 0.25:
                continue
            for _ in range(rng.randint(1, 4)):
                finished = now - timedelta(days=rng.randint(1, 900), minutes=rng.randint(0, 600))
                ok = rng.random() < 0.85
                published = ok and rng.random() < 0.5
                yield (
                    "tabular-adult",
                    "Tabular: adult income",
                    "adult",
                    "accuracy",
                    "{}",
                    "succeeded" if ok else "failed",
                    "gpu",
                    "cpu",
                    "worker@bench",
                    finished - timedelta(minutes=12),
                    1,
                    finished - timedelta(minutes=11),
                    finished,
                    False,
                    5,
                    5,
                    json.dumps({"majority class": 0.76}),
                    json.dumps({"accuracy": round(0.8 + rng.random() / 10, 4)}),
                    "",
                    "",
                    "[]",
                    published,
                    finished if published else None,
                    pk,
                    "Adult income",
                    False,
                )

    self.counts["training_runs"] = _copy(
        "training_jobs_trainingjob",
        (
            "recipe_slug recipe_title dataset_slug metric_name params status "
            "queue device worker queued_at send_count started_at finished_at "
            "cancel_requested epochs_done epochs_total baselines metrics error "
            "log_tail artifacts published published_at owner_id dataset_title "
            "is_reference"
        ).split(),
        jobs(),
    )
    loggers = [pk for pk in self.ids if rng.random() < 0.1]
    self.counts["experiments"] = _copy(
        "tracking_experiment",
        ["created_at", "updated_at", "learner_id", "name"],
        ((now, now, pk, "pets-classifier") for pk in loggers),
    )

    experiments = _ids("SELECT id, learner_id FROM tracking_experiment")

    def logged():
        for experiment, pk in experiments:
            for _ in range(3):
                published = rng.random() < 0.5
                start = int((now - timedelta(days=rng.randint(1, 600))).timestamp() * 1000)
                yield (
                    uuid.UUID(int=rng.getrandbits(128), version=4),
                    "resnet34",
                    "FINISHED",
                    start,
                    start + 600_000,
                    False,
                    published,
                    now if published else None,
                    now,
                    experiment,
                    pk,
                    False,
                )

    self.counts["logged_runs"] = _copy(
        "tracking_loggedrun",
        (
            "run_uuid name status start_time end_time deleted published "
            "published_at created_at experiment_id learner_id is_reference"
        ).split(),
        logged(),
    )


def make_follows(self) -> None:
    """Most learners follow a few others, heavy learners more often; learner 0 is followed
    by nearly everyone and the last heavy learner follows 200 people."""
    rng, now = self.rng, self.now
    pairs: set[tuple[int, int]] = set()
    star, fan = self.ids[0], self.heavy[-1]
    for pk in self.ids:
        if pk != star and rng.random() < 0.8:
            pairs.add((pk, star))
        for _ in range(rng.randint(0, 6)):
            other = rng.choice(self.heavy if rng.random() < 0.5 else self.ids)
            if other != pk:
                pairs.add((pk, other))
    for other in rng.sample(self.ids, min(200, len(self.ids))):
        if other != fan:
            pairs.add((fan, other))
    self.counts["follows"] = _copy(
        "portfolio_follow",
        ["created_at", "followed_id", "follower_id"],
        ((now, followed, follower) for follower, followed in sorted(pairs)),
    )
