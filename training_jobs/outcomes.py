"""How a run's result reads to a learner: the model against each baseline in one sentence, and
every figure with the precision and the unit it deserves. Pure functions over numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Metrics that are shares between 0 and 1: shown as percentages, differences as points.
SHARE_METRICS = frozenset({"accuracy", "balanced_accuracy", "f1", "precision", "recall", "auc"})

# The metrics recipes return besides their main one, as a learner names them. Counts are
# whole numbers; shares are percentages; the rest are measurements with four decimals.
FIGURE_LABELS = {
    "train_rows": "training examples",
    "valid_rows": "validation examples",
    "classes": "classes",
    "vocabulary": "vocabulary (tokens)",
    "users": "users",
    "movies": "movies",
    "batch_size": "batch size",
    "steps_per_epoch": "optimiser steps an epoch",
    "valid_loss": "validation loss",
    "survival_rate_train": "survival rate of the training passengers",
    "random_forest_accuracy": "random forest accuracy",
}
COUNT_FIGURES = frozenset(
    {"train_rows", "valid_rows", "classes", "vocabulary", "users", "movies", "batch_size",
     "steps_per_epoch"}
)  # fmt: skip
SHARE_FIGURES = frozenset({"survival_rate_train", "random_forest_accuracy"})


def is_share(metric_name: str) -> bool:
    return metric_name in SHARE_METRICS


def metric_title(metric_name: str) -> str:
    """'Accuracy', 'RMSE': short names are acronyms."""
    return metric_name.upper() if len(metric_name) <= 4 else metric_name.capitalize()


def format_metric(metric_name: str, value: float | None) -> str:
    """84.0% for an accuracy; 0.8734 for an RMSE or a loss; – when there is none."""
    if value is None:
        return "–"
    if is_share(metric_name):
        return f"{value * 100:.1f}%"
    return f"{value:.4f}"


def format_figure(name: str, value) -> str:
    """One extra figure of a run: counts as whole numbers with thousands separators, shares as
    percentages, anything else with four significant decimals."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if name in COUNT_FIGURES or (isinstance(value, int) and name not in SHARE_FIGURES):
        return f"{round(value):,}"
    if name in SHARE_FIGURES or is_share(name):
        return f"{value * 100:.1f}%"
    return f"{value:.4f}"


def readable_figures(metrics: Mapping, metric_name: str) -> list[tuple[str, str]]:
    """(label, text) for every metric but the main one, in a stable order: known figures first
    as the recipes list them, then anything else by name."""
    known = [k for k in FIGURE_LABELS if k in metrics and k != metric_name]
    other = sorted(k for k in metrics if k not in FIGURE_LABELS and k != metric_name)
    return [
        (FIGURE_LABELS.get(k, k.replace("_", " ")), format_figure(k, metrics[k]))
        for k in known + other
    ]


def margin_phrase(
    *, name: str, metric_name: str, value: float, baseline: float, higher_is_better: bool
) -> str:
    """'beats the majority class by 12.4 points', 'does not beat it yet: 3.1 points short',
    'ties with the movie mean'. Differences of a share metric are points (×100, one decimal),
    others keep the metric's unit with three decimals and the relative change."""
    ahead = (value - baseline) if higher_is_better else (baseline - value)
    if is_share(metric_name):
        amount = round(abs(ahead) * 100, 1)
        if amount == 0:
            return f"ties with the {name}"
        unit = "point" if amount == 1 else "points"
        if ahead > 0:
            return f"beats the {name} by {amount:.1f} {unit}"
        return f"does not beat the {name} yet: {amount:.1f} {unit} short"
    amount = round(abs(ahead), 3)
    if amount == 0:
        return f"ties with the {name}"
    relative = (
        f" ({abs(ahead) / abs(baseline):.1%} {'lower' if ahead > 0 else 'higher'} "
        f"{metric_name.upper()})"
        if baseline and not higher_is_better
        else ""
    )
    if ahead > 0:
        return f"beats the {name} by {amount:.3f}{relative}"
    return f"does not beat the {name} yet: {amount:.3f} short{relative}"


@dataclass(frozen=True)
class BaselineCard:
    name: str
    value: float
    text: str  # the baseline's own figure, formatted
    phrase: str | None  # how the model compares; None before the model has a score
    beaten: bool | None
    strong: bool  # a real model (the random forest), not a guess


def baseline_cards(
    *,
    baselines: Mapping[str, float],
    metric_name: str,
    value: float | None,
    higher_is_better: bool,
    strong: Sequence[str] = (),
) -> list[BaselineCard]:
    """One card per baseline: simple guesses first (by name), then the strong models."""
    cards = []
    for name, baseline in sorted(baselines.items(), key=lambda kv: (kv[0] in strong, kv[0])):
        baseline = float(baseline)
        if value is None:
            phrase, beaten = None, None
        else:
            phrase = margin_phrase(
                name=name,
                metric_name=metric_name,
                value=value,
                baseline=baseline,
                higher_is_better=higher_is_better,
            )
            beaten = phrase.startswith("beats")
        cards.append(
            BaselineCard(
                name=name,
                value=baseline,
                text=format_metric(metric_name, baseline),
                phrase=phrase,
                beaten=beaten,
                strong=name in strong,
            )
        )
    return cards
