"""A run logged from a notebook, in the browser: open it, compare it with a bundled run,
publish it, and see it on the portfolio as a visitor; phone and laptop screenshots."""

import pytest
from playwright.sync_api import expect

from tests.tracking.factories import ExperimentFactory, LoggedRunFactory, points
from tests.training_jobs.factories import SucceededJobFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_open_compare_publish_and_see_it_as_a_visitor(page, phone_page, browser, live_server,
                                                      owner, sign_in, screenshot):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    job = SucceededJobFactory(owner=owner)
    run = LoggedRunFactory(experiment=ExperimentFactory(learner=owner, name="pets"),
                           name="resnet from scratch")
    points(run, "valid_loss", [0.9, 0.6, 0.45])
    points(run, "accuracy", [0.6, 0.75, 0.86])

    sign_in(page, owner)
    page.goto("/runs/")
    page.get_by_role("link", name="resnet from scratch").click()
    # Each check after a click waits for the page it loads (a busy machine is slow to serve it).
    expect(page.locator("svg.metric-chart")).to_have_count(2)
    screenshot(page, "logged-run-1280")
    page.get_by_role("button", name="Compare with a bundled run").click()
    page.get_by_label("Bundled run").select_option(str(job.pk))
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("figure svg polyline")).to_have_count(2)
    expect(page.get_by_role("cell", name="0.86")).to_be_visible()
    screenshot(page, "logged-run-compare-1280")
    page.go_back()
    page.go_back()
    page.get_by_role("button", name="Publish on my portfolio").click()
    expect(page.get_by_text("Published on your portfolio.")).to_be_visible()
    assert errors == []

    visitor = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  is_mobile=True)
    phone = visitor.new_page()
    phone.goto(f"/u/{owner.username}/")
    card = phone.get_by_role("link", name="resnet from scratch")
    assert card.is_visible()
    card.click()
    expect(phone.get_by_role("heading", name="resnet from scratch")).to_be_visible()
    assert phone.get_by_role("button", name="Make private").count() == 0  # not the owner's view
    assert no_overflow(phone)
    screenshot(phone, "logged-run-390")
    visitor.close()
