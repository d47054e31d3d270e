"""What the roadmap pages share: the learner's own roadmap, stage or item or 404, roadmaps
counted with their progress, and answering one change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect

from core.lookups import or_404
from curriculum.forms import ItemForm
from curriculum.models import Item, ItemStatus, Roadmap, Stage
from curriculum.page import answer as _done
from curriculum.page import editor_page as _editor_page
from curriculum.page import learner_message as _error
from curriculum.selectors import own_item, own_roadmap, own_stage


def _own_roadmap(request, pk: int) -> Roadmap:
    return or_404(own_roadmap, request.user, pk)


def _own_stage(request, pk: int) -> Stage:
    return or_404(own_stage, request.user, pk)


def _own_item(request, pk: int) -> Item:
    return or_404(own_item, request.user, pk)


def _with_progress(queryset):
    # The list counts whole items done in SQL (as the portfolio does); the roadmap page
    # counts an unfinished item's ticked checklist share too (pace.progress_of), so a
    # half-ticked item shows there as half and here as not yet done.
    return queryset.annotate(
        items_total=Count(
            "stages__items",
            filter=~Q(stages__items__status=ItemStatus.SKIPPED)
            & Q(stages__items__deleted_at__isnull=True, stages__deleted_at__isnull=True),
        ),
        items_done=Count(
            "stages__items",
            filter=Q(
                stages__items__status=ItemStatus.DONE,
                stages__items__deleted_at__isnull=True,
                stages__deleted_at__isnull=True,
            ),
        ),
    )


def _apply(request, roadmap_id: int, change, at: str = ""):
    """Run one service call and answer with the refreshed roadmap, or with its error next to
    the control `at` names ("item-<pk>", "stage-<pk>"; empty: the top of the roadmap)."""
    try:
        change()
    except ValidationError as exc:
        return _done(request, roadmap_id, error=_error(exc), error_at=at)
    return _done(request, roadmap_id)


def _editor_page_change(request, item, change):
    """A step or link change posted from the editor page without JavaScript."""
    try:
        change(item)
    except ValidationError as exc:
        form = ItemForm(instance=item, auto_id=f"edit-{item.pk}-%s")
        return _editor_page(request, item, form, status=400, step_error=_error(exc))
    return redirect("curriculum:item_edit", pk=item.pk)
