"""Markdown curriculum → Outline.

Real curricula are written in many shapes. Stages are headings (H1–H3, or deeper ones without
a link), bold paragraphs standing alone, list entries that hold other entries, or headings
inside list items. Items are list entries, GFM checkboxes, table rows, bare link paragraphs
and link headings. A document that lists its resources in tables (OSSU does) uses bullets for
prose, so then only table rows and checkboxes count as items, and the warnings say what was
left out. Noise is skipped: tables of contents, "back to top" links, images, raw HTML, code,
front matter and prose."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from curriculum.importing.blocks import (
    Entry,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    split_blocks,
)
from curriculum.importing.inline import (
    STATUS_GLYPHS_DEFAULT,
    Inline,
    Link,
    bare_urls,
    check_url,
    clip,
    collapse,
    decode_file,
    estimate_hours,
    guess_kind,
    is_back_to_top,
    parse_duration,
    parse_inline,
    read_legend,
    round_hours,
    status_from_word,
    strip_variation,
    take_glyph_status,
)
from curriculum.importing.outline import (
    CHECKLIST_TEXT_MAX,
    ITEM_KINDS,
    ITEM_TITLE_MAX,
    MAX_CHECKLIST,
    MAX_HEADINGS,
    MAX_ITEMS,
    MAX_PLANNED_WEEKS,
    NOTE_MAX,
    ROADMAP_DESCRIPTION_MAX,
    ROADMAP_TITLE_MAX,
    STAGE_DESCRIPTION_MAX,
    STAGE_TITLE_MAX,
    ChecklistEntry,
    Outline,
    OutlineItem,
    OutlineStage,
    UnusableFile,
    Warnings,
    check_limits,
)

PROSE_WORDS = 30
_CHECKBOX = re.compile(r"^\[([ xX~\-])\](?:[ \t]+|$)")
_SEPARATORS = (" — ", " – ", " - ")
_PROJECT_SLUG = re.compile(r"^project:([a-z0-9][a-z0-9-]{0,59})$")
_WEEKS_ONLY = re.compile(r"^(\d{1,3})\s*(?:weeks?|wks?)$", re.IGNORECASE)
_FILLER = re.compile(r"\b(est|estimated|approx|about|around|total)\b\.?", re.IGNORECASE)
_TITLE_WORDS = re.compile(
    r"^(#|no\.?|nr\.?|course|courses|lesson|lessons|title|name|resource|resources|topic|"
    r"topics|project|projects|book|books|module|modules|item|items|material|materials|what|"
    r"class|classes|subject|video|videos|paper|papers|tutorial|tutorials|chapter|lecture|"
    r"lectures|task|tasks|step|steps)$",
    re.IGNORECASE,
)
_DURATION_HEADERS = re.compile(
    r"^(duration|time|length|weeks|est\.?|estimate|estimated( time)?|hours|timeline|"
    r"time needed|how long|~?time)$",
    re.IGNORECASE,
)
_EFFORT_HEADERS = re.compile(
    r"^(effort|hours/week|hrs/week|workload|commitment|pace|weekly effort|per week)$",
    re.IGNORECASE,
)
_STATUS_HEADERS = re.compile(r"^(status|done|progress|state|✓|✔|complete|completed)$", re.I)
_KIND_HEADERS = re.compile(r"^(type|kind|format|category|medium)$", re.IGNORECASE)
_LINK_HEADERS = re.compile(r"^(link|links|url|where)$", re.IGNORECASE)
_SKIP_HEADERS = re.compile(r"^(#|no\.?|nr\.?|discussion|chat|community)$", re.IGNORECASE)


@dataclass
class _Stage:
    title: str
    status: str | None = None
    kind: str = "learn"
    planned_weeks: int | None = None
    declared: bool = False
    description: list[str] = field(default_factory=list)
    items: list[tuple[str, OutlineItem]] = field(default_factory=list)


@dataclass
class _Meta:
    status: str | None = None
    hours: Decimal | None = None
    weeks: int | None = None
    kind: str | None = None
    project_slug: str = ""
    found: bool = False


class _Reader:
    def __init__(self, text: str, base_url: str, default_title: str) -> None:
        self.base_url = base_url
        self.default_title = default_title
        self.warnings = Warnings()
        self.glyphs = dict(STATUS_GLYPHS_DEFAULT)
        self.stages: list[_Stage] = []
        self.current: _Stage | None = None
        self.title: str | None = None
        self.description: list[str] = []
        self.in_preamble = True
        self.item_total = 0
        self.doc = split_blocks(text)
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
        title_block = first_heading if len(h1) == 1 and first_heading is h1[0] else None
        for block in blocks:
            if block is title_block:
                self.title = clip(parse_inline(block.raw, self.doc.refs).text, ROADMAP_TITLE_MAX)
                continue
            if isinstance(block, Heading):
                self._heading(block)
            elif isinstance(block, Paragraph):
                self._paragraph(block)
            elif isinstance(block, Quote):
                self._quote(block)
            elif isinstance(block, Table):
                self._table(block)
            elif isinstance(block, ListBlock):
                self._walk(block.entries, self.current, top=True)
        return self._finish()

    def _new_stage(self, raw: str, *, switch: bool = True) -> _Stage | None:
        title, meta = self._stage_title(raw)
        if not title:
            return None
        stage = _Stage(
            title=clip(title, STAGE_TITLE_MAX),
            status=meta.status,
            kind=meta.kind if meta.kind in ("learn", "build") else _guess_stage_kind(title),
            planned_weeks=meta.weeks,
            declared=meta.kind in ("learn", "build"),
        )
        self.stages.append(stage)
        if switch:
            self.current = stage
            self.in_preamble = False
        return stage

    def _heading(self, block: Heading) -> None:
        if block.level >= 4:
            inline = parse_inline(block.raw, self.doc.refs)
            if any(self._usable(link.url) for link in inline.links):
                self._add(self.current, self._item_from_raw(block.raw, source="heading"))
                return
        self._new_stage(block.raw)

    def _paragraph(self, block: Paragraph) -> None:
        raw = block.raw.strip()
        if _is_bold_only(raw):
            inner = raw.strip("*_ :")
            if not parse_inline(inner, self.doc.refs).links:
                self._new_stage(inner)
                return
        inline = parse_inline(raw, self.doc.refs)
        if not inline.text:
            return  # images, badges, empty HTML: decoration
        if "legend" in raw.lower()[:40] and read_legend(raw):
            self._describe(raw)
            return
        if _is_link_paragraph(raw, inline):
            item = self._item_from_raw(raw.strip("*_ "), source="link")
            if item is not None:
                self._add(self.current, item)
                return
        self._describe("\n".join(line.rstrip() for line in block.lines).strip())

    def _quote(self, block: Quote) -> None:
        text = "\n".join(block.lines).strip()
        if self.current is None and self.in_preamble:
            self.description.append(text)
        elif self.current is not None and not self.current.items:
            self.current.description.append(text)

    def _describe(self, text: str) -> None:
        if not text:
            return
        if self.current is None:
            if self.in_preamble:
                self.description.append(text)
        elif not self.current.items:
            self.current.description.append(text)

    # --- tables ------------------------------------------------------------------------------

    def _table(self, table: Table) -> None:
        headers = [collapse(parse_inline(cell).text).strip(" :") for cell in table.header]
        width = len(headers)
        rows = [row + [""] * (width - len(row)) for row in table.rows]
        roles = _column_roles(headers, rows)
        title_col = roles.get("title")
        if title_col is None:
            return
        for row in rows:
            item = self._item_from_row(headers, row, roles)
            if item is not None:
                self._add(self.current, item)

    def _item_from_row(self, headers: list[str], row: list[str], roles: dict) -> _ItemSource:
        title_cell = row[roles["title"]]
        if not title_cell.strip() or set(title_cell.strip()) <= set("-–—: "):
            return None
        hint = headers[roles["title"]]
        item = self._item_from_raw(title_cell, source="table", kind_hint=hint)
        if item is None:
            return None
        _, built = item
        if "link" in roles and not built.url:
            for link in self._links_of(row[roles["link"]]):
                if link:
                    built.url = link
                    break
        notes = []
        duration = parse_duration(row[roles["duration"]]) if "duration" in roles else None
        effort = parse_duration(row[roles["effort"]]) if "effort" in roles else None
        if duration is not None or effort is not None:
            from curriculum.importing.inline import Duration

            hours = estimate_hours(duration or Duration(), effort)
            if hours is not None and built.estimated_hours is None:
                built.estimated_hours = hours
        if "status" in roles:
            cell = row[roles["status"]]
            status, _ = take_glyph_status(cell, self.glyphs, anywhere=True)
            status = status or status_from_word(cell)
            if status:
                built.status = status
        if "kind" in roles:
            kind_text = parse_inline(row[roles["kind"]]).text
            kind = guess_kind("", "", kind_text)
            if kind_text and kind != "article" or kind_text.lower() == "article":
                built.kind = kind
        for index, header in enumerate(headers):
            if index in roles.values() and index not in (
                roles.get("duration"), roles.get("effort")
            ):
                continue
            if _SKIP_HEADERS.match(header or "#"):
                continue
            cell = row[index].strip() if index < len(row) else ""
            if not cell or set(cell) <= set("-–— "):
                continue
            if index in (roles.get("duration"), roles.get("effort")):
                if duration is not None and duration.weeks is None and duration.hours is not None:
                    continue
            notes.append(f"{header or 'Notes'}: {cell}")
        if notes:
            built.note = "\n".join(filter(None, [built.note, *notes]))[:NOTE_MAX]
        return item

    # --- lists -------------------------------------------------------------------------------

    def _walk(self, entries: list[Entry], stage: _Stage | None, *, top: bool = False) -> None:
        current = stage
        for entry in entries:
            raw = entry.raw
            checkbox = _CHECKBOX.match(raw)
            if raw.startswith("#") and not checkbox:
                heading = raw.lstrip("#").strip()
                new = self._new_stage(heading, switch=False)
                if new is not None:
                    current = new
                    self._walk(entry.children, new)
                continue
            inline = parse_inline(raw[checkbox.end() :] if checkbox else raw, self.doc.refs)
            if _is_noise(inline):
                continue
            has_link = bool(inline.links) or bool(bare_urls(inline.text))
            if not checkbox and not has_link and entry.children and not entry.note_lines:
                new = self._new_stage(raw, switch=False)
                if new is not None:
                    self._walk(entry.children, new)
                continue
            if not checkbox and len(inline.text.split()) > PROSE_WORDS:
                self.warnings.count(
                    "prose", "{n} long bulleted paragraph{s} read as prose and left out "
                    "(e.g. “{example}”).", clip(inline.text, 60),
                )
                continue
            self._entry_item(entry, current)

    def _entry_item(self, entry: Entry, stage: _Stage | None) -> None:
        raw = entry.raw
        checkbox = _CHECKBOX.match(raw)
        source = "checkbox" if checkbox else "list"
        item = self._item_from_raw(raw, source=source)
        if item is None:
            return
        _, built = item
        if entry.note_lines:
            built.note = "\n".join(line.rstrip() for line in entry.note_lines).strip()[:NOTE_MAX]
        self._add(stage, item)
        self._children(entry.children, built, stage, source)

    def _children(self, children: list[Entry], parent: OutlineItem, stage, source) -> None:
        for child in children:
            raw = child.raw
            checkbox = _CHECKBOX.match(raw)
            body = raw[checkbox.end() :] if checkbox else raw
            inline = parse_inline(body, self.doc.refs)
            if _is_noise(inline):
                continue
            if any(self._usable(link.url) for link in inline.links):
                self._entry_item(child, stage)
                continue
            text = clip(inline.text, CHECKLIST_TEXT_MAX)
            if len(parent.checklist) < MAX_CHECKLIST and text:
                done = bool(checkbox) and checkbox.group(1) in "xX"
                parent.checklist.append(ChecklistEntry(text=text, done=done))
            self._children(child.children, parent, stage, source)

    # --- items -------------------------------------------------------------------------------

    def _item_from_raw(
        self, raw: str, *, source: str, kind_hint: str = ""
    ) -> tuple[str, OutlineItem] | None:
        status = None
        checkbox = _CHECKBOX.match(raw)
        if checkbox:
            mark = checkbox.group(1)
            status = {"x": "done", "X": "done", "~": "skipped", "-": "skipped"}.get(
                mark, "not_started"
            )
            raw = raw[checkbox.end() :]
        glyph_status, raw = take_glyph_status(raw, self.glyphs)
        if glyph_status and (status in (None, "not_started") or glyph_status == "done"):
            status = glyph_status
        raw, meta = _split_meta(raw, item=True)
        if not meta.found:
            raw, paren = _split_paren_duration(raw)
            if paren is not None:
                meta.hours = paren
        inline = parse_inline(raw, self.doc.refs)
        url, extra = self._choose_link(inline, raw)
        title = _title_of(inline)
        if not title and url:
            title = url
        if not title:
            return None
        if len(title) > ITEM_TITLE_MAX:
            self.warnings.count(
                "long-title", "{n} title{s} longer than 300 characters were shortened "
                "(e.g. “{example}”).", clip(title, 60),
            )
            title = clip(title, ITEM_TITLE_MAX)
        item = OutlineItem(
            title=title,
            url=url,
            kind=meta.kind or guess_kind(title, url, kind_hint),
            estimated_hours=meta.hours,
            status=status or meta.status or "not_started",
            project_slug=meta.project_slug,
        )
        if meta.project_slug and not meta.kind:
            item.kind = "project"
        if extra:
            item.note = "\n".join(f"Also: [{text}]({link})" for text, link in extra)
        return source, item

    def _choose_link(self, inline: Inline, raw: str) -> tuple[str, list[tuple[str, str]]]:
        links = list(inline.links)
        if not links:
            links = [Link(text=url, url=url) for url in bare_urls(inline.text)]
        chosen = ""
        extra: list[tuple[str, str]] = []
        for link in links:
            checked = check_url(link.url, self.base_url)
            if checked.problem == "unsafe":
                self.warnings.add(
                    f"Dropped an unsafe link ({_scheme_of(link.url)}) from "
                    f"“{clip(inline.text, 60)}”."
                )
                continue
            if checked.problem == "relative":
                self.warnings.count(
                    "relative", "{n} relative link{s} (like “{example}”) were left out: give "
                    "the address the file lives at to keep them.", clip(link.url, 60),
                )
                continue
            if checked.problem:
                continue
            if not chosen:
                chosen = checked.url
            elif len(extra) < 10 and link.text:
                extra.append((link.text.replace("]", ""), checked.url))
        return chosen, extra

    def _links_of(self, raw: str) -> list[str]:
        inline = parse_inline(raw, self.doc.refs)
        urls = [link.url for link in inline.links] or bare_urls(inline.text)
        return [check_url(url, self.base_url).url for url in urls]

    def _usable(self, url: str) -> bool:
        problem = check_url(url, self.base_url).problem
        return problem in ("", "relative")

    def _add(self, stage: _Stage | None, item: tuple[str, OutlineItem] | None) -> None:
        if item is None:
            return
        if stage is None:
            if self.current is None:
                self.current = _Stage(title=self.title or "General")
                self.stages.append(self.current)
                self.in_preamble = False
            stage = self.current
        stage.items.append(item)
        self.item_total += 1
        if self.item_total > MAX_ITEMS:
            raise UnusableFile(
                f"This file has more than {MAX_ITEMS:,} items; a roadmap holds at most "
                f"{MAX_ITEMS:,}. Split it into several roadmaps."
            )

    # --- stage titles ------------------------------------------------------------------------

    def _stage_title(self, raw: str) -> tuple[str, _Meta]:
        status, raw = take_glyph_status(raw, self.glyphs)
        raw, meta = _split_meta(raw, item=False)
        if not meta.found:
            raw, paren = _split_paren_duration(raw, weeks=True)
            if paren is not None:
                meta.weeks = int(paren) if 0 < paren <= MAX_PLANNED_WEEKS else None
        glyph2, raw = take_glyph_status(raw, self.glyphs)
        meta.status = status or glyph2 or meta.status
        inline = parse_inline(raw, self.doc.refs)
        return inline.text.strip(), meta

    # --- finishing ---------------------------------------------------------------------------

    def _finish(self) -> Outline:
        table_items = sum(1 for s in self.stages for src, _ in s.items if src == "table")
        loose = sum(1 for s in self.stages for src, _ in s.items if src in ("list", "link"))
        table_mode = table_items >= 3 and table_items >= loose
        stages: list[OutlineStage] = []
        for stage in self.stages:
            kept = []
            for source, item in stage.items:
                if table_mode and source in ("list", "link"):
                    self.warnings.count(
                        "table-mode", "This file lists its resources in tables, so {n} "
                        "bulleted line{s} outside tables were read as notes and left out "
                        "(e.g. “{example}”).", clip(item.title, 60),
                    )
                    continue
                if item.status == "not_started" and stage.status == "done":
                    item.status = "done"
                kept.append(item)
            if not kept and not stage.declared:
                continue
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
        outline = Outline(
            title=self.title or self.default_title,
            stages=stages,
            description=clip("\n\n".join(self.description), ROADMAP_DESCRIPTION_MAX),
            warnings=self.warnings.as_list(),
        )
        check_limits(outline)
        return outline


_ItemSource = tuple[str, OutlineItem] | None


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


def _is_bold_only(raw: str) -> bool:
    text = raw.strip().rstrip(":").strip()
    for marker in ("**", "__"):
        if (
            text.startswith(marker)
            and text.endswith(marker)
            and len(text) > 2 * len(marker)
            and marker not in text[len(marker) : -len(marker)]
        ):
            return True
    return False


def _is_link_paragraph(raw: str, inline: Inline) -> bool:
    """A paragraph that is one link, maybe with a few words: a resource, not prose."""
    links = inline.links or [Link(u, u) for u in bare_urls(inline.text)]
    if len(links) != 1 or len(inline.text.split()) > 20:
        return False
    return inline.text.startswith(links[0].text[:20]) and not links[0].url.startswith("#")


def _is_noise(inline: Inline) -> bool:
    if not inline.text:
        return True
    if inline.links and is_back_to_top(inline.text):
        return True
    if inline.links and all(link.url.strip().startswith("#") for link in inline.links):
        return True
    return False


def _title_of(inline: Inline) -> str:
    text = inline.text
    links = [link for link in inline.links if link.text]
    if links and text.startswith(links[0].text):
        rest = text[len(links[0].text) :]
        for link in links[1:]:
            rest = rest.replace(link.text, "", 1)
        if not any(ch.isalnum() for ch in rest):
            return links[0].text.strip()
    return text.strip()


def _scheme_of(url: str) -> str:
    cleaned = "".join(ch for ch in url if not ch.isspace())
    return cleaned.split(":", 1)[0].lower() + ":" if ":" in cleaned else "unknown"


def _guess_stage_kind(title: str) -> str:
    return "build" if re.search(r"\b(project|projects|capstone|build|ship)\b", title, re.I) else (
        "learn"
    )


def _split_meta(raw: str, *, item: bool) -> tuple[str, _Meta]:
    """Split a trailing " — kind · ~3 hours" (our export) or " — ✅ (~14 hours)" (a real
    curriculum's heading) from a title. Only a tail made wholly of such parts is taken."""
    meta = _Meta()
    positions = [(raw.rfind(sep), sep) for sep in _SEPARATORS]
    position, sep = max(positions)
    if position <= 0:
        return raw, meta
    tail = raw[position + len(sep) :]
    parsed = _read_meta(tail, item=item)
    if parsed is None:
        return raw, meta
    parsed.found = True
    return raw[:position].rstrip(), parsed


def _read_meta(tail: str, *, item: bool) -> _Meta | None:
    meta = _Meta()
    tail = strip_variation(tail)
    if not tail.strip():
        return None
    for part in re.split(r"\s*[·,]\s*", tail.strip()):
        part = part.strip()
        if not part:
            continue
        glyph, rest = take_glyph_status(part, STATUS_GLYPHS_DEFAULT)
        if glyph:
            meta.status = meta.status or glyph
            part = rest
            if not part:
                continue
        lower = part.lower()
        if item and lower in ITEM_KINDS:
            meta.kind = lower
            continue
        if item and lower == "milestone project":
            meta.kind = "project"
            continue
        if not item and lower in ("learn", "build"):
            meta.kind = lower
            continue
        slug = _PROJECT_SLUG.match(part)
        if item and slug:
            meta.project_slug = slug.group(1)
            continue
        if item and lower in ("not started", "in progress", "done", "skipped"):
            meta.status = lower.replace(" ", "_")
            continue
        inner = part.strip("()[] ")
        weeks = _WEEKS_ONLY.match(inner)
        if not item and weeks:
            value = int(weeks.group(1))
            meta.weeks = value if 0 < value <= MAX_PLANNED_WEEKS else None
            continue
        duration = parse_duration(inner)
        residue = re.sub(
            r"[~≈\d.,\-–\s]|minutes?|mins?|hours?|hrs?|h\b|weeks?|wks?|months?|days?|/|per",
            "", _FILLER.sub("", inner.lower()),
        )
        if duration.empty or residue:
            return None
        if item:
            meta.hours = estimate_hours(duration)
        elif duration.weeks is not None and duration.hours_per_week is None:
            value = int(duration.weeks)
            meta.weeks = value if 0 < value <= MAX_PLANNED_WEEKS else None
    return meta


_PAREN_TAIL = re.compile(r"\(([^()]{1,60})\)\s*$")


def _split_paren_duration(raw: str, weeks: bool = False) -> tuple[str, Decimal | None]:
    match = _PAREN_TAIL.search(raw)
    if not match:
        return raw, None
    inner = match.group(1)
    duration = parse_duration(inner)
    residue = re.sub(
        r"[~≈\d.,\-–\s]|minutes?|mins?|hours?|hrs?|h\b|weeks?|wks?|months?|days?|/|per",
        "", _FILLER.sub("", inner.lower()),
    )
    if duration.empty or residue:
        return raw, None
    if weeks:
        if duration.weeks is None or duration.hours_per_week is not None:
            return raw[: match.start()].rstrip(), None
        return raw[: match.start()].rstrip(), Decimal(int(duration.weeks))
    return raw[: match.start()].rstrip(), round_hours(estimate_hours(duration))


def _column_roles(headers: list[str], rows: list[list[str]]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = header.strip().lower()
        if not name:
            continue
        if "title" not in roles and _TITLE_WORDS.match(name) and name not in ("#", "no", "nr"):
            roles["title"] = index
        elif "duration" not in roles and _DURATION_HEADERS.match(name):
            roles["duration"] = index
        elif "effort" not in roles and _EFFORT_HEADERS.match(name):
            roles["effort"] = index
        elif "status" not in roles and _STATUS_HEADERS.match(name):
            roles["status"] = index
        elif "kind" not in roles and _KIND_HEADERS.match(name):
            roles["kind"] = index
        elif "link" not in roles and _LINK_HEADERS.match(name):
            roles["link"] = index
    if "title" not in roles:
        # No telling header: the column whose cells most often hold a link, else the first
        # column that is not a number.
        best, best_links = None, 0
        for index in range(len(headers)):
            links = sum(1 for row in rows if "](" in row[index] or "http" in row[index])
            if links > best_links and index not in roles.values():
                best, best_links = index, links
        if best is None:
            for index in range(len(headers)):
                if index in roles.values() or _SKIP_HEADERS.match(headers[index] or "#"):
                    continue
                values = [row[index].strip() for row in rows if row[index].strip()]
                if values and not all(v.replace(".", "").isdigit() for v in values):
                    best = index
                    break
        if best is not None:
            roles["title"] = best
    return roles
