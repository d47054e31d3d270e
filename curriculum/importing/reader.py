"""One entry point for every file a learner can import: our JSON export, roadmap.sh's JSON,
or Markdown."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from curriculum.importing.inline import check_url, clip, collapse, decode_file, round_hours
from curriculum.importing.markdown import parse_markdown
from curriculum.importing.outline import (
    CHECKLIST_TEXT_MAX,
    ITEM_KINDS,
    ITEM_TITLE_MAX,
    MAX_CHECKLIST,
    MAX_HOURS,
    MAX_ITEMS,
    MAX_PLANNED_WEEKS,
    MAX_STAGES,
    NOTE_MAX,
    ROADMAP_DESCRIPTION_MAX,
    ROADMAP_TITLE_MAX,
    STAGE_DESCRIPTION_MAX,
    STAGE_KINDS,
    STAGE_TITLE_MAX,
    STATUSES,
    ChecklistEntry,
    Outline,
    OutlineItem,
    OutlineStage,
    UnusableFile,
    Warnings,
    check_limits,
)
from curriculum.importing.roadmap_sh import is_roadmap_sh, parse_roadmap_sh


def parse_roadmap_file(
    data: str | bytes,
    *,
    filename: str = "",
    base_url: str = "",
) -> Outline:
    """Read an uploaded or pasted roadmap. JSON when it looks like JSON (or is named .json),
    Markdown otherwise. Raises UnusableFile with a message for the learner."""
    text = decode_file(data)
    default_title = _title_from_filename(filename)
    if filename.lower().endswith(".json") or text.lstrip().startswith("{"):
        return parse_json(text, default_title=default_title)
    if _JSON_ARRAY.match(text):
        # "[{", "[1", "[]": JSON; "[![badge](…)](…)" or "[Home](…)": Markdown.
        return parse_json(text, default_title=default_title)
    return parse_markdown(text, base_url=base_url, default_title=default_title)


_JSON_ARRAY = re.compile(r"^\s*\[\s*(?:[\[{\"\d\-\]]|true|false|null)")


def _title_from_filename(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = collapse(stem.replace("-", " ").replace("_", " "))
    return clip(words[:1].upper() + words[1:], ROADMAP_TITLE_MAX) if words else "Imported roadmap"


def parse_json(text: str, *, default_title: str = "Imported roadmap") -> Outline:
    try:
        obj = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise UnusableFile(f"This is not valid JSON ({_short(exc)}).") from exc
    if is_roadmap_sh(obj):
        return parse_roadmap_sh(obj, default_title=default_title)
    if isinstance(obj, dict) and isinstance(obj.get("stages"), list):
        return outline_from_dict(obj, default_title=default_title)
    raise UnusableFile(
        'This JSON is neither an Exhale roadmap export (with "stages") nor a roadmap.sh '
        'export (with "nodes").'
    )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _short(exc: Exception) -> str:
    return clip(str(exc) or exc.__class__.__name__, 120)


def _text(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise UnusableFile(f"“{field}” must be text.")
    if required and not collapse(value):
        raise UnusableFile(f"Every {field} needs a title.")
    return value


def outline_from_dict(obj: dict, *, default_title: str = "Imported roadmap") -> Outline:
    """Our own JSON shape (outline_to_dict) back to an Outline, checking every field."""
    warnings = Warnings()
    stages_data = obj["stages"]
    if len(stages_data) > MAX_STAGES:
        raise UnusableFile(
            f"This file has {len(stages_data):,} stages; a roadmap holds at most {MAX_STAGES:,}."
        )
    title = collapse(_text(obj.get("title"), ROADMAP_TITLE_MAX, field="title"))
    outline = Outline(
        title=clip(title or default_title, ROADMAP_TITLE_MAX),
        description=clip(
            _text(obj.get("description"), ROADMAP_DESCRIPTION_MAX, field="description").strip(),
            ROADMAP_DESCRIPTION_MAX,
        ),
    )
    total = 0
    for stage_data in stages_data:
        if not isinstance(stage_data, dict):
            raise UnusableFile("Each stage must be an object with a title and items.")
        stage_title = collapse(_text(stage_data.get("title"), 0, field="stage", required=True))
        kind = stage_data.get("kind") or "learn"
        if kind not in STAGE_KINDS:
            warnings.add(f"Stage “{clip(stage_title, 60)}” had an unknown kind; it is now learn.")
            kind = "learn"
        weeks = stage_data.get("planned_weeks")
        if weeks is not None and (
            not isinstance(weeks, int)
            or isinstance(weeks, bool)
            or not 0 < weeks <= MAX_PLANNED_WEEKS
        ):
            warnings.add(f"Stage “{clip(stage_title, 60)}” had unusable planned weeks; dropped.")
            weeks = None
        stage = OutlineStage(
            title=clip(stage_title, STAGE_TITLE_MAX),
            kind=kind,
            planned_weeks=weeks,
            description=clip(
                _text(stage_data.get("description"), 0, field="description").strip(),
                STAGE_DESCRIPTION_MAX,
            ),
            declared=True,
        )
        items = stage_data.get("items") or []
        if not isinstance(items, list):
            raise UnusableFile(f"The items of stage “{clip(stage_title, 60)}” must be a list.")
        total += len(items)
        if total > MAX_ITEMS:
            raise UnusableFile(
                f"This file has more than {MAX_ITEMS:,} items; a roadmap holds at most "
                f"{MAX_ITEMS:,}."
            )
        for item_data in items:
            stage.items.append(_item_from_dict(item_data, warnings))
        outline.stages.append(stage)
    if not outline.stages:
        raise UnusableFile("This roadmap has no stages.")
    outline.warnings = warnings.as_list()
    check_limits(outline)
    return outline


def _item_from_dict(data: Any, warnings: Warnings) -> OutlineItem:
    if not isinstance(data, dict):
        raise UnusableFile("Each item must be an object with a title.")
    title = collapse(_text(data.get("title"), 0, field="item", required=True))
    url = ""
    raw_url = _text(data.get("url"), 0, field="url")
    if raw_url:
        checked = check_url(raw_url)
        if checked.problem == "unsafe":
            warnings.add(f"Dropped an unsafe link from “{clip(title, 60)}”.")
        elif checked.problem:
            warnings.add(f"Dropped an unusable link from “{clip(title, 60)}”.")
        url = checked.url
    kind = data.get("kind") or "article"
    if kind not in ITEM_KINDS:
        kind = "article"
    status = data.get("status") or "not_started"
    if status not in STATUSES:
        warnings.add(f"“{clip(title, 60)}” had an unknown status; it is now not started.")
        status = "not_started"
    hours = data.get("estimated_hours")
    estimated = None
    if hours is not None:
        try:
            if isinstance(hours, bool):
                raise InvalidOperation
            estimated = round_hours(Decimal(str(hours)))
            if estimated is None or not estimated.is_finite() or estimated > MAX_HOURS:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            warnings.add(f"“{clip(title, 60)}” had unusable estimated hours; dropped.")
            estimated = None
    checklist = []
    for entry in (data.get("checklist") or [])[:MAX_CHECKLIST]:
        if isinstance(entry, dict) and isinstance(entry.get("text"), str):
            text = clip(collapse(entry["text"]), CHECKLIST_TEXT_MAX)
            if text:
                checklist.append(ChecklistEntry(text=text, done=entry.get("done") is True))
    slug = data.get("project_slug") or ""
    if not isinstance(slug, str) or len(slug) > 60:
        slug = ""
    return OutlineItem(
        title=clip(title, ITEM_TITLE_MAX),
        url=url,
        kind=kind,
        estimated_hours=estimated,
        status=status,
        note=_text(data.get("note"), 0, field="note").strip()[:NOTE_MAX],
        checklist=checklist,
        project_slug=slug,
    )
