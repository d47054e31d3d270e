"""The live loss chart as server-rendered SVG: a pure function over numbers, no JS needed."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, PAD = 480, 200, 32
SERIES = (("train_loss", "train loss", "#5b8def"), ("valid_loss", "valid loss", "#e8793a"))


def loss_chart_svg(rows: Sequence[dict]) -> str:
    """Train and valid loss per epoch as two polylines. Empty string when nothing to draw."""
    points = [
        (row["epoch"], row.get(key))
        for key, _, _ in SERIES
        for row in rows
        if row.get(key) is not None
    ]
    if not points:
        return ""
    epochs = [e for e, _ in points]
    values = [v for _, v in points]
    low_e, high_e = min(epochs), max(epochs)
    low_v, high_v = 0.0, max(values) or 1.0

    def x(epoch: float) -> float:
        span = high_e - low_e
        return PAD + (WIDTH - 2 * PAD) * ((epoch - low_e) / span if span else 0.5)

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low_v) / (high_v - low_v)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="Loss per epoch">',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="currentColor" stroke-opacity="0.4"/>',
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" '
        'stroke="currentColor" stroke-opacity="0.4"/>',
        f'<text x="{PAD - 4}" y="{PAD + 4}" text-anchor="end" font-size="10" '
        f'fill="currentColor">{high_v:.2f}</text>',
        f'<text x="{PAD - 4}" y="{HEIGHT - PAD}" text-anchor="end" font-size="10" '
        'fill="currentColor">0</text>',
        f'<text x="{WIDTH / 2:.0f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="10" '
        'fill="currentColor">epoch</text>',
    ]
    for index, (key, label, colour) in enumerate(SERIES):
        series = [(row["epoch"], row[key]) for row in rows if row.get(key) is not None]
        if not series:
            continue
        coords = " ".join(f"{x(e):.1f},{y(v):.1f}" for e, v in series)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        for e, v in series:
            parts.append(
                f'<circle cx="{x(e):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(label)} epoch {e}: {v:.4f}</title></circle>"
            )
        parts.append(
            f'<text x="{WIDTH - PAD}" y="{PAD + 12 * index}" text-anchor="end" font-size="11" '
            f'fill="{colour}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
