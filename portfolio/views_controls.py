"""The learner's controls over what the portfolio shows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from journal.selectors import learner_today
from portfolio import selectors, services
from portfolio.views_badges import badge_snippets

LABELS = {
    "roadmap": "Roadmaps",
    "run": "Training runs",
    "reflection": "Reflections",
    "review": "Weekly reviews",
    "session": "Session notes",
}


@login_required
@require_GET
def controls(request):
    things = selectors.publishable_things(request.user)
    sections = [(kind, LABELS[kind], things.get(kind, [])) for kind in LABELS]
    badge_url = request.build_absolute_uri(f"/u/{request.user.username}/")
    return render(
        request,
        "portfolio/controls.html",
        {
            "sections": sections,
            "portfolio_url": badge_url,
            "badges": badge_snippets(request, request.user, things),
            "year_now": learner_today(request.user).year,
        },
    )


@login_required
@require_POST
def hide(request):
    hidden = request.POST.get("hidden") == "1"
    services.portfolio_hide(learner=request.user, hidden=hidden)
    messages.success(
        request,
        "Your portfolio is hidden: its pages answer 404."
        if hidden
        else "Your portfolio is public.",
    )
    return redirect("portfolio:controls")


@login_required
@require_POST
def publication(request, kind: str, pk: int):
    public = request.POST.get("public") == "1"
    try:
        services.publication_set(learner=request.user, kind=kind, pk=pk, public=public)
    except ObjectDoesNotExist as exc:
        raise Http404("Nothing of yours by that id.") from exc
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    if request.headers.get("HX-Request"):
        thing = next(
            (t for t in selectors.publishable_things(request.user).get(kind, []) if t.pk == pk),
            None,
        )
        return render(request, "portfolio/_publication_row.html", {"kind": kind, "thing": thing})
    messages.success(request, "Shown on your portfolio." if public else "Now private.")
    return redirect("portfolio:controls")
