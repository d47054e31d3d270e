import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from curriculum.models import Roadmap
from tests.factories import RoadmapFactory

pytestmark = pytest.mark.django_db


def test_learner_downloads_everything_as_a_zip(owner_client, owner):
    RoadmapFactory(owner=owner, title="Secret plan")

    response = owner_client.post(reverse("portfolio:account_export"))

    assert response["Content-Type"] == "application/zip"
    assert 'filename="exhale-owner-' in response["Content-Disposition"]
    data = zipfile.ZipFile(io.BytesIO(response.content)).read("data.json").decode()
    assert "Secret plan" in data


def test_export_needs_post_and_sign_in(client, owner_client):
    assert owner_client.get(reverse("portfolio:account_export")).status_code == 405
    assert client.post(reverse("portfolio:account_export")).status_code == 302


def test_deleting_my_account_with_the_right_username_removes_it_and_logs_me_out(
    owner_client, owner
):
    RoadmapFactory(owner=owner)

    response = owner_client.post(reverse("portfolio:account_delete"), {"confirm_username": "owner"})

    assert response.status_code == 302
    assert not User.objects.filter(username="owner").exists()
    assert not Roadmap.objects.exists()
    assert "_auth_user_id" not in owner_client.session


def test_a_wrong_confirmation_deletes_nothing_and_says_why(owner_client, owner):
    response = owner_client.post(
        reverse("portfolio:account_delete"), {"confirm_username": "someone"}
    )

    assert response.status_code == 400
    assert "Type your username exactly" in response.content.decode()
    assert User.objects.filter(username="owner").exists()


def test_an_export_imports_on_the_signed_out_import_page(owner_client, owner, client):
    RoadmapFactory(owner=owner, title="Travelling plan")
    data = owner_client.post(reverse("portfolio:account_export")).content
    owner.delete()

    response = client.post(
        reverse("portfolio:account_import"),
        {"archive": SimpleUploadedFile("export.zip", data, "application/zip")},
    )

    assert response.status_code == 302
    assert Roadmap.objects.get(title="Travelling plan").owner.username == "owner"
    assert client.session["_auth_user_id"]


def test_import_page_refuses_a_non_zip_with_a_message(client):
    response = client.post(
        reverse("portfolio:account_import"),
        {"archive": SimpleUploadedFile("x.zip", b"MZ not a zip", "application/zip")},
    )

    assert response.status_code == 200
    assert "not a zip file" in response.content.decode()
    assert not User.objects.exists()


def test_robots_txt_points_at_the_sitemap_and_keeps_private_areas_out(client):
    text = client.get("/robots.txt").content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /api/" in text and "Allow: /u/" in text
