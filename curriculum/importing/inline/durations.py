"""Durations ("3 weeks", "2h/week") and hour estimates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from curriculum.importing.outline import MAX_HOURS

# --- durations -------------------------------------------------------------------------------


@dataclass
class Duration:
    hours: Decimal | None = None
    weeks: Decimal | None = None
    hours_per_week: Decimal | None = None

    @property
    def empty(self) -> bool:
        return self.hours is None and self.weeks is None and self.hours_per_week is None


_NUMBER = r"(\d{1,6}(?:[.,]\d{1,3})?)"
_DURATION = re.compile(
    rf"{_NUMBER}(?:\s*(?:-|to)\s*{_NUMBER})?\s*"
    r"(minutes|minute|mins|min|m|hours|hour|hrs|hr|h|days|day|d|weeks|week|wks|wk|w|"
    r"months|month|mos|mo)\b"
    r"(\s*(?:/|per|a|an|each)\s*(?:week|wk|w)\b)?",
    re.IGNORECASE,
)
_PER_WEEK_ALONE = re.compile(r"(?:/|per|a|each)\s*(?:week|wk)\b", re.IGNORECASE)
HOURS_PER_DAY = Decimal(4)
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


def _num(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def parse_duration(text: str) -> Duration:
    """Read "13 weeks", "10-12 weeks", "6 months", "6–10 hours/week", "~75 min", "~35 hr" or
    "-" (nothing). A range counts as its middle."""
    text = text[:200].replace("–", "-").replace("—", "-").replace("~", " ").replace("≈", " ")
    found = Duration()
    for match in _DURATION.finditer(text):
        low = _num(match.group(1))
        high = _num(match.group(2)) if match.group(2) else low
        value = (low + high) / 2
        unit = match.group(3).lower()
        per_week = bool(match.group(4))
        if unit in ("minutes", "minute", "mins", "min", "m"):
            hours = value / 60
        elif unit in ("hours", "hour", "hrs", "hr", "h"):
            hours = value
        elif unit in ("days", "day", "d"):
            hours = value * HOURS_PER_DAY
        else:
            weeks = value if unit.startswith("w") else value * WEEKS_PER_MONTH
            if found.weeks is None:
                found.weeks = weeks
            continue
        if per_week:
            if found.hours_per_week is None:
                found.hours_per_week = hours
        elif found.hours is None:
            found.hours = hours
    return found


def round_hours(value: Decimal | float | None) -> Decimal | None:
    if value is None:
        return None
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        return None
    return min(value, MAX_HOURS)


def estimate_hours(duration: Duration, effort: Duration | None = None) -> Decimal | None:
    """Hours of work from a duration, using weekly effort when the duration is in weeks."""
    per_week = duration.hours_per_week
    if effort is not None:
        per_week = per_week or effort.hours_per_week or effort.hours
    if duration.hours is not None:
        return round_hours(duration.hours)
    if duration.weeks is not None and per_week is not None:
        return round_hours(duration.weeks * per_week)
    if effort is not None and effort.hours is not None and effort.hours_per_week is None:
        return round_hours(effort.hours)
    return None


def format_hours(hours: Decimal) -> str:
    text = format(hours.normalize(), "f") if hours else "0"
    return f"~{text} hour" if hours == 1 else f"~{text} hours"
