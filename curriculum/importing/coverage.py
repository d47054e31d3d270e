"""What the Markdown reader made of each line, and the outline it builds at the end.

The reader hands over the stages and items it read, each with the source lines it came from,
and tells Coverage about every line it set aside and why. At the end, every non-blank line
that no kept stage, item, checklist step or note holds goes into the outline's `left_out`
with its line number and reason, so nothing is ever dropped without a word."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from curriculum.importing.blocks import Document
from curriculum.importing.inline import Inline, check_url, clip, guess_kind, is_back_to_top
from curriculum.importing.meta import about_repository, says_group, says_project
from curriculum.importing.outline import (
    ITEM_TITLE_MAX,
    ROADMAP_DESCRIPTION_MAX,
    STAGE_DESCRIPTION_MAX,
    LeftOut,
    Outline,
    OutlineItem,
    OutlineStage,
    UnusableFile,
    Warnings,
    check_limits,
)

LEFT_OUT_TEXT_MAX = 300
INTRODUCTION = "Introduction"
_CONTENTS = re.compile(
    r"^(contents|table of contents|toc|index|overview of contents|índice|contenido|"
    r"inhalt|inhaltsverzeichnis|sommaire|table des matières|目录|目次|содержание)$",
    re.IGNORECASE,
)
GROUP_MAX_ITEMS = 2


@dataclass
class ReadItem:
    source: str
    item: OutlineItem
    numbers: list[int]


@dataclass
class ReadStage:
    title: str
    status: str | None = None
    kind: str = "learn"
    planned_weeks: int | None = None
    declared: bool = False
    description: list[str] = field(default_factory=list)
    desc_numbers: list[int] = field(default_factory=list)
    items: list[ReadItem] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # the lines of its title
    level: int = 0  # its heading's level; 0 when it is no heading
    parent: ReadStage | None = None
    # Links in its prose, with how many items came before them: each goes to the item after
    # the paragraph (else the last one), unless an item already has it.
    loose_links: list[tuple[str, str, int]] = field(default_factory=list)

    def project_from_prose(self) -> None:
        """A "Project" heading over a line or two of prose ("Complete Kaggle's Getting Started
        competitions") is that project, not an empty stage."""
        if self.items or not self.description or len(self.description) > 2:
            return
        if not says_project(self.title) or self.loose_links:
            return
        text = " ".join(self.description[0].split())
        item = OutlineItem(title=clip(text, ITEM_TITLE_MAX), kind="project")
        if len(self.description) > 1:
            item.note = self.description[1]
        self.items.append(ReadItem("prose", item, list(self.desc_numbers)))
        self.description = []

    def attach_loose_links(self) -> None:
        if not self.items:
            # Prose with links under a heading with no list: its links are the items.
            for text, url, _ in self.loose_links:
                if about_repository(text):
                    continue
                if all(url != r.item.url for r in self.items):
                    item = OutlineItem(title=text, url=url, kind=guess_kind(text, url))
                    self.items.append(ReadItem("prose", item, list(self.desc_numbers)))
            self.loose_links.clear()
            return
        for text, url, position in self.loose_links:
            if any(url == r.item.url or f"]({url})" in r.item.note for r in self.items):
                continue
            item = self.items[min(position, len(self.items) - 1)].item
            item.note = "\n".join(filter(None, [item.note, f"Also: [{text}]({url})"]))
        self.loose_links.clear()


def noise_reason(inline: Inline, raw: str) -> str:
    """Why a list entry is decoration, not a resource ("" when it is one)."""
    if not inline.text:
        return "image" if "![" in raw or "<img" in raw else "empty entry"
    if inline.links and is_back_to_top(inline.text):
        return "back-to-top link"
    if inline.links and all(link.url.strip().startswith("#") for link in inline.links):
        rest = inline.text
        for link in inline.links:
            rest = rest.replace(link.text, "", 1)
        return "table of contents" if len(rest.split()) <= 3 else "prose with in-page links only"
    return ""


def merge_groups(stages: list[ReadStage]) -> list[ReadStage]:
    """A sub-heading naming a group ("Project", "Exercises") with one or two items, under a
    stage with items of its own, is part of that stage, not a stage: its items join the
    parent, as projects when its title says so."""
    own = {id(stage): len(stage.items) for stage in stages}
    parents = {id(stage.parent) for stage in stages if stage.parent is not None}
    kept = list(stages)
    for stage in reversed(stages):
        parent = stage.parent
        if (
            parent is None
            or parent not in kept
            or not own[id(parent)]
            or id(stage) in parents
            or not 0 < len(stage.items) <= GROUP_MAX_ITEMS
            or stage.planned_weeks is not None
            or stage.status is not None
            or not says_group(stage.title)
        ):
            continue
        project = says_project(stage.title)
        for read in stage.items:
            if project:
                read.item.kind = "project"
            else:
                lines = [f"Part of “{stage.title}”.", read.item.note]
                read.item.note = "\n".join(filter(None, lines))
        parent.items.extend(stage.items)
        parent.numbers.extend(stage.numbers)
        parent.description.extend(stage.description)
        parent.desc_numbers.extend(stage.desc_numbers)
        kept.remove(stage)
    return kept


class Coverage:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.used: set[int] = set()
        self.reasons: dict[int, str] = {}
        self.in_preamble = True
        self.description: list[str] = []
        self.preamble_links: list[tuple[str, str]] = []

    def use(self, numbers) -> None:
        self.used.update(numbers)

    def leave(self, numbers, reason: str) -> None:
        for number in numbers:
            self.reasons.setdefault(number, reason)

    def describe_roadmap(self, text: str, numbers: list[int], links: list) -> None:
        if self.in_preamble:
            self.description.append(text)
            self.use(numbers)
            self.preamble_links.extend(links)
        else:
            self.leave(numbers, "prose paragraph")

    def _introduction(self, stages: list[ReadStage]) -> None:
        """Links in the text before the first stage become a first stage of their own."""
        known = {r.item.url for stage in stages for r in stage.items}
        notes = " ".join(r.item.note for stage in stages for r in stage.items)
        links = [
            (text, url)
            for text, url in self.preamble_links
            if url not in known and f"]({url})" not in notes
        ]
        if not links:
            return
        stage = ReadStage(title=INTRODUCTION)
        stage.loose_links = [(text, url, 0) for text, url in links]
        stages.insert(0, stage)

    def finish(self, args: dict, warnings: Warnings) -> Outline:
        stages: list[OutlineStage] = []
        urls: set[str] = set()
        self._introduction(args["stages"])
        for stage in args["stages"]:
            stage.attach_loose_links()
            stage.project_from_prose()
        for stage in merge_groups(args["stages"]):
            kept = []
            for read in stage.items:
                item = read.item
                if item.status == "not_started" and stage.status == "done":
                    item.status = "done"
                kept.append(item)
                self.use(read.numbers)
                urls.add(item.url)
                urls.update(part.split("](", 1)[-1].rstrip(")") for part in item.note.split("\n"))
            if not kept and not stage.declared:
                contents = _CONTENTS.match(stage.title.strip(" :"))
                self.leave(
                    stage.numbers,
                    "table of contents" if contents else "heading with no items under it",
                )
                self.leave(stage.desc_numbers, "prose under a heading with no items")
                continue
            self.use(stage.numbers)
            self.use(stage.desc_numbers)
            if len("\n\n".join(stage.description)) > STAGE_DESCRIPTION_MAX:
                warnings.add(
                    f"The notes of stage “{clip(stage.title, 60)}” were cut to "
                    f"{STAGE_DESCRIPTION_MAX:,} characters."
                )
            stages.append(
                OutlineStage(
                    title=stage.title,
                    items=kept,
                    kind=stage.kind,
                    planned_weeks=stage.planned_weeks,
                    description=clip("\n\n".join(stage.description), STAGE_DESCRIPTION_MAX),
                    declared=stage.declared,
                )
            )
        if not stages:
            raise UnusableFile(
                "We found no stages or items in this file. Exhale reads headings as stages and "
                "bullets, checkboxes, table rows or links as items."
            )
        for label, number in self.doc.ref_lines.items():
            url = check_url(self.doc.refs[label], args["base_url"]).url
            if url and url in urls:
                self.use([number])
            else:
                self.leave([number], "link definition no item uses")
        self.leave(self.doc.skipped, "")
        for number, reason in self.doc.skipped.items():
            self.reasons[number] = self.reasons.get(number) or reason
        if len("\n\n".join(self.description)) > ROADMAP_DESCRIPTION_MAX:
            warnings.add(
                f"The roadmap's description was cut to {ROADMAP_DESCRIPTION_MAX:,} characters."
            )
        outline = Outline(
            title=args["title"],
            stages=stages,
            description=clip("\n\n".join(self.description), ROADMAP_DESCRIPTION_MAX),
            warnings=warnings.as_list(),
        )
        lines = self.doc.lines
        for number, line in enumerate(lines):
            if not line.strip():
                continue
            if number in self.used:
                outline.lines_read.add(number + 1)
            else:
                reason = self.reasons.get(number) or "not understood"
                text = clip(line.strip(), LEFT_OUT_TEXT_MAX)
                outline.left_out.append(LeftOut(line=number + 1, text=text, reason=reason))
        check_limits(outline)
        return outline
