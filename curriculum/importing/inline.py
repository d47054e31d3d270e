"""Inline Markdown, links, durations and status glyphs: the small readers the file importers
share. Every function here runs in time linear in its input (a hostile file must not make the
importer slow), so brackets and code spans are matched with stacks, not backtracking regexes."""

from __future__ import annotations

import html
import re
import string
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from curriculum.importing.outline import MAX_FILE_BYTES, MAX_HOURS, URL_MAX, UnusableFile

# Longest text we read inline from one line or table cell; anything longer is cut first.
MAX_INLINE_CHARS = 5000

# --- reading the file ------------------------------------------------------------------------

_CONTROL = {c for c in range(32) if c not in (9, 10, 13)} | {127}
_CONTROL_TABLE = dict.fromkeys(_CONTROL)


def decode_file(data: bytes | str) -> str:
    """The text of an uploaded or pasted file, or UnusableFile for what is not a text file we
    can read: too big, binary, or not UTF-8."""
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > MAX_FILE_BYTES:
        raise UnusableFile(
            f"This file is {size / 1_000_000:.1f} MB; Exhale imports roadmaps up to "
            f"{MAX_FILE_BYTES / 1_000_000:.0f} MB. A curriculum is usually well under 1 MB: "
            "check that this is the right file."
        )
    if isinstance(data, bytes):
        if b"\x00" in data[:65536] or data[:4] in (b"\x7fELF", b"%PDF", b"PK\x03\x04"):
            raise UnusableFile(
                "This looks like a binary file, not text. Import a Markdown (.md) or "
                "JSON (.json) file."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnusableFile(
                "This file is not UTF-8 text, so it is probably not a Markdown or JSON file. "
                "Save it as UTF-8 and try again."
            ) from exc
    else:
        text = data.removeprefix("\ufeff")
    if "\x00" in text:
        raise UnusableFile(
            "This looks like a binary file, not text. Import a Markdown (.md) or "
            "JSON (.json) file."
        )
    # Lone surrogates (possible in pasted str) cannot be stored; drop them with other noise.
    text = text.encode("utf-8", "replace").decode("utf-8")
    sample = text[:65536]
    if sample:
        odd = sum(1 for ch in sample if ord(ch) in _CONTROL or ch == "\ufffd")
        if odd / len(sample) > 0.05:
            raise UnusableFile(
                "This looks like a binary file, not text. Import a Markdown (.md) or "
                "JSON (.json) file."
            )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CONTROL_TABLE)


def collapse(text: str) -> str:
    """One line, single spaces: how titles are kept."""
    return " ".join(text.split())


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- escaping --------------------------------------------------------------------------------

STATUS_GLYPHS_DEFAULT = {
    "✅": "done",
    "✔": "done",
    "☑": "done",
    "✓": "done",
    "🟢": "done",
    "✳": "in_progress",
    "🚧": "in_progress",
    "⏳": "in_progress",
    "🔄": "in_progress",
    "🟡": "in_progress",
    "⬚": "not_started",
    "⬜": "not_started",
    "☐": "not_started",
    "⏭": "skipped",
    "❌": "skipped",
    "✖": "skipped",
}
EXPORT_GLYPHS = {"done": "✅", "in_progress": "🚧", "not_started": "⬚", "skipped": "⏭️"}

_ASCII_PUNCT = set(string.punctuation)
_ESCAPABLE = _ASCII_PUNCT | set(STATUS_GLYPHS_DEFAULT)


def escape_inline(text: str) -> str:
    """Backslash-escape what our reader would otherwise take as Markdown, so a title reads
    back as the same text (and GitHub shows it as plain text too)."""
    out = []
    for i, ch in enumerate(text):
        if ch in "\\`*_[]<>#|~!()" or (i == 0 and (ch in STATUS_GLYPHS_DEFAULT or ch in "+-=")):
            out.append("\\" + ch)
        elif ch == "&":
            out.append("&amp;")
        else:
            out.append(ch)
    escaped = "".join(out)
    # A title that starts like an ordered list marker ("1. Intro") would read as one.
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped)


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


# --- links -----------------------------------------------------------------------------------

_url_validator = URLValidator(schemes=["http", "https"])
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
UNSAFE_SCHEMES = {"javascript", "data", "vbscript", "file", "blob"}


@dataclass
class CheckedUrl:
    url: str
    problem: str = ""  # "", "anchor", "relative", "unsafe", "unsupported", "invalid"


def check_url(raw: str, base_url: str = "") -> CheckedUrl:
    """An http(s) address we can store and show, or why not. Browsers ignore whitespace and
    control characters inside a scheme ("java\\tscript:"), so those are removed before the
    scheme is read, and only http and https are allowed."""
    url = html.unescape(raw).strip()
    url = "".join(ch for ch in url if not (ch.isspace() or unicodedata.category(ch) == "Cc"))
    if not url:
        return CheckedUrl("", "invalid")
    if url.startswith("#"):
        return CheckedUrl("", "anchor")
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name in UNSAFE_SCHEMES:
            return CheckedUrl("", "unsafe")
        if name not in ("http", "https"):
            return CheckedUrl("", "unsupported")
    elif url.startswith("//"):
        url = "https:" + url
    elif base_url:
        url = urljoin(base_url, url)
    else:
        return CheckedUrl("", "relative")
    if len(url) > URL_MAX:
        return CheckedUrl("", "invalid")
    try:
        _url_validator(url)
    except ValidationError:
        return CheckedUrl("", "invalid")
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return CheckedUrl("", "unsafe")
    return CheckedUrl(url)


def is_anchor_only(raw: str) -> bool:
    return html.unescape(raw).strip().startswith("#")


_BACK_TO_TOP = re.compile(
    r"^(?:[⬆↑⤴🔝^]\s*)?(?:back\s+to\s+(?:the\s+)?top|top|go\s+to\s+top|table\s+of\s+contents|"
    r"back\s+to\s+contents|contents|toc)(?:\s*[⬆↑⤴🔝^])?$",
    re.IGNORECASE,
)


def is_back_to_top(text: str) -> bool:
    return bool(_BACK_TO_TOP.match(text.strip())) or text.strip() in {"⬆", "↑", "⤴", "🔝"}


# --- durations -------------------------------------------------------------------------------


@dataclass
class Duration:
    hours: Decimal | None = None
    weeks: Decimal | None = None
    hours_per_week: Decimal | None = None

    @property
    def empty(self) -> bool:
        return self.hours is None and self.weeks is None and self.hours_per_week is None


_NUMBER = r"(\d{1,6}(?:[.,]\d{1,3})?)"
_DURATION = re.compile(
    rf"{_NUMBER}(?:\s*(?:-|to)\s*{_NUMBER})?\s*"
    r"(minutes|minute|mins|min|m|hours|hour|hrs|hr|h|days|day|d|weeks|week|wks|wk|w|"
    r"months|month|mos|mo)\b"
    r"(\s*(?:/|per|a|an|each)\s*(?:week|wk|w)\b)?",
    re.IGNORECASE,
)
_PER_WEEK_ALONE = re.compile(r"(?:/|per|a|each)\s*(?:week|wk)\b", re.IGNORECASE)
HOURS_PER_DAY = Decimal(4)
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


def _num(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def parse_duration(text: str) -> Duration:
    """Read "13 weeks", "10-12 weeks", "6 months", "6–10 hours/week", "~75 min", "~35 hr" or
    "-" (nothing). A range counts as its middle."""
    text = text[:200].replace("–", "-").replace("—", "-").replace("~", " ").replace("≈", " ")
    found = Duration()
    for match in _DURATION.finditer(text):
        low = _num(match.group(1))
        high = _num(match.group(2)) if match.group(2) else low
        value = (low + high) / 2
        unit = match.group(3).lower()
        per_week = bool(match.group(4))
        if unit in ("minutes", "minute", "mins", "min", "m"):
            hours = value / 60
        elif unit in ("hours", "hour", "hrs", "hr", "h"):
            hours = value
        elif unit in ("days", "day", "d"):
            hours = value * HOURS_PER_DAY
        else:
            weeks = value if unit.startswith("w") else value * WEEKS_PER_MONTH
            if found.weeks is None:
                found.weeks = weeks
            continue
        if per_week:
            if found.hours_per_week is None:
                found.hours_per_week = hours
        elif found.hours is None:
            found.hours = hours
    return found


def round_hours(value: Decimal | float | None) -> Decimal | None:
    if value is None:
        return None
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        return None
    return min(value, MAX_HOURS)


def estimate_hours(duration: Duration, effort: Duration | None = None) -> Decimal | None:
    """Hours of work from a duration, using weekly effort when the duration is in weeks."""
    per_week = duration.hours_per_week
    if effort is not None:
        per_week = per_week or effort.hours_per_week or effort.hours
    if duration.hours is not None:
        return round_hours(duration.hours)
    if duration.weeks is not None and per_week is not None:
        return round_hours(duration.weeks * per_week)
    if effort is not None and effort.hours is not None and effort.hours_per_week is None:
        return round_hours(effort.hours)
    return None


def format_hours(hours: Decimal) -> str:
    text = format(hours.normalize(), "f") if hours else "0"
    return f"~{text} hour" if hours == 1 else f"~{text} hours"


# --- statuses --------------------------------------------------------------------------------

_STATUS_WORDS = [
    (re.compile(r"\b(not\s+started|to\s*do|todo|planned|upcoming|pending|not\s+yet)\b", re.I),
     "not_started"),
    (re.compile(r"\b(in\s+progress|wip|ongoing|started|doing|current|active|reading)\b", re.I),
     "in_progress"),
    (re.compile(r"\b(done|complete|completed|finished|yes|read)\b", re.I), "done"),
    (re.compile(r"\b(skipped|skip|dropped|abandoned|n/a)\b", re.I), "skipped"),
]


def status_from_word(text: str) -> str | None:
    for pattern, status in _STATUS_WORDS:
        if pattern.search(text):
            return status
    return None


def strip_variation(text: str) -> str:
    return text.replace("\ufe0f", "")


def take_glyph_status(
    raw: str, glyphs: dict[str, str], *, anywhere: bool = False
) -> tuple[str | None, str]:
    """A status glyph at the start or end of raw text (or anywhere, for a status cell), and
    the text without it. An escaped glyph (\\✅) is part of the title, not a status."""
    text = raw.strip()
    status = None
    changed = True
    while changed and text:
        changed = False
        for glyph, value in glyphs.items():
            if text.startswith(glyph):
                status = status or value
                text = text[len(glyph) :].removeprefix("\ufe0f").lstrip()
                changed = True
                break
            bare = text.removesuffix("\ufe0f")
            if bare.endswith(glyph) and not bare.endswith("\\" + glyph):
                status = status or value
                text = bare[: -len(glyph)].rstrip()
                changed = True
                break
    if anywhere and status is None:
        for glyph, value in glyphs.items():
            if glyph in text:
                return value, strip_variation(text.replace(glyph, "")).strip()
    return status, text


_LEGEND_PAIR = re.compile(
    r"([^\w\s&;·|,.:()=\-–—*#\[\]`'\"/\\]{1,3})\s*[=:\-–—]?\s*([A-Za-z][\w \-]{0,30})"
)


def read_legend(line: str) -> dict[str, str]:
    """Glyph meanings from a legend line ("✅ Complete · 🚧 In Progress · ⬚ Planned")."""
    found: dict[str, str] = {}
    for match in _LEGEND_PAIR.finditer(strip_variation(line)):
        glyph = match.group(1).strip()
        status = status_from_word(match.group(2))
        if glyph and status and not glyph.isalnum():
            found[glyph] = status
    return found


# --- kinds -----------------------------------------------------------------------------------

_KIND_HINTS = [
    ("project", re.compile(r"\b(projects?|capstone|milestone|build\s+a|portfolio)\b", re.I)),
    ("book", re.compile(r"\b(book|textbook|handbook|chapter|reading|readings|isbn)\b", re.I)),
    ("lesson", re.compile(r"\b(lesson|lessons|lecture|lectures|module|unit|week\s+\d+)\b", re.I)),
    ("video", re.compile(r"\b(video|videos|playlist|youtube|talk|screencast)\b", re.I)),
    ("course", re.compile(r"\b(course|courses|mooc|specialization|specialisation|class|"
                          r"bootcamp|curriculum|nanodegree|cs\d+)\b", re.I)),
    ("tool", re.compile(r"\b(tool|tools|editor|ide|git|terminal|shell|library|framework)\b",
                        re.I)),
    ("article", re.compile(r"\b(article|blog|post|paper|essay|tutorial|guide)\b", re.I)),
]
_KIND_HOSTS = [
    ("video", ("youtube.com", "youtu.be", "vimeo.com")),
    ("course", ("coursera.org", "edx.org", "udacity.com", "udemy.com", "ocw.mit.edu",
                "course.fast.ai", "deeplearning.ai", "khanacademy.org", "cs50.harvard.edu")),
    ("article", ("arxiv.org", "medium.com", "substack.com")),
]


def guess_kind(title: str, url: str = "", hint: str = "") -> str:
    """The item kind a column name, a title or a web address suggests; article otherwise."""
    for text in (hint, title):
        for kind, pattern in _KIND_HINTS:
            if text and pattern.search(text):
                return kind
    host = urlsplit(url).netloc.lower() if url else ""
    for kind, hosts in _KIND_HOSTS:
        if any(host == h or host.endswith("." + h) for h in hosts):
            return kind
    return "article"
