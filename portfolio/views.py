from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from portfolio import selectors, services


def _public_learner_or_404(username: str):
    learner = selectors.public_learner(username)
    if learner is None:
        raise Http404("No such portfolio.")
    return learner


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /account/",
        "Disallow: /api/",
        "Disallow: /admin/",
        "Disallow: /today/",
        "Disallow: /jobs/",
        "Allow: /u/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def learner_page(request, username: str):
    learner = _public_learner_or_404(username)
    return render(request, "portfolio/learner.html", {"learner": learner})


@login_required
@require_POST
def follow(request, username: str):
    learner = _public_learner_or_404(username)
    try:
        services.follow_create(follower=request.user, followed=learner)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"You follow {learner.public_name}: their posts show on Today.")
    return redirect(reverse("portfolio:learner", args=[learner.username]))


@login_required
@require_POST
def unfollow(request, username: str):
    learner = _public_learner_or_404(username)
    services.follow_delete(follower=request.user, followed=learner)
    messages.success(request, f"You no longer follow {learner.public_name}.")
    return redirect(reverse("portfolio:learner", args=[learner.username]))
