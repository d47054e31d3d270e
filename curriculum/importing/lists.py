"""Lists as stages and items: an entry holding other entries is a stage, an entry is an item
and its plain children its checklist; bullets of sentences are prose, not resources."""

from __future__ import annotations

import re

from curriculum.importing.blocks import Entry, ListBlock
from curriculum.importing.coverage import ReadItem, ReadStage, noise_reason
from curriculum.importing.inline import bare_urls, clip
from curriculum.importing.outline import (
    CHECKLIST_TEXT_MAX,
    MAX_CHECKLIST,
    NOTE_MAX,
    ChecklistEntry,
)

PROSE_WORDS = 30
_CHECKBOX = re.compile(r"^\[([ xX~\-])\](?:[ \t]+|$)")


class ListReader:
    """The list part of the Markdown reader (markdown._Reader)."""

    def _is_prose_list(self, block: ListBlock) -> bool:
        """Sentences in bullets ("Courses must: - Be open for enrollment"), not resources."""
        entries = block.entries
        if len(entries) < 2:
            return False
        if (
            self.current is not None
            and self.current.title.endswith(":")
            and not any(
                _CHECKBOX.match(e.raw) or e.children or self.inline(e.raw).links for e in entries
            )
        ):
            return True  # "## Each lesson includes:" over plain bullets: what, not resources
        words = 0
        for entry in entries:
            raw = entry.raw
            if _CHECKBOX.match(raw) or raw.startswith(("#", "[", "<", "**[", "*[", "_[")):
                return False
            if entry.children or entry.note_lines:
                return False
            if raw.lstrip("*_").startswith("[") or bare_urls(raw[:12]):
                return False
            words += len(self.inline(raw).text.split())
        if words / len(entries) < 8:
            return False
        # Only after prose in the same section: a plain to-do plan stays a list of items.
        before = self.current.description if self.current is not None else self.cov.description
        return sum(len(text.split()) for text in before) >= 20

    def _is_label(self, raw: str, children: list[Entry]) -> bool:
        """ "To cover:" over plain entries is an item with a checklist, not a stage."""
        if not raw.rstrip().endswith(":"):
            return False
        return all(
            not self.inline(child.raw).links
            and not bare_urls(child.raw)
            and not child.raw.startswith("#")
            for child in children
        )

    def _walk(self, entries: list[Entry], stage: ReadStage | None, *, top: bool = False) -> None:
        current = stage
        for entry in entries:
            raw = entry.raw
            checkbox = _CHECKBOX.match(raw)
            if raw.startswith("#") and not checkbox:
                heading = raw.lstrip("#").strip()
                new = self._new_stage(heading, entry.numbers, switch=False)
                if new is not None:
                    current = new
                    self._walk(entry.children, new)
                continue
            inline = self.inline(raw[checkbox.end() :] if checkbox else raw)
            reason = noise_reason(inline, raw)
            if reason:
                self.cov.leave(entry.all_numbers(), reason)
                continue
            has_link = bool(inline.links) or bool(bare_urls(inline.text))
            if (
                not checkbox
                and not has_link
                and entry.children
                and not entry.note_lines
                and not self._is_label(raw, entry.children)
            ):
                new = self._new_stage(raw, entry.numbers, switch=False)
                if new is not None:
                    self._walk(entry.children, new)
                continue
            if not checkbox and len(inline.text.split()) > PROSE_WORDS:
                self.warnings.count(
                    "prose",
                    "{n} long bulleted paragraph{s} read as prose and left out (e.g. “{example}”).",
                    clip(inline.text, 60),
                )
                self.cov.leave(entry.all_numbers(), "long bulleted paragraph (prose)")
                continue
            self._entry_item(entry, current)

    def _entry_item(self, entry: Entry, stage: ReadStage | None) -> None:
        raw = entry.raw
        checkbox = _CHECKBOX.match(raw)
        item = self._item_from_raw(raw, source="checkbox" if checkbox else "list")
        if item is None:
            self.cov.leave(entry.all_numbers(), "no title or usable link")
            return
        _, built = item
        if entry.note_lines:
            built.note = "\n".join(line.rstrip() for line in entry.note_lines).strip()[:NOTE_MAX]
        read = self._add(stage, item, entry.numbers)
        self._children(entry.children, read, stage)

    def _children(self, children: list[Entry], parent: ReadItem, stage) -> None:
        for child in children:
            raw = child.raw
            checkbox = _CHECKBOX.match(raw)
            body = raw[checkbox.end() :] if checkbox else raw
            inline = self.inline(body)
            reason = noise_reason(inline, raw)
            if reason:
                self.cov.leave(child.all_numbers(), reason)
                continue
            if any(self._usable(link.url) for link in inline.links):
                self._entry_item(child, stage)
                continue
            text = clip(inline.text, CHECKLIST_TEXT_MAX)
            built = parent.item
            if len(built.checklist) < MAX_CHECKLIST:
                done = bool(checkbox) and checkbox.group(1) in "xX"
                built.checklist.append(ChecklistEntry(text=text, done=done))
            else:
                built.note = "\n".join(filter(None, [built.note, f"- {text}"]))[:NOTE_MAX]
            parent.numbers.extend(child.numbers)
            self._children(child.children, parent, stage)
