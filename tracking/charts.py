"""One small server-rendered SVG per metric of a logged run: value over step."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, PAD = 360, 160, 36


def metric_chart_svg(key: str, points: Sequence[tuple[int, float]]) -> str:
    """A line over steps (a dot when there is one point); NaN and infinities are skipped and
    said so in the title. Empty string when nothing is drawable."""
    finite = [(s, v) for s, v in points if math.isfinite(v)]
    skipped = len(points) - len(finite)
    if not finite:
        return ""
    steps = [s for s, _ in finite]
    vals = [v for _, v in finite]
    low_s, high_s, low_v, high_v = min(steps), max(steps), min(vals), max(vals)
    bottom = HEIGHT - PAD

    def x(step: float) -> float:
        span = high_s - low_s
        return PAD + (WIDTH - 2 * PAD) * ((step - low_s) / span if span else 0.5)

    def y(value: float) -> float:
        span = high_v - low_v
        return bottom - (bottom - PAD / 2) * ((value - low_v) / span if span else 0.5)

    title = f"{key} over {len(finite)} step{'s' if len(finite) != 1 else ''}"
    if skipped:
        title += (
            f" ({skipped} not-a-number or infinite value{'s' if skipped != 1 else ''} left out)"
        )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="metric-chart"><title>{escape(title)}</title>',
        f'<line x1="{PAD}" y1="{bottom}" x2="{WIDTH - PAD / 2}" y2="{bottom}" '
        'stroke="currentColor" stroke-opacity="0.4"/>',
        f'<text x="{PAD - 4}" y="{PAD / 2 + 4}" text-anchor="end" font-size="10" '
        f'fill="currentColor">{high_v:.4g}</text>',
        f'<text x="{PAD - 4}" y="{bottom}" text-anchor="end" font-size="10" '
        f'fill="currentColor">{low_v:.4g}</text>',
        f'<text x="{WIDTH / 2:.0f}" y="{bottom + 16}" text-anchor="middle" font-size="10" '
        f'fill="currentColor">step {low_s}–{high_s}</text>',
    ]
    if len(finite) == 1:
        parts.append(f'<circle cx="{x(steps[0]):.1f}" cy="{y(vals[0]):.1f}" r="3" fill="#1f77b4"/>')
    else:
        coords = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in finite)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="#1f77b4" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)
