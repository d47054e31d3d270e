from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from projects.recipes import get_recipe
from training_jobs import services
from training_jobs.charts import loss_chart_svg
from training_jobs.models import TrainingJob
from training_jobs.selectors import job_visible, jobs_for_history


def _visible_or_404(request, job_id: int) -> TrainingJob:
    try:
        return job_visible(viewer=request.user, job_id=job_id)
    except TrainingJob.DoesNotExist:
        raise Http404("No such run") from None


def _higher_is_better(recipe_slug: str) -> bool:
    try:
        return get_recipe(recipe_slug).higher_is_better
    except ValidationError:  # a recipe removed since the run: assume the common case
        return True


def _job_context(request, job: TrainingJob) -> dict:
    epochs = list(job.epochs.all())
    rows = [
        {"epoch": e.epoch, "train_loss": e.train_loss, "valid_loss": e.valid_loss} for e in epochs
    ]
    metric = job.metric_value
    sign = 1 if _higher_is_better(job.recipe_slug) else -1
    comparisons = [
        {
            "name": name,
            "value": value,
            "margin": None if metric is None else sign * (metric - value),
        }
        for name, value in sorted(job.baselines.items())
    ]
    return {
        "job": job,
        "epochs": epochs,
        # Our own SVG built from numbers only (charts.loss_chart_svg escapes its labels).
        "chart": mark_safe(loss_chart_svg(rows)),  # noqa: S308
        "comparisons": comparisons,
        "is_owner": request.user.is_authenticated and job.owner_id == request.user.pk,
        "extra_metrics": {k: v for k, v in job.metrics.items() if k != job.metric_name},
    }


@login_required
@require_GET
def history(request):
    page = Paginator(jobs_for_history(learner=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "training_jobs/history.html", {"page": page, "jobs": page.object_list})


@require_GET
def detail(request, job_id: int):
    job = _visible_or_404(request, job_id)
    return render(request, "training_jobs/detail.html", _job_context(request, job))


@require_GET
def live(request, job_id: int):
    """The part of the job page htmx refreshes every two seconds while the run is active."""
    job = _visible_or_404(request, job_id)
    return render(request, "training_jobs/_live.html", _job_context(request, job))


def _own_action(request, job_id: int, action, **kwargs):
    if not TrainingJob.objects.owned_by(request.user).filter(pk=job_id).exists():
        raise Http404("No such run")
    try:
        return action(learner=request.user, job_id=job_id, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None


@login_required
@require_POST
def cancel(request, job_id: int):
    job = _own_action(request, job_id, services.cancel_run)
    if job is not None:
        messages.success(
            request,
            "Run cancelled." if job.is_final else "Stopping the run: it ends within an epoch.",
        )
    return redirect("training_jobs:detail", job_id=job_id)


@login_required
@require_POST
def retry(request, job_id: int):
    job = _own_action(request, job_id, services.retry_run)
    if job is None:
        return redirect("training_jobs:detail", job_id=job_id)
    messages.success(request, "A new run with the same parameters is queued.")
    return redirect("training_jobs:detail", job_id=job.pk)


@login_required
@require_POST
def publish(request, job_id: int):
    published = request.POST.get("published", "1") == "1"
    job = _own_action(request, job_id, services.publish_run, published=published)
    if job is not None:
        messages.success(
            request,
            "Published on your portfolio." if job.published else "Taken off your portfolio.",
        )
    return redirect("training_jobs:detail", job_id=job_id)


@require_GET
def artifact(request, job_id: int, name: str):
    """A plot or the exported model: only for the owner, or anyone once the run is published.
    Only names the job itself recorded are served, so no path can leave its folder."""
    job = _visible_or_404(request, job_id)
    entry = job.artifact(name)
    path = job.artifact_dir / name
    if entry is None or not path.is_file():
        raise Http404("No such file")
    as_download = entry.get("kind") != "image"
    response = FileResponse(
        path.open("rb"),
        as_attachment=as_download,
        filename=f"{job.recipe_slug}-{job.pk}-{name}" if as_download else name,
    )
    response["Cache-Control"] = "private, max-age=300" if not job.published else "max-age=300"
    return response
