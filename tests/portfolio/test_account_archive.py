"""Export then import into an empty database gives the same records and files back; deleting
an account leaves no row and no file of it."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.models import User
from curriculum.models import Item, Roadmap
from portfolio import archive
from portfolio.models import Follow
from portfolio.services import account_delete, account_export, account_import, follow_create
from tests.factories import ItemFactory, LearnerFactory, RoadmapFactory, StageFactory

pytestmark = pytest.mark.django_db


def build_account(owner, follower):
    template = RoadmapFactory(owner=None, is_template=True, slug="ai-masters", title="Template")
    roadmap = RoadmapFactory(owner=owner, title="My AI masters", origin_template=template)
    copy = RoadmapFactory(owner=owner, title="Copy", copied_from=roadmap)
    stage = StageFactory(roadmap=roadmap, title="Foundations", planned_weeks=6)
    ItemFactory(stage=stage, title="fast.ai lesson 1", url="https://course.fast.ai/", status="done")
    ItemFactory(
        stage=stage,
        title="Note ✳️ ünïcode",
        note="**bold**",
        checklist=[{"text": "a", "done": True}],
    )
    follow_create(follower=owner, followed=follower)
    return template, roadmap, copy


def snapshot(learner):
    rows = {}
    for owned, qs in archive.owned_querysets(learner):
        fields = [
            f.name
            for f in owned.model._meta.concrete_fields
            if not f.primary_key and not f.is_relation and not f.name.endswith("_at")
        ]
        rows[owned.label] = sorted(
            json.dumps([archive._plain(getattr(o, n)) for n in fields], default=str) for o in qs
        )
    return rows


def test_owned_models_are_found_by_walking_foreign_keys():
    labels = {o.label: o.owner_path for o in archive.owned_models()}

    assert labels["curriculum.Roadmap"] == "owner"
    assert labels["curriculum.Stage"] == "roadmap__owner"
    assert labels["curriculum.Item"] == "stage__roadmap__owner"
    assert labels["portfolio.Follow"] == "follower"
    assert "accounts.ApiToken" not in labels, "credentials never leave the instance"


def import_zip(learner, data: bytes, **kwargs):
    return account_import(learner=learner, upload=io.BytesIO(data), **kwargs)


def test_export_then_import_into_a_new_account_restores_everything(owner, follower):
    build_account(owner, follower)
    owner.timezone = "Europe/Paris"
    owner.save()
    before = snapshot(owner)
    data = account_export(learner=owner)
    profile = {f: getattr(owner, f) for f in ["username", "timezone", "display_name"]}

    User.objects.filter(pk=owner.pk).delete()
    assert not Roadmap.objects.filter(owner__username="owner").exists()
    newcomer = LearnerFactory(username="newcomer", password="mine-here-1")
    report = import_zip(newcomer, data, take_username=True)

    restored = User.objects.get(pk=newcomer.pk)
    assert {f: getattr(restored, f) for f in profile} == profile
    assert restored.check_password("mine-here-1"), "the password is this account's own"
    assert snapshot(restored) == before
    assert report.counts["items"] == 2
    copy = Roadmap.objects.get(owner=restored, title="Copy")
    assert copy.copied_from.title == "My AI masters" and copy.copied_from.owner == restored
    original = Roadmap.objects.get(owner=restored, title="My AI masters")
    assert original.origin_template.slug == "ai-masters"
    assert Follow.objects.get(follower=restored).followed.username == "follower"


def test_the_export_carries_no_credentials_or_permissions(owner):
    profile = json.loads(
        zipfile.ZipFile(io.BytesIO(account_export(learner=owner))).read("data.json")
    )["profile"]

    assert profile["username"] == "owner"
    assert not set(profile) & {"password", "is_superuser", "is_staff", "is_active", "id"}


def test_taking_a_username_that_is_taken_here_is_refused(owner, follower):
    build_account(owner, follower)
    data = account_export(learner=owner)
    newcomer = LearnerFactory(username="newcomer")

    with pytest.raises(ValidationError, match="That username is taken"):
        import_zip(newcomer, data, take_username=True)
    assert not Roadmap.objects.filter(owner=newcomer).exists()


@pytest.mark.parametrize(
    "members, message",
    [
        ({"../evil.txt": b"x", "data.json": b"{}"}, "unsafe path"),
        ({"/etc/passwd": b"x"}, "unsafe path"),
        ({"readme.txt": b"x"}, "no data.json"),
        ({"data.json": b"\xff\xfe not json"}, "not valid JSON"),
        ({"data.json": b'{"format": "other"}'}, "not an Exhale account export"),
    ],
)
def test_import_refuses_hostile_or_foreign_archives(members, message, owner):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)

    with pytest.raises(ValidationError, match=message):
        import_zip(owner, buffer.getvalue())
    assert User.objects.get() == owner


def test_import_refuses_what_is_not_a_zip(owner):
    with pytest.raises(ValidationError, match="not a zip"):
        import_zip(owner, b"MZ\x90\x00 an executable")


def test_account_deletion_needs_the_username_typed(owner):
    RoadmapFactory(owner=owner)

    with pytest.raises(ValidationError, match="Type your username"):
        account_delete(learner=owner, confirm_username="Owner")

    assert User.objects.filter(pk=owner.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_account_deletion_leaves_no_row_and_no_file(monkeypatch):
    owner = LearnerFactory(username="owner")
    other = LearnerFactory(username="other")
    build_account(owner, other)
    kept = RoadmapFactory(owner=other)
    before = {o.label: o.model._default_manager.count() for o in archive.owned_models()}
    owned = {o.label: qs.count() for o, qs in archive.owned_querysets(owner)}
    media_file = Path(settings.MEDIA_ROOT) / "test-owned" / "f.txt"
    media_file.parent.mkdir(parents=True, exist_ok=True)
    media_file.write_text("x")
    monkeypatch.setattr(archive, "account_files", lambda learner: [media_file])

    account_delete(learner=owner, confirm_username="owner")

    assert not User.objects.filter(username="owner").exists()
    for o in archive.owned_models():
        assert o.model._default_manager.count() == before[o.label] - owned[o.label]
    assert Item.objects.filter(stage__roadmap__owner__username="owner").count() == 0
    assert Roadmap.objects.filter(pk=kept.pk).exists()
    assert not media_file.exists()
