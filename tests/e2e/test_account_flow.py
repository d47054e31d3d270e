import re

from playwright.sync_api import expect

from accounts.models import User


def test_visitor_signs_up_reaches_profile_and_edits_it(page, screenshot):
    page.goto("/")
    screenshot(page, "home")
    page.get_by_text("Start your roadmap").click()

    page.get_by_label("Username").fill("grace")
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Password").fill("a-long-and-unusual-passphrase")
    page.get_by_label("Timezone").select_option("Pacific/Auckland")
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.get_by_text("Welcome to Exhale, grace!")).to_be_visible()

    page.get_by_label("Display name").fill("Grace H.")
    page.get_by_label("Daily target minutes").fill("45")
    page.get_by_label("Saturday").check()
    page.get_by_label("Bio").fill("Evenings and weekends, toward ML engineering.")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_text("Profile saved.")).to_be_visible()
    screenshot(page, "profile")
    learner = User.objects.get(username="grace")
    assert learner.display_name == "Grace H."
    assert learner.daily_target_minutes == 45
    assert learner.rest_weekdays == "5"
    assert learner.timezone == "Pacific/Auckland"


def test_profile_form_shows_errors_next_to_fields(page, sign_in, owner):
    sign_in(page, owner)
    page.goto("/accounts/profile/")

    page.get_by_label("Daily target minutes").fill("-5")
    page.get_by_role("button", name="Save profile").click()

    expect(page.locator(".field-error")).to_contain_text("greater than or equal to 5")
    owner.refresh_from_db()
    assert owner.daily_target_minutes == 60


def test_learner_logs_out_and_back_in(page, sign_in, owner):
    sign_in(page, owner)
    page.locator("summary", has_text="owner").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    sign_in(page, owner)
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Today")).to_be_visible()


def test_site_works_on_a_phone(phone_page, sign_in, owner, screenshot):
    sign_in(phone_page, owner)
    phone_page.goto("/accounts/profile/")

    expect(phone_page.get_by_role("heading", name="Your profile")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "profile-phone")
