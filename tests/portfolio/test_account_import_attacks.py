"""Each attack on the account import of issue 13, tried as an anonymous visitor (the old
import page took anyone) and as a signed-in learner (the only one who may import now, into
their own account). Every test checks the effect on the database and the disk, not a status."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from curriculum.models import Roadmap, Stage
from journal.models import Reflection
from tests.factories import LearnerFactory, RoadmapFactory, StageFactory
from tests.portfolio.archives import archive_bytes, job_row, roadmap_row, zip_bomb
from training_jobs.models import TrainingJob

pytestmark = pytest.mark.django_db
URL = reverse("portfolio:account_import")
WHO = ["anonymous", "signed-in"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def post(client, stranger):
    """post(who, data, **fields): the import form sent by an anonymous visitor or by the
    signed-in stranger (the attacker)."""

    def send(who, data, **fields):
        if who == "signed-in":
            client.force_login(stranger)
        upload = SimpleUploadedFile("export.zip", data, "application/zip")
        return client.post(URL, {"archive": upload, **fields})

    return send


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_the_import_page_needs_a_sign_in(client):
    data = archive_bytes(profile={"username": "newcomer", "email": "n@example.com"})

    assert client.get(URL).status_code == 302
    response = client.post(URL, {"archive": SimpleUploadedFile("e.zip", data)})

    assert response.status_code == 302 and "/login" in response["Location"]
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.parametrize("who", WHO)
def test_privilege_fields_in_the_profile_are_ignored(post, who, stranger):
    profile = {
        "username": "evil",
        "email": "evil@example.com",
        "is_superuser": True,
        "is_staff": True,
        "is_active": True,
        "password": make_password("taken-over"),
        "last_login": "2020-01-01T00:00:00Z",
        "date_joined": "2000-01-01T00:00:00Z",
        "groups": [1],
        "user_permissions": [1],
        "display_name": "Still me",
    }

    response = post(who, archive_bytes(profile=profile))

    assert not User.objects.filter(is_superuser=True).exists()
    assert not User.objects.filter(is_staff=True).exists()
    assert not User.objects.filter(username="evil").exists()
    if who == "signed-in":
        stranger.refresh_from_db()
        assert stranger.display_name == "Still me", "allowed profile fields are taken"
        assert not stranger.check_password("taken-over")
        assert stranger.date_joined.year > 2000 and not stranger.groups.exists()
        page = response.content.decode()
        assert "is_superuser" in page and "is_staff" in page and "password" in page


@pytest.mark.parametrize("who", WHO)
def test_the_profile_id_never_picks_the_account(post, who, owner, client):
    victim_password = owner.password
    profile = {"id": owner.pk, "username": "hijacker", "password": make_password("hijack")}

    post(who, archive_bytes(profile=profile), take_username="on")

    owner.refresh_from_db()
    assert owner.username == "owner" and owner.password == victim_password
    assert int(client.session.get("_auth_user_id") or 0) != owner.pk


@pytest.mark.parametrize("who", WHO)
def test_records_cannot_point_at_another_learner(post, who, owner):
    records = {
        "journal.Reflection": [
            {
                "pk": 1,
                "learner": {"username": "owner"},
                "date": "2026-01-01",
                "body": "Planted under someone else",
                "visibility": "public",
            }
        ]
    }

    response = post(who, archive_bytes(profile={"username": "planter"}, records=records))

    assert not Reflection.objects.filter(body="Planted under someone else").exists()
    if who == "signed-in":
        assert response.status_code == 400
        assert "belongs to someone else" in response.content.decode()


@pytest.mark.parametrize("who", WHO)
def test_records_cannot_write_into_a_starter_template(post, who):
    template = RoadmapFactory(owner=None, is_template=True, slug="first-steps", title="First")
    StageFactory(roadmap=template, title="Welcome")
    records = {
        "curriculum.Stage": [
            {"pk": 1, "roadmap": {"outside": {"slug": "first-steps"}}, "title": "Planted stage"}
        ]
    }

    response = post(who, archive_bytes(profile={"username": "planter"}, records=records))

    assert list(template.stages.values_list("title", flat=True)) == ["Welcome"]
    assert not Stage.objects.filter(title="Planted stage").exists()
    if who == "signed-in":
        assert "points at something outside your account" in response.content.decode()


@pytest.mark.parametrize(
    "row, message",
    [
        (roadmap_row(is_template=True, slug="first-steps-2"), "marked as a starter template"),
        (roadmap_row(owner=None), "belongs to nobody"),
        (roadmap_row(copied_from={"ref": 99}), "not in the export"),
        (roadmap_row(owner={"username": "owner"}), "belongs to someone else"),
    ],
)
def test_a_roadmap_can_only_become_the_importers_own(post, owner, row, message):
    templates_before = Roadmap.objects.templates().count()

    response = post("signed-in", archive_bytes(records={"curriculum.Roadmap": [row]}))

    assert response.status_code == 400 and message in response.content.decode()
    assert not Roadmap.objects.filter(title="Imported plan").exists()
    assert Roadmap.objects.templates().count() == templates_before


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("username", ["x/y", "ALICE", "admin"])
def test_usernames_follow_the_sign_up_rules(post, client, who, username, stranger):
    LearnerFactory(username="alice")
    data = archive_bytes(
        profile={"username": username},
        records={"curriculum.Roadmap": [roadmap_row(visibility="public")]},
    )

    response = post(who, data, take_username="on")

    assert User.objects.filter(username__iexact=username).count() == (username == "ALICE")
    assert client.get(reverse("portfolio:discover")).status_code == 200
    if who == "signed-in":
        stranger.refresh_from_db()
        assert stranger.username == "stranger"
        assert response.status_code == 400
        assert not Roadmap.objects.filter(title="Imported plan").exists(), "nothing imported"
        assert 'id="id_take_username_error"' in response.content.decode()


@pytest.mark.parametrize("who", WHO)
def test_a_zip_bomb_is_refused_with_nothing_on_disk_and_no_row(post, who, media):
    bomb = zip_bomb(
        "files/training_jobs/1/curve.png",
        unpacked_mb=64,
        records={"training_jobs.TrainingJob": [job_row()]},
        profile={"username": "bomber"},
    )
    assert len(bomb) < 300 * 1024

    response = post(who, bomb)

    assert files_under(media) == []
    assert not TrainingJob.objects.exists()
    assert not User.objects.filter(username="bomber").exists()
    if who == "signed-in":
        assert "zip bomb" in response.content.decode()


@pytest.mark.parametrize("who", WHO)
def test_an_oversize_data_json_is_refused(post, who):
    # Random text barely compresses, so it is the size cap that refuses it, not the ratio.
    padding = os.urandom(13 * 1024**2).hex()[: 17 * 1024**2]
    data = archive_bytes(profile={"username": "bigjson"}, extra={"padding": padding})

    response = post(who, data)

    assert not User.objects.filter(username="bigjson").exists()
    if who == "signed-in":
        assert "data.json in that zip is 17 MB; it is limited to 16 MB" in (
            response.content.decode()
        )


def test_the_form_refuses_an_upload_over_200_mb(client, stranger, monkeypatch):
    from portfolio import forms

    monkeypatch.setattr(forms, "MAX_IMPORT_BYTES", 1024)
    client.force_login(stranger)

    response = client.post(URL, {"archive": SimpleUploadedFile("e.zip", b"x" * 2048)})

    assert response.status_code == 400
    assert "an import is limited to 1 KB" in response.content.decode()
    assert forms.AccountImportForm.base_fields["archive"].help_text.endswith("at most 200 MB.")
