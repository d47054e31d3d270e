"""A learner who moved signs in on the new Exhale, finds the import from "Your data", is told
next to the file field when the file is wrong, then imports the export and reads what came and
what was left out."""

import pytest
from playwright.sync_api import expect

from portfolio.services import account_export
from tests.factories import TEST_PASSWORD, LearnerFactory, RoadmapFactory
from tests.support.world import build_private_world

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = "docs/screenshots"


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_importing_an_export_from_the_your_data_page(
    browser, live_server, tmp_path, viewport, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"  # no other test's run folders in the export
    old = LearnerFactory(username="mover")
    build_private_world(old)
    RoadmapFactory(owner=old, title="Path to Kaggle")
    export = tmp_path / "exhale-mover.zip"
    export.write_bytes(account_export(learner=old))
    old.delete()
    newcomer = LearnerFactory(username="mover-here")
    wrong = tmp_path / "holiday.zip"
    wrong.write_bytes(b"not a zip at all")
    width, height = viewport
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(newcomer.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto("/account/data/")
    page.get_by_role("link", name="Import its export into this account").click()
    page.get_by_label("Your export").set_input_files(str(wrong))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#id_archive_error")).to_contain_text("it is not a zip file")
    page.screenshot(path=f"{SHOTS}/account-import-error-{width}.png", full_page=True)

    page.get_by_label("Your export").set_input_files(str(export))
    page.get_by_label("Also take the username from the export").check()
    page.get_by_role("button", name="Import").click()
    report = page.locator(".import-report")
    expect(report).to_contain_text("2 roadmaps")
    expect(report).to_contain_text("1 training job")
    expect(report.locator(".left-out")).to_contain_text("readable copies")
    page.screenshot(path=f"{SHOTS}/account-import-report-{width}.png", full_page=True)
    context.close()
