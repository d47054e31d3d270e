"""A logged run beside one of the learner's bundled training runs: the same parameter table,
the same validation-loss chart and the metric both runs have, read with the pure functions of
training_jobs.compare so both comparisons follow one rule."""

from __future__ import annotations

from tracking import selectors, values
from tracking.models import LoggedRun

# The names a notebook is likely to log a bundled run's validation loss under.
VALID_LOSS_KEYS = ("valid_loss", "val_loss", "validation_loss", "eval_loss")


def bundled_runs_to_compare(*, learner):
    from training_jobs.models import TrainingJob

    return TrainingJob.objects.owned_by(learner).filter(status="succeeded").order_by("-pk")[:100]


def compare_with_bundled(run: LoggedRun, job) -> dict:
    from training_jobs.compare import comparison_chart_svg, param_table

    latest = {
        key: values.from_special(point.value, point.special)
        for key, point in selectors.latest_metrics(run.metrics.all()).items()
    }
    logged_params = {p.key: p.value for p in run.params.all()}
    bundled_params = {key: str(value) for key, value in (job.params or {}).items()}
    loss_key = next((k for k in VALID_LOSS_KEYS if k in latest), None)
    logged_curve = sorted(
        (p.step, values.from_special(p.value, p.special))
        for p in run.metrics.all()
        if p.key == loss_key
    )
    bundled_curve = [(e.epoch, e.valid_loss) for e in job.epochs.all()]
    label = run.name or run.run_id[:8]
    job_label = f"{job.recipe_title or job.recipe_slug} #{job.pk}"
    metric = job.metric_name
    return {
        "job": job,
        "labels": (label, job_label),
        "params": param_table([logged_params, bundled_params]),
        "metric_name": metric,
        "metrics": (latest.get(metric), job.metric_value),
        "baselines": job.baselines or {},
        "loss_key": loss_key,
        "chart": comparison_chart_svg([(label, logged_curve), (job_label, bundled_curve)]),
    }
