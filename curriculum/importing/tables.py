"""Table rows as items: which column is the title, the link, the estimate (hours, duration,
effort, "est."), the status and the kind; every other cell with something in it goes to the
item's note, so no column is lost."""

from __future__ import annotations

import re
from collections.abc import Callable

from curriculum.importing.inline import (
    Duration,
    collapse,
    estimate_hours,
    guess_kind,
    parse_duration,
    parse_inline,
    status_from_word,
    take_glyph_status,
)
from curriculum.importing.outline import NOTE_MAX, OutlineItem

_TITLE_WORDS = re.compile(
    r"^(#|no\.?|nr\.?|course|courses|lesson|lessons|title|name|resource|resources|topic|"
    r"topics|project|projects|book|books|module|modules|item|items|material|materials|what|"
    r"class|classes|subject|video|videos|paper|papers|tutorial|tutorials|chapter|lecture|"
    r"lectures|task|tasks|step|steps|skill|skills|unit|units|tema|curso|cours|kurs|thema)$",
    re.IGNORECASE,
)
_DURATION_HEADERS = re.compile(
    r"^(duration|time|length|weeks|est\.?|estimate|estimated( time)?|hours|hrs|h|timeline|"
    r"time needed|how long|~?time|est\.? (hours|hrs|time)|estimated hours|time \(h\)|"
    r"hours \(est\.?\)|time \(hours\)|duration \(h\)|duration \(hours\)|duration \(weeks\)|"
    r"dauer|duración|durée|tempo|horas|heures|stunden)$",
    re.IGNORECASE,
)
_EFFORT_HEADERS = re.compile(
    r"^(effort|hours/week|hrs/week|h/week|workload|commitment|pace|weekly effort|per week|"
    r"effort \(h\)|effort \(hours\))$",
    re.IGNORECASE,
)
_STATUS_HEADERS = re.compile(r"^(status|done|progress|state|✓|✔|complete|completed)$", re.I)
_KIND_HEADERS = re.compile(r"^(type|kind|format|category|medium)$", re.IGNORECASE)
_LINK_HEADERS = re.compile(r"^(link|links|url|where)$", re.IGNORECASE)
SKIP_HEADERS = re.compile(r"^(#|no\.?|nr\.?)$", re.IGNORECASE)
_TITLE_PART = re.compile(r"\b(title|name|topics?|concepts?|subjects?|courses?|lessons?)\b")
_NUMBER_PART = re.compile(r"\b(number|no|nr|#|id|link|linked|url)\b")
_BARE_NUMBER = re.compile(r"^~?\s*\d{1,5}(?:[.,]\d{1,2})?(?:\s*(?:-|–|to)\s*\d{1,5}(?:[.,]\d+)?)?$")

ItemMaker = Callable[..., "tuple[str, OutlineItem] | None"]


def header_names(header: list[str]) -> list[str]:
    return [collapse(parse_inline(cell).text).strip(" :") for cell in header]


def _default_unit(header: str) -> str:
    lower = header.lower()
    if "week" in lower or "wk" in lower:
        return "weeks"
    if "day" in lower:
        return "days"
    if "month" in lower:
        return "months"
    return "hours"


def cell_duration(cell: str, header: str) -> Duration | None:
    """The duration a cell states; a bare number takes its unit from the header ("Hours",
    "Weeks"), hours when the header names none ("Est.", "Time")."""
    text = collapse(parse_inline(cell).text)
    if not text or set(text) <= set("-–— "):
        return None
    if _BARE_NUMBER.match(text):
        text = f"{text} {_default_unit(header)}"
    duration = parse_duration(text)
    return None if duration.empty else duration


def column_roles(headers: list[str], rows: list[list[str]]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = header.strip().lower()
        if not name:
            continue
        if "title" not in roles and _TITLE_WORDS.match(name) and name not in ("#", "no", "nr"):
            roles["title"] = index
        elif "duration" not in roles and _DURATION_HEADERS.match(name):
            roles["duration"] = index
        elif "effort" not in roles and _EFFORT_HEADERS.match(name):
            roles["effort"] = index
        elif "status" not in roles and _STATUS_HEADERS.match(name):
            roles["status"] = index
        elif "kind" not in roles and _KIND_HEADERS.match(name):
            roles["kind"] = index
        elif "link" not in roles and _LINK_HEADERS.match(name):
            roles["link"] = index
    for index, header in enumerate(headers):
        # Headers that only contain a telling word: "Linked Lesson", "Concepts Taught".
        name = header.strip().lower()
        if index in roles.values() or not name:
            continue
        if "link" not in roles and re.search(r"\b(link|linked|url)\b", name):
            roles["link"] = index
        elif "title" not in roles and _TITLE_PART.search(name) and not _NUMBER_PART.search(name):
            roles["title"] = index
    if "title" in roles:
        roles["title"] = _most_distinct_title(headers, rows, roles)
    if "title" not in roles:
        # No telling header: the column whose cells most often hold a link, else the first
        # column that is not a number.
        best, best_links = None, 0
        for index in range(len(headers)):
            links = sum(1 for row in rows if "](" in row[index] or "http" in row[index])
            if links > best_links and index not in roles.values():
                best, best_links = index, links
        if best is None:
            for index in range(len(headers)):
                if index in roles.values() or SKIP_HEADERS.match(headers[index] or "#"):
                    continue
                values = [row[index].strip() for row in rows if row[index].strip()]
                if values and not all(v.replace(".", "").isdigit() for v in values):
                    best = index
                    break
        if best is not None:
            roles["title"] = best
    return roles


def _distinct(rows: list[list[str]], index: int) -> int:
    return len({collapse(parse_inline(row[index]).text).lower() for row in rows if row[index]})


def _most_distinct_title(headers: list[str], rows: list[list[str]], roles: dict) -> int:
    """Of the columns whose header names a title ("Project Name", "Concepts Taught"), the one
    that tells the rows apart best: a column repeating "Getting Started" is a grouping."""
    best = roles["title"]
    others = [i for i in roles.values() if i != best]
    for index, header in enumerate(headers):
        name = header.strip().lower()
        if index == best or index in others or _NUMBER_PART.search(name):
            continue
        if _TITLE_PART.search(name) or _TITLE_WORDS.match(name):
            if _distinct(rows, index) > _distinct(rows, best):
                best = index
    return best


def _is_numbering(rows: list[list[str]], index: int) -> bool:
    values = [row[index].strip() for row in rows if row[index].strip()]
    return bool(values) and all(v.rstrip(".").isdigit() for v in values)


def item_from_row(
    headers: list[str],
    row: list[str],
    roles: dict[str, int],
    *,
    make_item: ItemMaker,
    links_of: Callable[[str], list[str]],
    glyphs: dict[str, str],
) -> tuple[str, OutlineItem] | None:
    title_cell = row[roles["title"]]
    if not title_cell.strip() or set(title_cell.strip()) <= set("-–—: "):
        return None
    item = make_item(title_cell, source="table", kind_hint=headers[roles["title"]])
    if item is None:
        return None
    _, built = item
    if "link" in roles:
        # The link column is the resource; a link in the title cell goes to the note.
        for link in links_of(row[roles["link"]]):
            if link and link != built.url:
                if built.url:
                    title_link = f"Also: [{built.title}]({built.url})"
                    built.note = "\n".join(filter(None, [built.note, title_link]))
                built.url = link
                break
    duration = effort = None
    if "duration" in roles:
        duration = cell_duration(row[roles["duration"]], headers[roles["duration"]])
    if "effort" in roles:
        effort = cell_duration(row[roles["effort"]], headers[roles["effort"]] + "/week")
    if duration is not None or effort is not None:
        hours = estimate_hours(duration or Duration(), effort)
        if hours is not None and built.estimated_hours is None:
            built.estimated_hours = hours
    if "status" in roles:
        cell = row[roles["status"]]
        status, _ = take_glyph_status(cell, glyphs, anywhere=True)
        status = status or status_from_word(cell)
        if status:
            built.status = status
    if "kind" in roles:
        kind_text = parse_inline(row[roles["kind"]]).text
        kind = guess_kind("", "", kind_text)
        if kind_text and kind != "article" or kind_text.lower() == "article":
            built.kind = kind
    notes = []
    for index, header in enumerate(headers):
        if index in roles.values() and index not in (roles.get("duration"), roles.get("effort")):
            continue
        if SKIP_HEADERS.match(header or "#") and header:
            continue
        if not header and _is_numbering([row], index):
            continue  # a headless column of row numbers
        cell = row[index].strip() if index < len(row) else ""
        if not cell or set(cell) <= set("-–— "):
            continue
        if index == roles.get("duration") and duration is not None and duration.weeks is None:
            continue  # hours alone: all of it is in the estimate
        if index == roles.get("effort") and duration is None and effort is not None:
            if built.estimated_hours is not None:
                continue
        notes.append(f"{header or 'Notes'}: {cell}")
    if notes:
        built.note = "\n".join(filter(None, [built.note, *notes]))[:NOTE_MAX]
    return item
