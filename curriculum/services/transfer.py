"""Roadmaps in and out: import from an outline, a file, a link or pasted text; export;
templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.throttle import over_limit
from curriculum.importing import Outline, UnusableFile, parse_roadmap_file
from curriculum.importing.export import outline_to_json, outline_to_markdown
from curriculum.importing.fetch import fetch_curriculum
from curriculum.importing.inline import decode_file
from curriculum.kinds import (
    ITEM_TITLE_MAX,
    ROADMAP_DESCRIPTION_MAX,
    ROADMAP_TITLE_MAX,
    STAGE_DESCRIPTION_MAX,
    STAGE_TITLE_MAX,
)
from curriculum.models import Item, ItemStatus, Roadmap, Stage, Visibility
from curriculum.resources import resource_key
from curriculum.selectors import roadmap_outline
from curriculum.services.roadmaps import _clean

if TYPE_CHECKING:
    from accounts.models import User


# --- import and export -----------------------------------------------------------------------


@transaction.atomic
def roadmap_import(
    *, learner: User, outline: Outline, visibility: str = Visibility.PRIVATE
) -> Roadmap:
    """Create a roadmap from an outline (see curriculum.importing), all in one transaction."""
    roadmap = Roadmap(
        owner=learner,
        title=outline.title[:ROADMAP_TITLE_MAX] or "Imported roadmap",
        description=outline.description[:ROADMAP_DESCRIPTION_MAX],
        visibility=visibility,
        started_on=timezone.localdate(),
    )
    _clean(roadmap)
    roadmap.save()
    _outline_rows(roadmap, outline)
    return roadmap


def _outline_rows(roadmap: Roadmap, outline: Outline) -> None:
    now = timezone.now()
    stages = Stage.objects.bulk_create(
        [
            Stage(
                roadmap=roadmap,
                title=stage.title[:STAGE_TITLE_MAX],
                position=index,
                kind=stage.kind,
                planned_weeks=stage.planned_weeks,
                description=stage.description[:STAGE_DESCRIPTION_MAX],
            )
            for index, stage in enumerate(outline.stages)
        ]
    )
    items = []
    for stage, row in zip(outline.stages, stages, strict=True):
        for index, item in enumerate(stage.items):
            done = item.status == ItemStatus.DONE
            started = item.status in (ItemStatus.DONE, ItemStatus.IN_PROGRESS)
            items.append(
                Item(
                    stage=row,
                    position=index,
                    kind=item.kind,
                    title=item.title[:ITEM_TITLE_MAX],
                    url=item.url,
                    resource_key=resource_key(item.url),
                    estimated_hours=item.estimated_hours,
                    status=item.status,
                    status_changed_at=now if item.status != ItemStatus.NOT_STARTED else None,
                    started_at=now if started else None,
                    finished_at=now if done else None,
                    note=item.note,
                    checklist=[{"text": c.text, "done": c.done} for c in item.checklist],
                    project_slug=item.project_slug,
                )
            )
    Item.objects.bulk_create(items, batch_size=500)


@dataclass
class ImportSource:
    """What a learner gave to import, as text: pasted, uploaded or fetched from a link."""

    text: str
    filename: str = ""
    base_url: str = ""


def roadmap_import_source(
    *,
    learner: User = None,
    data: str | bytes = "",
    filename: str = "",
    base_url: str = "",
    url: str = "",
) -> ImportSource:
    """The text to import: data as given, or the file at url (GitHub pages mapped to the raw
    file; see curriculum.importing.fetch), at most IMPORT_FETCHES_PER_HOUR links a learner.
    Raises ValidationError for the learner."""
    if url and learner is not None:
        limit = settings.IMPORT_FETCHES_PER_HOUR
        if over_limit("import-fetch", str(learner.pk), limit=limit, window_seconds=3600):
            raise ValidationError(
                f"You have fetched {limit} links in the last hour, the most Exhale fetches for "
                "one learner. Try again later, or download the file and upload it.",
                code="throttled",
            )
    try:
        if url:
            data, fetched_base = fetch_curriculum(url)
            base_url = base_url or fetched_base
            filename = filename or url.rsplit("/", 1)[-1]
        return ImportSource(text=decode_file(data), filename=filename, base_url=base_url)
    except UnusableFile as exc:
        raise ValidationError(str(exc), code="unusable_file") from exc


def roadmap_import_preview(source: ImportSource) -> Outline:
    """The roadmap the source would become, with its fidelity report; nothing is saved."""
    try:
        return parse_roadmap_file(source.text, filename=source.filename, base_url=source.base_url)
    except UnusableFile as exc:
        raise ValidationError(str(exc), code="unusable_file") from exc


def roadmap_import_file(
    *, learner: User, data: str | bytes = "", filename: str = "", base_url: str = "", url: str = ""
) -> tuple[Roadmap, Outline]:
    """Read a Markdown or JSON file (or the one at url) and import it. Unusable input raises
    ValidationError with the importer's message for the learner."""
    source = roadmap_import_source(data=data, filename=filename, base_url=base_url, url=url)
    outline = roadmap_import_preview(source)
    return roadmap_import(learner=learner, outline=outline), outline


def import_report(outline: Outline, roadmap: Roadmap | None = None) -> dict:
    """What the API and import_roadmap answer: counts, warnings and every line left out."""
    return {
        "roadmap_id": roadmap.pk if roadmap is not None else None,
        "stages": len(outline.stages),
        "items": outline.item_count,
        "links": outline.link_count,
        "warnings": outline.warnings,
        "left_out": [entry.as_dict() for entry in outline.left_out],
    }


EXPORT_FORMATS = {"md": outline_to_markdown, "json": outline_to_json}


def roadmap_export(*, roadmap: Roadmap, format: str) -> str:
    """The roadmap as Markdown ("md") or JSON ("json"); both import back the same."""
    if format not in EXPORT_FORMATS:
        raise ValidationError({"format": "Export as md or json."})
    return EXPORT_FORMATS[format](roadmap_outline(roadmap))


@transaction.atomic
def template_upsert(*, outline: Outline, slug: str) -> Roadmap:
    """Create or replace the starter template with this slug (load_starter_roadmaps).
    The template row keeps its id, so copies keep pointing at it as their origin."""
    template = Roadmap.objects.filter(is_template=True, slug=slug).first()
    if template is None:
        template = Roadmap(is_template=True, slug=slug, visibility=Visibility.PUBLIC)
    template.title = outline.title[:ROADMAP_TITLE_MAX]
    template.description = outline.description
    template.save()
    Stage.all_objects.filter(roadmap=template).delete()
    _outline_rows(template, outline)
    return template
