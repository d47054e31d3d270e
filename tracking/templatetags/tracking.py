from datetime import UTC, datetime

from django import template

register = template.Library()


@register.filter
def from_ms(ms):
    if ms is None:
        return None
    return datetime.fromtimestamp(int(ms) / 1000, tz=UTC)


@register.filter
def duration_ms(ms) -> str:
    """'45 s', '12 min', '1 h 05 min'."""
    seconds = int(ms) // 1000
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


@register.filter
def metric_figure(value) -> str:
    """Four significant figures; NaN and infinities named."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else "−∞"
    return f"{value:.4g}"
