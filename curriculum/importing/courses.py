"""The course-per-heading shape: a heading per course, a line describing it, a plain list of
its lectures (maybe ending in "- ..."), then a line of links ("🔗 [Link to Course](…)
🔗 [Link to Materials](…)"); the categories above the courses are bold paragraphs (or
entries) in a table of contents of #anchor links. A course becomes one item with its link,
its lectures its checklist, and each category a stage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from curriculum.importing.blocks import Block, Entry, ListBlock, Paragraph, Quote, Table
from curriculum.importing.inline import Inline, collapse, parse_inline
from curriculum.importing.meta import is_bold_only

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
