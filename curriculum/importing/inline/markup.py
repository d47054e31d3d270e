"""Inline Markdown: links, emphasis and code spans, matched with stacks."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from curriculum.importing.inline.text import _ESCAPABLE, MAX_INLINE_CHARS, collapse

# --- inline parsing --------------------------------------------------------------------------


@dataclass
class Link:
    text: str
    url: str


@dataclass
class Inline:
    """Plain text of a piece of inline Markdown, and the links in it in order."""

    text: str
    links: list[Link] = field(default_factory=list)
    images: int = 0
    linked_images: int = 0


_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\s]{1,2000})>")
_HARMLESS_TAG = re.compile(
    r"</?(?:br|b|i|em|strong|sub|sup|code|kbd|span|small|mark|u|s|del|ins|font|img|a)"
    r"(?:\s[^<>]{0,500})?/?>",
    re.IGNORECASE,
)
_TAG_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]]{1,2000}")


def _match_pairs(raw: str, code: list[bool], escaped: list[bool]) -> tuple[dict, dict]:
    """Matching positions of [ ] and ( ) in one pass, skipping escaped and code characters."""
    brackets: dict[int, int] = {}
    parens: dict[int, int] = {}
    bstack: list[int] = []
    pstack: list[int] = []
    for i, ch in enumerate(raw):
        if code[i] or escaped[i]:
            continue
        if ch == "[":
            bstack.append(i)
        elif ch == "]" and bstack:
            brackets[bstack.pop()] = i
        elif ch == "(":
            pstack.append(i)
        elif ch == ")" and pstack:
            parens[pstack.pop()] = i
    return brackets, parens


def _code_spans(raw: str) -> tuple[list[bool], dict[int, tuple[int, int]]]:
    """Which characters are inside code spans, and for each opening run its (content start,
    closing run end)."""
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(raw)
    while i < n:
        if raw[i] == "`" and (i == 0 or raw[i - 1] != "\\"):
            j = i
            while j < n and raw[j] == "`":
                j += 1
            runs.append((i, j - i))
            i = j
        else:
            i += 1
    inside = [False] * n
    spans: dict[int, tuple[int, int]] = {}
    open_by_length: dict[int, int] = {}
    for start, length in runs:
        if length in open_by_length:
            opened = open_by_length.pop(length)
            if any(inside[opened : opened + 1]):
                continue
            for k in range(opened, start + length):
                inside[k] = True
            spans[opened] = (opened + length, start)
            # Runs that opened inside this span no longer count.
            for other, pos in list(open_by_length.items()):
                if pos > opened:
                    del open_by_length[other]
        else:
            open_by_length[length] = start
    return inside, spans


def parse_inline(raw: str, refs: dict[str, str] | None = None, _depth: int = 0) -> Inline:
    """Plain text and links of inline Markdown: emphasis, code, escapes and harmless tags
    removed, images dropped, entities decoded. Other HTML (a <script> tag in a title) stays as
    the literal text it is; pages escape it when they show it."""
    raw = raw[:MAX_INLINE_CHARS]
    refs = refs or {}
    n = len(raw)
    code, spans = _code_spans(raw)
    escaped = [False] * n
    i = 0
    while i < n - 1:
        if not code[i] and raw[i] == "\\" and raw[i + 1] in _ESCAPABLE:
            escaped[i + 1] = True
            i += 2
        else:
            i += 1
    brackets, parens = _match_pairs(raw, code, escaped)
    result = Inline(text="")
    out: list[str] = []
    i = 0
    while i < n:
        ch = raw[i]
        if i in spans:
            content_start, close_start = spans[i]
            out.append(raw[content_start:close_start].strip())
            i = close_start + (content_start - i)
            continue
        if code[i]:
            out.append(ch)
            i += 1
            continue
        if ch == "\\" and i + 1 < n and escaped[i + 1]:
            out.append(raw[i + 1])
            i += 2
            continue
        if escaped[i]:
            out.append(ch)
            i += 1
            continue
        if ch == "!" and i + 1 < n and raw[i + 1] == "[" and (i + 1) in brackets:
            close = brackets[i + 1]
            if close + 1 < n and raw[close + 1] == "(" and (close + 1) in parens:
                result.images += 1
                i = parens[close + 1] + 1
                continue
        if ch == "[" and i in brackets:
            close = brackets[i]
            label = raw[i + 1 : close]
            target = None
            end = close + 1
            if close + 1 < n and raw[close + 1] == "(" and (close + 1) in parens:
                target = _link_destination(raw[close + 2 : parens[close + 1]])
                end = parens[close + 1] + 1
            elif close + 1 < n and raw[close + 1] == "[" and (close + 1) in brackets:
                key = collapse(raw[close + 2 : brackets[close + 1]] or label).lower()
                if key in refs:
                    target = refs[key]
                    end = brackets[close + 1] + 1
            elif collapse(label).lower() in refs and label.strip():
                target = refs[collapse(label).lower()]
            if target is not None:
                if _depth < 4:
                    inner = parse_inline(label, refs, _depth + 1)
                    text = inner.text
                    result.links.extend(inner.links)
                else:
                    inner = Inline(text=collapse(label))
                    text = inner.text
                if not text and inner.images:
                    result.linked_images += 1
                else:
                    result.links.append(Link(text=text, url=target))
                    out.append(text)
                i = end
                continue
            # Checkbox-like or unmatched brackets stay as text.
            out.append(ch)
            i += 1
            continue
        if ch == "<":
            auto = _AUTOLINK.match(raw, i)
            if auto:
                result.links.append(Link(text=auto.group(1), url=auto.group(1)))
                out.append(auto.group(1))
                i = auto.end()
                continue
            tag = _HARMLESS_TAG.match(raw, i)
            if tag:
                lower = tag.group(0).lower()
                if lower.startswith("<img"):
                    result.images += 1
                elif lower.startswith("<a"):
                    href = _TAG_HREF.search(tag.group(0))
                    if href:
                        result.links.append(Link(text="", url=html.unescape(href.group(1))))
                elif lower.startswith("<br"):
                    out.append(" ")
                i = tag.end()
                continue
        if ch in "*_~":
            j = i
            while j < n and raw[j] == ch and not escaped[j] and not code[j]:
                j += 1
            run = j - i
            before = raw[i - 1] if i > 0 else " "
            after = raw[j] if j < n else " "
            if run >= 2 or _is_delimiter(before, after):
                i = j
                continue
            out.append(raw[i:j])
            i = j
            continue
        out.append(ch)
        i += 1
    result.text = collapse(html.unescape("".join(out)))
    for link in result.links:
        if not link.text:
            link.text = result.text
    return result


def _is_delimiter(before: str, after: str) -> bool:
    """A single * or _ is emphasis when it touches a word on one side only."""
    before_word = before.isalnum()
    after_word = after.isalnum()
    if before_word and after_word:
        return False
    return not (before.isspace() and after.isspace())


def _link_destination(inside: str) -> str:
    inside = inside.strip()
    if inside.startswith("<") and ">" in inside:
        return inside[1 : inside.index(">")]
    return inside.split()[0] if inside.split() else ""


def bare_urls(text: str) -> list[str]:
    return [m.group(0).rstrip(".,;:!?'\"") for m in _BARE_URL.finditer(text[:MAX_INLINE_CHARS])]
