from django import template

from core.text import count_of

register = template.Library()


@register.filter(name="count_of")
def count_of_filter(number, noun: str) -> str:
    """{{ minutes|count_of:"minute" }} → "1 minute" / "45 minutes";
    {{ n|count_of:"entry,entries" }} for an irregular plural."""
    singular, _, plural = str(noun).partition(",")
    try:
        number = int(number)
    except (TypeError, ValueError):
        return f"{number} {plural or singular}"
    return count_of(number, singular, plural or None)
