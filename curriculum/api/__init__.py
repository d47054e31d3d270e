"""The roadmap API: small views, input and output serializers, the same services as the pages.
A learner changes only their own roadmaps and reads others' public ones; anything else is 404."""

from __future__ import annotations

from curriculum.api.roadmaps import (
    RoadmapCopyApi,
    RoadmapDetailApi,
    RoadmapExportApi,
    RoadmapImportApi,
    RoadmapListApi,
)
from curriculum.api.shapes import (
    ImportIn,
    ImportOut,
    ItemIn,
    ItemOut,
    LeftOutOut,
    ReorderIn,
    RoadmapDetailOut,
    RoadmapIn,
    RoadmapOut,
    StageIn,
    StageOut,
    StatusIn,
    StepIn,
    _detail,
)
from curriculum.api.structure import (
    ItemCreateApi,
    ItemDetailApi,
    ItemReorderApi,
    ItemRestoreApi,
    ItemStatusApi,
    ItemStepCreateApi,
    ItemStepDetailApi,
    StageCreateApi,
    StageDetailApi,
    StageReorderApi,
    StageRestoreApi,
)

__all__ = [
    "ItemOut",
    "StageOut",
    "RoadmapOut",
    "RoadmapDetailOut",
    "RoadmapIn",
    "StageIn",
    "ItemIn",
    "StepIn",
    "ReorderIn",
    "StatusIn",
    "ImportIn",
    "LeftOutOut",
    "ImportOut",
    "_detail",
    "RoadmapListApi",
    "RoadmapDetailApi",
    "RoadmapCopyApi",
    "RoadmapImportApi",
    "RoadmapExportApi",
    "StageCreateApi",
    "StageReorderApi",
    "StageDetailApi",
    "StageRestoreApi",
    "ItemCreateApi",
    "ItemReorderApi",
    "ItemDetailApi",
    "ItemRestoreApi",
    "ItemStatusApi",
    "ItemStepCreateApi",
    "ItemStepDetailApi",
]
