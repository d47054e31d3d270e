"""What a title says besides its name: a trailing " — kind · ~3 hours" (our export), a
" — ✅ (~14 hours)" status and duration, "(weeks 1-3)" or "Week 4–6" planned weeks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from curriculum.importing.inline import (
    STATUS_GLYPHS_DEFAULT,
    estimate_hours,
    parse_duration,
    round_hours,
    strip_variation,
    take_glyph_status,
)
from curriculum.importing.outline import ITEM_KINDS, MAX_PLANNED_WEEKS

SEPARATORS = (" — ", " – ", " - ")
_PROJECT_SLUG = re.compile(r"^project:([a-z0-9][a-z0-9-]{0,59})$")
_WEEKS_ONLY = re.compile(r"^(\d{1,3})\s*(?:weeks?|wks?)$", re.IGNORECASE)
_FILLER = re.compile(r"\b(est|estimated|approx|about|around|total)\b\.?", re.IGNORECASE)
_UNITS_RESIDUE = re.compile(
    r"[~≈\d.,\-–\s]|minutes?|mins?|hours?|hrs?|h\b|weeks?|wks?|months?|days?|/|per|\bat\b"
)
_DASH = r"\s*(?:-|–|—|to|until|bis|a|à)\s*"
# "(weeks 1-3)", "(Week 4–6)", "(wk 7 to 10)": a span of weeks, stripped from the title.
_PAREN_WEEK_SPAN = re.compile(
    rf"\s*\(\s*(?:weeks?|wks?|wochen?|semanas?|semaines?)\s*(\d{{1,3}}){_DASH}(\d{{1,3}})\s*\)",
    re.IGNORECASE,
)
# "Week 4–6: Trees", "Weeks 1 - 2": kept in the title.
_WEEK_SPAN = re.compile(rf"\b(?:weeks?|wks?)\s*(\d{{1,3}}){_DASH}(\d{{1,3}})\b", re.IGNORECASE)
# "6 weeks" anywhere in a heading: kept in the title.
_N_WEEKS = re.compile(r"\b(\d{1,3})\s*(?:weeks|wks|week)\b", re.IGNORECASE)
_PROJECT_WORDS = re.compile(
    r"\b(projects?|capstones?|milestones?|build|ship|final project|portfolio)\b", re.IGNORECASE
)


@dataclass
class Meta:
    status: str | None = None
    hours: Decimal | None = None
    weeks: int | None = None
    kind: str | None = None
    project_slug: str = ""
    found: bool = False


def weeks_or_none(value: int | Decimal) -> int | None:
    value = int(value)
    return value if 0 < value <= MAX_PLANNED_WEEKS else None


def heading_weeks(title: str) -> tuple[str, int | None]:
    """Planned weeks a heading states: "(weeks 1-3)" (taken out of the title), "Week 4–6" or
    "6 weeks" (left in it)."""
    match = _PAREN_WEEK_SPAN.search(title)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        stripped = (title[: match.start()] + title[match.end() :]).strip()
        return stripped, weeks_or_none(high - low + 1) if high >= low else None
    match = _WEEK_SPAN.search(title)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        return title, weeks_or_none(high - low + 1) if high >= low else None
    match = _N_WEEKS.search(title)
    if match:
        return title, weeks_or_none(int(match.group(1)))
    return title, None


_GROUP_WORDS = re.compile(
    r"^(exercises?|practice|homework|assignments?|readings?|further reading|resources|notes|"
    r"extras?|optional|bonus|labs?|quiz(zes)?|tasks?|deliverables?)$",
    re.IGNORECASE,
)


def says_group(title: str) -> bool:
    """A sub-heading that names a group of things to do in its stage, not a stage."""
    return says_project(title) or bool(_GROUP_WORDS.match(title.strip(" :")))


_ABOUT_REPOSITORY = re.compile(
    r"^(community|team|the team|contributors?|contributing|how to contribute|contribute|"
    r"contribution guidelines|code of conduct|licen[cs]e|licen[cs]ing|credits?|"
    r"acknowledge?ments?|sponsors?|sponsorship|support( us| the project)?|donate|donations|"
    r"getting help|authors?|maintainers?|star history|stargazers|changelog|translations?|"
    r"other languages|disclaimer|backers|contact|connect with us)\b",
    re.IGNORECASE,
)


def about_repository(title: str) -> bool:
    """A section about the repository (its team, licence, how to contribute), not about
    what to learn."""
    words = " ".join(re.sub(r"[^\w\s]", " ", title).split())
    return len(words.split()) <= 8 and bool(_ABOUT_REPOSITORY.match(words))


def says_project(title: str) -> bool:
    return bool(_PROJECT_WORDS.search(title))


def guess_stage_kind(title: str) -> str:
    return "build" if says_project(title) else "learn"


def is_bold_only(raw: str) -> bool:
    text = raw.strip().rstrip(":").strip()
    for marker in ("**", "__"):
        if (
            text.startswith(marker)
            and text.endswith(marker)
            and len(text) > 2 * len(marker)
            and marker not in text[len(marker) : -len(marker)]
        ):
            return True
    return False


def scheme_of(url: str) -> str:
    cleaned = "".join(ch for ch in url if not ch.isspace())
    return cleaned.split(":", 1)[0].lower() + ":" if ":" in cleaned else "unknown"


def split_meta(raw: str, *, item: bool) -> tuple[str, Meta]:
    """Split a trailing " — kind · ~3 hours" (our export) or " — ✅ (~14 hours)" (a real
    curriculum's heading) from a title. Only a tail made wholly of such parts is taken."""
    meta = Meta()
    positions = [(raw.rfind(sep), sep) for sep in SEPARATORS]
    position, sep = max(positions)
    if position <= 0:
        return raw, meta
    tail = raw[position + len(sep) :]
    parsed = _read_meta(tail, item=item)
    if parsed is None:
        return raw, meta
    parsed.found = True
    return raw[:position].rstrip(), parsed


def _is_duration_only(inner: str) -> bool:
    residue = _UNITS_RESIDUE.sub("", _FILLER.sub("", inner.lower()))
    return not residue and not parse_duration(inner).empty


def _read_meta(tail: str, *, item: bool) -> Meta | None:
    meta = Meta()
    tail = strip_variation(tail)
    if not tail.strip():
        return None
    for part in re.split(r"\s*[·,]\s*", tail.strip()):
        part = part.strip()
        if not part:
            continue
        glyph, rest = take_glyph_status(part, STATUS_GLYPHS_DEFAULT)
        if glyph:
            meta.status = meta.status or glyph
            part = rest
            if not part:
                continue
        lower = part.lower()
        if item and lower in ITEM_KINDS:
            meta.kind = lower
            continue
        if item and lower == "milestone project":
            meta.kind = "project"
            continue
        if not item and lower in ("learn", "build"):
            meta.kind = lower
            continue
        slug = _PROJECT_SLUG.match(part)
        if item and slug:
            meta.project_slug = slug.group(1)
            continue
        if item and lower in ("not started", "in progress", "done", "skipped"):
            meta.status = lower.replace(" ", "_")
            continue
        inner = part.strip("()[] ")
        weeks = _WEEKS_ONLY.match(inner)
        if not item and weeks:
            meta.weeks = weeks_or_none(int(weeks.group(1)))
            continue
        if not _is_duration_only(inner):
            return None
        duration = parse_duration(inner)
        if item:
            meta.hours = estimate_hours(duration)
        elif duration.weeks is not None and duration.hours_per_week is None:
            meta.weeks = weeks_or_none(duration.weeks)
    return meta


_PAREN_TAIL = re.compile(r"\(([^()]{1,60})\)\s*$")


def split_paren_duration(raw: str, weeks: bool = False) -> tuple[str, Decimal | None]:
    """A trailing "(10 h)" or "(~2 weeks)": the title without it, and hours (or weeks)."""
    match = _PAREN_TAIL.search(raw)
    if not match:
        return raw, None
    inner = match.group(1)
    if not _is_duration_only(inner):
        return raw, None
    duration = parse_duration(inner)
    if weeks:
        if duration.weeks is None or duration.hours_per_week is not None:
            return raw[: match.start()].rstrip(), None
        return raw[: match.start()].rstrip(), Decimal(int(duration.weeks))
    return raw[: match.start()].rstrip(), round_hours(estimate_hours(duration))
