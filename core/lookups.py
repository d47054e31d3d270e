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
