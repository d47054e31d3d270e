"""The roadmap page as a person checks it, at 1280×800 and on a 390×844 phone: a roadmap of
17 items fits in under 2,500 px, one of 300 stays usable, the public path view reads well, no
page is wider than the phone, no console errors, and a failed inline action shows its message
on screen next to the control that caused it. Screenshots land in docs/screenshots/ with
`make screenshots` (EXHALE_SCREENSHOTS_DIR)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from curriculum.models import Item
from tests.factories import TEST_PASSWORD, ItemFactory, RoadmapFactory, StageFactory

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
STEPS = ["Watch the lesson", "Run the notebook", "Reproduce it from scratch", "Share it"]
STAGE_TITLES = ["Python for data", "Deep learning", "Build and share"]
KINDS = ["course", "book", "lesson", "video", "article", "project"]


def build_roadmap(owner, items: int, per_stage: int, **fields):
    roadmap = RoadmapFactory(owner=owner, started_on=timezone.localdate(), **fields)
    stages = [
        StageFactory(
            roadmap=roadmap,
            title=f"Stage {s + 1}: {STAGE_TITLES[s % 3]}",
            position=s,
            planned_weeks=4,
            kind="build" if s % 3 == 2 else "learn",
        )
        for s in range((items + per_stage - 1) // per_stage)
    ]
    now = timezone.now()
    for i in range(items):
        status = ["done", "done", "in_progress", "not_started", "not_started", "skipped"][i % 6]
        ItemFactory(
            stage=stages[i // per_stage],
            position=i,
            title=f"Practical deep learning for coders, lesson {i + 1}",
            url=f"https://course.fast.ai/Lessons/lesson{i + 1}.html",
            kind=KINDS[i % len(KINDS)],
            estimated_hours=[8, 100, 6, 24, 12, 3][i % 6],
            status=status,
            started_at=now if status in {"done", "in_progress"} else None,
            finished_at=now if status == "done" else None,
            note="Keep the notebook." if i % 4 == 0 else "",
            checklist=[{"text": t, "done": n < 2} for n, t in enumerate(STEPS)]
            if i % 5 == 0
            else [],
        )
    return roadmap


@pytest.fixture
def open_page(browser, live_server):
    """open_page(viewport, learner=None) → a page (signed in when a learner is given) that
    records console errors in page.errors."""
    contexts = []

    def make(viewport, learner=None):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, is_mobile=viewport == PHONE
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        if learner is not None:
            page.goto("/accounts/login/")
            page.get_by_label("Username").fill(learner.username)
            page.get_by_label("Password").fill(TEST_PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield make
    for context in contexts:
        context.close()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def page_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def check_and_shoot(page, screenshot, name, viewport, full_page=True):
    """No wider than the viewport, no console errors; keep a picture."""
    assert page_width(page) <= viewport["width"], f"{name} is {page_width(page)} px wide"
    assert page.errors == [], f"console errors on {name}: {page.errors}"
    screenshot(page, name, full_page=full_page)


@pytest.mark.parametrize("viewport,suffix", [(DESKTOP, ""), (PHONE, "-phone")])
def test_a_roadmap_of_17_items_is_compact(
    open_page, owner, screenshot, assert_accessible, viewport, suffix
):
    roadmap = build_roadmap(owner, 17, per_stage=6, title="My AI masters", target_end=None)
    page = open_page(viewport, owner)
    page.goto(f"/roadmaps/{roadmap.pk}/")
    expect(page.locator("li.row")).to_have_count(17)
    # The current status is the one pressed button of each row, labelled in words.
    first = page.locator("li.row").first
    expect(first.locator("[aria-pressed=true]")).to_have_count(1)
    expect(first.locator("[aria-pressed=true]")).to_contain_text("Done")
    if viewport == DESKTOP:
        assert page_height(page) < 2500, f"the 17-item roadmap is {page_height(page)} px tall"
    check_and_shoot(page, screenshot, f"roadmap-17{suffix}", viewport)
    # The row menu, opened, is part of the page too.
    page.locator("li.row").nth(2).get_by_role("button", name="Actions for").click()
    expect(page.get_by_role("menu")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("viewport,suffix", [(DESKTOP, ""), (PHONE, "-phone")])
def test_a_roadmap_of_300_items_stays_usable(open_page, owner, screenshot, viewport, suffix):
    roadmap = build_roadmap(owner, 300, per_stage=25, title="Everything, eventually")
    page = open_page(viewport, owner)
    page.goto(f"/roadmaps/{roadmap.pk}/")
    expect(page.locator("li.row")).to_have_count(300)
    expect(page.locator("section.stage")).to_have_count(12)
    # Changing one item's status from the 300 is one click, and the row says so.
    row = page.locator("li.row").nth(3)
    with page.expect_response(lambda r: "/status/" in r.url) as answer:
        row.get_by_role("button", name="Done:").click()
    assert answer.value.status == 200
    expect(page.locator("li.row").nth(3).locator("[aria-pressed=true]")).to_contain_text(
        "Done", timeout=15_000
    )
    # The first screen of it: the whole page would be a 4 MB picture.
    page.evaluate("window.scrollTo(0, 0)")
    check_and_shoot(page, screenshot, f"roadmap-300{suffix}", viewport, full_page=False)


@pytest.mark.parametrize("viewport,suffix", [(DESKTOP, ""), (PHONE, "-phone")])
def test_the_public_path_view(open_page, owner, screenshot, assert_accessible, viewport, suffix):
    roadmap = build_roadmap(owner, 17, per_stage=6, title="My AI masters", visibility="public")
    page = open_page(viewport)  # a visitor, not signed in
    page.goto(f"/u/{owner.username}/")
    page.get_by_role("link", name="My AI masters").click()
    expect(page).to_have_url(f"{page.url.split('/roadmaps/')[0]}/roadmaps/{roadmap.pk}/path/")
    expect(page.locator("li.path-stage")).to_have_count(3)
    expect(page.locator("li.path-item")).to_have_count(17)
    expect(page.locator("main").get_by_role("button")).to_have_count(0)  # read only
    check_and_shoot(page, screenshot, f"roadmap-path{suffix}", viewport)
    assert_accessible(page)


def in_viewport_next_to(page, message, control):
    """The message is on screen, within a few lines of the control (as it is now)."""
    box, near = message.bounding_box(), control.bounding_box()
    view = page.viewport_size
    assert box is not None and near is not None
    assert 0 <= box["y"] and box["y"] + box["height"] <= view["height"], (box, view)
    assert abs(box["y"] - near["y"]) < 120, (box, near)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_a_failed_inline_action_shows_its_message_next_to_its_control(open_page, owner, viewport):
    roadmap = build_roadmap(owner, 17, per_stage=6, title="My AI masters")
    page = open_page(viewport, owner)
    page.goto(f"/roadmaps/{roadmap.pk}/")

    # 1. The server refuses (400, with the partial): renaming the last stage to blanks.
    last_stage = page.locator("section.stage").last
    last_stage.get_by_text("Rename", exact=True).click()
    last_stage.get_by_label("New title").fill("   ")
    control = last_stage.get_by_role("button", name="Rename stage")
    control.scroll_into_view_if_needed()
    control.click()
    message = page.locator("section.stage").last.locator(".inline-error")
    expect(message).to_be_visible()
    expect(message).to_have_text("Give it a title: it cannot be empty.")
    in_viewport_next_to(page, message, page.locator("section.stage").last.get_by_label("New title"))

    # 2. The item is gone (deleted in another tab): its status button answers 404, and
    # the page says so on that row instead of doing nothing.
    row = page.locator("li.row").nth(15)
    title = row.locator(".row-title").inner_text()
    Item.objects.filter(title=title).update(deleted_at=timezone.now())
    button = row.get_by_role("button", name=f"Skipped: {title}")
    button.scroll_into_view_if_needed()
    button.click()
    message = row.locator(".htmx-error")
    expect(message).to_contain_text("no longer there")
    in_viewport_next_to(page, message, button)
    # The browser reports the two refused requests themselves, and nothing else went wrong.
    assert page.errors and all("400" in e or "404" in e for e in page.errors), page.errors


def test_a_non_image_in_the_try_it_demo_says_why_next_to_the_field(open_page, owner, tmp_path):
    from tests.training_jobs.factories import SucceededJobFactory

    job = SucceededJobFactory(
        owner=owner,
        recipe_slug="image-classifier",
        artifacts=[{"name": "model.pkl", "title": "Exported fastai learner", "kind": "model"}],
    )
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    page = open_page(DESKTOP, owner)
    page.goto(f"/jobs/{job.pk}/")
    page.get_by_label("An image").set_input_files(str(notes))
    page.get_by_role("button", name="Predict").click()
    message = page.locator("#demo .field-error")
    expect(message).to_contain_text("not a PNG, JPEG, GIF, BMP or WebP image")
    in_viewport_next_to(page, message, page.get_by_label("An image"))


def test_without_javascript_the_rows_still_post_and_the_menu_is_a_page(browser, live_server, owner):
    roadmap = build_roadmap(owner, 7, per_stage=7, title="No script")
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(owner.username)
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"/roadmaps/{roadmap.pk}/")
        title = "Practical deep learning for coders, lesson 4"
        # A status button posts the page's shared form to its own formaction.
        page.get_by_role("button", name=f"Done: {title}").click()
        expect(page.get_by_role("button", name=f"Done: {title}")).to_have_attribute(
            "aria-pressed", "true"
        )
        assert Item.objects.get(title=title).status == "done"
        # ⋯ is a link to the item's editor page, which can move and delete.
        page.get_by_role("button", name=f"Actions for {title}").click()
        expect(page.get_by_role("heading", name=f"Edit “{title}”")).to_be_visible()
        page.get_by_role("button", name=f"Move {title} up").click()
        expect(page.locator("li.row").nth(2)).to_contain_text(title)
    finally:
        context.close()


@pytest.mark.parametrize("viewport,suffix", [(DESKTOP, ""), (PHONE, "-phone")])
def test_the_template_list_says_what_each_path_is(open_page, owner, screenshot, viewport, suffix):
    from django.core.management import call_command

    call_command("load_starter_roadmaps", verbosity=0)
    page = open_page(viewport, owner)
    page.goto("/roadmaps/")
    cards = page.locator("article.template-card")
    expect(cards).to_have_count(4)
    advanced = cards.filter(has_text="advanced path")
    expect(advanced).to_contain_text("already program")
    expect(advanced.locator(".template-figures")).to_contain_text(re.compile(r"\d+ weeks"))
    expect(advanced.locator(".template-figures")).to_contain_text(re.compile(r"\d+ items"))
    check_and_shoot(page, screenshot, f"roadmap-templates{suffix}", viewport)
