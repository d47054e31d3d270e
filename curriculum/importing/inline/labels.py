"""Statuses (words, glyphs, a legend) and kinds guessed from a title or a link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# --- statuses --------------------------------------------------------------------------------

_STATUS_WORDS = [
    (
        re.compile(r"\b(not\s+started|to\s*do|todo|planned|upcoming|pending|not\s+yet)\b", re.I),
        "not_started",
    ),
    (
        re.compile(r"\b(in\s+progress|wip|ongoing|started|doing|current|active|reading)\b", re.I),
        "in_progress",
    ),
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
    (
        "course",
        re.compile(
            r"\b(course|courses|mooc|specialization|specialisation|class|"
            r"bootcamp|curriculum|nanodegree|cs\d+)\b",
            re.I,
        ),
    ),
    ("tool", re.compile(r"\b(tool|tools|editor|ide|git|terminal|shell|library|framework)\b", re.I)),
    ("article", re.compile(r"\b(article|blog|post|paper|essay|tutorial|guide)\b", re.I)),
]
_KIND_HOSTS = [
    ("video", ("youtube.com", "youtu.be", "vimeo.com")),
    (
        "course",
        (
            "coursera.org",
            "edx.org",
            "udacity.com",
            "udemy.com",
            "ocw.mit.edu",
            "course.fast.ai",
            "deeplearning.ai",
            "khanacademy.org",
            "cs50.harvard.edu",
        ),
    ),
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
