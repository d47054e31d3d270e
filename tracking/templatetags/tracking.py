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


@register.filter
def latest_figures(run, most: int = 3) -> list[tuple[str, float]]:
    """The latest value of up to three metrics, from the run's prefetched points."""
    from tracking.selectors import latest_metrics
    from tracking.values import from_special

    latest = latest_metrics(run.metrics.all())
    return [(k, from_special(p.value, p.special)) for k, p in sorted(latest.items())][:most]


@register.filter
def notebook_html(html: str):
    """A notebook's stored HTML, cleaned once more on the way out."""
    from django.utils.safestring import mark_safe

    from tracking.notebook_render import sanitise_again

    return mark_safe(sanitise_again(html))
