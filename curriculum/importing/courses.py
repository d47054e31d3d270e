"""The course-per-heading shape: a heading per course, a line describing it, a plain list of
its lectures (maybe ending in "- ..."), then a line of links ("🔗 [Link to Course](…)
🔗 [Link to Materials](…)"); the categories above the courses are bold paragraphs (or
entries) in a table of contents of #anchor links. A course becomes one item with its link,
its lectures its checklist, and each category a stage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from curriculum.importing.blocks import Block, Entry, Heading, ListBlock, Paragraph, Quote, Table
from curriculum.importing.coverage import ReadStage, noise_reason
from curriculum.importing.inline import Inline, check_url, clip, collapse, parse_inline
from curriculum.importing.meta import guess_stage_kind, is_bold_only
from curriculum.importing.outline import (
    CHECKLIST_TEXT_MAX,
    ITEM_TITLE_MAX,
    MAX_CHECKLIST,
    NOTE_MAX,
    STAGE_TITLE_MAX,
    ChecklistEntry,
    OutlineItem,
)

_CHECKBOX = re.compile(r"^\[([ xX~\-])\](?:[ \t]+|$)")
_PLACEHOLDER = re.compile(r"^(\.{2,}|…|etc\.?|and more\.?|\.\.\. ?and more)$", re.IGNORECASE)


def slug(text: str) -> str:
    """GitHub's anchor for a heading."""
    text = collapse(text).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(text.strip()))


def anchors_of(inline: Inline) -> list[str]:
    urls = [link.url.strip() for link in inline.links]
    return [url[1:].lower() for url in urls if url.startswith("#")]


@dataclass
class Category:
    title: str
    numbers: list[int]


@dataclass
class Toc:
    categories: list[Category] = field(default_factory=list)
    anchor_category: dict[str, int] = field(default_factory=dict)
    block_ids: set[int] = field(default_factory=set)


def _entries_are_anchors(entries: list[Entry], refs) -> bool:
    if not entries or any("#" not in entry.raw for entry in entries):
        return False  # cheap: an #anchor link needs a "#"
    for entry in entries:
        inline = parse_inline(entry.raw, refs)
        if not inline.links or any(not link.url.strip().startswith("#") for link in inline.links):
            return False
    return bool(entries)


def find_toc(blocks: list[Block], refs) -> Toc:
    """Categories of a table of contents: a bold paragraph followed by a list of #anchor
    links, or a list entry without a link whose children are #anchor links."""
    toc = Toc()
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and is_bold_only(block.raw):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            title = collapse(parse_inline(block.raw.strip().strip("*_ :"), refs).text)
            if (
                title
                and isinstance(following, ListBlock)
                and not parse_inline(block.raw, refs).links
                and _entries_are_anchors(following.entries, refs)
            ):
                toc.categories.append(Category(title, list(block.numbers)))
                position = len(toc.categories) - 1
                for entry in following.entries:
                    for anchor in anchors_of(parse_inline(entry.raw, refs)):
                        toc.anchor_category.setdefault(anchor, position)
                toc.block_ids.update({id(block), id(following)})
        elif isinstance(block, ListBlock):
            for entry in block.entries:
                if not entry.children or "#" not in entry.children[0].raw:
                    continue
                inline = parse_inline(entry.raw, refs)
                if inline.links and not anchors_of(inline):
                    continue
                if entry.children and _entries_are_anchors(entry.children, refs):
                    title = collapse(inline.text).strip("*_ :")
                    toc.categories.append(Category(title, list(entry.numbers)))
                    position = len(toc.categories) - 1
                    for child in entry.children:
                        for anchor in anchors_of(parse_inline(child.raw, refs)):
                            toc.anchor_category.setdefault(anchor, position)
                    toc.block_ids.add(id(block))
    return toc


def is_link_line(inline: Inline) -> bool:
    """A line of nothing but links (and emoji or separators between them)."""
    if not inline.links:
        return False
    rest = inline.text
    for link in inline.links:
        rest = rest.replace(link.text, "", 1)
    return not any(ch.isalnum() for ch in rest)


@dataclass
class CourseParts:
    description: list[Paragraph] = field(default_factory=list)
    link_lines: list[Paragraph] = field(default_factory=list)
    lectures: list[Entry] = field(default_factory=list)
    noise: list[Paragraph] = field(default_factory=list)  # back-to-top links and the like


def course_parts(body: list[Block], refs, usable) -> CourseParts | None:
    """The parts of a heading's section when it has the course shape, else None."""
    parts = CourseParts()
    for block in body:
        if isinstance(block, Table):
            return None
        if isinstance(block, Quote):
            continue
        if isinstance(block, Paragraph):
            inline = parse_inline(block.raw, refs)
            if not inline.text or (
                inline.links and all(link.url.strip().startswith("#") for link in inline.links)
            ):
                parts.noise.append(block)
            elif is_link_line(inline) and any(usable(link.url) for link in inline.links):
                parts.link_lines.append(block)
            elif is_bold_only(block.raw):
                return None
            else:
                parts.description.append(block)
            continue
        if isinstance(block, ListBlock):
            for entry in block.entries:
                raw = entry.raw
                if _CHECKBOX.match(raw) or raw.startswith("#"):
                    return None
                inline = parse_inline(raw, refs)
                if any(usable(link.url) for link in inline.links):
                    return None
                parts.lectures.append(entry)
    if not parts.link_lines or not parts.lectures:
        return None
    return parts


def collapse_lines(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines).strip()


class CourseReader:
    """The course-per-heading part of the Markdown reader (markdown._Reader)."""

    def _category_stage(self, index: int) -> ReadStage:
        stage = self.category_stages.get(index)
        if stage is None:
            category = self.toc.categories[index]
            stage = ReadStage(
                title=clip(category.title, STAGE_TITLE_MAX),
                kind=guess_stage_kind(category.title),
                numbers=list(category.numbers),
            )
            self.category_stages[index] = stage
            self.stages.append(stage)
        return stage

    # --- course-per-heading --------------------------------------------------------------------

    def _course(self, heading: Heading, body: list[Block]) -> bool:
        parts = course_parts(body, self.doc.refs, self._usable)
        if parts is None:
            return False
        title, meta = self._stage_title(heading.raw)
        if not title:
            return False
        category = self.toc.anchor_category.get(slug(self.inline(heading.raw).text))
        stage = self._category_stage(category) if category is not None else self.current
        numbers = list(heading.numbers)
        for block in parts.noise:
            self.cov.leave(block.numbers, noise_reason(self.inline(block.raw), block.raw))
        urls: list[tuple[str, str]] = []
        for line in parts.link_lines:
            numbers.extend(line.numbers)
            for link in self.inline(line.raw).links:
                checked = check_url(link.url, self.base_url)
                if not checked.problem:
                    urls.append((link.text.strip(), checked.url))
        item = OutlineItem(
            title=clip(title, ITEM_TITLE_MAX),
            url=urls[0][1] if urls else "",
            kind="course",
            status=meta.status or "not_started",
        )
        notes = [collapse_lines(p.lines) for p in parts.description]
        for block in parts.description:
            numbers.extend(block.numbers)
        notes += [f"Also: [{text}]({url})" for text, url in urls[1:]]
        more = []
        for entry in parts.lectures:
            text = clip(self.inline(entry.raw).text, CHECKLIST_TEXT_MAX)
            if is_placeholder(text) or not text:
                self.cov.leave(entry.numbers, "placeholder for more lectures")
                continue
            numbers.extend(entry.numbers)
            if len(item.checklist) < MAX_CHECKLIST:
                item.checklist.append(ChecklistEntry(text=text))
            else:
                more.append(f"- {text}")
            for child in entry.children:
                self.cov.leave(child.all_numbers(), "detail of a lecture")
        if more:
            notes.append("More lectures:\n" + "\n".join(more))
        item.note = "\n\n".join(filter(None, notes))[:NOTE_MAX]
        self._add(stage, ("course", item), numbers)
        return True

    # --- paragraphs --------------------------------------------------------------------------
