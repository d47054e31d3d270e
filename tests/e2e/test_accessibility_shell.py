"""axe-core on the pages the foundation owns; each app's browser tests check their own."""

import pytest


@pytest.mark.parametrize(
    "path", ["/", "/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]
)
def test_public_pages_have_no_serious_accessibility_violation(page, assert_accessible, path):
    page.goto(path)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/accounts/profile/", "/accounts/tokens/", "/account/data/"])
def test_account_pages_have_no_serious_accessibility_violation(
    page, sign_in, owner, assert_accessible, path
):
    sign_in(page, owner)
    page.goto(path)
    assert_accessible(page)


def test_sign_up_errors_are_announced_and_accessible(page, assert_accessible):
    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Sign up").click()
    assert page.locator(".field-error").count() >= 2
    assert_accessible(page)
