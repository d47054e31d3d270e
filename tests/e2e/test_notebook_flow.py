"""A notebook as a post, in the browser: a wrong file shows its error by the file field, an
executed notebook previews and publishes; phone and laptop screenshots."""

import pytest
from playwright.sync_api import expect

from tests.tracking.test_notebooks import executed_notebook

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["laptop", "phone"])
def test_upload_a_wrong_file_then_a_notebook_and_publish_it(browser, live_server, owner, sign_in,
                                                             screenshot, tmp_path, size):
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    sign_in(page, owner)
    page.goto("/runs/notebooks/")
    wrong = tmp_path / "notes.ipynb"
    wrong.write_bytes(b"not json at all")
    page.get_by_label("Executed notebook (.ipynb)").set_input_files(str(wrong))
    page.get_by_role("button", name="Upload and preview").click()
    error = page.locator("#id_file_error")
    assert "not a Jupyter notebook" in error.inner_text()
    assert error.is_visible() and no_overflow(page)
    screenshot(page, f"notebook-error-{size[0]}")

    good = tmp_path / "lesson1.ipynb"
    good.write_bytes(executed_notebook())
    page.get_by_label("Executed notebook (.ipynb)").set_input_files(str(good))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_text("Rendered 4 cells.")).to_be_visible()  # waits for the new page
    expect(page.locator("article.notebook img")).to_have_count(1)
    page.get_by_role("button", name="Publish as a post").click()
    expect(page.get_by_text("Published as a post.")).to_be_visible()
    assert no_overflow(page)
    screenshot(page, f"notebook-{size[0]}")
    context.close()
