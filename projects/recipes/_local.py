"""A RunContext for plain scripts (benchmarks, notebooks): no database, no queue, same recipe."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class LocalContext:
    data_dir: Path
    artifact_dir: Path
    params: dict[str, Any]
    device: str = "cpu"
    verbose: bool = False
    epochs: list[tuple] = field(default_factory=list)
    baselines: dict[str, float] = field(default_factory=dict)
    artifacts: list[dict] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def seed(self) -> int:
        return int(self.params["seed"])

    def report(self, epoch, train_loss, valid_loss, metric) -> None:
        self.epochs.append((epoch, train_loss, valid_loss, metric))
        self.log(f"epoch {epoch}: train {train_loss} valid {valid_loss} metric {metric}")

    def set_baselines(self, baselines: dict[str, float]) -> None:
        self.baselines.update(baselines)

    def add_artifact(self, filename: str, title: str, kind: str = "image") -> None:
        self.artifacts.append({"name": filename, "title": title, "kind": kind})

    def heartbeat(self) -> None:
        pass

    def should_stop(self) -> str | None:
        return None

    def log(self, message: str) -> None:
        if self.verbose:
            print(f"[{time.monotonic() - self.started:7.1f}s] {message}", flush=True)
