"""Writes for notebooks as posts: upload, re-upload a new version, publish, delete. The file
and its output images go to Django's default storage under `notebooks/<id>/v<version>/`."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from core import storage
from tracking.models import LoggedRun, Notebook
from tracking.notebook_render import MAX_NOTEBOOK_BYTES, NotebookError, render_within


def _read_upload(upload) -> bytes:
    if upload is None:
        raise ValidationError({"file": "Choose an .ipynb file to upload."})
    if upload.size > MAX_NOTEBOOK_BYTES:
        raise ValidationError(
            {
                "file": (
                    f"The notebook is {upload.size / 1e6:.1f} MB; notebooks up to "
                    f"{MAX_NOTEBOOK_BYTES // 1024 // 1024} MB can be posted. Clear large "
                    "outputs and save it again."
                )
            }
        )
    return upload.read(MAX_NOTEBOOK_BYTES + 1)


def _links(learner, item, logged_run):
    from curriculum.models import Item

    if (
        item is not None
        and not Item.objects.filter(
            pk=getattr(item, "pk", item), stage__roadmap__owner=learner
        ).exists()
    ):
        raise ValidationError({"item": "Pick one of your own roadmap items."})
    if (
        logged_run is not None
        and not LoggedRun.objects.owned_by(learner)
        .filter(pk=getattr(logged_run, "pk", logged_run))
        .exists()
    ):
        raise ValidationError({"logged_run": "Pick one of your own logged runs."})
    return getattr(item, "pk", item), getattr(logged_run, "pk", logged_run)


def _render_into(notebook: Notebook, raw: bytes, filename: str) -> list[str]:
    def image_url(name: str) -> str:
        return reverse("tracking:notebook-image", args=[notebook.pk, notebook.version, name])

    try:
        rendered = render_within(raw, image_url, seconds=settings.EXHALE_NOTEBOOK_RENDER_SECONDS)
    except NotebookError as exc:
        raise ValidationError({"file": str(exc)}) from None
    # The folder belongs to this new row or version: anything already in it was left by a row
    # that no longer exists (a database restored without its files). core.storage replaces a
    # file of the same name, where the storage itself would save beside it under another.
    storage.remove(notebook.storage_prefix)
    for name, blob in {"source.ipynb": raw, **rendered.images}.items():
        storage.save_bytes(f"{notebook.storage_prefix}/{name}", blob)
    notebook.html = rendered.html
    notebook.images = sorted(rendered.images)
    notebook.cells = rendered.cells
    notebook.summary = rendered.summary
    notebook.original_filename = filename[:255]
    return rendered.dropped


@transaction.atomic
def notebook_upload(
    *, learner, upload, title: str = "", item=None, logged_run=None, published: bool = False
) -> tuple[Notebook, list[str]]:
    """A new notebook post (private unless `published`). Returns it and what was left out
    of the rendering (widgets, JavaScript outputs, oversized images), to tell the learner."""
    raw = _read_upload(upload)
    item_id, run_id = _links(learner, item, logged_run)
    title = (title or "").strip() or upload.name.rsplit(".", 1)[0][:200]
    notebook = Notebook.objects.create(
        learner=learner,
        title=title[:200],
        item_id=item_id,
        logged_run_id=run_id,
        html="",
        original_filename=upload.name[:255],
    )
    try:
        dropped = _render_into(notebook, raw, upload.name)
    except ValidationError:
        storage.remove(notebook.storage_prefix)
        raise
    if published:
        notebook.set_public(True)
    notebook.save()
    return notebook, dropped


@transaction.atomic
def notebook_replace(*, learner, notebook_id: int, upload) -> tuple[Notebook, list[str]]:
    """A new version of the learner's notebook; the post keeps its address and first date."""
    notebook = Notebook.objects.owned_by(learner).select_for_update().get(pk=notebook_id)
    raw = _read_upload(upload)
    old_prefix = notebook.storage_prefix
    notebook.version += 1
    try:
        dropped = _render_into(notebook, raw, upload.name)
    except ValidationError:
        storage.remove(notebook.storage_prefix)
        raise
    notebook.save()
    transaction.on_commit(lambda: storage.remove(old_prefix))
    return notebook, dropped


@transaction.atomic
def notebook_publish(*, learner, notebook_id: int, published: bool) -> Notebook:
    notebook = Notebook.objects.owned_by(learner).select_for_update().get(pk=notebook_id)
    notebook.save(update_fields=[*notebook.set_public(published), "updated_at"])
    return notebook


@transaction.atomic
def notebook_delete(*, learner, notebook_id: int) -> None:
    notebook = Notebook.objects.owned_by(learner).get(pk=notebook_id)
    prefix = notebook.storage_prefix
    notebook.delete()
    transaction.on_commit(lambda: storage.remove(prefix))
