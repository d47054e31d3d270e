"""What the run pages show, for the job views and for the portfolio, which shows a learner's
published runs and comparisons under /u/<username>/: one place, so the two never differ."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from projects.recipes import find_recipe, higher_is_better
from training_jobs import compare, demos, outcomes
from training_jobs.charts import loss_chart_svg
from training_jobs.models import TrainingJob


def job_page_context(job: TrainingJob, *, viewer) -> dict:
    """Everything the run page shows: epochs, the loss chart, a card per baseline saying how the
    model compares, the run's other figures, the demo form. Used by /jobs/<id>/ and by the
    portfolio's run page."""
    epochs = list(job.epochs.all())
    rows = [
        {"epoch": e.epoch, "train_loss": e.train_loss, "valid_loss": e.valid_loss} for e in epochs
    ]
    metric = job.metric_value
    recipe = find_recipe(job.recipe_slug)
    cards = outcomes.baseline_cards(
        baselines=job.baselines,
        metric_name=job.metric_name,
        value=metric if job.status == "succeeded" else None,
        higher_is_better=recipe.higher_is_better if recipe else True,
        strong=recipe.strong_baselines if recipe else (),
    )
    return {
        "job": job,
        "epochs": epochs,
        # Our own SVG built from numbers only (charts.loss_chart_svg escapes its labels).
        "chart": mark_safe(loss_chart_svg(rows)),  # noqa: S308
        "metric_title": outcomes.metric_title(job.metric_name),
        "metric_text": outcomes.format_metric(job.metric_name, metric),
        "baseline_cards": [c for c in cards if not c.strong],
        "strong_cards": [c for c in cards if c.strong],
        "is_owner": viewer.is_authenticated and job.owner_id == viewer.pk,
        "figures": outcomes.readable_figures(job.metrics or {}, job.metric_name),
        **demo_context(job),
    }


def demo_context(job: TrainingJob, **extra) -> dict:
    """The "try it" form of a succeeded run with a model, or {"demo_kind": None}."""
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


def _comparison_response(request, runs, *, shared_by=None, error: str = "", status: int = 200):
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


def comparison_page(request, fetch, *, shared_by=None) -> HttpResponse:
    """The comparison page of the runs `fetch(ids)` returns for ?ids=: the learner's own
    (/jobs/compare/) or a learner's published ones (shared_by, /u/<username>/compare/).
    An id `fetch` does not return answers 404 rather than being left out."""
    raw = request.GET.getlist("ids")
    if not any(v.strip() for v in raw):
        if shared_by is not None:
            raise Http404("Nothing to compare.")
        return _comparison_response(request, [])
    try:
        runs = fetch(compare.parse_run_ids(raw))
    except TrainingJob.DoesNotExist:
        raise Http404("No such run.") from None
    except ValidationError as exc:
        return _comparison_response(
            request, [], shared_by=shared_by, error=" ".join(exc.messages), status=400
        )
    return _comparison_response(request, runs, shared_by=shared_by)
