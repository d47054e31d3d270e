from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import User


@require_GET
def learner_page(request, username: str):
    learner = User.objects.filter(username=username, is_active=True).first()
    if learner is None or learner.portfolio_hidden:
        raise Http404("No such portfolio.")
    return render(request, "portfolio/learner.html", {"learner": learner})
