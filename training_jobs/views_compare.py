"""Pages for comparing runs side by side (the learner's own, or a learner's published ones
shared from the portfolio) and for pinning the reference run."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from projects.recipes import higher_is_better
from training_jobs import compare
from training_jobs.models import TrainingJob


def _render(request, runs, *, shared_by=None, error: str = "", status: int = 200):
    context = {"runs": runs, "error": error, "shared_by": shared_by, "picked": bool(runs)}
    if runs:
        better = higher_is_better(runs[0].recipe_slug)
        context.update(compare.comparison(runs, higher_is_better=better))
        # Our own SVG built from numbers and escaped labels (compare.comparison_chart_svg).
        context["chart"] = mark_safe(compare.comparison_chart(runs))  # noqa: S308
        ids = ",".join(str(job.pk) for job in runs)
        context["ids"] = ids
        if shared_by is None and all(job.published for job in runs):
            path = reverse("portfolio:compare", args=[request.user.username])
            context["share_url"] = request.build_absolute_uri(f"{path}?ids={ids}")
    return render(request, "training_jobs/compare.html", context, status=status)


def _compare(request, fetch, *, shared_by=None):
    raw = request.GET.getlist("ids")
    if not any(v.strip() for v in raw):
        if shared_by is not None:
            raise Http404("Nothing to compare.")
        return _render(request, [])
    try:
        runs = fetch(compare.parse_run_ids(raw))
    except TrainingJob.DoesNotExist:
        raise Http404("No such run.") from None
    except ValidationError as exc:
        return _render(request, [], shared_by=shared_by, error=" ".join(exc.messages), status=400)
    return _render(request, runs, shared_by=shared_by)


@login_required
@require_GET
def compare_runs(request):
    """`/jobs/compare/?ids=1,2,3`: two to ten of the learner's own runs of one recipe."""
    return _compare(request, lambda ids: compare.runs_to_compare(learner=request.user, ids=ids))


@require_GET
def shared_comparison(request, username: str):
    """`/u/<username>/compare/?ids=…`: a learner's published runs, for anyone. Any id that is
    not one of those answers 404 rather than being left out."""
    from portfolio.selectors import public_learner

    owner = public_learner(username)
    if owner is None:
        raise Http404("No such portfolio.")
    return _compare(
        request,
        lambda ids: compare.published_runs_to_compare(owner=owner, ids=ids),
        shared_by=owner,
    )


@login_required
@require_POST
def pin_reference(request, job_id: int):
    pinned = request.POST.get("pinned", "1") == "1"
    try:
        job = compare.reference_pin(learner=request.user, job_id=job_id, pinned=pinned)
    except TrainingJob.DoesNotExist:
        raise Http404("No such run.") from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Run #{job.pk} is your reference for this project: later runs are measured against it."
            if job.is_reference
            else "This run is no longer your reference.",
        )
    return redirect("training_jobs:detail", job_id=job_id)
