"""The "Your data" page says what the export holds and what an import cannot take yet, and fits
a laptop and a phone without sideways scrolling."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_your_data_says_what_the_export_holds_at_both_sizes(
    browser, live_server, owner, sign_in, screenshot, assert_accessible, size
):
    width, height = size
    page = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    ).new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, owner)

    page.goto("/account/data/")

    expect(page.get_by_text("logged runs and notebooks are not imported yet")).to_be_visible()
    expect(page.get_by_role("button", name="Download everything")).to_be_visible()
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, f"the page scrolls sideways at {width}px ({scroll}px)"
    assert errors == []
    screenshot(page, f"your-data-{width}")
    assert_accessible(page)
    page.context.close()
