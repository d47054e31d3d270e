"""The account import against text PostgreSQL cannot store: a NUL character (\\u0000 in
data.json) in the profile or in a record was a 500 there (and stored as is on SQLite). It is
refused in words, next to nothing imported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from curriculum.models import Roadmap
from tests.portfolio.archives import archive_bytes, roadmap_row

URL = reverse("portfolio:account_import")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"profile": {"display_name": "a\x00b", "bio": "x\x00"}},
        {"records": {"curriculum.roadmap": [roadmap_row(title="t\x00")]}},
        {"records": {"curriculum.roadmap": [roadmap_row(**{"ti\x00tle": "t"})]}},
    ],
    ids=["profile", "record value", "record key"],
)
def test_a_nul_character_in_the_archive_is_refused_in_words(stranger, data):
    client = Client(raise_request_exception=False)
    client.force_login(stranger)
    name = stranger.display_name
    upload = SimpleUploadedFile("export.zip", archive_bytes(**data), "application/zip")

    response = client.post(URL, {"archive": upload})

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Roadmap.objects.filter(owner=stranger).exists()
    stranger.refresh_from_db()
    assert stranger.display_name == name
