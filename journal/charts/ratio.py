"""Inhale/exhale share per week as 100%-stacked bars, with the learner's target as a line."""

from collections.abc import Sequence
from datetime import date
from html import escape

from journal.habits import Split

INHALE_COLOUR = "#5b8def"
EXHALE_COLOUR = "#2fb380"
EMPTY_COLOUR = "#e4e7eb"
TARGET_COLOUR = "#d93526"
BAR = 26
GAP = 10
LEFT = 34
TOP = 10
PLOT = 150
BOTTOM = 22


def week_label(start: date, split: Split) -> str:
    when = f"Week of {start.day} {start:%b %Y}"
    if not split.total:
        return f"{when}: nothing logged"
    return (
        f"{when}: {split.inhale} min inhale ({split.inhale_percent}%), "
        f"{split.exhale} min exhale ({split.exhale_percent}%)"
    )


def ratio_chart(weeks: Sequence[tuple[date, Split]], inhale_target_percent: int) -> str:
    """SVG of one bar per week (oldest first): inhale share at the bottom, exhale on top,
    and a line at the target inhale share."""
    width = LEFT + len(weeks) * (BAR + GAP)
    height = TOP + PLOT + BOTTOM
    base = TOP + PLOT
    target_y = base - PLOT * inhale_target_percent / 100
    summary = (
        f"Inhale and exhale share over the last {len(weeks)} weeks; "
        f"target {inhale_target_percent}% inhale, {100 - inhale_target_percent}% exhale"
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ratio-chart" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" aria-labelledby="ratio-title">',
        f'<title id="ratio-title">{escape(summary)}</title>',
        f'<text x="0" y="{TOP + 8}" font-size="9" fill="currentColor">100%</text>',
        f'<text x="0" y="{base}" font-size="9" fill="currentColor">0%</text>',
    ]
    for index, (start, split) in enumerate(weeks):
        x = LEFT + index * (BAR + GAP)
        label = escape(week_label(start, split))
        parts.append(f'<g data-week="{start.isoformat()}"><title>{label}</title>')
        if not split.total:
            parts.append(
                f'<rect x="{x}" y="{TOP}" width="{BAR}" height="{PLOT}" fill="none" '
                f'stroke="{EMPTY_COLOUR}"/>'
            )
        else:
            inhale_h = PLOT * split.inhale / split.total
            parts.append(
                f'<rect class="exhale-bar" x="{x}" y="{TOP}" width="{BAR}" '
                f'height="{PLOT - inhale_h:.1f}" fill="{EXHALE_COLOUR}"/>'
            )
            parts.append(
                f'<rect class="inhale-bar" x="{x}" y="{base - inhale_h:.1f}" width="{BAR}" '
                f'height="{inhale_h:.1f}" fill="{INHALE_COLOUR}"/>'
            )
        if index % 2 == 0:
            parts.append(
                f'<text x="{x}" y="{height - 6}" font-size="9" fill="currentColor">'
                f"{start.day} {start:%b}</text>"
            )
        parts.append("</g>")
    parts.append(
        f'<line class="target-line" x1="{LEFT - 4}" x2="{width}" y1="{target_y:.1f}" '
        f'y2="{target_y:.1f}" stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="4 3">'
        f"<title>Target: {inhale_target_percent}% inhale</title></line>"
    )
    parts.append("</svg>")
    return "".join(parts)
