"""Roadmap pages. Every change posts to a small view that calls a service; with htmx the
response is the roadmap body (stages, items, progress) swapped in place, without it a
redirect back to the page, so everything works without JavaScript too."""

from __future__ import annotations

from curriculum.views.checklists import (
    _item_change,
    item_link,
    step_add,
    step_remove,
    step_rename,
    step_tick,
)
from curriculum.views.common import (
    _apply,
    _editor_page_change,
    _own_item,
    _own_roadmap,
    _own_stage,
    _with_progress,
)
from curriculum.views.roadmaps import (
    PREVIEW_SOURCE_LINES,
    _import_preview,
    roadmap_delete,
    roadmap_detail,
    roadmap_export_download,
    roadmap_import_page,
    roadmap_list,
    roadmap_new,
    roadmap_settings,
    roadmap_use,
)
from curriculum.views.structure import (
    item_add,
    item_delete,
    item_edit,
    item_move,
    item_restore,
    item_status,
    stage_add,
    stage_delete,
    stage_move,
    stage_rename,
    stage_restore,
)

__all__ = [
    "_own_roadmap",
    "_own_stage",
    "_own_item",
    "_with_progress",
    "_apply",
    "_editor_page_change",
    "roadmap_list",
    "roadmap_new",
    "roadmap_detail",
    "roadmap_settings",
    "roadmap_delete",
    "roadmap_use",
    "roadmap_export_download",
    "PREVIEW_SOURCE_LINES",
    "roadmap_import_page",
    "_import_preview",
    "stage_add",
    "stage_rename",
    "stage_delete",
    "stage_restore",
    "stage_move",
    "item_add",
    "item_edit",
    "item_delete",
    "item_restore",
    "item_move",
    "item_status",
    "_item_change",
    "step_add",
    "step_tick",
    "step_rename",
    "step_remove",
    "item_link",
]
