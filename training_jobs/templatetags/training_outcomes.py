"""Filters that print a run's numbers the way training_jobs.outcomes reads them."""

from django import template

from training_jobs import outcomes

register = template.Library()


@register.filter
def metric_text(value, metric_name: str) -> str:
    """An epoch's metric: 84.0% for an accuracy, 0.8734 for an RMSE, – when missing."""
    return outcomes.format_metric(str(metric_name), value)


@register.filter
def loss_text(value) -> str:
    """A loss with four decimals, – when the epoch has none."""
    return outcomes.format_metric("loss", value)
