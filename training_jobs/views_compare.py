"""Pages for comparing runs side by side (the learner's own, or a learner's published ones
shared from the portfolio) and for pinning the reference run."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from training_jobs import compare, pages
from training_jobs.models import TrainingJob


@login_required
@require_GET
def compare_runs(request):
    """`/jobs/compare/?ids=1,2,3`: two to ten of the learner's own runs of one recipe."""
    return pages.comparison_page(
        request, lambda ids: compare.runs_to_compare(learner=request.user, ids=ids)
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
