"""Beyond the usual tools: a learner misses a day and a streak freeze covers it, embeds a badge
from the controls page, and opens their year in review."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from journal.selectors import learner_today
from tests.factories import ItemFactory, RoadmapFactory, StageFactory
from tests.journal.factories import session_on


def test_freeze_badge_and_year_in_review(page, sign_in, owner, screenshot, assert_accessible):
    today = learner_today(owner)
    missed = today - timedelta(days=2)
    for back in (4, 3, 1):
        session_on(owner, today - timedelta(days=back), minutes=45)
    roadmap = RoadmapFactory(owner=owner, title="My AI masters", visibility="public")
    ItemFactory(stage=StageFactory(roadmap=roadmap), status="done")
    sign_in(page, owner)

    # 1. Today says the freeze covered the missed day.
    page.goto("/today/")
    left = 2 - (1 if missed.month == today.month else 0)
    notice = page.locator("[data-figure=freeze-notice]")
    expect(notice).to_have_text(f"A streak freeze covered {missed:%A}; {left} left this month.")
    expect(page.locator("[data-figure=current-streak]").first).to_have_text("3")
    screenshot(page, "beyond-freeze")
    assert_accessible(page)

    # 2. The controls page offers the badge's Markdown, and its address serves an SVG.
    page.goto("/account/portfolio/")
    snippet = page.get_by_label("Markdown for the Current streak badge")
    markdown = snippet.input_value()
    badge_url = re.search(r"\]\((http[^)]+\.svg)\)", markdown).group(1)
    assert badge_url.endswith("/u/owner/badges/streak.svg")
    expect(page.get_by_label(re.compile("Markdown for the Progress of"))).to_have_value(
        re.compile(rf"roadmap-{roadmap.pk}\.svg")
    )
    page.get_by_role("heading", name="Badges for your README or blog").scroll_into_view_if_needed()
    screenshot(page, "beyond-badges")
    assert_accessible(page)
    response = page.request.get(badge_url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "streak: 3 days" in response.text()

    # 3. The year in review, with its image card for link previews.
    page.get_by_role("link", name=f"Your {today.year} in review").click()
    expect(page.get_by_role("heading", name=f"{today.year} in review")).to_be_visible()
    this_year = [back for back in (4, 3, 1) if (today - timedelta(days=back)).year == today.year]
    expect(page.locator("[data-figure=hours]")).to_have_text(
        str(round(45 * len(this_year) / 60, 1))
    )
    card = page.locator('meta[property="og:image"]').get_attribute("content")
    assert card.endswith(f"/u/owner/year/{today.year}.png")
    png = page.request.get(f"/u/owner/year/{today.year}.png")
    assert png.status == 200 and png.headers["content-type"] == "image/png"
    screenshot(page, "beyond-year")
    assert_accessible(page)
