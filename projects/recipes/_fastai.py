"""Worker-only helpers the recipes share: seeding, the split, the progress callback, plots.

Imported only from inside a recipe's train()/predict(), never by the web process: this module
imports torch, fastai and matplotlib at the top.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # workers have no display

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from fastai.callback.core import Callback  # noqa: E402

from projects.recipes._contract import RunContext, RunStopped  # noqa: E402, F401


def seed_everything(seed: int) -> None:
    """Same seed, same split, same initial weights, same batches."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False


# Below this many rows in some class, a random validation split can miss a class entirely.
STRATIFY_BELOW = 30


def seeded_split(
    n: int, valid_share: float, seed: int, labels: Sequence | None = None
) -> tuple[list[int], list[int]]:
    """Fixed train/validation indices for n rows: the baselines and every model are scored on
    the same validation rows.

    With `labels` (classifiers) and a class smaller than STRATIFY_BELOW, the split is
    stratified: each class gives the same share of its rows to validation, so a small
    sample's validation rows have the classes of its training rows (a random split of 4 images
    a class left the most common training class out of validation, and the majority baseline
    at 0). Larger classes keep the plain seeded split, whose validation rows the published
    figures (and bench/scripts) were measured on."""
    counts: dict[str, int] = {}
    for label in labels or ():
        counts[str(label)] = counts.get(str(label), 0) + 1
    if labels is None or min(counts.values(), default=0) >= STRATIFY_BELOW:
        order = np.random.default_rng(seed).permutation(n)
        n_valid = min(n - 1, max(1, round(n * valid_share)))
        return sorted(order[n_valid:].tolist()), sorted(order[:n_valid].tolist())
    rng = np.random.default_rng(seed)
    by_class: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        by_class.setdefault(str(label), []).append(index)
    train, valid = [], []
    for label in sorted(by_class):
        members = rng.permutation(by_class[label]).tolist()
        take = min(len(members) - 1, max(1, round(len(members) * valid_share)))
        valid.extend(members[:take])
        train.extend(members[take:])
    return sorted(train), sorted(valid)


def stratified_sample(labels: Sequence[str], share: float, seed: int, floor: int = 4) -> list[int]:
    """Indices of a seeded sample keeping every class (at least `floor` rows of each, when
    there are that many), so a 5% quick run still sees every class."""
    if share >= 1:
        return list(range(len(labels)))
    rng = np.random.default_rng(seed)
    by_class: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        by_class.setdefault(label, []).append(index)
    chosen: list[int] = []
    for members in by_class.values():
        take = min(len(members), max(floor, math.ceil(len(members) * share)))
        chosen.extend(rng.choice(members, size=take, replace=False).tolist())
    return sorted(chosen)


class ExhaleReporter(Callback):
    """Reports every epoch to the run context, beats the heart during long epochs, and stops
    the fit between batches when the run was cancelled or ran out of time."""

    order = 60  # after fastai's Recorder has computed the epoch's metrics
    run_valid = True

    def __init__(self, ctx: RunContext, heartbeat_seconds: float = 5.0):
        self.ctx = ctx
        self.heartbeat_seconds = heartbeat_seconds
        self.history: list[dict] = []
        self._last_beat = 0.0
        self._steps = 0

    @property
    def steps(self) -> list[int]:
        """Optimiser steps each finished epoch made."""
        return [row["steps"] for row in self.history]

    def _check(self) -> None:
        now = time.monotonic()
        if now - self._last_beat >= self.heartbeat_seconds:
            self._last_beat = now
            self.ctx.heartbeat()
        reason = self.ctx.should_stop()
        if reason:
            raise RunStopped(reason)

    def before_fit(self):
        self._check()

    def before_epoch(self):
        self._steps = 0

    def after_batch(self):
        if self.training:
            self._steps += 1
        self._check()

    def after_epoch(self):
        # Recorder (order 50) has just stored [train_loss, valid_loss, *metrics] for this epoch.
        values = list(self.learn.final_record)
        names = list(self.recorder.metric_names[1:])
        train_loss = _number(values[0]) if values else None
        valid_loss = _number(values[1]) if len(values) > 1 else None
        metric = _number(values[2]) if len(values) > 2 and names[2] != "time" else None
        epoch = self.epoch + 1
        self.history.append(
            {
                "epoch": epoch,
                "train_loss": train_loss,
                "valid_loss": valid_loss,
                "metric": metric,
                "steps": self._steps,
            }
        )
        if not self._steps:  # plan_training() makes this impossible; never report a non-run
            raise RuntimeError(f"epoch {epoch} made no optimiser step")
        self.ctx.report(epoch, train_loss, valid_loss, metric)
        reason = self.ctx.should_stop()
        if reason:
            raise RunStopped(reason)


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


class LastValidationPass(Callback):
    """Keeps what the fit's own last validation pass predicted: the targets, the decoded
    predictions and each item's loss. After fit_one_cycle the model is the one that pass
    scored, so these are the final scores, and nothing predicts the validation set again."""

    order = 70
    run_train = False

    def __init__(self):
        self.targs, self.decoded, self.losses = [], [], []

    def before_validate(self):
        self.targs, self.decoded, self.losses = [], [], []

    def after_batch(self):
        if self.epoch != self.n_epoch - 1:
            return
        learn = self.learn
        with learn.loss_not_reduced():
            losses = learn.loss_func(learn.pred, *learn.yb)
        activation = getattr(learn.loss_func, "activation", lambda x: x)
        decodes = getattr(learn.loss_func, "decodes", lambda x: x)
        self.targs.append(learn.to_detach(learn.yb[0]).flatten())
        self.decoded.append(learn.to_detach(decodes(activation(learn.pred))).flatten())
        self.losses.append(learn.to_detach(losses).flatten())


class FinalScores:
    """A classifier's validation scores after training: the loss and accuracy
    learn.validate() reports, fastai's interpretation (for the top losses) and the confusion
    matrix."""

    def __init__(self, learn, dl, targs, decoded, losses):
        from fastai.interpret import ClassificationInterpretation

        self.loss = float(losses.float().mean())
        self.accuracy = float((decoded == targs).float().mean())
        # fastai's interpretation reads the losses it is given (top losses look the few
        # inputs up again) instead of predicting the whole validation set once more.
        self.interp = ClassificationInterpretation(learn, dl, losses)
        classes = len(self.interp.vocab)
        self.confusion = np.zeros((classes, classes), dtype=np.int64)  # rows: actual
        np.add.at(self.confusion, (targs.numpy(), decoded.numpy()), 1)


def score_classifier(learn, last_pass: LastValidationPass) -> FinalScores:
    """The final scores from the fit's last validation pass. validate(),
    ClassificationInterpretation.from_learner() and its confusion_matrix() would each predict
    the set again: three passes more, where a plain script's validate() makes one."""
    if not last_pass.losses:
        raise RuntimeError("the fit made no validation pass in its last epoch")
    return FinalScores(
        learn,
        learn.dls.valid,
        torch.cat(last_pass.targs),
        torch.cat(last_pass.decoded),
        torch.cat(last_pass.losses),
    )


def fit_figures(plan, reporter: ExhaleReporter) -> dict:
    """What the run's metrics say about how it trained: the batch size it really used and the
    fewest optimiser steps any epoch made."""
    return {
        "batch_size": plan.batch_size,
        "steps_per_epoch": min(reporter.steps) if reporter.steps else 0,
    }


def plot_training_curve(history: list[dict], metric_label: str, path: Path) -> None:
    """Loss and metric per epoch: lines from three epochs on, grouped bars for one or two (two
    dots joined by a line suggest a trend they cannot show)."""
    if len(history) < 3:
        _plot_few_epochs(history, metric_label, path)
        return
    epochs = [row["epoch"] for row in history]
    fig, loss_axis = plt.subplots(figsize=(6, 3.6), dpi=100)
    loss_axis.plot(epochs, [row["train_loss"] for row in history], "o-", label="train loss")
    loss_axis.plot(epochs, [row["valid_loss"] for row in history], "o-", label="valid loss")
    loss_axis.set_xlabel("epoch")
    loss_axis.set_ylabel("loss")
    metric_axis = loss_axis.twinx()
    metric_axis.plot(
        epochs, [row["metric"] for row in history], "s--", color="tab:green", label=metric_label
    )
    metric_axis.set_ylabel(metric_label)
    lines = loss_axis.get_legend_handles_labels()
    more = metric_axis.get_legend_handles_labels()
    loss_axis.legend(lines[0] + more[0], lines[1] + more[1], loc="center right")
    loss_axis.set_title("Training curve")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _plot_few_epochs(history: list[dict], metric_label: str, path: Path) -> None:
    series = [("train loss", "train_loss"), ("valid loss", "valid_loss"), (metric_label, "metric")]
    fig, axis = plt.subplots(figsize=(6, 3.6), dpi=100)
    width = 0.8 / max(1, len(history))
    for offset, row in enumerate(history):
        values = [row[key] if row[key] is not None else 0.0 for _, key in series]
        spots = [i + offset * width for i in range(len(series))]
        bars = axis.bar(spots, values, width, label=f"epoch {row['epoch']}")
        axis.bar_label(bars, fmt="%.3f", fontsize=8)
    axis.set_xticks([i + width * (len(history) - 1) / 2 for i in range(len(series))])
    axis.set_xticklabels([name for name, _ in series])
    tallest = max((row[key] or 0.0) for row in history for _, key in series) or 1.0
    axis.set_ylim(0, tallest * 1.3)  # room for the legend above the bars' labels
    axis.legend(loc="upper left", ncol=len(history))
    axis.set_title("After each epoch")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_confusion_matrix(matrix: np.ndarray, classes: Sequence[str], path: Path) -> None:
    fig, axis = plt.subplots(figsize=(5.5, 5), dpi=100)
    axis.imshow(matrix, cmap="Blues")
    axis.set_xticks(range(len(classes)), classes, rotation=90)
    axis.set_yticks(range(len(classes)), classes)
    axis.set_xlabel("predicted")
    axis.set_ylabel("actual")
    peak = matrix.max() or 1
    for (row, col), count in np.ndenumerate(matrix):
        axis.text(
            col,
            row,
            str(count),
            ha="center",
            va="center",
            color="white" if count > peak / 2 else "black",
            fontsize=8,
        )
    axis.set_title("Confusion matrix (validation)")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_bars(names: Sequence[str], values: Sequence[float], title: str, path: Path) -> None:
    fig, axis = plt.subplots(figsize=(6, 0.4 * len(names) + 1.2), dpi=100)
    axis.barh(list(names)[::-1], list(values)[::-1], color="tab:blue")
    axis.set_title(title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def device_name(device: str) -> torch.device:
    return torch.device(device.split()[0])
