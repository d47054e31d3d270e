"""Outline → Markdown and JSON. Both read back through parse_roadmap_file to the same stages,
items, statuses, links, estimates, kinds, checklists and notes (a property test holds us to
it). The Markdown stays pleasant to read on GitHub: checkboxes, links, one line per item."""

from __future__ import annotations

import json
from decimal import Decimal

from curriculum.importing.inline import EXPORT_GLYPHS, escape_inline, format_hours
from curriculum.importing.outline import Outline

JSON_FORMAT = "exhale-roadmap"
JSON_VERSION = 1


def _quote(text: str, indent: str = "") -> list[str]:
    return [f"{indent}> {line}".rstrip() for line in text.split("\n")]


def outline_to_markdown(outline: Outline) -> str:
    lines = [f"# {escape_inline(outline.title)}", ""]
    if outline.description.strip():
        lines += _quote(outline.description.strip()) + [""]
    for stage in outline.stages:
        meta = [stage.kind]
        if stage.planned_weeks:
            meta.append(f"{stage.planned_weeks} week{'' if stage.planned_weeks == 1 else 's'}")
        lines.append(f"## {escape_inline(stage.title)} — {' · '.join(meta)}")
        lines.append("")
        if stage.description.strip():
            lines += _quote(stage.description.strip()) + [""]
        for item in stage.items:
            box = "[x]" if item.status == "done" else "[ ]"
            glyph = ""
            if item.status in ("in_progress", "skipped"):
                glyph = EXPORT_GLYPHS[item.status] + " "
            title = escape_inline(item.title)
            label = f"[{title}]({item.url})" if item.url else title
            meta = [item.kind]
            if item.estimated_hours is not None:
                meta.append(format_hours(item.estimated_hours))
            if item.project_slug:
                meta.append(f"project:{item.project_slug}")
            lines.append(f"- {box} {glyph}{label} — {' · '.join(meta)}")
            for entry in item.checklist:
                mark = "[x]" if entry.done else "[ ]"
                lines.append(f"  - {mark} {escape_inline(entry.text)}")
            if item.note.strip():
                lines += _quote(item.note.strip(), "  ")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _hours(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def outline_to_dict(outline: Outline) -> dict:
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "title": outline.title,
        "description": outline.description,
        "stages": [
            {
                "title": stage.title,
                "kind": stage.kind,
                "planned_weeks": stage.planned_weeks,
                "description": stage.description,
                "items": [
                    {
                        "title": item.title,
                        "url": item.url,
                        "kind": item.kind,
                        "estimated_hours": _hours(item.estimated_hours),
                        "status": item.status,
                        "note": item.note,
                        "checklist": [
                            {"text": entry.text, "done": entry.done} for entry in item.checklist
                        ],
                        "project_slug": item.project_slug,
                    }
                    for item in stage.items
                ],
            }
            for stage in outline.stages
        ],
    }


def outline_to_json(outline: Outline) -> str:
    return json.dumps(outline_to_dict(outline), indent=2, ensure_ascii=False) + "\n"
