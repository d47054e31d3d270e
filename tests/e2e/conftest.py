"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread, so Django's guard against ORM calls
from async code must be lifted for these tests (the ORM calls here are plain synchronous ones)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import TEST_PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make browser` (apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in():
    """sign_in(page, learner) logs the learner in through the real login form."""

    def do(page, learner, password: str = TEST_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(learner.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return do


@pytest.fixture
def screenshot():
    """screenshot(page, name): keep a picture of what the learner sees. With
    EXHALE_SCREENSHOTS_DIR set (make screenshots) it lands where the README links it."""
    folder = Path(os.environ.get("EXHALE_SCREENSHOTS_DIR") or settings.VAR_DIR / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = True) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def assert_accessible():
    """assert_accessible(page): axe-core finds no serious or critical violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
        report = "\n".join(
            f"{v['impact']}: {v['id']} — {v['help']} ({len(v['nodes'])} node(s), e.g. "
            f"{v['nodes'][0]['target']})"
            for v in bad
        )
        assert not bad, f"Accessibility violations on {page.url}:\n{report}"

    return check
