"""Comparing runs of one recipe side by side, and the learner's reference run per recipe.

The top half is pure (ids parsing, the parameter table, the margins, the chart, the phrase that
measures a run against the reference); below are the reads and the one write (pinning), which
live here rather than in services.py/selectors.py so that this feature stays in one module."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from training_jobs.models import EpochMetric, JobStatus, TrainingJob
from training_jobs.outcomes import SHARE_METRICS

MIN_RUNS, MAX_RUNS = 2, 10
_RUN_ID = re.compile(r"[0-9]{1,12}")  # more digits than that is not a run, and overflows bigint


# --- pure -----------------------------------------------------------------------------------


def parse_run_ids(raw_values: Sequence[str]) -> list[int]:
    """Run numbers from `?ids=1,2,3` (or repeated `?ids=1&ids=2`, as checkboxes send them),
    in the order given, each once. ValidationError when they are not 2 to 10 run numbers."""
    tokens = [t.strip() for raw in raw_values for t in str(raw).split(",") if t.strip()]
    if len(tokens) > 5 * MAX_RUNS:
        raise ValidationError(f"Compare at most {MAX_RUNS} runs at a time.")
    ids: list[int] = []
    for token in tokens:
        if not _RUN_ID.fullmatch(token):
            raise ValidationError(f"“{token[:20]}” is not a run number.")
        if int(token) not in ids:
            ids.append(int(token))
    if len(ids) < MIN_RUNS:
        raise ValidationError(f"Pick at least {MIN_RUNS} different runs to compare.")
    if len(ids) > MAX_RUNS:
        raise ValidationError(f"Compare at most {MAX_RUNS} runs at a time.")
    return ids


@dataclass(frozen=True)
class ParamRow:
    name: str
    values: tuple
    differs: bool


_MISSING = "–"


def param_table(params: Sequence[Mapping]) -> list[ParamRow]:
    """One row per parameter any run has, with each run's value; `differs` marks the rows
    where the runs disagree (a parameter one run lacks counts as different)."""
    names = sorted({name for p in params for name in p})
    rows = []
    for name in names:
        values = tuple(p.get(name, _MISSING) for p in params)
        rows.append(ParamRow(name=name, values=values, differs=len({repr(v) for v in values}) > 1))
    return rows


def baseline_margin(value: float | None, baseline: float | None, higher_is_better: bool):
    """How far the run is past the baseline (positive: beaten), or None if either is missing."""
    if value is None or baseline is None:
        return None
    return (value - baseline) if higher_is_better else (baseline - value)


def reference_delta_phrase(
    *, metric_name: str, value: float, reference_value: float, higher_is_better: bool
) -> str:
    """'+1.8 points of accuracy', '−0.012 rmse (better)', 'the same accuracy'."""
    diff = value - reference_value
    if metric_name in SHARE_METRICS:
        points = diff * 100
        if abs(points) < 0.05:
            return f"the same {metric_name}"
        sign = "+" if points > 0 else "−"
        return f"{sign}{abs(points):.1f} points of {metric_name}"
    if abs(diff) < 0.0005:
        return f"the same {metric_name}"
    better = (diff > 0) == higher_is_better
    sign = "+" if diff > 0 else "−"
    return f"{sign}{abs(diff):.3f} {metric_name} ({'better' if better else 'worse'})"


WIDTH, HEIGHT, PAD, LEGEND_ROW = 560, 240, 36, 16
DASHES = ("", "8 4", "2 3", "10 3 2 3", "1 4", "14 4", "5 2 1 2", "12 3 3 3", "3 7", "6 2 2 2 2 2")
COLOURS = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip


def comparison_chart_svg(series: Sequence[tuple[str, Sequence[tuple[int, float]]]]) -> str:
    """One validation-loss line per run on shared axes, each with its own dash pattern and
    colour (so it reads in grey print and for colour-blind eyes), a legend and a title.
    `series`: (label, [(epoch, loss), ...]) per run. Empty string when there is nothing."""
    drawn = [(label, [(e, v) for e, v in points if v is not None]) for label, points in series]
    values = [v for _, points in drawn for _, v in points]
    if not values:
        return ""
    epochs = [e for _, points in drawn for e, _ in points]
    low_e, high_e = min(epochs), max(epochs)
    high_v = max(values) or 1.0
    legend_h = LEGEND_ROW * len(drawn)
    plot_bottom = HEIGHT - PAD

    def x(epoch: float) -> float:
        span = high_e - low_e
        return PAD + (WIDTH - 2 * PAD) * ((epoch - low_e) / span if span else 0.5)

    def y(value: float) -> float:
        return plot_bottom - (plot_bottom - PAD) * max(0.0, value) / high_v

    title = f"Validation loss per epoch of {len(drawn)} runs"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + legend_h}" '
        f'width="{WIDTH}" height="{HEIGHT + legend_h}" role="img" '
        'aria-labelledby="compare-chart-title">',
        f'<title id="compare-chart-title">{escape(title)}</title>',
        f'<line x1="{PAD}" y1="{plot_bottom}" x2="{WIDTH - PAD}" y2="{plot_bottom}" '
        'stroke="currentColor" stroke-opacity="0.4"/>',
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{plot_bottom}" '
        'stroke="currentColor" stroke-opacity="0.4"/>',
        f'<text x="{PAD - 4}" y="{PAD + 4}" text-anchor="end" font-size="10" '
        f'fill="currentColor">{high_v:.2f}</text>',
        f'<text x="{PAD - 4}" y="{plot_bottom}" text-anchor="end" font-size="10" '
        'fill="currentColor">0</text>',
        f'<text x="{WIDTH / 2:.0f}" y="{plot_bottom + 16}" text-anchor="middle" font-size="10" '
        'fill="currentColor">epoch</text>',
    ]
    for index, (label, points) in enumerate(drawn):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if len(points) == 1:
            ((e, v),) = points
            parts.append(
                f'<circle cx="{x(e):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(label)} epoch {e}: {v:.4f}</title></circle>"
            )
        elif points:
            coords = " ".join(f"{x(e):.1f},{y(v):.1f}" for e, v in points)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"'
                f"{dash_attr}><title>{escape(label)}</title></polyline>"
            )
        legend_y = HEIGHT + LEGEND_ROW * index + 4
        parts.append(
            f'<line x1="{PAD}" y1="{legend_y}" x2="{PAD + 36}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
            f'<text x="{PAD + 44}" y="{legend_y + 4}" font-size="11" fill="currentColor">'
            f"{escape(label)}{'' if points else ' (no epochs yet)'}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


# --- reads ----------------------------------------------------------------------------------


def _with_epochs(jobs):
    return jobs.prefetch_related(Prefetch("epochs", queryset=EpochMetric.objects.order_by("epoch")))


def _exactly(jobs, ids: list[int]) -> list[TrainingJob]:
    """The runs in the order asked; DoesNotExist when any id is not among `jobs`, so a
    comparison never silently drops a run the viewer may not see. The recipe check comes
    after this one, so a 400 never reveals anything about a run the viewer cannot see."""
    found = {job.pk: job for job in _with_epochs(jobs.filter(pk__in=ids))}
    if len(found) != len(ids):
        raise TrainingJob.DoesNotExist("No such run.")
    runs = [found[i] for i in ids]
    recipes = {job.recipe_slug for job in runs}
    if len(recipes) > 1:
        raise ValidationError("Only runs of the same project can be compared.")
    return runs


def runs_to_compare(*, learner, ids: list[int]) -> list[TrainingJob]:
    """The learner's own runs with these ids (any status). Two queries."""
    return _exactly(TrainingJob.objects.owned_by(learner), ids)


def published_runs_to_compare(*, owner, ids: list[int]) -> list[TrainingJob]:
    """A learner's published runs with these ids, for anyone; DoesNotExist for any other id
    and when the portfolio is hidden."""
    jobs = TrainingJob.objects.public().filter(owner=owner)
    return _exactly(jobs, ids)


def reference_run(*, learner, recipe_slug: str) -> TrainingJob | None:
    return TrainingJob.objects.filter(
        owner=learner, recipe_slug=recipe_slug, is_reference=True
    ).first()


def comparison(runs: Sequence[TrainingJob], *, higher_is_better: bool) -> dict:
    """Everything the page and the API show about the runs, as plain values."""
    baseline_names = sorted({name for job in runs for name in job.baselines})
    return {
        "recipe": runs[0].recipe_slug,
        "recipe_title": runs[0].recipe_title or runs[0].recipe_slug,
        "metric_name": runs[0].metric_name,
        "higher_is_better": higher_is_better,
        "baseline_names": baseline_names,
        "params": param_table([job.params for job in runs]),
        "run_rows": [
            {
                "job": job,
                "metric": job.metric_value,
                "baselines": [
                    {
                        "name": name,
                        "value": job.baselines.get(name),
                        "margin": baseline_margin(
                            job.metric_value, job.baselines.get(name), higher_is_better
                        ),
                    }
                    for name in baseline_names
                ],
                "epochs": [(e.epoch, e.valid_loss, e.train_loss) for e in job.epochs.all()],
            }
            for job in runs
        ],
    }


def comparison_chart(runs: Sequence[TrainingJob]) -> str:
    return comparison_chart_svg(
        [
            (
                f"run #{job.pk}",
                [
                    (e.epoch, e.valid_loss if e.valid_loss is not None else e.train_loss)
                    for e in job.epochs.all()
                ],
            )
            for job in runs
        ]
    )


# --- the write ------------------------------------------------------------------------------


@transaction.atomic
def reference_pin(*, learner, job_id: int, pinned: bool = True) -> TrainingJob:
    """Make a succeeded run the learner's reference for its recipe (unpinning the previous
    one), or unpin it. The learner's runs of that recipe are locked first, so two pins at once
    queue up instead of tripping the one-reference constraint."""
    try:
        job = TrainingJob.objects.owned_by(learner).get(pk=job_id)
    except TrainingJob.DoesNotExist:
        raise TrainingJob.DoesNotExist("No such run of yours.") from None
    same_recipe = TrainingJob.objects.filter(owner=learner, recipe_slug=job.recipe_slug)
    list(same_recipe.select_for_update().values_list("pk", flat=True))
    if not pinned:
        same_recipe.filter(pk=job.pk).update(is_reference=False)
    else:
        if job.status != JobStatus.SUCCEEDED:
            raise ValidationError("Only a run that succeeded can be your reference.")
        same_recipe.filter(is_reference=True).exclude(pk=job.pk).update(is_reference=False)
        same_recipe.filter(pk=job.pk).update(is_reference=True)
    job.refresh_from_db()
    return job
