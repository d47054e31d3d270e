"""Baselines every classifier recipe shares. Pure Python (no numpy), so tests check them
against a hand count and the web process may import them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def majority_baseline(train_labels: Sequence, valid_labels: Sequence) -> tuple[str, float]:
    """(what it answers, accuracy on the validation labels) of always answering the most common
    class of the training labels.

    When several classes tie for most common (a balanced sample keeps the same count of every
    class), the baseline picks one of them at random: its score is their average accuracy,
    not the accuracy of whichever one sorts first (which can be 0 when that class happens to
    be missing from a small validation split)."""
    if not train_labels or not valid_labels:
        raise ValueError("the majority baseline needs training and validation labels")
    counts = Counter(train_labels)
    top = max(counts.values())
    tied = sorted((label for label, count in counts.items() if count == top), key=str)
    valid = Counter(valid_labels)
    score = sum(valid[label] for label in tied) / (len(tied) * len(valid_labels))
    answer = f"“{tied[0]}”" if len(tied) == 1 else f"one of the {len(tied)} tied classes"
    return answer, score
