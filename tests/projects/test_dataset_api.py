"""The data set API: upload, list, preview, columns and delete, with wrong, hostile and
oversized input; a stranger gets 404 for someone else's data set."""

import pytest

from projects.models import UploadedDataset
from tests.projects.uploads import image_zip_bytes, table_csv_bytes, upload_file

pytestmark = pytest.mark.django_db


def post_upload(api, content, filename, **data):
    return api.post(
        "/api/datasets/",
        {"name": "Cities", "file": upload_file(content, filename), **data},
        format="multipart",
    )


def test_uploading_a_csv_returns_its_preview(owner, api_client_for):
    api = api_client_for(owner)

    response = post_upload(api, table_csv_bytes(encoding="latin-1"), "c.csv", kind="table")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "table" and body["ready"] is True
    assert body["preview"]["columns"] == ["city", "size", "colour", "label"]
    assert "tabular-csv" in body["recipes"]
    assert api.get("/api/datasets/").json()[0]["id"] == body["id"]


def test_uploading_an_image_zip(owner, api_client_for):
    response = post_upload(api_client_for(owner), image_zip_bytes(), "p.zip")

    assert response.status_code == 201
    assert response.json()["preview"]["classes"] == {"dark": 6, "light": 6}


@pytest.mark.parametrize(
    "content, filename, message",
    [
        (b"MZ\x90\x00" + bytes(100), "x.zip", "program"),
        (b"a," * (21 * 1024**2), "x.csv", "the limit is"),
        (b"", "x.csv", "empty"),
        (b"a,b\n" + b"x" * (2 * 1024**2), "x.csv", "one row per line"),
    ],
)
def test_hostile_and_oversized_uploads_get_400_with_the_reason(
    owner, api_client_for, content, filename, message
):
    response = post_upload(api_client_for(owner), content, filename)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not UploadedDataset.objects.exists()


def test_an_upload_without_a_file_or_name_is_refused(owner, api_client_for):
    api = api_client_for(owner)
    assert api.post("/api/datasets/", {"name": "x"}, format="multipart").status_code == 400
    no_name = api.post(
        "/api/datasets/", {"file": upload_file(table_csv_bytes(), "c.csv")}, format="multipart"
    )
    assert no_name.status_code == 400


def test_choosing_columns(owner, api_client_for):
    api = api_client_for(owner)
    dataset_id = post_upload(api, table_csv_bytes(), "c.csv").json()["id"]
    url = f"/api/datasets/{dataset_id}/columns/"

    wrong = api.post(url, {"columns": {"target": "nope"}}, format="json")
    shape = api.post(url, {"columns": "target"}, format="json")
    right = api.post(url, {"columns": {"target": "colour"}}, format="json")

    assert wrong.status_code == 400 and "no column “nope”" in wrong.content.decode()
    assert shape.status_code == 400
    assert right.status_code == 200 and right.json()["columns"] == {"target": "colour"}


def test_deleting(owner, api_client_for):
    api = api_client_for(owner)
    dataset_id = post_upload(api, table_csv_bytes(), "c.csv").json()["id"]

    assert api.delete(f"/api/datasets/{dataset_id}/").status_code == 204
    assert api.get(f"/api/datasets/{dataset_id}/").status_code == 404


def test_a_stranger_and_a_visitor_cannot_reach_a_data_set(owner, stranger, api_client_for):
    dataset_id = post_upload(api_client_for(owner), table_csv_bytes(), "c.csv").json()["id"]

    for client in (api_client_for(stranger), api_client_for(None)):
        for method, url in [
            ("get", f"/api/datasets/{dataset_id}/"),
            ("delete", f"/api/datasets/{dataset_id}/"),
            ("post", f"/api/datasets/{dataset_id}/columns/"),
        ]:
            response = getattr(client, method)(url, {"columns": {"target": "city"}}, format="json")
            assert response.status_code in {401, 403, 404}
            assert "Cities" not in response.content.decode()
        assert "Cities" not in client.get("/api/datasets/").content.decode()
    assert UploadedDataset.objects.filter(pk=dataset_id).exists()


def test_wrong_methods_are_refused(owner, api_client_for):
    api = api_client_for(owner)
    dataset_id = post_upload(api, table_csv_bytes(), "c.csv").json()["id"]

    assert api.put(f"/api/datasets/{dataset_id}/", {}).status_code == 405
    assert api.get(f"/api/datasets/{dataset_id}/columns/").status_code == 405
    assert api.delete("/api/datasets/").status_code == 405
