from django import template

from journal.kinds import Kind

register = template.Library()


@register.filter
def label_of(labels: dict | None, kind: str) -> str:
    """The learner's name for a kind: {{ labels|label_of:session.kind }}."""
    if labels and kind in labels:
        return labels[kind]
    return Kind(kind).label if kind in Kind.values else kind
