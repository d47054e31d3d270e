"""The run page names the machine and the device that trained the run, on a laptop and on a
phone: no sideways scroll, no console error, the plot read from storage."""

import pytest
from playwright.sync_api import expect

from core import storage
from tests.projects.uploads import png_bytes
from tests.training_jobs.factories import SucceededJobFactory

pytestmark = pytest.mark.django_db(transaction=True)

HOST = "gpu-box-1.lab.example.org"
DEVICE = "cuda (NVIDIA H200 NVL 141GB HBM3e)"


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_the_run_page_names_the_machine_and_device(
    browser, live_server, sign_in, owner, screenshot, width, height
):
    job = SucceededJobFactory(
        owner=owner,
        worker_host=HOST,
        device=DEVICE,
        artifacts=[{"name": "training-curve.png", "title": "Training curve", "kind": "image"}],
    )
    storage.save_bytes(job.file_key("training-curve.png"), png_bytes(size=64))
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        is_mobile=width < 600,
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        sign_in(page, owner)
        page.goto(f"/jobs/{job.pk}/")

        expect(page.locator(".run-machine")).to_have_text(f"trained on {HOST} · {DEVICE}")
        plot = page.get_by_role("img", name="Training curve")
        expect(plot).to_be_visible()
        assert plot.evaluate("img => img.complete && img.naturalWidth") == 64
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the run page scrolls sideways at {width}px ({scroll}px)"
        screenshot(page, f"run-machine-{width}x{height}")
        assert errors == []
    finally:
        context.close()
