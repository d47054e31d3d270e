"""A learner pastes a curriculum, sees the roadmap it becomes beside the source and the
lines left out, confirms, and lands on the new roadmap: in a real browser, on a laptop and a
phone."""

import re
from pathlib import Path

from playwright.sync_api import expect

from curriculum.models import Item, Roadmap

PLAN = (
    Path(__file__).resolve().parent.parent / "fixtures" / "curricula" / "own" / "small_plan.md"
).read_text()
# The small plan of the issue, with two lines no roadmap can hold.
EXTRA = "![banner](banner.png)\n\n- [Part 1](#part-1--foundations-weeks-1-3)\n\n"
TEXT = PLAN.replace("## Part 1", EXTRA + "## Part 1")


def _paste_preview_and_confirm(page, screenshot, name: str, assert_accessible=None):
    page.goto("/roadmaps/import/")
    page.get_by_label("…or paste it here").fill(TEXT)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.locator("#import-summary")).to_contain_text("3 stages, 10 items")
    expect(page.locator("#import-summary")).to_contain_text("2 lines left out")
    left_out = page.locator(".import-left-out tbody tr")
    expect(left_out).to_have_count(2)
    expect(left_out.nth(0)).to_contain_text("image")
    expect(left_out.nth(1)).to_contain_text("table of contents")
    expect(page.locator(".import-roadmap")).to_contain_text("Part 2 — Pipelines")
    expect(page.locator(".import-roadmap")).to_contain_text("3 weeks planned")
    expect(page.locator(".source-lines li.left-out")).to_have_count(2)
    assert not Roadmap.objects.exists()
    if assert_accessible is not None:
        assert_accessible(page)
    screenshot(page, name)
    page.get_by_role("button", name="Create this roadmap").click()
    expect(page).to_have_url(re.compile(r"/roadmaps/\d+/$"))
    expect(page.get_by_text("Imported 3 stages and 10 items")).to_be_visible()


def test_paste_preview_confirm_and_land_on_the_roadmap(
    page, sign_in, owner, screenshot, assert_accessible
):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, owner)
    _paste_preview_and_confirm(page, screenshot, "import-preview", assert_accessible)
    roadmap = Roadmap.objects.get(owner=owner)
    assert roadmap.title == "Data engineering in ten weeks"
    assert list(roadmap.stages.values_list("planned_weeks", flat=True)) == [3, 3, 4]
    assert Item.objects.filter(stage__roadmap=roadmap, kind="project").count() == 1
    expect(page.get_by_role("heading", name="Part 3 — Streaming")).to_be_visible()


def test_the_preview_works_on_a_phone(phone_page, sign_in, owner, screenshot):
    sign_in(phone_page, owner)
    _paste_preview_and_confirm(phone_page, screenshot, "import-preview-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert Roadmap.objects.filter(owner=owner).count() == 1
