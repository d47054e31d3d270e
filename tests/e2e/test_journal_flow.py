"""A learner's day in a real browser: log a session with one line, run a focus timer across a
closed tab, write the weekly review, and see streak, score, heatmap and ratio follow."""

import re

import pytest
from playwright.sync_api import expect

from journal.models import FocusTimer, StudySession
from journal.selectors import learner_today
from tests.factories import LearnerFactory

pytestmark = pytest.mark.e2e


def figure(page, name: str):
    return page.locator(f'[data-figure="{name}"]').first


def test_learner_logs_times_reviews_and_sees_habits_update(page, sign_in, screenshot):
    learner = LearnerFactory(username="olive", timezone="Pacific/Auckland")
    sign_in(page, learner)

    # One line, Enter submits; htmx adds the row and refreshes the figures in place.
    page.goto("/today/")
    expect(page.get_by_text("Nothing logged today yet")).to_be_visible()
    form = page.locator("#log-form")
    form.get_by_label("Minutes").fill("30")
    form.get_by_label("Kind").select_option("coding")
    form.get_by_label("Note").fill("lesson 3 notebook")
    form.get_by_label("Note").press("Enter")
    expect(page.locator("#today-sessions")).to_contain_text("lesson 3 notebook")
    expect(figure(page, "today-minutes")).to_have_text("30")
    expect(figure(page, "current-streak")).to_have_text("1")
    assert page.url.endswith("/today/"), "no reload needed"

    # A focus block keeps running on the server when the tab is closed.
    page.locator("#id_timer-kind").select_option("experiment")
    page.get_by_role("button", name="Start a focus block").click()
    expect(page.locator(".timer-clock")).to_have_text(re.compile(r"^\d\d:\d\d:\d\d$"))
    context = page.context
    page.close()
    assert FocusTimer.objects.filter(learner=learner, stopped_at__isnull=True).exists()

    tab = context.new_page()
    tab.goto("/today/")
    expect(tab.locator(".timer-clock")).to_be_visible()
    screenshot(tab, "journal-today-timer")
    tab.get_by_role("button", name="Stop and log").click()
    expect(tab.get_by_role("button", name="Start a focus block")).to_be_visible()
    expect(figure(tab, "today-minutes")).to_have_text("31")
    assert StudySession.objects.filter(learner=learner).count() == 2

    # The weekly review is pre-filled with the week's figures.
    tab.goto("/today/reviews/")
    expect(tab.get_by_text("No weekly reviews yet")).to_be_visible()
    tab.get_by_role("button", name=re.compile("Review this week")).click()
    expect(figure(tab, "review-minutes")).to_have_text("31")
    tab.get_by_label("What did I learn?").fill("How a learning rate finder works")
    tab.get_by_label("Am I getting the results I am after?").select_option("yes")
    tab.get_by_role("button", name="Save review").click()
    expect(tab.get_by_text("Weekly review saved.")).to_be_visible()
    expect(tab.locator("table")).to_contain_text("31")

    # Habits: streak, score, today's square on the heatmap and this week's bar.
    tab.goto("/today/habits/")
    expect(figure(tab, "current-streak")).to_have_text("1")
    expect(figure(tab, "habit-score")).to_have_text("5")
    today = learner_today(learner).isoformat()
    cell = tab.locator(f'svg.heatmap rect[data-date="{today}"]')
    expect(cell).to_have_attribute("data-minutes", "31")
    expect(cell.locator("title")).to_contain_text("31 minutes")
    expect(tab.locator("svg.ratio-chart g").last.locator("title")).to_contain_text(
        "31 min exhale (100%)"
    )
    expect(tab.get_by_text("Plenty of building, not much studying")).to_be_hidden()
    screenshot(tab, "journal-habits")
