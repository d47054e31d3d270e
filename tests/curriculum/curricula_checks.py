"""Checks every curriculum fixture must pass, computed from the source text on its own, not
from what the importer says about itself."""

from __future__ import annotations

import re
from pathlib import Path

from curriculum.importing import parse_roadmap_file

CURRICULA = Path(__file__).resolve().parent.parent / "fixtures" / "curricula"
_INLINE_LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((https?://[^)\s]+)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# Sections about the repository rather than the curriculum: their links (the team's
# profiles, the chat server, the licence) are not resources to learn from.
_ABOUT = re.compile(
    r"^(community|team|contributors?|contributing|how to contribute|code of conduct|"
    r"licen[cs]e|credits|acknowledge?ments|sponsors?|support|authors?|star history|"
    r"translations?)\b",
    re.IGNORECASE,
)


def read(path: Path, base_url: str = ""):
    return parse_roadmap_file(path.read_bytes(), filename=path.name, base_url=base_url)


def external_links(text: str) -> list[str]:
    """Absolute http(s) links of the Markdown outside code blocks; images, and links made of
    an image (badges), left aside."""
    links, in_code, about_level = [], False, 0
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        heading = None if in_code else _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if about_level and level > about_level:
                continue
            title = re.sub(r"[^\w\s]", "", heading.group(2)).strip()
            about_level = level if _ABOUT.match(title) else 0
        if not in_code and not about_level:
            links.extend(
                match.group(2)
                for match in _INLINE_LINK.finditer(line)
                if not match.group(1).strip().startswith("![")
            )
    return links


def landed_share(outline, text: str) -> tuple[int, int]:
    """(links that are an item's link or in its note, all external links)."""
    on_items = " ".join(
        f"{item.url} {item.note}" for stage in outline.stages for item in stage.items
    )
    links = external_links(text)
    return sum(1 for link in links if link in on_items), len(links)


def assert_every_line_accounted_for(outline, text: str) -> None:
    non_blank = {n for n, line in enumerate(text.split("\n"), 1) if line.strip()}
    left = {entry.line for entry in outline.left_out}
    assert not outline.lines_read & left
    assert outline.lines_read | left == non_blank
    assert not [e for e in outline.left_out if e.reason == "not understood"]
    lines = text.split("\n")
    for entry in outline.left_out:
        assert entry.text == lines[entry.line - 1].strip()[:300] or entry.text.endswith("…")
