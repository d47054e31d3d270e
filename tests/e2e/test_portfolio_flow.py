"""A learner publishes a reflection and a training run; an anonymous visitor sees both on the
portfolio, opens the post and finds the feed."""

import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from training_jobs.models import TrainingJob


def finished_run(owner):
    run = TrainingJob.objects.create(
        owner=owner,
        recipe_slug="tabular-titanic",
        recipe_title="Titanic survival",
        dataset_slug="titanic",
        status="succeeded",
        params={"epochs": 2, "seed": 42, "valid_share": 0.2, "sample": 1},
        metrics={"accuracy": 0.8123},
        baselines={"majority class": 0.61},
        metric_name="accuracy",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        device="cpu",
        artifacts=[{"name": "curve.png", "title": "Training curve", "kind": "image"}],
    )
    run.artifact_dir.mkdir(parents=True, exist_ok=True)
    png = Path(__file__).resolve().parents[2] / "static" / "img" / "og-card.png"
    (run.artifact_dir / "curve.png").write_bytes(png.read_bytes())
    return run


def test_learner_publishes_a_post_and_a_run_and_a_visitor_finds_them(
    browser, live_server, page, sign_in, owner, screenshot, assert_accessible
):
    run = finished_run(owner)
    sign_in(page, owner)

    page.goto("/today/reflections/")
    page.get_by_label("Note (Markdown)").fill(
        "## What clicked\n\nRandom forests **need no scaling**."
    )
    page.get_by_label("Visibility").select_option("public")
    page.get_by_role("button", name="Save reflection").click()

    page.goto(f"/jobs/{run.pk}/")
    page.get_by_role("button", name="Publish on my portfolio").click()
    expect(page.get_by_role("button", name="Unpublish")).to_be_visible()

    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/u/owner/")
    expect(visitor.get_by_role("heading", name="Olive Owner")).to_be_visible()
    expect(visitor.get_by_role("link", name="Titanic survival")).to_be_visible()
    expect(visitor.locator(".run-card img")).to_have_count(1)
    screenshot(visitor, "portfolio")
    assert_accessible(visitor)

    visitor.get_by_role("link", name=re.compile("Reflection, ")).click()
    expect(visitor.locator(".post-body strong")).to_have_text("need no scaling")
    assert_accessible(visitor)

    # Read the feed the link names through the visitor's own client: after a click,
    # content() can run before Chromium has parsed the XML and return "".
    feed_href = visitor.get_by_role("link", name=re.compile("Atom feed")).get_attribute("href")
    feed = visitor.request.get(feed_href)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert "Random forests" in feed.text()

    visitor.goto("/u/owner/")
    visitor.get_by_role("link", name="Titanic survival").click()
    # The baseline is named on its card and in the sentence that measures the model by it.
    expect(visitor.get_by_text("majority class").first).to_be_visible()
    visitor.context.close()


def test_discover_page_is_accessible(page, assert_accessible):
    page.goto("/discover/")
    assert_accessible(page)


def test_portfolio_fits_a_phone_screen(phone_page, owner, screenshot):
    run = finished_run(owner)
    TrainingJob.objects.filter(pk=run.pk).update(published=True, published_at=timezone.now())

    phone_page.goto("/u/owner/")

    expect(phone_page.get_by_role("heading", name="Olive Owner")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the portfolio scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "portfolio-phone")
