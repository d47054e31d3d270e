"""A learner uploads their own data (a zip of tiny images, then a CSV), sees the preview, starts
a quick one-epoch run on it, a real Celery worker trains it, and they try the model."""

import re

import pytest
from playwright.sync_api import expect

from tests.projects.uploads import image_zip_bytes, png_bytes, table_csv_bytes

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RUN_TIMEOUT_MS = 240_000


def upload(page, tmp_path, name, filename, content, kind_label):
    path = tmp_path / filename
    path.write_bytes(content)
    page.goto("/projects/datasets/")
    page.get_by_text("Upload a data set").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("What it is").select_option(label=kind_label)
    page.get_by_label("Zip or CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def run_quickly(page, project_link):
    page.get_by_role("link", name=project_link).click()
    page.get_by_label("Epochs").fill("1")
    page.get_by_label("Batch size").fill("4")
    page.get_by_role("button", name="Start the run").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.locator(".badge.status-succeeded")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    expect(page.get_by_role("heading", name="Try it")).to_be_visible()


def test_a_run_on_uploaded_images_and_on_an_uploaded_csv_can_be_tried(
    page, sign_in, owner, celery_worker, tmp_path
):
    sign_in(page, owner)
    page.goto("/projects/datasets/")
    expect(page.get_by_text("No data sets yet")).to_be_visible()

    upload(
        page,
        tmp_path,
        "Squares",
        "squares.zip",
        image_zip_bytes(per_class=12),
        "Images in one folder per class (zip)",
    )
    expect(page.get_by_text("24 images in 2 classes")).to_be_visible()
    run_quickly(page, "Image classifier")
    expect(page.get_by_text("Data: Squares")).to_be_visible()
    image = tmp_path / "dark.png"
    image.write_bytes(png_bytes((20, 20, 20)))
    page.get_by_label(re.compile("An image")).set_input_files(str(image))
    page.get_by_role("button", name="Predict").click()
    expect(page.get_by_text(re.compile(r"Prediction: (dark|light) with confidence"))).to_be_visible(
        timeout=60_000
    )

    upload(
        page,
        tmp_path,
        "Cities",
        "cities.csv",
        table_csv_bytes(rows=40, encoding="latin-1"),
        "A table with a column to predict (CSV)",
    )
    expect(page.get_by_text("Not UTF-8")).to_be_visible()
    expect(page.get_by_role("cell", name="Besançon").first).to_be_visible()
    page.get_by_label("Column to predict").select_option("label")
    page.get_by_role("button", name="Save the columns").click()
    expect(page.get_by_text("Columns saved")).to_be_visible()
    run_quickly(page, "Tabular: your own table")
    page.get_by_label("city").select_option("Lyon")
    page.get_by_label(re.compile("^size")).fill("80")
    page.get_by_role("button", name="Predict").click()
    expect(page.get_by_text(re.compile(r"Prediction: (yes|no) with confidence"))).to_be_visible(
        timeout=60_000
    )
