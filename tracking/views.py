"""The learner's pages for logged runs: the list, one run with its charts, params, tags and
artifacts, publishing and logging the run's time as a session. Thin: selectors and services."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from tracking import charts, selectors, services, values
from tracking.artifacts import file_response
from tracking.errors import MlflowError
from tracking.models import LoggedRun

# The same text the tests paste into a real fastai training, so the guide cannot go stale.
CALLBACK = Path(__file__).parent / "snippets" / "fastai_callback.py.txt"


def _visible_run(request, run_id) -> LoggedRun:
    try:
        import uuid

        key = uuid.UUID(str(run_id))
    except ValueError:
        raise Http404 from None
    run = (
        LoggedRun.objects.visible_to(request.user)
        .filter(run_uuid=key, deleted=False)
        .select_related("experiment", "experiment__item", "learner")
        .prefetch_related("params", "tags", "metrics", "artifacts")
        .first()
    )
    if run is None:
        raise Http404
    return run


@login_required
@require_GET
def run_list(request):
    page = Paginator(selectors.learner_runs(learner=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "tracking/list.html", {"page": page, "runs": page.object_list})


def run_context(run: LoggedRun) -> dict:
    series: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for point in sorted(run.metrics.all(), key=lambda p: (p.key, p.step, p.timestamp, p.pk)):
        series[point.key].append((point.step, values.from_special(point.value, point.special)))
    latest = selectors.latest_metrics(run.metrics.all())
    metrics = [
        {
            "key": key,
            "latest": values.from_special(latest[key].value, latest[key].special),
            "points": len(points),
            "chart": mark_safe(charts.metric_chart_svg(key, points)),  # escaped inside
        }
        for key, points in sorted(series.items())
    ]
    user_tags = [t for t in run.tags.all() if not t.key.startswith("mlflow.")]
    return {"run": run, "metrics": metrics, "user_tags": user_tags}


@require_GET
def run_detail(request, run_id: str):
    run = _visible_run(request, run_id)
    context = run_context(run)
    context["is_owner"] = request.user == run.learner
    if context["is_owner"]:
        context["reference"], context["against_reference"] = selectors.against_reference(run)
    if context["is_owner"]:
        from curriculum.models import Item

        context["items"] = Item.objects.owned_by(request.user).order_by(
            "stage__roadmap__title", "stage__position", "position"
        )[:500]
    return render(request, "tracking/detail.html", context)


def _owner_action(request, run_id, action, done: str):
    try:
        action()
        if done:
            messages.success(request, done)
    except (MlflowError, ValidationError) as exc:
        text = exc.message if isinstance(exc, MlflowError) else " ".join(exc.messages)
        if isinstance(exc, MlflowError) and exc.code == "RESOURCE_DOES_NOT_EXIST":
            raise Http404 from None
        messages.error(request, text)
    return redirect("tracking:detail", run_id=run_id)


@login_required
@require_POST
def run_publish(request, run_id: str):
    published = request.POST.get("published") == "1"
    return _owner_action(
        request,
        run_id,
        lambda: services.run_publish(learner=request.user, run_id=run_id, published=published),
        "Published on your portfolio." if published else "Made private.",
    )


@login_required
@require_POST
def run_pin_reference(request, run_id: str):
    pinned = []

    def pin():
        pinned.append(services.run_pin_reference(learner=request.user, run_id=run_id))

    response = _owner_action(request, run_id, pin, "")
    if pinned:
        messages.success(
            request,
            "Pinned as this project's reference run."
            if pinned[0].is_reference
            else "Unpinned: the project has no reference run now.",
        )
    return response


@login_required
@require_POST
def run_log_session(request, run_id: str):
    return _owner_action(
        request,
        run_id,
        lambda: services.run_log_as_session(learner=request.user, run_id=run_id),
        "Logged the run's time as an exhale session.",
    )


@login_required
@require_POST
def experiment_link(request, experiment_id: int):
    run_id = request.POST.get("run_id", "")
    item = request.POST.get("item") or None
    try:
        item = int(item) if item else None
    except ValueError:
        item = -1
    return _owner_action(
        request,
        run_id,
        lambda: services.experiment_link(
            learner=request.user,
            experiment_id=experiment_id,
            item=item,
            name=request.POST.get("name"),
        ),
        "Saved the project.",
    )


@require_GET
def run_artifact(request, run_id: str, path: str):
    run = _visible_run(request, run_id)
    artifact = next((a for a in run.artifacts.all() if a.path == path), None)
    if artifact is None:
        raise Http404
    return file_response(artifact)


@require_GET
def guide(request):
    site = request.build_absolute_uri("/mlflow").rstrip("/")
    return render(
        request, "tracking/guide.html", {"tracking_uri": site, "callback": CALLBACK.read_text()}
    )


@login_required
@require_GET
def run_compare(request, run_id: str):
    """`/runs/<id>/compare?job=<n>`: a logged run beside one of the learner's bundled runs."""
    from tracking.compare import bundled_runs_to_compare, compare_with_bundled

    run = _visible_run(request, run_id)
    if run.learner != request.user:
        raise Http404
    jobs = bundled_runs_to_compare(learner=request.user).prefetch_related("epochs")
    context = {"run": run, "jobs": jobs}
    picked = request.GET.get("job", "")
    if picked:
        job = next((j for j in jobs if str(j.pk) == picked), None)
        if job is None:
            raise Http404
        comparison = compare_with_bundled(run, job)
        comparison["chart"] = mark_safe(comparison["chart"])  # our SVG, labels escaped inside
        context["comparison"] = comparison
    return render(request, "tracking/compare.html", context)
