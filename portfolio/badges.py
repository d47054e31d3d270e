"""Shields-like SVG badges, as plain functions over plain values (no ORM, no request).

A badge is two boxes: a grey label and a coloured message. Every text is escaped and the SVG
carries a <title> and an aria-label, so a screen reader in a README reads "streak: 12 days".
Widths are estimated from the characters (Verdana 11px, as shields.io does), which is close
enough for short texts and keeps the server free of font metrics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from journal.habits import off_target

LABEL_COLOUR = "#555"
GREEN = "#2e7d32"
TEAL = "#00796b"
BLUE = "#1565c0"
AMBER = "#a15c00"
GREY = "#6b6b6b"
MAX_TEXT = 40
# Kinds a badge can be: fixed ones, and a public roadmap's or a published run's id. Ids stop at
# 18 digits so that they fit a bigint whatever someone types.
FIXED_KINDS = ("streak", "hours", "ratio")
_WITH_ID = re.compile(r"(roadmap|run)-([1-9][0-9]{0,17})")

# Rough advance widths of Verdana 11px, per character class.
_NARROW = set("fijlrt.,:;!|'() ")
_WIDE = set("mwMW%@")


@dataclass(frozen=True)
class BadgeKind:
    name: str  # streak, hours, ratio, roadmap or run
    pk: int | None = None


def parse_kind(text: str) -> BadgeKind | None:
    """`streak`, `hours`, `ratio`, `roadmap-<id>` or `run-<id>`; anything else is None."""
    if text in FIXED_KINDS:
        return BadgeKind(text)
    match = _WITH_ID.fullmatch(text)
    if match is None:
        return None
    return BadgeKind(match.group(1), int(match.group(2)))


def text_width(text: str) -> int:
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 3.9
        elif char in _WIDE or char.isupper():
            width += 8.5
        else:
            width += 6.9
    return round(width)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def badge_svg(label: str, message: str, colour: str = GREEN) -> str:
    """The SVG of one badge. `label` and `message` may be anything a learner typed."""
    label, message = _short(label), _short(message)
    if not re.fullmatch(r"#[0-9a-fA-F]{3,6}", colour):
        colour = GREY
    pad = 6
    left = text_width(label) + 2 * pad
    right = text_width(message) + 2 * pad
    total = left + right
    title = escape(f"{label}: {message}")
    lab, msg = escape(label), escape(message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" '
        f'role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        '<g clip-path="url(#r)">'
        f'<rect width="{left}" height="20" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{left / 2:.1f}" y="14">{lab}</text>'
        f'<text x="{left + right / 2:.1f}" y="14">{msg}</text></g></svg>'
    )


# --- what each badge says -------------------------------------------------------------------


def streak_badge(days: int) -> str:
    return badge_svg("streak", f"{days} day{'s' if days != 1 else ''}", GREEN if days else GREY)


def hours_badge(minutes: int, year: int) -> str:
    hours = minutes / 60
    shown = f"{hours:.0f}" if hours >= 10 else f"{hours:.1f}"
    return badge_svg(f"hours in {year}", f"{shown} h", BLUE if minutes else GREY)


def ratio_badge(inhale_percent: int | None, target_inhale_percent: int) -> str:
    if inhale_percent is None:
        return badge_svg("inhale/exhale", "no practice yet", GREY)
    drifting = off_target(inhale_percent, target_inhale_percent)
    return badge_svg(
        "inhale/exhale", f"{inhale_percent}/{100 - inhale_percent}", AMBER if drifting else TEAL
    )


def roadmap_badge(title: str, done: float, total: int) -> str:
    percent = round(100 * done / total) if total else 0
    return badge_svg(title or "roadmap", f"{percent}% done", GREEN if percent == 100 else BLUE)


def format_metric(value: float | None) -> str:
    if value is None:
        return "no result"
    return f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"


def run_badge(title: str, metric_name: str, value: float | None) -> str:
    message = f"{metric_name} {format_metric(value)}" if value is not None else "no result"
    return badge_svg(title or "run", message, TEAL if value is not None else GREY)


def markdown_snippet(alt: str, image_url: str, link_url: str) -> str:
    """What a learner pastes in a README: the badge, linking to their portfolio."""
    alt = alt.replace("[", "(").replace("]", ")")
    return f"[![{alt}]({image_url})]({link_url})"
