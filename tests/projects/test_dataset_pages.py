"""The data set pages: list with empty state, upload, preview and columns, delete with
confirmation, and the project's run form offering the learner's matching data sets."""

import pytest
from django.urls import reverse

from projects.models import UploadedDataset
from tests.projects.uploads import image_zip_bytes, table_csv_bytes, upload_file
from training_jobs.models import TrainingJob

pytestmark = pytest.mark.django_db


def post_upload(client, content, filename, kind, name="My table"):
    return client.post(
        reverse("projects:dataset_upload"),
        {"name": name, "kind": kind, "file": upload_file(content, filename)},
    )


def test_the_list_tells_a_new_learner_what_to_do(owner_client):
    response = owner_client.get(reverse("projects:dataset_list"))

    assert response.status_code == 200
    assert "No data sets yet" in response.content.decode()


def test_uploading_a_csv_leads_to_its_preview_with_the_encoding_note(owner_client, owner):
    response = post_upload(owner_client, table_csv_bytes(encoding="latin-1"), "t.csv", "table")

    dataset = UploadedDataset.objects.get(owner=owner)
    assert response.status_code == 302
    assert response.url == reverse("projects:dataset_detail", args=[dataset.pk])
    page = owner_client.get(response.url).content.decode()
    assert "Besançon" in page and "Not UTF-8" in page and "number" in page
    assert "Tabular: your own table" in page


def test_a_refused_upload_shows_the_reason_next_to_the_file(owner_client):
    response = post_upload(owner_client, b"MZ\x90\x00" + bytes(100), "x.zip", "image-folders")

    assert response.status_code == 400
    assert "program" in response.content.decode()
    assert not UploadedDataset.objects.exists()


def test_an_image_zip_preview_shows_classes_and_counts(owner_client, owner):
    post_upload(
        owner_client, image_zip_bytes(extra={"x/notes.txt": b"hi"}), "p.zip", "image-folders"
    )
    dataset = UploadedDataset.objects.get(owner=owner)

    page = owner_client.get(reverse("projects:dataset_detail", args=[dataset.pk])).content.decode()

    assert "12 images in 2 classes" in page
    assert "not inside a class folder" in page or "not an image file" in page
    assert "Image classifier" in page


def test_choosing_the_target_column_on_the_preview(owner_client, owner):
    post_upload(owner_client, table_csv_bytes(), "t.csv", "table")
    dataset = UploadedDataset.objects.get(owner=owner)
    url = reverse("projects:dataset_detail", args=[dataset.pk])

    bad = owner_client.post(url, {"target": ""})
    good = owner_client.post(url, {"target": "colour"})

    assert bad.status_code == 400 and "Choose the column to predict" in bad.content.decode()
    assert good.status_code == 302
    dataset.refresh_from_db()
    assert dataset.columns == {"target": "colour"}


def test_deleting_asks_first_then_removes_the_files(owner_client, owner):
    post_upload(owner_client, table_csv_bytes(), "t.csv", "table")
    dataset = UploadedDataset.objects.get(owner=owner)
    url = reverse("projects:dataset_delete", args=[dataset.pk])

    confirm = owner_client.get(url)
    assert "Delete the data set" in confirm.content.decode()
    with_callbacks = owner_client.post(url)

    assert with_callbacks.status_code == 302
    assert not UploadedDataset.objects.exists()


@pytest.mark.parametrize("name", ["projects:dataset_detail", "projects:dataset_delete"])
def test_a_stranger_gets_404_for_someone_elses_data_set(owner_client, owner, stranger_client, name):
    post_upload(owner_client, table_csv_bytes(), "t.csv", "table", name="Secret table")
    dataset = UploadedDataset.objects.get(owner=owner)

    for method in ("get", "post"):
        response = getattr(stranger_client, method)(reverse(name, args=[dataset.pk]))
        assert response.status_code == 404
        assert "Secret table" not in response.content.decode()
    assert UploadedDataset.objects.filter(pk=dataset.pk).exists()


@pytest.mark.parametrize("name", ["projects:dataset_list"])
def test_the_list_refuses_post_and_shows_only_ones_own(owner_client, stranger_client, owner, name):
    post_upload(owner_client, table_csv_bytes(), "t.csv", "table", name="Secret table")

    assert owner_client.post(reverse(name)).status_code == 405
    assert "Secret table" not in stranger_client.get(reverse(name)).content.decode()


def test_the_list_page_costs_a_fixed_number_of_queries(owner_client, django_assert_num_queries):
    for n in range(3):
        post_upload(owner_client, table_csv_bytes(), "t.csv", "table", name=f"T{n}")

    with django_assert_num_queries(3):  # session, user, data sets: not one per data set
        owner_client.get(reverse("projects:dataset_list"))


def test_the_run_form_offers_matching_data_sets_and_starts_a_run_on_one(
    owner_client, owner, django_capture_on_commit_callbacks
):
    post_upload(owner_client, table_csv_bytes(), "t.csv", "table", name="Cities")
    post_upload(owner_client, image_zip_bytes(), "p.zip", "image-folders", name="Squares")
    table = UploadedDataset.objects.get(name="Cities")
    url = reverse("projects:detail", args=["tabular-csv"])

    page = owner_client.get(url, {"dataset": table.slug}).content.decode()
    assert "Your data set: Cities" in page
    assert "Your data set: Squares" not in page

    # A quick run keeps 5% of the 40 rows: 2 examples, too few to learn from, so the form says
    # so before anything is queued; the whole table trains.
    refused = owner_client.post(url, {"dataset": table.slug, "epochs": "1", "quick": "on"})
    assert refused.status_code == 400 and "too little data to learn from" in refused.text
    assert not TrainingJob.objects.exists()

    response = owner_client.post(url, {"dataset": table.slug, "epochs": "1"})

    job = TrainingJob.objects.get(owner=owner)
    assert response.status_code == 302
    assert job.uploaded_dataset == table
    assert job.dataset_slug == f"upload:{table.pk}" and job.dataset_title == "Cities"


def test_someone_elses_data_set_cannot_be_trained_on(owner_client, owner, stranger):
    from django.core.exceptions import ValidationError

    from training_jobs.services import start_run

    post_upload(owner_client, table_csv_bytes(), "t.csv", "table")
    dataset = UploadedDataset.objects.get(owner=owner)

    with pytest.raises(ValidationError, match="not one of your data sets"):
        start_run(learner=stranger, recipe_slug="tabular-csv", dataset=dataset.slug)
    with pytest.raises(ValidationError, match="cannot train on"):
        start_run(learner=owner, recipe_slug="image-classifier", dataset=dataset.slug)
