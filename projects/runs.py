"""How the project pages reach training runs.

The project pages start runs and list the learner's recent ones, but training runs belong to
training_jobs, which builds on this app (its recipes, uploaded data sets and upload checks).
Importing training_jobs from here would close a loop between the two apps, so training_jobs
hands over the two functions these pages need when it loads (TrainingJobsConfig.ready). The
dependency stays one-way in the code: projects <- training_jobs (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class RunPort:
    # start_run(*, learner, recipe_slug, params, item, sample, dataset) -> the queued run
    start: Callable[..., Any]
    # recent_runs(*, learner, recipe_slug=None, limit) -> the learner's latest runs
    recent: Callable[..., list]


_port: RunPort | None = None


def connect(port: RunPort) -> None:
    global _port
    _port = port


def runs() -> RunPort:
    if _port is None:
        raise ImproperlyConfigured("The project pages need the training_jobs app installed.")
    return _port
