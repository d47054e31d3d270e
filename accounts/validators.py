"""Small shared validators: the model, the forms and the API serializers all use these."""

import re
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError

USERNAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{1,28}[a-z0-9])$")
RESERVED_USERNAMES = frozenset(
    {
        "admin",
        "api",
        "static",
        "media",
        "accounts",
        "account",
        "login",
        "logout",
        "signup",
        "settings",
        "today",
        "roadmaps",
        "projects",
        "jobs",
        "discover",
        "feed",
        "u",
        "www",
        "root",
        "support",
        "help",
        "about",
        "healthz",
        "sitemap",
        "robots",
        "exhale",
    }
)


@cache
def timezone_choices() -> tuple[tuple[str, str], ...]:
    names = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
    return tuple((name, name.replace("_", " ")) for name in names)


def validate_username(value: str) -> None:
    if not USERNAME_PATTERN.match(value or ""):
        raise ValidationError(
            "Use 3 to 30 lowercase letters, digits, '-' or '_', starting and ending "
            "with a letter or digit. It becomes your public address /u/<username>/.",
            code="invalid_username",
        )
    if value in RESERVED_USERNAMES:
        raise ValidationError("That name is reserved; please pick another.", code="reserved")


def validate_timezone(value: str) -> None:
    if value not in dict(timezone_choices()):
        raise ValidationError(
            "%(value)s is not a time zone we know. Pick one from the list, e.g. Europe/Paris.",
            params={"value": value},
            code="invalid_timezone",
        )


def validate_rest_weekdays(value: str) -> None:
    """Rest weekdays are stored as digits 0 (Monday) to 6 (Sunday), each at most once."""
    if not re.fullmatch(r"[0-6]{0,7}", value or "") or len(set(value)) != len(value):
        raise ValidationError("Rest days must be distinct weekdays.", code="invalid_rest_days")
    if len(value) == 7:
        raise ValidationError("Keep at least one practice day in the week.", code="all_rest_days")
