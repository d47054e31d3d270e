"""Splits Markdown into the blocks a curriculum is made of: headings, paragraphs, lists (as
trees of entries), tables and quotes. Code, raw HTML, front matter and rules are skipped.
One pass over the lines, no backtracking, so time grows with the file and nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from curriculum.importing.inline import _AUTOLINK

MAX_LINE_CHARS = 10_000

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HTML_START = re.compile(r"^ {0,3}<(?:[a-zA-Z][a-zA-Z0-9-]*|/[a-zA-Z]|!--|!|\?)")
_LIST = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r"^[ \t]*>[ ]?")
_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]{1,200})\]:[ \t]*<?(\S{1,2000}?)>?(?:[ \t]+.*)?$")


@dataclass
class Heading:
    level: int
    raw: str
    line: int = 0

    @property
    def numbers(self) -> list[int]:
        return [self.line]


@dataclass
class Paragraph:
    lines: list[str]
    numbers: list[int] = field(default_factory=list)

    @property
    def raw(self) -> str:
        return " ".join(line.strip() for line in self.lines)


@dataclass
class Quote:
    lines: list[str]
    numbers: list[int] = field(default_factory=list)


MAX_LIST_DEPTH = 16


@dataclass
class Entry:
    raw: str
    indent: int
    ordered: bool = False
    children: list[Entry] = field(default_factory=list)
    note_lines: list[str] = field(default_factory=list)
    # Line numbers (0-based) of the entry's own text and notes, not its children's.
    numbers: list[int] = field(default_factory=list)

    def all_numbers(self) -> list[int]:
        found = list(self.numbers)
        for child in self.children:
            found.extend(child.all_numbers())
        return found


@dataclass
class ListBlock:
    entries: list[Entry]

    @property
    def numbers(self) -> list[int]:
        return [n for entry in self.entries for n in entry.all_numbers()]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    head_numbers: list[int] = field(default_factory=list)  # the header and delimiter rows
    row_numbers: list[int] = field(default_factory=list)

    @property
    def numbers(self) -> list[int]:
        return self.head_numbers + self.row_numbers


Block = Heading | Paragraph | Quote | ListBlock | Table


@dataclass
class Document:
    blocks: list[Block]
    refs: dict[str, str]
    heading_count: int
    long_lines: int
    lines: list[str] = field(default_factory=list)
    # Lines no block holds, with why: code, raw HTML, front matter, rules.
    skipped: dict[int, str] = field(default_factory=dict)
    # Line of each link reference definition, by its label.
    ref_lines: dict[str, int] = field(default_factory=dict)


def _indent(line: str) -> int:
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))


def _is_blank(line: str) -> bool:
    return not line.strip()


def split_cells(line: str) -> list[str]:
    """Cells of a table row; a backslash-escaped pipe stays in its cell."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    in_code = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
            continue
        if ch == "\\":
            current.append(ch)
            escaped = True
            continue
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    cells.append("".join(current).strip())
    return [cell.replace("\\|", "|") for cell in cells]


def _block_start(line: str) -> bool:
    return bool(
        _ATX.match(line)
        or _RULE.match(line)
        or _FENCE.match(line)
        or _QUOTE.match(line)
        or (_HTML_START.match(line) and not _AUTOLINK.match(line.strip()))
    )


def split_blocks(text: str) -> Document:
    lines = text.split("\n")
    long_lines = 0
    for index, line in enumerate(lines):
        if len(line) > MAX_LINE_CHARS:
            lines[index] = line[:MAX_LINE_CHARS]
            long_lines += 1
    n = len(lines)
    i = 0
    skipped: dict[int, str] = {}

    def skip(first: int, last: int, reason: str) -> None:
        for number in range(first, min(last, n)):
            if not _is_blank(lines[number]):
                skipped[number] = reason

    # YAML front matter.
    if lines and lines[0].strip() == "---":
        for j in range(1, min(n, 500)):
            if lines[j].strip() in ("---", "..."):
                skip(0, j + 1, "front matter")
                i = j + 1
                break
    blocks: list[Block] = []
    refs: dict[str, str] = {}
    ref_lines: dict[str, int] = {}
    headings = 0
    paragraph: list[str] = []
    numbers: list[int] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph(list(paragraph), list(numbers)))
            paragraph.clear()
            numbers.clear()

    while i < n:
        line = lines[i]
        if _is_blank(line):
            flush()
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            flush()
            marker = fence.group(1)
            first = i
            i += 1
            while i < n and not lines[i].strip().startswith(marker):
                i += 1
            i += 1
            skip(first, i, "code block")
            continue
        if _HTML_START.match(line) and not _AUTOLINK.match(line.strip()):
            flush()
            first = i
            if line.lstrip().startswith("<!--"):
                while i < n and "-->" not in lines[i]:
                    i += 1
                i += 1
                skip(first, i, "comment")
            else:
                while i < n and not _is_blank(lines[i]):
                    i += 1
                skip(first, i, "raw HTML")
            continue
        atx = _ATX.match(line)
        if atx:
            flush()
            headings += 1
            rest = line[atx.end() :].rstrip()
            stripped = rest.rstrip("#")
            if stripped != rest and (not stripped or stripped[-1] in " \t"):
                rest = stripped.rstrip()
            blocks.append(Heading(len(atx.group(1)), rest, i))
            i += 1
            continue
        setext = _SETEXT.match(line)
        if setext and paragraph and len(paragraph) == 1:
            headings += 1
            level = 1 if setext.group(1).startswith("=") else 2
            blocks.append(Heading(level, paragraph[0].strip(), numbers[0]))
            skip(i, i + 1, "heading underline")
            paragraph.clear()
            numbers.clear()
            i += 1
            continue
        if _RULE.match(line):
            flush()
            skip(i, i + 1, "divider")
            i += 1
            continue
        ref = _REF_DEF.match(line)
        if ref and not paragraph:
            label = " ".join(ref.group(1).split()).lower()
            refs[label] = ref.group(2)
            ref_lines[label] = i
            i += 1
            continue
        if _QUOTE.match(line):
            flush()
            quoted, quoted_numbers = [], []
            while i < n and _QUOTE.match(lines[i]):
                quoted.append(_QUOTE.sub("", lines[i], count=1))
                quoted_numbers.append(i)
                i += 1
            blocks.append(Quote(quoted, quoted_numbers))
            continue
        if _LIST.match(line):
            flush()
            block, i, nested_headings = _read_list(lines, i)
            headings += nested_headings
            blocks.append(block)
            continue
        if "|" in line and i + 1 < n and "|" in lines[i + 1] and _DELIMITER.match(lines[i + 1]):
            flush()
            header = split_cells(line)
            table = Table(header, [], head_numbers=[i, i + 1])
            i += 2
            while (
                i < n and not _is_blank(lines[i]) and "|" in lines[i] and not _block_start(lines[i])
            ):
                table.rows.append(split_cells(lines[i]))
                table.row_numbers.append(i)
                i += 1
            blocks.append(table)
            continue
        paragraph.append(line)
        numbers.append(i)
        i += 1
    flush()
    return Document(
        blocks=blocks,
        refs=refs,
        heading_count=headings,
        long_lines=long_lines,
        lines=lines,
        skipped=skipped,
        ref_lines=ref_lines,
    )


def _read_list(lines: list[str], i: int) -> tuple[ListBlock, int, int]:
    """A list and everything nested in it, from line i; returns the list and the next line."""
    n = len(lines)
    roots: list[Entry] = []
    stack: list[Entry] = []
    blank_before = False
    headings = 0
    while i < n:
        line = lines[i]
        if _is_blank(line):
            blank_before = True
            i += 1
            continue
        indent = _indent(line)
        match = _LIST.match(line)
        if match and not _RULE.match(line):
            if blank_before and indent == 0 and not stack:
                break
            entry = Entry(
                raw=line[match.end() :].strip(),
                indent=indent,
                ordered=match.group(2)[0].isdigit(),
                numbers=[i],
            )
            if entry.raw.startswith("#"):
                headings += 1
            while stack and stack[-1].indent >= indent:
                stack.pop()
            # Lists nested deeper than any curriculum needs read as the deepest level, so the
            # readers that walk the tree recursively stay within bounded depth.
            del stack[MAX_LIST_DEPTH - 1 :]
            (stack[-1].children if stack else roots).append(entry)
            stack.append(entry)
            blank_before = False
            i += 1
            continue
        if not stack:
            break
        owner = None
        for candidate in reversed(stack):
            if candidate.indent < indent:
                owner = candidate
                break
        if owner is None:
            # Not indented: a lazy continuation of the last entry, unless a blank line or a
            # new block ended the list.
            if blank_before or _block_start(line) or ("|" in line and line.strip().startswith("|")):
                break
            stack[-1].raw += " " + line.strip()
            stack[-1].numbers.append(i)
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            owner.note_lines.append(line.strip())
            owner.numbers.append(i)
            i += 1
            while i < n and not lines[i].strip().startswith(marker):
                owner.note_lines.append(lines[i][owner.indent + 2 :] if lines[i] else "")
                owner.numbers.append(i)
                i += 1
            if i < n:
                owner.note_lines.append(lines[i].strip())
                owner.numbers.append(i)
            i += 1
            blank_before = False
            continue
        quote = _QUOTE.match(line)
        if quote:
            owner.note_lines.append(_QUOTE.sub("", line, count=1))
        elif blank_before or owner.note_lines:
            if blank_before and owner.note_lines:
                owner.note_lines.append("")
            owner.note_lines.append(line.strip())
        else:
            owner.raw += " " + line.strip()
        owner.numbers.append(i)
        blank_before = False
        i += 1
    return ListBlock(roots), i, headings
