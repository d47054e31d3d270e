"""The plain shape every importer produces and every exporter reads: an outline of stages and
items, with the limits that keep a hostile file from becoming a huge roadmap."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Limits. A real curriculum is tens of kilobytes with a few hundred items (the biggest one we
# test on has 501); these leave room for ten times that and refuse anything beyond.
MAX_FILE_BYTES = 2_000_000
MAX_HEADINGS = 2_000
MAX_STAGES = 300
MAX_ITEMS = 3_000
MAX_WARNINGS = 40
MAX_JSON_NODES = 10_000

# The vocabulary and text limits are the models' own (curriculum/kinds.py).
from curriculum.kinds import CHECKLIST_MAX_STEPS as MAX_CHECKLIST  # noqa: E402, F401
from curriculum.kinds import (  # noqa: E402, F401
    ITEM_KINDS,
    ITEM_TITLE_MAX,
    MAX_HOURS,
    MAX_PLANNED_WEEKS,
    NOTE_MAX,
    ROADMAP_DESCRIPTION_MAX,
    ROADMAP_TITLE_MAX,
    STAGE_DESCRIPTION_MAX,
    STAGE_KINDS,
    STAGE_TITLE_MAX,
    STATUSES,
    URL_MAX,
)
from curriculum.kinds import STEP_MAX_CHARS as CHECKLIST_TEXT_MAX  # noqa: E402, F401


class UnusableFile(ValueError):
    """The file cannot become a roadmap; str(error) says why, in the learner's words."""


@dataclass
class ChecklistEntry:
    text: str
    done: bool = False


@dataclass
class OutlineItem:
    title: str
    url: str = ""
    kind: str = "article"
    estimated_hours: Decimal | None = None
    status: str = "not_started"
    note: str = ""
    checklist: list[ChecklistEntry] = field(default_factory=list)
    project_slug: str = ""


@dataclass
class OutlineStage:
    title: str
    items: list[OutlineItem] = field(default_factory=list)
    kind: str = "learn"
    planned_weeks: int | None = None
    description: str = ""
    # True when the file said outright that this is a stage (our own export does); such a
    # stage is kept even when it has no items yet.
    declared: bool = False


@dataclass
class LeftOut:
    """A non-blank source line that became no stage, item, checklist step or note."""

    line: int  # 1-based, as an editor shows it
    text: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass
class Outline:
    title: str
    stages: list[OutlineStage] = field(default_factory=list)
    description: str = ""
    warnings: list[str] = field(default_factory=list)
    # The fidelity report: every non-blank line of a Markdown source that was not imported.
    left_out: list[LeftOut] = field(default_factory=list)
    # 1-based numbers of the source lines that were imported (Markdown only).
    lines_read: set[int] = field(default_factory=set)

    @property
    def item_count(self) -> int:
        return sum(len(stage.items) for stage in self.stages)

    @property
    def link_count(self) -> int:
        return sum(1 for stage in self.stages for item in stage.items if item.url)


class Warnings:
    """Collects warnings for the learner, folding repeats of one kind into a count so a file
    with 500 relative links gives one line, not 500."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._counted: dict[str, list] = {}

    def add(self, message: str) -> None:
        if message not in self._lines:
            self._lines.append(message)

    def count(self, key: str, template: str, example: str) -> None:
        """template has {n} and {example}; one line per key however often it happens."""
        entry = self._counted.setdefault(key, [template, 0, example])
        entry[1] += 1

    def as_list(self) -> list[str]:
        lines = list(self._lines)
        for template, n, example in self._counted.values():
            lines.append(template.format(n=n, s="" if n == 1 else "s", example=example))
        if len(lines) > MAX_WARNINGS:
            extra = len(lines) - MAX_WARNINGS + 1
            lines = lines[: MAX_WARNINGS - 1] + [f"…and {extra} more warnings."]
        return lines


def check_limits(outline: Outline) -> None:
    if len(outline.stages) > MAX_STAGES:
        raise UnusableFile(
            f"This file has {len(outline.stages):,} stages; a roadmap holds at most "
            f"{MAX_STAGES:,}. Split it into several roadmaps."
        )
    if outline.item_count > MAX_ITEMS:
        raise UnusableFile(
            f"This file has {outline.item_count:,} items; a roadmap holds at most "
            f"{MAX_ITEMS:,}. Split it into several roadmaps."
        )
