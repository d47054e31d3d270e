"""What a milestone recipe declares, and the pure rules that check a learner's parameters.

Nothing here imports torch, fastai, numpy or pandas: the web process reads recipes through this
module to draw forms and check input, and must stay light. A recipe's heavy imports live inside
its `train()` (and `predict()`), which only a worker calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.core.exceptions import ValidationError


class RunStopped(Exception):
    """Raised between batches when the learner cancelled the run or it ran out of time."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Param:
    """One tunable parameter: a number with a default and inclusive bounds.

    `min_exclusive` says the lower bound itself is refused (a learning rate of 0 trains nothing,
    a sample of 0 rows is no data)."""

    name: str
    label: str
    kind: type  # int or float
    default: int | float
    minimum: int | float
    maximum: int | float
    help: str = ""
    min_exclusive: bool = False
    step: str = "any"

    def bounds_text(self) -> str:
        low = f"more than {_fmt(self.minimum)}" if self.min_exclusive else _fmt(self.minimum)
        if self.min_exclusive:
            return f"{low} and at most {_fmt(self.maximum)}"
        return f"between {low} and {_fmt(self.maximum)}"


def _fmt(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return f"{int(value):,}"


def standard_params(
    *,
    epochs: int,
    lr: float,
    batch_size: int,
    max_epochs: int = 50,
    valid_share: float = 0.2,
) -> tuple[Param, ...]:
    """The parameters every recipe shares; a recipe picks its own defaults."""
    return (
        Param("epochs", "Epochs", int, epochs, 1, max_epochs, "Passes over the training data."),
        Param(
            "lr",
            "Learning rate",
            float,
            lr,
            0.0,
            1.0,
            "Peak learning rate of the one-cycle schedule.",
            min_exclusive=True,
        ),
        Param("batch_size", "Batch size", int, batch_size, 2, 1024, "Examples per gradient step."),
        Param(
            "valid_share",
            "Validation share",
            float,
            valid_share,
            0.05,
            0.5,
            "Share of the data held out to score the model and the baselines.",
        ),
        Param(
            "seed",
            "Seed",
            int,
            42,
            0,
            2**31 - 1,
            "Fixes the split, the sample and the initial weights: same seed, same run.",
        ),
        Param(
            "sample",
            "Sample share",
            float,
            1.0,
            0.0,
            1.0,
            "Share of the data to use; 0.05 is a quick run, 1 is all of it.",
            min_exclusive=True,
        ),
    )


@dataclass(frozen=True)
class DataSet:
    """A data set a recipe can train on. `kind` lets uploaded data sets find matching recipes
    ("image-folders": one folder per class; "table": a CSV with a target column).
    `prepare(root)` runs in the worker and returns the folder or file to train on, writing it
    under root the first time (it may import heavy libraries)."""

    slug: str
    title: str
    kind: str
    description: str
    prepare: Callable[[Path], Path]
    licence: str = ""
    rows: int = 0  # examples in the full data set (0: unknown), to refuse too small a sample


@dataclass(frozen=True)
class Recipe:
    """A bundled milestone project. A recipe module defines `RECIPE = Recipe(...)`."""

    slug: str
    title: str
    lesson: str
    summary: str
    datasets: tuple[DataSet, ...]
    params: tuple[Param, ...]
    metric: str
    metric_label: str
    baseline_help: str
    train: Callable[[RunContext], dict]
    higher_is_better: bool = True
    predict: Callable[[Path, Any], dict] | None = None
    artifacts: tuple[str, ...] = ()
    # Baselines that are real models (a random forest), not guesses: shown with their own card
    # as the strong classical model to compare the neural net with.
    strong_baselines: tuple[str, ...] = ()

    @property
    def default_dataset(self) -> DataSet:
        return self.datasets[0]

    def dataset(self, slug: str | None) -> DataSet:
        if not slug:
            return self.default_dataset
        for dataset in self.datasets:
            if dataset.slug == slug:
                return dataset
        names = ", ".join(d.slug for d in self.datasets)
        raise ValidationError(
            {"dataset": f"“{slug}” is not a data set of {self.title}; choose one of: {names}."}
        )

    def defaults(self) -> dict[str, int | float]:
        return {p.name: p.default for p in self.params}

    def beats(self, value: float, baseline: float) -> bool:
        return value > baseline if self.higher_is_better else value < baseline


class RunContext(Protocol):
    """What `train(ctx)` gets from the runner (training_jobs.runner.JobContext implements it)."""

    data_dir: Path
    device: str
    params: dict[str, Any]
    seed: int
    artifact_dir: Path

    def report(
        self, epoch: int, train_loss: float | None, valid_loss: float | None, metric: float | None
    ) -> None: ...

    def set_baselines(self, baselines: dict[str, float]) -> None: ...

    def add_artifact(self, filename: str, title: str, kind: str = "image") -> None: ...

    def heartbeat(self) -> None: ...

    def should_stop(self) -> str | None: ...

    def log(self, message: str) -> None: ...


def _number(param: Param, raw: object) -> int | float:
    """Read one value the way a form, a JSON body or a command line sends it."""
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, str):
        text = raw.strip().replace(",", "") if param.kind is int else raw.strip()
        if not text:
            raise ValueError
        value: int | float = float(text)
    elif isinstance(raw, int | float):
        value = raw
    else:
        raise ValueError
    if not math.isfinite(value):
        raise ValueError
    if param.kind is int:
        if float(value) != int(value):
            raise ValueError
        return int(value)
    return float(value)


def check_param(param: Param, raw: object) -> int | float:
    """One parameter, parsed and bounds-checked; ValidationError with a learner's message."""
    try:
        value = _number(param, raw)
    except (ValueError, TypeError, OverflowError):
        kind = "a whole number" if param.kind is int else "a number"
        raise ValidationError(f"{param.label} must be {kind}.") from None
    too_low = value <= param.minimum if param.min_exclusive else value < param.minimum
    if too_low or value > param.maximum:
        raise ValidationError(f"{param.label} must be {param.bounds_text()}; you gave {raw}.")
    return value


def validate_params(recipe: Recipe, raw: Mapping[str, object] | None) -> dict[str, int | float]:
    """The full parameter set of a run: defaults overlaid with what the learner gave.

    Pure: the form, the API and the CLI all call it, so each shows the same messages. Raises
    ValidationError keyed by parameter name; empty values mean "use the default"."""
    raw = dict(raw or {})
    known = {p.name for p in recipe.params}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(raw) - known)
    if unknown:
        errors["__all__"] = [
            f"{recipe.title} has no parameter {', '.join(unknown)}; "
            f"it takes {', '.join(p.name for p in recipe.params)}."
        ]
    params: dict[str, int | float] = {}
    for param in recipe.params:
        value = raw.get(param.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            params[param.name] = param.default
            continue
        try:
            params[param.name] = check_param(param, value)
        except ValidationError as exc:
            errors[param.name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return params


# --- Training that adapts to the data it is given --------------------------------------------

# Fewer training examples than this cannot be split into batches that teach anything.
MIN_TRAIN_ROWS = 10
# Fewer validation examples than this make the score (and every baseline's) a coin toss.
MIN_VALID_ROWS = 2
# The batch size is capped so an epoch makes at least this many optimiser steps when the data
# allows (fastai drops the last partial batch of an epoch: a batch larger than the training set
# makes zero steps and leaves the weights as they started). A tenth of the rows (ten steps)
# left a two-epoch Titanic run on a 30% sample at the majority class; 32 steps beat every
# simple baseline (measured, see tests/projects/test_recipe_sizes.py).
MIN_STEPS_PER_EPOCH = 32
MIN_BATCH_SIZE = 2


class DataTooSmall(ValidationError):
    """The data (after sampling and the validation split) is too small to learn from. A
    ValidationError, so the form and the API show it next to the sample share."""


@dataclass(frozen=True)
class TrainingPlan:
    """How a run trains on the rows it actually has: the batch size after the cap and the
    optimiser steps that gives per epoch."""

    requested_batch_size: int
    batch_size: int
    train_rows: int
    valid_rows: int

    @property
    def steps_per_epoch(self) -> int:
        return self.train_rows // self.batch_size  # fastai drops the last partial batch

    def describe(self) -> str:
        text = (
            f"{self.train_rows:,} training examples in batches of {self.batch_size}: "
            f"{self.steps_per_epoch:,} optimiser steps an epoch"
        )
        if self.batch_size < self.requested_batch_size:
            text += (
                f" (batch size lowered from {self.requested_batch_size} so an epoch has "
                "enough steps to learn from)"
            )
        return text


def split_sizes(rows: int, valid_share: float) -> tuple[int, int]:
    """(train, valid) row counts of the seeded split of `rows` (the same rounding as
    _fastai.seeded_split)."""
    if rows < 2:
        return max(0, rows), 0
    n_valid = min(rows - 1, max(1, round(rows * valid_share)))
    return rows - n_valid, n_valid


def too_small_message(train_rows: int, valid_rows: int, *, total: int = 0, share: float = 1.0):
    """The learner's message when the data cannot train a model, or None when it can."""
    if train_rows >= MIN_TRAIN_ROWS and valid_rows >= MIN_VALID_ROWS:
        return None
    have = f"{train_rows + valid_rows:,} examples"
    if total and share < 1:
        have = f"{have} ({share * 100:.3g}% of {total:,})"
    need = MIN_TRAIN_ROWS + MIN_VALID_ROWS
    advice = "Use a larger sample share." if share < 1 else "Add more examples to the data set."
    return (
        f"That is too little data to learn from: {have} leave {train_rows:,} to train on and "
        f"{valid_rows:,} to score the model. A run needs at least {MIN_TRAIN_ROWS} to train on "
        f"and {MIN_VALID_ROWS} to validate (about {need} in all). {advice}"
    )


def expected_rows(total: int, share: float) -> int:
    """Roughly how many examples a sample share keeps (the recipes keep every class, so they
    may keep a few more)."""
    return total if share >= 1 else math.ceil(total * share)


def check_data_size(params: Mapping[str, Any], total: int) -> None:
    """Before a run is queued: refuse a sample too small to learn from (total 0: unknown)."""
    if not total:
        return
    share = float(params.get("sample", 1.0))
    train_rows, valid_rows = split_sizes(expected_rows(total, share), params["valid_share"])
    message = too_small_message(train_rows, valid_rows, total=total, share=share)
    if message:
        raise DataTooSmall({"sample" if share < 1 else "dataset": message})


def plan_training(params: Mapping[str, Any], train_rows: int, valid_rows: int) -> TrainingPlan:
    """In the worker, once the rows are known: the batch size capped so an epoch makes
    MIN_STEPS_PER_EPOCH optimiser steps (but at least 2 examples a batch, so at least 5 steps
    from the MIN_TRAIN_ROWS on); DataTooSmall when the data cannot train at all."""
    message = too_small_message(train_rows, valid_rows)
    if message:
        raise DataTooSmall(message)
    requested = int(params["batch_size"])
    cap = max(MIN_BATCH_SIZE, train_rows // MIN_STEPS_PER_EPOCH)
    return TrainingPlan(
        requested_batch_size=requested,
        batch_size=max(MIN_BATCH_SIZE, min(requested, cap)),
        train_rows=train_rows,
        valid_rows=valid_rows,
    )


@dataclass
class RecipeRegistry:
    recipes: dict[str, Recipe] = field(default_factory=dict)

    def get(self, slug: str) -> Recipe:
        try:
            return self.recipes[slug]
        except KeyError:
            names = ", ".join(sorted(self.recipes))
            raise ValidationError(
                {"recipe": f"There is no project called “{slug}”. Pick one of: {names}."}
            ) from None

    def all(self) -> list[Recipe]:
        return sorted(self.recipes.values(), key=lambda r: (r.lesson, r.title))
