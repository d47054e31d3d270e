from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from core.lookups import or_404
from projects.recipes import get_recipe
from training_jobs import demos, services
from training_jobs.charts import loss_chart_svg
from training_jobs.models import TrainingJob
from training_jobs.selectors import job_visible, jobs_for_history


def _visible_or_404(request, job_id: int) -> TrainingJob:
    return or_404(job_visible, viewer=request.user, job_id=job_id)


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
        **_demo_context(job),
    }


def _demo_context(job: TrainingJob, **extra) -> dict:
    kind = demos.demo_kind(job.recipe_slug) if job.status == "succeeded" else None
    if kind is None or job.model_file is None:
        return {"demo_kind": None}
    return {
        "demo_kind": kind,
        "demo_fields": demos.table_fields(job) if kind == "table" else None,
        "titanic_choices": demos.TITANIC_CHOICES,
        "demo_values": {},
        "demo_errors": {},
        **extra,
    }


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def demo_check(request, job: TrainingJob, data, image: bytes | None) -> tuple[str, dict]:
    """The demo's kind and checked input, or ValidationError; rate-limited for visitors."""
    kind = demos.demo_kind(job.recipe_slug)
    if kind is None or job.status != "succeeded" or job.model_file is None:
        raise Http404("This run has no demo")
    fields = demos.table_fields(job) if kind == "table" else None
    payload = demos.clean_input(kind, data, image, fields)
    return kind, payload


def is_rate_limited(request, job: TrainingJob) -> bool:
    if request.user.is_authenticated and job.owner_id == request.user.pk:
        return False
    return demos.rate_limited(_client_ip(request))


@require_POST
def try_it(request, job_id: int):
    """Send one demo input to a worker; answer with the part of the page that polls for it."""
    job = _visible_or_404(request, job_id)
    upload = request.FILES.get("image")
    if upload is not None and upload.size > demos.MAX_IMAGE_BYTES:
        image = b"x" * (demos.MAX_IMAGE_BYTES + 1)  # refused by the check, without reading it
    else:
        image = upload.read() if upload is not None else None
    status = 200
    try:
        kind, payload = demo_check(request, job, request.POST, image)
        if is_rate_limited(request, job):
            raise ValidationError("Too many tries from your address: wait a minute.")
    except ValidationError as exc:
        raw = exc.message_dict if hasattr(exc, "error_dict") else {"general": exc.messages}
        errors = {("general" if k == "__all__" else k): v for k, v in raw.items()}
        context = _demo_context(job, demo_errors=errors, demo_values=request.POST.dict())
        status = 429 if "Too many" in " ".join(sum(errors.values(), [])) else 400
        context.update(job=job, prediction=None)
        return render(request, "training_jobs/_demo.html", context, status=status)
    token = demos.prediction_request(job=job, kind=kind, payload=payload)
    if not request.headers.get("HX-Request"):
        return redirect(f"{reverse('training_jobs:detail', args=[job.pk])}?prediction={token}")
    context = _demo_context(job, demo_values=request.POST.dict())
    context.update(job=job, prediction={"token": token, "status": "pending"})
    return render(request, "training_jobs/_demo.html", context, status=status)


@require_GET
def try_result(request, job_id: int, token: str):
    """The answer of one demo prediction (htmx polls this every second until it is there)."""
    job = _visible_or_404(request, job_id)
    prediction = {"token": token, **demos.prediction_result(job=job, token=token)}
    return render(
        request, "training_jobs/_demo_result.html", {"job": job, "prediction": prediction}
    )


@login_required
@require_GET
def history(request):
    page = Paginator(jobs_for_history(learner=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "training_jobs/history.html", {"page": page, "jobs": page.object_list})


@require_GET
def detail(request, job_id: int):
    job = _visible_or_404(request, job_id)
    context = _job_context(request, job)
    token = request.GET.get("prediction", "")
    if token and context.get("demo_kind"):
        context["prediction"] = {"token": token, **demos.prediction_result(job=job, token=token)}
    return render(request, "training_jobs/detail.html", context)


@require_GET
def live(request, job_id: int):
    """The part of the job page htmx refreshes every two seconds while the run is active."""
    job = _visible_or_404(request, job_id)
    return render(request, "training_jobs/_live.html", _job_context(request, job))


def _own_action(request, job_id: int, action, **kwargs):
    try:
        return or_404(action, learner=request.user, job_id=job_id, **kwargs)
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
