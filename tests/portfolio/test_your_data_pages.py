import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from curriculum.models import Roadmap
from tests.factories import LearnerFactory, RoadmapFactory

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


def test_an_export_imports_into_my_account_and_the_page_says_what_came(owner_client, owner, client):
    RoadmapFactory(owner=owner, title="Travelling plan")
    data = owner_client.post(reverse("portfolio:account_export")).content
    owner.delete()
    newcomer = LearnerFactory(username="owner-two")
    client.force_login(newcomer)

    response = client.post(
        reverse("portfolio:account_import"),
        {"archive": SimpleUploadedFile("export.zip", data, "application/zip")},
    )

    assert response.status_code == 200
    assert Roadmap.objects.get(title="Travelling plan").owner == newcomer
    page = response.content.decode()
    assert "<li>1 roadmap</li>" in page
    assert "Left out" in page and "you stay &#x27;owner-two&#x27; here" in page


def test_import_page_refuses_a_non_zip_next_to_the_file_field(owner_client):
    response = owner_client.post(
        reverse("portfolio:account_import"),
        {"archive": SimpleUploadedFile("x.zip", b"MZ not a zip", "application/zip")},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_archive_error"' in page and "not a zip file" in page
    assert User.objects.count() == 1


def test_robots_txt_points_at_the_sitemap_and_keeps_private_areas_out(client):
    text = client.get("/robots.txt").content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /api/" in text and "Allow: /u/" in text
