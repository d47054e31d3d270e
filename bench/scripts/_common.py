"""What every hand-written script shares: its command line and its seed (no Exhale code)."""

from __future__ import annotations

import argparse
import json
import random
import time

import numpy as np
import torch


def arguments(epochs: int, bs: int, lr: float | None, **more: int | float) -> argparse.Namespace:
    """The shared options, and `more` (a recipe's own parameters) as --name with that default
    and its type."""
    parser = argparse.ArgumentParser()
    for name, default in more.items():
        parser.add_argument(f"--{name}", type=type(default), default=default)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--bs", type=int, default=bs)
    parser.add_argument("--lr", type=float, default=lr)
    parser.add_argument("--data", default="", help="the data set file or folder")
    return parser.parse_args()


def seed(value: int) -> None:
    random.seed(value)
    np.random.seed(value % 2**32)
    torch.manual_seed(value)


def random_split(n: int, valid_share: float, seed_value: int) -> list[int]:
    """The validation rows: a seeded permutation's first fifth."""
    valid = np.random.default_rng(seed_value).permutation(n)[: round(n * valid_share)]
    return sorted(valid.tolist())


def report(metric: str, value: float, started: float) -> None:
    """One JSON line the benchmark reads: the metric, the seconds after the imports and the
    torch threads it trained with."""
    seconds = round(time.perf_counter() - started, 3)
    print(json.dumps({metric: value, "seconds": seconds, "threads": torch.get_num_threads()}))
