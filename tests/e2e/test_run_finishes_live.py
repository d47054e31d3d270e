"""A learner watches a run on its page: queued with a Cancel button, then a real worker trains
it, and without a reload the page swaps in the result cards, Publish and the try-it form, and
Cancel is gone."""

from unittest import mock

import pytest
from playwright.sync_api import expect

from training_jobs import services

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RUN_TIMEOUT_MS = 240_000


def test_the_live_page_shows_publish_and_try_it_when_the_run_ends(
    page, sign_in, owner, celery_worker, screenshot
):
    # Queue the run but hold its message, so the page is surely watching before it starts.
    with mock.patch.object(services, "_send") as held:
        job = services.start_run(
            learner=owner, recipe_slug="tabular-titanic", params={"epochs": 2}, sample=0.3
        )
    sign_in(page, owner)
    page.goto(f"/jobs/{job.pk}/")
    page.evaluate("window.__stillTheSamePage = true")
    expect(page.get_by_role("button", name="Cancel the run")).to_be_visible()
    expect(page.get_by_role("button", name="Publish on my portfolio")).to_have_count(0)

    assert held.called
    services._send(job.pk)  # now the worker gets it

    expect(page.locator(".badge.status-succeeded")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    expect(page.get_by_role("button", name="Publish on my portfolio")).to_be_visible()
    expect(page.get_by_role("heading", name="Try it")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel the run")).to_have_count(0)
    expect(page.get_by_text("The model beats the majority class by")).to_be_visible()
    expect(page.get_by_text("a strong classical model")).to_be_visible()
    assert page.evaluate("window.__stillTheSamePage === true"), "the page was reloaded"
    screenshot(page, "run-finished-live")

    page.get_by_role("button", name="Publish on my portfolio").click()
    expect(page.get_by_text("Published on your portfolio.")).to_be_visible()


def test_the_finished_result_fits_a_phone(phone_page, sign_in, owner, screenshot):
    from tests.training_jobs.factories import SucceededJobFactory

    job = SucceededJobFactory(
        owner=owner,
        baselines={"majority class": 0.684, "survival rate of the passenger's sex": 0.799,
                   "random forest": 0.848},
        metrics={"accuracy": 0.8403, "train_rows": 1050, "valid_rows": 263,
                 "batch_size": 32, "steps_per_epoch": 32},
    )  # fmt: skip
    sign_in(phone_page, owner)
    phone_page.goto(f"/jobs/{job.pk}/")
    expect(
        phone_page.get_by_text("The model beats the majority class by 15.6 points.")
    ).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the result page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "run-result-phone")
