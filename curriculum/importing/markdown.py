"""Markdown curriculum → Outline.

Real curricula are written in many shapes, often several in one file, so each heading's
section is read in the shape it has. Stages are headings (H1–H3, or deeper ones without a
link), bold paragraphs standing alone, list entries that hold other entries, headings inside
list items, or the categories of a table of contents over course-per-heading sections. Items
are list entries, GFM checkboxes, table rows (see tables.py), bare link paragraphs, link
headings and courses (see courses.py). A sub-heading with one or two items under a stage that
has items of its own is a group of that stage ("### Project"), not a stage.

Every non-blank line ends up in a stage, an item, a checklist step or a note, or in the
outline's `left_out` with its line number and the reason (see coverage.py)."""

from __future__ import annotations

import re

from curriculum.importing.blocks import (
    Block,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    split_blocks,
)
from curriculum.importing.courses import CourseReader, find_toc
from curriculum.importing.coverage import Coverage, ReadItem, ReadStage, noise_reason
from curriculum.importing.inline import (
    STATUS_GLYPHS_DEFAULT,
    Inline,
    check_url,
    clip,
    decode_file,
    parse_inline,
    read_legend,
    take_glyph_status,
)
from curriculum.importing.items import ItemMaker, is_link_paragraph
from curriculum.importing.lists import ListReader
from curriculum.importing.meta import (
    about_repository,
    guess_stage_kind,
    heading_weeks,
    is_bold_only,
    split_meta,
    split_paren_duration,
    weeks_or_none,
)
from curriculum.importing.outline import (
    MAX_HEADINGS,
    MAX_ITEMS,
    ROADMAP_TITLE_MAX,
    STAGE_TITLE_MAX,
    Outline,
    UnusableFile,
    Warnings,
)
from curriculum.importing.tables import column_roles, header_names, item_from_row

PROSE_WORDS = 30
_CHECKBOX = re.compile(r"^\[([ xX~\-])\](?:[ \t]+|$)")


class _Reader(ListReader, CourseReader):
    def __init__(self, text: str, base_url: str, default_title: str) -> None:
        self.base_url = base_url
        self.default_title = default_title
        self.warnings = Warnings()
        self.glyphs = dict(STATUS_GLYPHS_DEFAULT)
        self.stages: list[ReadStage] = []
        self.current: ReadStage | None = None
        self.headings: list[ReadStage] = []  # open heading stages, outermost first
        self.title: str | None = None
        self.item_total = 0
        self.doc = split_blocks(text)
        self.cov = Coverage(self.doc)
        if self.doc.heading_count > MAX_HEADINGS:
            raise UnusableFile(
                f"This file has {self.doc.heading_count:,} headings; Exhale reads at most "
                f"{MAX_HEADINGS:,}. A curriculum has a few dozen: check that this is the "
                "right file, or split it."
            )
        if self.doc.long_lines:
            self.warnings.add(
                f"{self.doc.long_lines} very long line(s) were cut to 10,000 characters."
            )
        self._read_legend()
        self.items = ItemMaker(self.doc.refs, base_url, self.glyphs, self.warnings)
        self.toc = find_toc(self.doc.blocks, self.doc.refs)
        self.category_stages: dict[int, ReadStage] = {}
        self.about_bold = False  # under a bold "License" paragraph, up to the next one

    def inline(self, raw: str) -> Inline:
        return parse_inline(raw, self.doc.refs)

    # --- top level ---------------------------------------------------------------------------

    def _read_legend(self) -> None:
        for block in self.doc.blocks:
            lines = []
            if isinstance(block, Paragraph):
                lines = [block.raw]
            elif isinstance(block, Quote):
                lines = [" ".join(block.lines)]
            for line in lines:
                if "legend" in line.lower():
                    for glyph, status in read_legend(line).items():
                        self.glyphs[glyph] = status

    def read(self) -> Outline:
        blocks = self.doc.blocks
        h1 = [b for b in blocks if isinstance(b, Heading) and b.level == 1]
        first_heading = next((b for b in blocks if isinstance(b, Heading)), None)
        title_block = _title_heading(blocks, h1, first_heading)
        about_level = 0
        for heading, body in _sections(blocks):
            if heading is not None and about_level and heading.level > about_level:
                self._about(heading, body)
                continue
            about_level = 0
            if heading is not None and about_repository(self.inline(heading.raw).text):
                about_level = heading.level
                self._about(heading, body)
                continue
            if heading is not None and heading is title_block:
                self.title = clip(self.inline(heading.raw).text, ROADMAP_TITLE_MAX)
                self.cov.use(heading.numbers)
            elif heading is not None and self._course(heading, body):
                continue
            elif heading is not None and self._link_heading(heading, body):
                pass
            elif heading is not None:
                self._heading(heading)
            self.about_bold = False
            for block in body:
                self._block(block)
        return self.cov.finish(self._outline_args(), self.warnings)

    def _about(self, heading: Heading, body: list[Block]) -> None:
        reason = "about the repository, not what to learn"
        self.cov.leave(heading.numbers, reason)
        for block in body:
            self.cov.leave(_numbers(block), reason)

    def _link_heading(self, heading: Heading, body: list[Block]) -> bool:
        """A heading that is a link, with nothing under it that could be items ("## Data
        preprocessing | [Day 1](…)" over a picture), is an item of the current stage."""
        inline = self.inline(heading.raw)
        if not any(self.items.usable(link.url) for link in inline.links):
            return False
        for block in body:
            if isinstance(block, (ListBlock, Table)):
                return False
            if isinstance(block, Paragraph) and is_link_paragraph(self.inline(block.raw)):
                return False
        item = self._item_from_raw(heading.raw, source="heading")
        self._add(self.current, item, heading.numbers)
        return True

    def _block(self, block: Block) -> None:
        if self.about_bold and not (isinstance(block, Paragraph) and is_bold_only(block.raw)):
            self.cov.leave(_numbers(block), "about the repository, not what to learn")
            return
        if id(block) in self.toc.block_ids:
            if isinstance(block, ListBlock):
                self.cov.leave(block.numbers, "table of contents")
            return  # a category title: its stage holds the line
        if isinstance(block, Paragraph):
            self._paragraph(block)
        elif isinstance(block, Quote):
            self._describe("\n".join(block.lines).strip(), block.numbers)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, ListBlock):
            if self._is_prose_list(block):
                text = "\n".join("- " + entry.raw for entry in block.entries)
                self._describe(text, block.numbers)
            else:
                self._walk(block.entries, self.current, top=True)

    def _outline_args(self) -> dict:
        return {
            "title": self.title or self.default_title,
            "stages": self.stages,
            "base_url": self.base_url,
        }

    # --- stages ------------------------------------------------------------------------------

    def _new_stage(
        self, raw: str, numbers: list[int], *, switch: bool = True, level: int = 0
    ) -> ReadStage | None:
        title, meta = self._stage_title(raw)
        if not title:
            self.cov.leave(numbers, "empty heading")
            return None
        parent = None
        if level:
            while self.headings and self.headings[-1].level >= level:
                self.headings.pop()
            parent = self.headings[-1] if self.headings else None
        stage = ReadStage(
            title=clip(title, STAGE_TITLE_MAX),
            status=meta.status,
            kind=meta.kind if meta.kind in ("learn", "build") else guess_stage_kind(title),
            planned_weeks=meta.weeks,
            declared=meta.kind in ("learn", "build"),
            numbers=list(numbers),
            level=level,
            parent=parent,
        )
        if level:
            self.headings.append(stage)
        self.stages.append(stage)
        if switch:
            self.current = stage
            self.cov.in_preamble = False
        return stage

    def _heading(self, block: Heading) -> None:
        if block.level >= 4:
            inline = self.inline(block.raw)
            if any(self._usable(link.url) for link in inline.links):
                item = self._item_from_raw(block.raw, source="heading")
                self._add(self.current, item, [block.line])
                return
        self._new_stage(block.raw, block.numbers, level=block.level)

    def _stage_title(self, raw: str):
        status, raw = take_glyph_status(raw, self.glyphs)
        raw, meta = split_meta(raw, item=False)
        if not meta.found:
            raw, paren = split_paren_duration(raw, weeks=True)
            if paren is not None:
                meta.weeks = weeks_or_none(paren)
        glyph2, raw = take_glyph_status(raw, self.glyphs)
        meta.status = status or glyph2 or meta.status
        raw, weeks = heading_weeks(raw)
        if meta.weeks is None:
            meta.weeks = weeks
        return self.inline(raw).text.strip(), meta

    def _paragraph(self, block: Paragraph) -> None:
        raw = block.raw.strip()
        if is_bold_only(raw):
            inner = raw.strip("*_ :")
            self.about_bold = about_repository(self.inline(inner).text)
            if self.about_bold:
                self.cov.leave(block.numbers, "about the repository, not what to learn")
                return
            if raw.rstrip("*_ ").endswith(":"):
                self._describe(raw, block.numbers)  # a label ("**Courses must**:"), not a stage
                return
            if not self.inline(inner).links:
                self._new_stage(inner, block.numbers)
                return
        inline = self.inline(raw)
        reason = noise_reason(inline, raw)
        if reason:
            self.cov.leave(block.numbers, reason)
            return
        if "legend" in raw.lower()[:40] and read_legend(raw):
            self._describe(raw, block.numbers)
            return
        if is_link_paragraph(inline):
            item = self._item_from_raw(raw.strip("*_ "), source="link")
            if item is not None:
                self._add(self.current, item, block.numbers)
                return
        self._describe("\n".join(line.rstrip() for line in block.lines).strip(), block.numbers)

    def _describe(self, text: str, numbers: list[int]) -> None:
        if not text:
            return
        links = [
            (link.text.replace("[", "").replace("]", "").strip(), checked.url)
            for link in self.inline(text).links
            if link.text and not (checked := check_url(link.url, self.base_url)).problem
        ]
        if self.current is None:
            self.cov.describe_roadmap(text, numbers, links)
        else:
            self.current.description.append(text)
            self.current.desc_numbers.extend(numbers)
            # Links in the prose go with the item next to it, so no link is only in a note.
            position = len(self.current.items)
            self.current.loose_links.extend((t, url, position) for t, url in links)

    # --- tables ------------------------------------------------------------------------------

    def _table(self, table: Table) -> None:
        headers = header_names(table.header)
        width = len(headers)
        rows = [row + [""] * (width - len(row)) for row in table.rows]
        roles = column_roles(headers, rows)
        if roles.get("title") is None:
            self.cov.leave(table.numbers, "table without a column of titles")
            return
        made = 0
        for row, number in zip(rows, table.row_numbers, strict=True):
            item = item_from_row(
                headers,
                row,
                roles,
                make_item=self._item_from_raw,
                links_of=self._links_of,
                glyphs=self.glyphs,
            )
            if item is None:
                self.cov.leave([number], "table row without a title")
                continue
            made += 1
            self._add(self.current, item, [number] + (table.head_numbers if made == 1 else []))
        if not made:
            self.cov.leave(table.head_numbers, "table header")

    def _item_from_raw(self, raw: str, *, source: str, kind_hint: str = ""):
        return self.items.make(raw, source=source, kind_hint=kind_hint)

    def _links_of(self, raw: str) -> list[str]:
        return self.items.links_of(raw)

    def _usable(self, url: str) -> bool:
        return self.items.usable(url)

    def _add(self, stage: ReadStage | None, item, numbers: list[int]) -> ReadItem | None:
        if item is None:
            self.cov.leave(numbers, "no title or usable link")
            return None
        if stage is None:
            if self.current is None:
                self.current = ReadStage(title=self.title or "General")
                self.stages.append(self.current)
                self.cov.in_preamble = False
            stage = self.current
        source, built = item
        if source in ("link", "list") and about_repository(built.title):
            self.cov.leave(numbers, "about the repository, not what to learn")
            return None
        read = ReadItem(source, built, list(numbers))
        stage.items.append(read)
        self.item_total += 1
        if self.item_total > MAX_ITEMS:
            raise UnusableFile(
                f"This file has more than {MAX_ITEMS:,} items; a roadmap holds at most "
                f"{MAX_ITEMS:,}. Split it into several roadmaps."
            )
        return read


def parse_markdown(
    data: str | bytes, *, base_url: str = "", default_title: str = "Imported roadmap"
) -> Outline:
    """Read a Markdown curriculum. base_url, when given, resolves relative links (the address
    the file lives at, e.g. its GitHub page). Raises UnusableFile for input that cannot be a
    roadmap."""
    text = decode_file(data)
    if not text.strip():
        raise UnusableFile("This file is empty.")
    return _Reader(text, base_url, default_title).read()


# --- helpers -----------------------------------------------------------------------------------


def _sections(blocks: list[Block]) -> list[tuple[Heading | None, list[Block]]]:
    """The blocks under each heading, up to the next heading of any level."""
    sections: list[tuple[Heading | None, list[Block]]] = [(None, [])]
    for block in blocks:
        if isinstance(block, Heading):
            sections.append((block, []))
        else:
            sections[-1][1].append(block)
    return sections


def _title_heading(blocks, h1, first_heading) -> Heading | None:
    """The roadmap's title: its only H1 when that comes first, or, without an H1, a first
    heading that is the only one of its level and comes before everything else."""
    if len(h1) == 1 and first_heading is h1[0]:
        return first_heading
    if h1 or first_heading is None or blocks[0] is not first_heading:
        return None
    same = [b for b in blocks if isinstance(b, Heading) and b.level <= first_heading.level]
    return first_heading if len(same) == 1 else None


def _numbers(block: Block) -> list[int]:
    return list(block.numbers)
