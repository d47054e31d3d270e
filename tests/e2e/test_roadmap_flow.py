"""A new learner picks a template, copies it, edits it, marks items done and sees progress
and a forecast: in a real browser, with htmx swapping the roadmap in place."""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from curriculum.models import Item, Roadmap


def test_new_learner_copies_a_template_edits_it_and_sees_progress(page, sign_in, owner, screenshot):
    call_command("load_starter_roadmaps", verbosity=0)
    sign_in(page, owner)
    page.goto("/roadmaps/")
    expect(page.get_by_text("You have no roadmap yet")).to_be_visible()
    page.get_by_role(
        "button", name="Use this roadmap: fast.ai Practical Deep Learning, part 1"
    ).click()
    expect(page).to_have_url(re.compile(r"/roadmaps/\d+/$"))
    expect(page.get_by_text("is yours now")).to_be_visible()
    roadmap = Roadmap.objects.get(owner=owner)
    assert roadmap.origin_template.slug == "fastai-part1"

    # Rename the first stage.
    first = page.locator("section.stage").first
    first.get_by_text("Rename", exact=True).click()
    first.get_by_label("New title").fill("Lesson 1: my first model")
    first.get_by_role("button", name="Rename stage").click()
    expect(page.get_by_role("heading", name="Lesson 1: my first model")).to_be_visible()

    # Add an item to it.
    first = page.locator("section.stage").first
    first.get_by_text("Add an item to").click()
    first.get_by_label("Title", exact=True).fill("Read chapter 1 of the fastai book")
    first.get_by_label("Kind", exact=True).select_option("book")
    first.get_by_role("button", name="Add item").click()
    expect(page.get_by_text("Read chapter 1 of the fastai book")).to_be_visible()

    # Move it up with the keyboard only: its row's menu, then "Move up".
    page.get_by_role("button", name="Actions for Read chapter 1 of the fastai book").focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("menuitem", name="Move Read chapter 1 of the fastai book up")
    ).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("section.stage").first.locator("li.row").nth(1)).to_contain_text(
        "Read chapter 1"
    )
    # Alt+↑ on the row moves it once more, and focus stays with it.
    expect(
        page.get_by_role("button", name="Actions for Read chapter 1 of the fastai book")
    ).to_be_focused()
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("section.stage").first.locator("li.row").first).to_contain_text(
        "Read chapter 1"
    )

    # Mark two items done with one click each.
    page.get_by_role("button", name="Done: Lesson 1: Getting started").click()
    expect(page.locator(".done-count")).to_have_text(re.compile(r"^1/\d+ done$"))
    page.get_by_role("button", name="Done: Read chapter 1 of the fastai book").click()
    expect(page.locator(".done-count")).to_have_text(re.compile(r"^2/\d+ done$"))
    expect(page.locator("section.stage").first.locator(".stage-progress")).to_have_text("2/3 done")
    expect(page.locator(".forecast")).to_contain_text("At your last 4 weeks' pace")
    screenshot(page, "roadmap")

    # Delete an item and undo it.
    page.get_by_role("button", name="Actions for Read chapter 1 of the fastai book").click()
    page.get_by_role("menuitem", name="Delete Read chapter 1 of the fastai book").click()
    expect(page.get_by_text("Deleted “Read chapter 1 of the fastai book”.")).to_be_visible()
    expect(page.locator("li.row", has_text="Read chapter 1")).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("li.row", has_text="Read chapter 1")).to_have_count(1)

    done = Item.objects.filter(stage__roadmap=roadmap, status="done")
    assert set(done.values_list("title", flat=True)) == {
        "Lesson 1: Getting started",
        "Read chapter 1 of the fastai book",
    }
