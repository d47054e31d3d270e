"""Progress follows the resource and checklists count: a learner with the same course in two
roadmaps marks it done in one and sees it done in the other, with an "also in" note; then
ticks half of a book's checklist and sees half progress. In a real browser, with htmx."""

import re

from playwright.sync_api import expect

from curriculum import services
from tests.factories import RoadmapFactory, StageFactory


def _roadmap(owner, title, course_url):
    roadmap = RoadmapFactory(owner=owner, title=title)
    stage = StageFactory(roadmap=roadmap, title="Deep learning")
    services.item_create(
        learner=owner, stage=stage, title="Practical Deep Learning", url=course_url, kind="course"
    )
    return roadmap


def test_the_same_course_done_in_one_roadmap_is_done_in_the_other(
    page, sign_in, owner, screenshot, assert_accessible
):
    masters = _roadmap(owner, "My AI masters", "https://course.fast.ai/?utm_source=newsletter")
    fastai = _roadmap(owner, "fast.ai path", "http://www.course.fast.ai")
    sign_in(page, owner)

    page.goto(f"/roadmaps/{masters.pk}/")
    expect(page.locator(".also-in")).to_have_text("also in fast.ai path")
    page.get_by_role("button", name="Done: Practical Deep Learning").click()
    expect(page.locator(".done-count")).to_have_text("1/1 done")

    page.get_by_role("link", name="fast.ai path").click()
    expect(page).to_have_url(re.compile(rf"/roadmaps/{fastai.pk}/$"))
    expect(page.locator(".done-count")).to_have_text("1/1 done")
    expect(page.get_by_role("button", name="Done: Practical Deep Learning")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator(".also-in")).to_have_text("also in My AI masters")
    assert_accessible(page)
    screenshot(page, "beyond-resource")


def test_half_a_checklist_ticked_is_half_an_item(
    page, sign_in, owner, screenshot, assert_accessible
):
    roadmap = RoadmapFactory(owner=owner, title="Reading")
    stage = StageFactory(roadmap=roadmap, title="Books")
    services.item_create(learner=owner, stage=stage, title="Hands-On ML", kind="book")
    sign_in(page, owner)
    page.goto(f"/roadmaps/{roadmap.pk}/")

    # Steps are added in the item's editor, opened from its row's menu; it stays open.
    page.get_by_role("button", name="Actions for Hands-On ML").click()
    page.get_by_role("menuitem", name="Edit Hands-On ML").click()
    for step in ("Part 1", "Part 2"):
        page.get_by_label("New step").fill(step)
        page.get_by_label("New step").press("Enter")
        expect(page.get_by_role("checkbox", name=step)).to_be_visible()

    # Tick with the keyboard.
    page.get_by_role("checkbox", name="Part 1").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("checkbox", name="Part 1")).to_have_attribute("aria-checked", "true")
    expect(page.locator(".done-count")).to_have_text("0.5/1 done")
    expect(page.locator(".stage-progress")).to_have_text("0.5/1 done")
    expect(page.get_by_role("button", name="Mark done: Hands-On ML")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "beyond-checklist")

    page.get_by_role("checkbox", name="Part 2").click()
    page.get_by_role("button", name="Mark done: Hands-On ML").click()
    expect(page.get_by_role("button", name="Done: Hands-On ML", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
