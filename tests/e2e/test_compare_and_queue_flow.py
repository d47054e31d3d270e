"""A learner sees where a queued run stands in the gpu queue, compares two finished runs side
by side, pins one as the reference, and reads the distance to it on the other's result page."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import LearnerFactory
from training_jobs.models import EpochMetric, TrainingJob

PARAMS = {"epochs": 3, "seed": 42, "valid_share": 0.2, "sample": 1, "lr": 0.01, "batch_size": 64}


def finished(owner, accuracy, lr, minutes_ago):
    end = timezone.now() - timedelta(minutes=minutes_ago)
    job = TrainingJob.objects.create(
        owner=owner,
        recipe_slug="tabular-titanic",
        recipe_title="Titanic survival",
        dataset_slug="titanic",
        status="succeeded",
        params={**PARAMS, "lr": lr},
        metric_name="accuracy",
        metrics={"accuracy": accuracy},
        baselines={"majority class": 0.61, "sex group": 0.78},
        epochs_total=3,
        epochs_done=3,
        started_at=end - timedelta(minutes=2),
        finished_at=end,
    )
    for epoch in (1, 2, 3):
        EpochMetric.objects.create(
            job=job,
            epoch=epoch,
            train_loss=0.8 / epoch,
            valid_loss=0.7 / epoch + lr,
            metric=accuracy - 0.01 * (3 - epoch),
        )
    return job


def test_queue_position_comparison_and_reference(
    page, sign_in, owner, screenshot, assert_accessible
):
    first = finished(owner, 0.80, 0.01, minutes_ago=30)
    second = finished(owner, 0.83, 0.003, minutes_ago=10)
    someone_else = LearnerFactory(username="busy")
    TrainingJob.objects.create(
        owner=someone_else,
        recipe_slug="image-classifier",
        dataset_slug="digits",
        status="queued",
        params=PARAMS,
    )
    mine = TrainingJob.objects.create(
        owner=owner,
        recipe_slug="tabular-titanic",
        dataset_slug="titanic",
        status="queued",
        params=PARAMS,
    )
    sign_in(page, owner)

    page.goto(f"/jobs/{mine.pk}/")
    expect(page.locator("#queue-position")).to_contain_text("2nd in the queue")
    assert "busy" not in page.locator("#queue-position").inner_text()
    screenshot(page, "beyond-queue")

    page.goto("/jobs/")
    page.get_by_label(f"Compare run #{first.pk}").check()
    page.get_by_label(f"Compare run #{second.pk}").check()
    page.get_by_role("button", name="Compare selected runs").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compare")
    expect(page.locator("svg").first).to_be_visible()
    screenshot(page, "beyond-compare")
    assert_accessible(page)

    page.goto(f"/jobs/{first.pk}/")
    page.get_by_role("button", name="Pin as my reference for this project").click()
    page.goto(f"/jobs/{second.pk}/")
    expect(page.get_by_text(f"reference run #{first.pk}")).to_be_visible()
