"""The live loss chart as server-rendered SVG: a pure function over numbers, no JS needed."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, PAD = 480, 200, 32
SERIES = (("train_loss", "train loss", "#5b8def"), ("valid_loss", "valid loss", "#e8793a"))


def loss_chart_svg(rows: Sequence[dict]) -> str:
    """Train and valid loss per epoch as two polylines, or as bars for one or two epochs (two
    dots joined by a line suggest a trend they cannot show). Empty string when nothing to
    draw."""
    if len({row["epoch"] for row in rows if any(row.get(k) is not None for k, _, _ in SERIES)}) < 3:
        return _bars_svg(rows)
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


def _bars_svg(rows: Sequence[dict]) -> str:
    """One group of bars per epoch (train loss, valid loss), each labelled with its value."""
    groups = [
        (row["epoch"], [(label, colour, row.get(key)) for key, label, colour in SERIES])
        for row in rows
        if any(row.get(key) is not None for key, _, _ in SERIES)
    ]
    if not groups:
        return ""
    high = max(v for _, bars in groups for _, _, v in bars if v is not None) or 1.0
    bar_w, gap = 56, 40
    span = len(groups) * (len(SERIES) * bar_w + gap) - gap
    left = PAD + (WIDTH - 2 * PAD - span) / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="Loss per epoch">',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="currentColor" stroke-opacity="0.4"/>',
    ]
    for index, (epoch, bars) in enumerate(groups):
        x0 = left + index * (len(SERIES) * bar_w + gap)
        for slot, (label, colour, value) in enumerate(bars):
            if value is None:
                continue
            height = (HEIGHT - 2 * PAD - 14) * value / high
            x = x0 + slot * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{HEIGHT - PAD - height:.1f}" width="{bar_w - 6}" '
                f'height="{height:.1f}" fill="{colour}">'
                f"<title>{escape(label)} epoch {epoch}: {value:.4f}</title></rect>"
            )
            parts.append(
                f'<text x="{x + (bar_w - 6) / 2:.1f}" y="{HEIGHT - PAD - height - 4:.1f}" '
                f'text-anchor="middle" font-size="10" fill="currentColor">{value:.3f}</text>'
            )
        parts.append(
            f'<text x="{x0 + len(SERIES) * bar_w / 2:.1f}" y="{HEIGHT - PAD + 14}" '
            f'text-anchor="middle" font-size="10" fill="currentColor">epoch {epoch}</text>'
        )
    for index, (_, label, colour) in enumerate(SERIES):
        parts.append(
            f'<text x="{WIDTH - PAD}" y="{PAD + 12 * index}" text-anchor="end" font-size="11" '
            f'fill="{colour}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
