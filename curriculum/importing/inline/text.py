"""Reading an uploaded file as text, collapsing and clipping it, and escaping Markdown."""

from __future__ import annotations

import re
import string

from curriculum.importing.outline import MAX_FILE_BYTES, UnusableFile

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
            "This looks like a binary file, not text. Import a Markdown (.md) or JSON (.json) file."
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
