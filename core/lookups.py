"""Lookups for pages. Selectors raise ObjectDoesNotExist for an id that is missing and for one
the learner may not reach alike; the API's exception handler (config.api) answers 404 for it,
and pages call the selector through `or_404`."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def or_404(find, *args, **kwargs):
    try:
        return find(*args, **kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def owned_row(model, learner, pk: int, *, lock: bool = False, missing: str):
    """The learner's own row `pk` of `model` (locked for update when asked), else the model's
    DoesNotExist saying `missing`: another learner's row reads like no row at all."""
    rows = model.objects.owned_by(learner)
    if lock:
        rows = rows.select_for_update()
    try:
        return rows.get(pk=pk)
    except model.DoesNotExist:
        raise model.DoesNotExist(missing) from None
