"""roadmap.sh's JSON export → Outline.

The shape: {"nodes": [...], "edges": [...]}. A node has an id, a type, a position {x, y} and
data.label. `topic` nodes are stages, `subtopic` and `todo` nodes are items; order is top to
bottom (position.y). An item belongs to the topic an edge joins it to, else to the nearest
topic above it. A `title` node names the roadmap. Other node types (buttons, paragraphs,
section boxes, lines) are decoration."""

from __future__ import annotations

from typing import Any

from curriculum.importing.inline import check_url, clip, collapse
from curriculum.importing.outline import (
    ITEM_TITLE_MAX,
    MAX_JSON_NODES,
    ROADMAP_TITLE_MAX,
    STAGE_TITLE_MAX,
    Outline,
    OutlineItem,
    OutlineStage,
    UnusableFile,
    Warnings,
    check_limits,
)

STAGE_TYPES = {"topic"}
ITEM_TYPES = {"subtopic", "todo", "checklist-item"}


def is_roadmap_sh(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("nodes"), list)


def _label(node: dict) -> str:
    data = node.get("data")
    label = data.get("label") if isinstance(data, dict) else None
    return collapse(label) if isinstance(label, str) else ""


def _y(node: dict) -> float:
    position = node.get("position")
    if isinstance(position, dict):
        value = position.get("y")
        if isinstance(value, int | float) and value == value:  # not NaN
            return float(value)
    return 0.0


def parse_roadmap_sh(obj: dict, *, default_title: str = "Imported roadmap") -> Outline:
    """Read the roadmap.sh shape. Raises UnusableFile when it holds no topics."""
    nodes = obj.get("nodes")
    if not isinstance(nodes, list):
        raise UnusableFile("This roadmap.sh file has no list of nodes.")
    if len(nodes) > MAX_JSON_NODES:
        raise UnusableFile(
            f"This file has {len(nodes):,} nodes; Exhale reads at most {MAX_JSON_NODES:,}."
        )
    warnings = Warnings()
    nodes = [node for node in nodes if isinstance(node, dict)]
    title = next((_label(n) for n in nodes if n.get("type") == "title" and _label(n)), "")
    topics = sorted((n for n in nodes if n.get("type") in STAGE_TYPES and _label(n)), key=_y)
    if not topics:
        raise UnusableFile(
            "This roadmap.sh file has no topic nodes, so there are no stages to import."
        )
    topic_ids = {str(n.get("id")): index for index, n in enumerate(topics)}
    parent: dict[str, int] = {}
    for edge in obj.get("edges") or []:
        if not isinstance(edge, dict):
            continue
        source, target = str(edge.get("source")), str(edge.get("target"))
        if source in topic_ids and target not in topic_ids:
            parent.setdefault(target, topic_ids[source])
        elif target in topic_ids and source not in topic_ids:
            parent.setdefault(source, topic_ids[target])
    stages = [OutlineStage(title=clip(_label(topic), STAGE_TITLE_MAX)) for topic in topics]
    items = sorted((n for n in nodes if n.get("type") in ITEM_TYPES and _label(n)), key=_y)
    for node in items:
        index = parent.get(str(node.get("id")))
        if index is None:
            above = [i for i, topic in enumerate(topics) if _y(topic) <= _y(node)]
            index = above[-1] if above else 0
        data = node.get("data") if isinstance(node.get("data"), dict) else {}
        url = ""
        for key in ("href", "url", "link"):
            value = data.get(key)
            if isinstance(value, str) and value:
                checked = check_url(value)
                if checked.problem == "unsafe":
                    warnings.add(f"Dropped an unsafe link from “{clip(_label(node), 60)}”.")
                url = checked.url
                break
        stages[index].items.append(OutlineItem(title=clip(_label(node), ITEM_TITLE_MAX), url=url))
    outline = Outline(
        title=clip(title or default_title, ROADMAP_TITLE_MAX),
        stages=stages,
        warnings=warnings.as_list(),
    )
    check_limits(outline)
    return outline
