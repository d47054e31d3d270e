"""Tags that add the queue position and the reference-run note to the job page, so the
features plug into the existing templates without touching the job views."""

from django import template

from projects.recipes import higher_is_better
from training_jobs.compare import reference_delta_phrase, reference_run
from training_jobs.queue import queue_place

register = template.Library()


@register.inclusion_tag("training_jobs/_queue_position.html")
def queue_position(job):
    """'3rd in the queue · expected to start in about 4 minutes' while the run waits (two
    queries, only for a queued run)."""
    return {"place": queue_place(job)}


@register.simple_tag(takes_context=True)
def reference_note(context, job) -> dict | None:
    """How a succeeded run compares with the owner's reference run of its recipe; None for
    visitors (the reference is the learner's private pin), for the reference itself, and when
    there is none. One query, for the owner of a succeeded run only."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or job.owner_id != user.pk
        or job.status != "succeeded"
        or job.is_reference
        or job.metric_value is None
    ):
        return None
    reference = reference_run(learner=user, recipe_slug=job.recipe_slug)
    if reference is None or reference.metric_value is None:
        return None
    return {
        "reference": reference,
        "phrase": reference_delta_phrase(
            metric_name=job.metric_name,
            value=job.metric_value,
            reference_value=reference.metric_value,
            higher_is_better=higher_is_better(job.recipe_slug),
        ),
    }
