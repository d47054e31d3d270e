"""What every journal page shares: where to go next, htmx or not, the learner's own row or 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

SESSIONS_PER_PAGE = 50
UNDO_SESSION_KEY = "journal_undo"
# Today lists the last week's sessions, so one logged for yesterday can be fixed right there.
RECENT_DAYS = 7
RECENT_SESSIONS = 40


def next_or(request, default: str) -> str:
    """The form's (or link's) `next` when it points into this site, else `default` (no open
    redirect, no javascript: link)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def own_or_404(model, request, pk: int):
    """Another learner's object is 404, never 403: its existence is nobody's business."""
    return get_object_or_404(model.objects.owned_by(request.user), pk=pk)
