from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core import storage
from core.lookups import or_404
from core.throttle import client_address
from training_jobs import demos, pages, services
from training_jobs.models import TrainingJob
from training_jobs.selectors import job_visible, jobs_for_history


def _visible_or_404(request, job_id: int) -> TrainingJob:
    return or_404(job_visible, viewer=request.user, job_id=job_id)


@require_POST
def try_it(request, job_id: int):
    """Send one demo input to a worker; answer with the part of the page that polls for it."""
    job = _visible_or_404(request, job_id)
    upload = request.FILES.get("image")
    if upload is not None and upload.size > demos.MAX_IMAGE_BYTES:
        image = b"x" * (demos.MAX_IMAGE_BYTES + 1)  # refused by the check, without reading it
    else:
        image = upload.read() if upload is not None else None
    try:
        demo = demos.demo_gate(
            job=job,
            viewer=request.user,
            address=client_address(request),
            data=request.POST,
            image=image,
        )
    except demos.DemoRefused as refused:
        if refused.status == 404:
            raise Http404("This run has no demo") from None
        errors = {("general" if k == "__all__" else k): v for k, v in refused.messages.items()}
        context = pages.demo_context(job, demo_errors=errors, demo_values=request.POST.dict())
        context.update(job=job, prediction=None)
        if not request.headers.get("HX-Request"):
            # Without JavaScript: the whole page, with the message next to the field.
            page = {**pages.job_page_context(job, viewer=request.user), **context}
            return render(request, "training_jobs/detail.html", page, status=refused.status)
        # htmx swaps this 4xx partial in (static/js/exhale.js), so the message shows.
        return render(request, "training_jobs/_demo.html", context, status=refused.status)
    token = demos.prediction_request(job=job, kind=demo.kind, payload=demo.payload)
    if not request.headers.get("HX-Request"):
        return redirect(f"{reverse('training_jobs:detail', args=[job.pk])}?prediction={token}")
    context = pages.demo_context(job, demo_values=request.POST.dict())
    context.update(job=job, prediction={"token": token, "status": "pending"})
    return render(request, "training_jobs/_demo.html", context)


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
    context = pages.job_page_context(job, viewer=request.user)
    token = request.GET.get("prediction", "")
    if token and context.get("demo_kind"):
        context["prediction"] = {"token": token, **demos.prediction_result(job=job, token=token)}
    return render(request, "training_jobs/detail.html", context)


@require_GET
def live(request, job_id: int):
    """The part of the job page htmx refreshes every two seconds while the run is active."""
    job = _visible_or_404(request, job_id)
    return render(
        request, "training_jobs/_live.html", pages.job_page_context(job, viewer=request.user)
    )


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
    if entry is None:
        raise Http404("No such file")
    try:
        stored = storage.open_file(job.file_key(name))
    except (FileNotFoundError, storage.UnsafeName):
        raise Http404("No such file") from None
    as_download = entry.get("kind") != "image"
    response = FileResponse(
        stored,
        as_attachment=as_download,
        filename=f"{job.recipe_slug}-{job.pk}-{name}" if as_download else name,
    )
    # Shared caches may keep a file only while the run is public (core.visibility): a published
    # run of a hidden or deactivated portfolio is the owner's alone.
    public = TrainingJob.objects.public().filter(pk=job.pk).exists()
    response["Cache-Control"] = "max-age=300" if public else "private, max-age=300"
    return response
