"""A learner's published runs side by side, shared from the portfolio."""

from django.http import Http404
from django.views.decorators.http import require_GET

from portfolio.selectors import public_learner
from training_jobs.compare import published_runs_to_compare
from training_jobs.pages import comparison_page


@require_GET
def shared_comparison(request, username: str):
    """`/u/<username>/compare/?ids=…`: a learner's published runs, for anyone. Any id that is
    not one of those answers 404 rather than being left out."""
    owner = public_learner(username)
    if owner is None:
        raise Http404("No such portfolio.")
    return comparison_page(
        request,
        lambda ids: published_runs_to_compare(owner=owner, ids=ids),
        shared_by=owner,
    )
