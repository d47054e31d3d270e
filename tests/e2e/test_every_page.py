"""Every main page as a person sees it, on a laptop (1280×800) and a phone (390×844), with the
demo learner's three months of data: a picture of each under docs/screenshots/ (make
screenshots), nothing wider than the screen, and no error in the browser's console."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo.learner import build_demo
from journal.models import Reflection
from tests.factories import TEST_PASSWORD, LearnerFactory
from training_jobs.models import EpochMetric, JobStatus, TrainingJob

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def demo_world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    learner = LearnerFactory(username="demo", display_name="Demo Learner", rest_weekdays="6")
    made = build_demo(learner)
    learner.refresh_from_db()
    live = TrainingJob.objects.create(
        owner=learner,
        recipe_slug="collab-movielens",
        recipe_title="Collaborative filtering: MovieLens",
        dataset_slug="movielens-100k",
        metric_name="rmse",
        status=JobStatus.RUNNING,
        device="cpu",
        epochs_total=5,
        epochs_done=2,
        started_at=timezone.now() - timedelta(minutes=2),
        heartbeat_at=timezone.now(),
        log_tail="Training with {'epochs': 5}\nepoch 1 ...\nepoch 2 ...",
    )
    EpochMetric.objects.bulk_create(
        [
            EpochMetric(job=live, epoch=1, train_loss=1.1, valid_loss=1.05, metric=1.02),
            EpochMetric(job=live, epoch=2, train_loss=0.92, valid_loss=0.95, metric=0.97),
        ]
    )
    post = Reflection.objects.get(pk=made["post"])
    return learner, made, live, post


def pages(learner, made, live, post) -> list[tuple[str, str, bool]]:
    """(screenshot name, address, signed in)."""
    year = timezone.now().year
    return [
        ("sign-up", "/accounts/signup/", False),
        ("today", "/today/", True),
        ("habits", "/today/habits/", True),
        ("sessions", "/today/sessions/", True),
        ("job-live", f"/jobs/{live.pk}/", True),
        ("job-finished", f"/jobs/{made['run']}/", True),
        ("results", f"/u/{learner.username}/runs/{made['run']}/", False),
        ("portfolio", f"/u/{learner.username}/", False),
        ("discover", "/discover/", False),
        ("post", f"/u/{learner.username}/posts/reflection-{post.pk}/", False),
        ("year-in-review", f"/u/{learner.username}/year/{year}/", False),
    ]


def open_context(browser, live_server, size: str):
    context = browser.new_context(
        base_url=live_server.url, viewport=SIZES[size], is_mobile=size == "phone"
    )
    context.set_default_timeout(15_000)
    return context


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize("size", list(SIZES))
def test_every_main_page_fits_the_screen_without_console_errors(
    browser, live_server, demo_world, screenshot, size
):
    learner, made, live, post = demo_world
    problems = []
    errors: list[str] = []
    for signed_in in (False, True):
        context = open_context(browser, live_server, size)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        if signed_in:
            sign_in(page, learner.username)
        for name, address, needs_login in pages(learner, made, live, post):
            if needs_login != signed_in:
                continue
            errors.clear()
            response = page.goto(address)
            page.wait_for_load_state("networkidle")
            assert response.status == 200, (address, response.status)
            # The 50-row sessions list is a very tall picture; its first screen says it all.
            screenshot(page, f"page-{name}-{size}", full_page=name != "sessions")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > SIZES[size]["width"]:
                problems.append(f"{address} is {width} px wide on a {size}")
            if errors:
                problems.append(f"{address} logs {errors}")
        context.close()
    assert not problems, "\n".join(problems)


def test_phone_header_collapses_to_a_menu_that_opens_without_js(browser, live_server, demo_world):
    learner = demo_world[0]
    context = browser.new_context(
        base_url=live_server.url, viewport=SIZES["phone"], java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, learner.username)
    page.goto("/today/")

    assert not page.locator("nav .main-nav").is_visible()
    menu = page.locator(".nav-menu")
    assert not menu.get_by_role("link", name="Roadmaps").is_visible()
    menu.locator("summary").click()
    assert menu.get_by_role("link", name="Roadmaps").is_visible()
    header = page.locator("body > header").bounding_box()
    assert header["height"] < 120, "one row, not two awkward ones"
    context.close()


def test_phone_sessions_table_is_stacked_cards(browser, live_server, demo_world):
    learner = demo_world[0]
    context = open_context(browser, live_server, "phone")
    page = context.new_page()
    sign_in(page, learner.username)
    page.goto("/today/sessions/")

    table = page.locator("table.session-table")
    assert table.bounding_box()["width"] <= 390
    first, second = page.locator("table.session-table tbody tr").all()[:2]
    assert first.bounding_box()["y"] + first.bounding_box()["height"] <= second.bounding_box()["y"]
    label = first.locator("td[data-label=Minutes]").evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert label == '"Minutes: "'  # each value says what it is, the header row being hidden
    context.close()


def test_sign_up_takes_the_browsers_time_zone(browser, live_server, db):
    context = browser.new_context(base_url=live_server.url, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto("/accounts/signup/")
    assert page.get_by_label("Timezone").input_value() == "Asia/Tokyo"
    page.get_by_label("Username").fill("kenji")
    page.get_by_label("Email").fill("kenji@example.com")
    page.get_by_label("Password").fill("a long and unusual passphrase 42")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(lambda url: "/signup/" not in url)

    from accounts.models import User

    assert User.objects.get(username="kenji").timezone == "Asia/Tokyo"
    context.close()


OTHER_PAGES = [
    "/",
    "/roadmaps/",
    "/roadmaps/{roadmap}/",
    "/projects/",
    "/projects/tabular-titanic/",
    "/projects/datasets/",
    "/jobs/",
    "/today/reflections/",
    "/today/reviews/",
    "/today/not-to-do/",
    "/today/pauses/",
    "/today/kinds/",
    "/today/sessions/import/",
    "/accounts/profile/",
    "/accounts/tokens/",
    "/account/portfolio/",
    "/account/data/",
    "/api/docs/",
]


def test_no_other_page_logs_a_console_error_or_overflows_a_phone(browser, live_server, demo_world):
    learner, made = demo_world[0], demo_world[1]
    context = open_context(browser, live_server, "phone")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    sign_in(page, learner.username)
    wide = []
    for address in OTHER_PAGES:
        response = page.goto(address.format(roadmap=made["roadmap"]))
        page.wait_for_load_state("networkidle")
        assert response.status == 200, (address, response.status)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > SIZES["phone"]["width"]:
            wide.append(f"{address}: {width} px")
    context.close()
    assert not errors, "\n".join(errors)
    assert not wide, wide
