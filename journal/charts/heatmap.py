"""A year calendar heatmap of practice minutes: one square per day, a column per week."""

from collections.abc import Mapping
from datetime import date, timedelta
from html import escape

from core.text import count_of
from journal.habits import week_start

CELL = 11
GAP = 2
LEFT = 30
TOP = 16
# Light to dark green; index 0 is a day without practice.
COLOURS = ("#e4e7eb", "#b7e4c7", "#74c69d", "#40916c", "#1b4332")
WEEKDAY_LABELS = {0: "Mon", 2: "Wed", 4: "Fri"}


def level(minutes: int, target_minutes: int) -> int:
    """0 for no practice, then 1..4 by the share of the daily target reached."""
    if minutes <= 0:
        return 0
    target = max(1, target_minutes)
    if minutes < target / 2:
        return 1
    if minutes < target:
        return 2
    if minutes < 2 * target:
        return 3
    return 4


def day_label(day: date, minutes: int) -> str:
    when = f"{day:%a} {day.day} {day:%b %Y}"
    if not minutes:
        return f"{when}: no practice"
    return f"{when}: {minutes} minute{'s' if minutes != 1 else ''}"


def heatmap_start(end: date, weeks: int = 53) -> date:
    """The first day year_heatmap() draws for a map ending on `end`."""
    return week_start(end) - timedelta(weeks=weeks - 1)


def year_heatmap(
    minutes_by_day: Mapping[date, int],
    end: date,
    target_minutes: int = 60,
    weeks: int = 53,
    rest_weekdays: frozenset[int] = frozenset(),
) -> str:
    """SVG of the `weeks` weeks ending with `end`'s week; days after `end` are not drawn.
    Every day carries a <title> that screen readers and hovering read out."""
    first = heatmap_start(end, weeks)
    width = LEFT + weeks * (CELL + GAP)
    height = TOP + 7 * (CELL + GAP)
    practised = sum(1 for d, m in minutes_by_day.items() if first <= d <= end and m > 0)
    total = sum(m for d, m in minutes_by_day.items() if first <= d <= end)
    summary = (
        f"Practice from {first.day} {first:%b %Y} to {end.day} {end:%b %Y}: "
        f"{count_of(practised, 'day')}, {count_of(total, 'minute')}"
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="heatmap-title">',
        f'<title id="heatmap-title">{escape(summary)}</title>',
    ]
    for weekday, label in WEEKDAY_LABELS.items():
        y = TOP + weekday * (CELL + GAP) + CELL - 2
        parts.append(f'<text x="0" y="{y}" font-size="9" fill="currentColor">{label}</text>')
    for column in range(weeks):
        monday = first + timedelta(weeks=column)
        x = LEFT + column * (CELL + GAP)
        if monday.day <= 7:
            parts.append(
                f'<text x="{x}" y="10" font-size="9" fill="currentColor">{monday:%b}</text>'
            )
        for weekday in range(7):
            day = monday + timedelta(days=weekday)
            if day > end:
                break
            minutes = minutes_by_day.get(day, 0)
            y = TOP + weekday * (CELL + GAP)
            rest = ' data-rest="1"' if weekday in rest_weekdays else ""
            label = day_label(day, minutes) + (" (rest day)" if rest else "")
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2" '
                f'fill="{COLOURS[level(minutes, target_minutes)]}" '
                f'data-date="{day.isoformat()}" data-minutes="{minutes}"{rest}>'
                f"<title>{escape(label)}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)
