"""Counted words, so no page says "1 minutes" or "2 item(s)"."""

from django.utils.translation import ngettext


def plural_noun(singular: str) -> str:
    """English plural of the nouns Exhale counts (minute, item, day, session, class, entry…)."""
    if singular.endswith(("s", "sh", "ch", "x")):
        return singular + "es"
    if singular.endswith("y") and singular[-2:-1] not in tuple("aeiou"):
        return singular[:-1] + "ies"
    return singular + "s"


def count_of(number: int, singular: str, plural: str | None = None) -> str:
    """'1 minute', '2 minutes', '1,200 minutes': the number and its noun, agreeing."""
    noun = ngettext(singular, plural or plural_noun(singular), number)
    return f"{number:,} {noun}" if isinstance(number, int) else f"{number} {noun}"
