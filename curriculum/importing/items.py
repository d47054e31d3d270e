"""One line of Markdown (a list entry, a table cell, a link paragraph) as an item: its
checkbox or status glyph, its link (the first usable one; the others go to the note), a
trailing kind or estimate, and its title."""

from __future__ import annotations

import re

from curriculum.importing.inline import (
    Inline,
    Link,
    bare_urls,
    check_url,
    clip,
    guess_kind,
    parse_inline,
    take_glyph_status,
)
from curriculum.importing.meta import scheme_of, split_meta, split_paren_duration
from curriculum.importing.outline import ITEM_TITLE_MAX, OutlineItem, Warnings

CHECKBOX = re.compile(r"^\[([ xX~\-])\](?:[ \t]+|$)")


class ItemMaker:
    def __init__(self, refs: dict, base_url: str, glyphs: dict, warnings: Warnings) -> None:
        self.refs = refs
        self.base_url = base_url
        self.glyphs = glyphs
        self.warnings = warnings

    def make(self, raw: str, *, source: str, kind_hint: str = "") -> tuple[str, OutlineItem] | None:
        status = None
        checkbox = CHECKBOX.match(raw)
        if checkbox:
            mark = checkbox.group(1)
            status = {"x": "done", "X": "done", "~": "skipped", "-": "skipped"}.get(
                mark, "not_started"
            )
            raw = raw[checkbox.end() :]
        glyph_status, raw = take_glyph_status(raw, self.glyphs)
        if glyph_status and (status in (None, "not_started") or glyph_status == "done"):
            status = glyph_status
        raw, meta = split_meta(raw, item=True)
        if not meta.found:
            raw, paren = split_paren_duration(raw)
            if paren is not None:
                meta.hours = paren
        inline = parse_inline(raw, self.refs)
        url, extra = self.choose_link(inline)
        title = title_of(inline)
        if not title and url:
            title = url
        if not title:
            return None
        if len(title) > ITEM_TITLE_MAX:
            self.warnings.count(
                "long-title",
                "{n} title{s} longer than 300 characters were shortened (e.g. “{example}”).",
                clip(title, 60),
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

    def choose_link(self, inline: Inline) -> tuple[str, list[tuple[str, str]]]:
        links = list(inline.links)
        if not links:
            links = [Link(text=url, url=url) for url in bare_urls(inline.text)]
        chosen = ""
        extra: list[tuple[str, str]] = []
        for link in links:
            checked = check_url(link.url, self.base_url)
            if checked.problem == "unsafe":
                self.warnings.add(
                    f"Dropped an unsafe link ({scheme_of(link.url)}) from "
                    f"“{clip(inline.text, 60)}”."
                )
                continue
            if checked.problem == "relative":
                self.warnings.count(
                    "relative",
                    "{n} relative link{s} (like “{example}”) were left out: give "
                    "the address the file lives at to keep them.",
                    clip(link.url, 60),
                )
                continue
            if checked.problem:
                continue
            if not chosen:
                chosen = checked.url
            elif link.text:
                extra.append((link.text.replace("[", "").replace("]", ""), checked.url))
        return chosen, extra

    def links_of(self, raw: str) -> list[str]:
        inline = parse_inline(raw, self.refs)
        urls = [link.url for link in inline.links] or bare_urls(inline.text)
        return [check_url(url, self.base_url).url for url in urls]

    def usable(self, url: str) -> bool:
        return check_url(url, self.base_url).problem in ("", "relative")


def is_link_paragraph(inline: Inline) -> bool:
    """A paragraph that is one link, maybe with a few words: a resource, not prose."""
    links = inline.links or [Link(u, u) for u in bare_urls(inline.text)]
    if len(links) != 1 or len(inline.text.split()) > 20 or links[0].url.startswith("#"):
        return False
    if inline.text.startswith(links[0].text[:20]):
        return True
    # A short line around its one link ("English original: [Avik-Jain](…)."), in any script.
    return len(inline.text.split()) <= 12 and len(inline.text) <= 80


def title_of(inline: Inline) -> str:
    text = inline.text
    links = [link for link in inline.links if link.text]
    if links and text.startswith(links[0].text):
        rest = text[len(links[0].text) :]
        for link in links[1:]:
            rest = rest.replace(link.text, "", 1)
        if not any(ch.isalnum() for ch in rest):
            return links[0].text.strip()
    return text.strip()
