"""What inside an archive an import takes, adjusts or leaves out, and that a refused import
leaves no row and no file behind, even when it fails half-way through writing files."""

import io
import os
import struct
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from curriculum.models import Roadmap
from portfolio.models import Follow
from portfolio.services import account_import
from projects.models import UploadedDataset
from tests.factories import LearnerFactory, RoadmapFactory
from tests.portfolio.archives import archive_bytes, job_row, roadmap_row
from training_jobs.models import TrainingJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def run_import(learner, data, **kwargs):
    return account_import(learner=learner, upload=io.BytesIO(data), **kwargs)


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_failure_while_writing_files_removes_what_was_written(owner, media):
    artifacts = [
        {"name": "a.png", "title": "A", "kind": "image"},
        {"name": "b.png", "title": "B", "kind": "image"},
    ]
    buffer = io.BytesIO()
    data_json = archive_bytes(records={"training_jobs.TrainingJob": [job_row(artifacts=artifacts)]})
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("data.json", zipfile.ZipFile(io.BytesIO(data_json)).read("data.json"))
        zf.writestr("files/training_jobs/1/a.png", b"first file, written whole")
        zf.writestr("files/training_jobs/1/b.png", b"SECOND-FILE-MARKER")
    damaged = buffer.getvalue().replace(b"SECOND-FILE-MARKER", b"SECOND-FILE-MARKEX", 1)

    with pytest.raises(ValidationError, match="damaged"):
        run_import(owner, damaged)

    assert files_under(media) == []
    assert not list(media.iterdir()), "no empty run folder is left either"
    assert not TrainingJob.objects.exists()


def test_a_model_file_is_left_out_and_an_unfinished_run_is_cancelled(owner, media):
    artifacts = [
        {"name": "curve.png", "title": "Curve", "kind": "image"},
        {"name": "model.pkl", "title": "Exported fastai learner", "kind": "model"},
    ]
    rows = [job_row(1, artifacts=artifacts), job_row(2, status="queued", artifacts=[])]
    data = archive_bytes(
        records={"training_jobs.TrainingJob": rows},
        files={
            "files/training_jobs/1/curve.png": b"\x89PNG curve",
            "files/training_jobs/1/model.pkl": b"cos\nsystem\n(S'echo pwned'\ntR.",
            "files/training_jobs/1/notes.sh": b"rm -rf /",
        },
    )

    report = run_import(owner, data)

    done, queued = TrainingJob.objects.order_by("pk")
    assert done.artifacts == [{"name": "curve.png", "title": "Curve", "kind": "image"}]
    assert files_under(media) == [f"training_jobs/{done.pk}/curve.png"]
    assert queued.status == "cancelled" and "moved" in queued.error
    text = " ".join(report.left_out)
    assert "The trained model 'model.pkl'" in text
    assert "had not finished" in text
    assert "files/training_jobs/1/model.pkl" in text and "files/training_jobs/1/notes.sh" in text


@pytest.mark.parametrize("name", ["../../datasets/1/model.pkl", "..", "sub/curve.png", ""])
def test_a_run_naming_an_unsafe_file_is_refused(owner, media, name):
    row = job_row(artifacts=[{"name": name, "title": "x", "kind": "model"}])

    with pytest.raises(ValidationError, match="unsafe file"):
        run_import(owner, archive_bytes(records={"training_jobs.TrainingJob": [row]}))
    assert not TrainingJob.objects.exists()


def test_unknown_and_unused_input_is_reported(owner, media):
    data = archive_bytes(
        profile={"username": "owner", "favourite_colour": "teal", "is_staff": True},
        records={
            "curriculum.Roadmap": [roadmap_row(mood="sunny")],
            "elsewhere.Widget": [{"pk": 1}, {"pk": 2}],
        },
        files={"roadmaps/imported-plan.md": "# Imported plan", "stray.bin": b"\0" * 10},
        extra={"comments": "hello"},
    )

    report = run_import(owner, data)

    assert report.counts == {"roadmaps": 1}
    lines = "\n".join(report.left_out)
    assert "'comments' section" in lines
    assert "favourite_colour" in lines and "is_staff" in lines
    assert "2 record(s) of a kind this Exhale has not: elsewhere.Widget" in lines
    assert "The field 'mood' of 1 roadmaps" in lines
    assert "1 readable copies" in lines
    assert "1 file(s)" in lines and "stray.bin" in lines


def test_public_references_resolve_to_this_instances_objects_or_are_left_out(owner):
    template = RoadmapFactory(owner=None, is_template=True, slug="ai-masters", title="Template")
    LearnerFactory(username="friend")
    LearnerFactory(username="hidden", portfolio_hidden=True)
    records = {
        "curriculum.Roadmap": [
            roadmap_row(
                1, title="From a template", origin_template={"outside": {"slug": "ai-masters"}}
            ),
            roadmap_row(2, title="From elsewhere", origin_template={"outside": {"slug": "gone"}}),
        ],
        "portfolio.Follow": [
            {"pk": 1, "follower": {"learner": True}, "followed": {"username": "friend"}},
            {"pk": 2, "follower": {"learner": True}, "followed": {"username": "nobody"}},
            {"pk": 3, "follower": {"learner": True}, "followed": {"username": "hidden"}},
        ],
    }

    report = run_import(owner, archive_bytes(records=records))

    assert Roadmap.objects.get(title="From a template").origin_template == template
    assert Roadmap.objects.get(title="From elsewhere").origin_template is None
    assert list(Follow.objects.values_list("followed__username", flat=True)) == ["friend"]
    lines = "\n".join(report.left_out)
    assert "'gone', which this Exhale has not" in lines
    assert "'nobody', who has no public account here" in lines
    assert "'hidden', who has no public account here" in lines
    assert template.stages.count() == 0


def test_a_follow_of_yourself_is_refused(owner):
    records = {
        "portfolio.Follow": [
            {"pk": 1, "follower": {"learner": True}, "followed": {"learner": True}}
        ]
    }

    with pytest.raises(ValidationError):
        run_import(owner, archive_bytes(records=records))
    assert not Follow.objects.exists()


def test_the_zip_limits_hold_against_lying_and_crowded_archives(owner, media):
    from portfolio.archive_zip import ZipLimits

    many = archive_bytes(files={f"files/x/{n}": b"x" for n in range(30)})
    with pytest.raises(ValidationError, match="holds 31 files"):
        run_import(owner, many, limits=ZipLimits(max_members=20))

    big = archive_bytes(
        records={"training_jobs.TrainingJob": [job_row()]},
        files={"files/training_jobs/1/curve.png": os.urandom(2 * 1024**2)},
    )
    with pytest.raises(ValidationError, match="each file is limited to"):
        run_import(owner, big, limits=ZipLimits(max_member_bytes=1024**2))
    with pytest.raises(ValidationError, match="an import is limited to"):
        run_import(owner, big, limits=ZipLimits(max_total_bytes=1024**2))
    assert files_under(media) == [] and not TrainingJob.objects.exists()


def test_a_run_names_the_imported_copy_of_its_data_set_not_an_old_id(owner, media):
    someone_elses = UploadedDataset.objects.create(
        owner=LearnerFactory(username="other"), name="Not yours", kind="table"
    )
    dataset = {
        "pk": someone_elses.pk,
        "owner": {"learner": True},
        "name": "Mine",
        "kind": "table",
        "preview": {"columns": ["a"]},
    }
    runs = [
        job_row(
            1, dataset_slug=f"upload:{someone_elses.pk}", uploaded_dataset={"ref": dataset["pk"]}
        ),
        job_row(2, dataset_slug="upload:12345", uploaded_dataset=None),
    ]
    records = {"projects.UploadedDataset": [dataset], "training_jobs.TrainingJob": runs}

    run_import(owner, archive_bytes(records=records))

    mine = UploadedDataset.objects.get(owner=owner)
    first, second = TrainingJob.objects.filter(owner=owner).order_by("pk")
    assert first.uploaded_dataset == mine and first.dataset_slug == mine.slug != someone_elses.slug
    assert second.dataset_slug == "upload:", "a retry asks for a data set instead of guessing"


def test_a_member_larger_than_its_header_says_is_refused(owner, media):
    payload = os.urandom(512 * 1024)
    data = archive_bytes(
        records={"training_jobs.TrainingJob": [job_row()]},
        files={"files/training_jobs/1/curve.png": payload},
    )
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("files/training_jobs/1/curve.png")
    lying = bytearray(data)
    name = info.filename.encode()
    # The uncompressed size sits 22 bytes into the local header, 24 into the central one.
    central = lying.index(b"PK\x01\x02")
    while lying[central + 46 : central + 46 + len(name)] != name:
        central = lying.index(b"PK\x01\x02", central + 1)
    for at in (info.header_offset + 22, central + 24):
        assert struct.unpack("<I", lying[at : at + 4])[0] == info.file_size
        lying[at : at + 4] = struct.pack("<I", 1000)

    with pytest.raises(ValidationError, match="is damaged"):
        run_import(owner, bytes(lying))
    assert files_under(media) == [] and not TrainingJob.objects.exists()


@pytest.mark.parametrize(
    "records",
    [
        {"curriculum.Roadmap": [roadmap_row(pk=[1])]},
        {"curriculum.Roadmap": [roadmap_row(copied_from={"ref": [1]})]},
        {"curriculum.Roadmap": [roadmap_row(origin_template={"outside": {"slug": ["a"]}})]},
        {"curriculum.Roadmap": [roadmap_row(started_on=[2026, 1, 1])]},
        {"curriculum.Roadmap": [roadmap_row(title={"nested": True}, target_end=12)]},
        {"curriculum.Roadmap": "not a list"},
        {"curriculum.Roadmap": [roadmap_row(owner=["learner"])]},
        {"training_jobs.TrainingJob": [job_row(artifacts="curve.png")]},
        {"training_jobs.TrainingJob": [job_row(epochs_total=10**30)]},
    ],
)
def test_hostile_shapes_in_records_are_refused_in_words_never_a_crash(owner, media, records):
    try:
        report = run_import(owner, archive_bytes(records=records))
    except ValidationError as exc:
        assert exc.messages and all(isinstance(m, str) for m in exc.messages)
        assert not Roadmap.objects.filter(owner=owner).exists()
    else:
        assert report.left_out, "what could not be used is reported"


def test_deeply_nested_json_is_refused_in_words(owner):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data.json", "[" * 200_000 + "]" * 200_000)

    with pytest.raises(ValidationError, match="not valid JSON"):
        run_import(owner, buffer.getvalue())


def test_an_import_marks_the_portfolio_changed_once_for_its_caches(owner):
    from accounts.models import User

    User.objects.filter(pk=owner.pk).update(portfolio_changed_at=timezone.now() - timedelta(days=3))
    records = {"curriculum.Roadmap": [roadmap_row(visibility="public")]}

    run_import(owner, archive_bytes(records=records))

    owner.refresh_from_db()
    assert timezone.now() - owner.portfolio_changed_at < timedelta(minutes=1)


@pytest.mark.parametrize("missing", ["owner", "roadmap"])
def test_a_record_without_its_owner_or_parent_is_refused(owner, missing):
    row = roadmap_row()
    del row["owner"]
    stage = {"pk": 1, "title": "Orphan stage"}
    records = {"curriculum.Roadmap": [row]} if missing == "owner" else {"curriculum.Stage": [stage]}

    with pytest.raises(ValidationError, match="belongs to nobody|lacks its roadmap"):
        run_import(owner, archive_bytes(records=records))
    assert not Roadmap.objects.exists()


def test_two_follows_of_the_same_learner_are_refused_as_a_clash(owner):
    LearnerFactory(username="friend")
    follow = {"follower": {"learner": True}, "followed": {"username": "friend"}}
    records = {"portfolio.Follow": [{"pk": 1, **follow}, {"pk": 2, **follow}]}

    with pytest.raises(ValidationError, match="already exists"):
        run_import(owner, archive_bytes(records=records))
    assert not Follow.objects.exists()


def test_a_record_breaking_a_check_constraint_is_refused_and_nothing_stays(owner):
    session = {
        "pk": 1,
        "learner": {"learner": True},
        "started_at": "2026-01-01T10:00:00+00:00",
        "local_date": "2026-01-01",
        "minutes": 100_000,
        "kind": "coding",
    }
    records = {"curriculum.Roadmap": [roadmap_row()], "journal.StudySession": [session]}

    with pytest.raises(ValidationError, match="study session"):
        run_import(owner, archive_bytes(records=records))
    assert not Roadmap.objects.exists()


def test_an_export_with_too_many_records_is_refused_before_any_is_made(owner, monkeypatch):
    from portfolio import archive_import

    monkeypatch.setattr(archive_import, "MAX_RECORDS", 3)
    rows = [roadmap_row(pk=n) for n in range(4)]

    with pytest.raises(ValidationError, match="holds 4 records; one import takes at most 3"):
        run_import(owner, archive_bytes(records={"curriculum.Roadmap": rows}))
    assert not Roadmap.objects.exists()


def test_every_owned_model_was_reviewed_before_an_import_may_create_it():
    from portfolio.archive import owned_models
    from portfolio.archive_rules import DERIVED, EXPORTED_NOT_IMPORTED, REVIEWED_FOR_IMPORT

    assert not REVIEWED_FOR_IMPORT & set(EXPORTED_NOT_IMPORTED)
    owned = {o.label for o in owned_models()}
    assert set(EXPORTED_NOT_IMPORTED) <= owned  # a decision about a model that is exported
    unreviewed = owned - REVIEWED_FOR_IMPORT - set(DERIVED) - set(EXPORTED_NOT_IMPORTED)
    assert not unreviewed, (
        f"Read the fields of {sorted(unreviewed)} for what an import could abuse (trusted HTML, "
        "storage paths, ids inside strings), add rules in portfolio/archive_rules.py, then add "
        "them to REVIEWED_FOR_IMPORT."
    )


def test_records_of_an_unreviewed_model_are_left_out_and_reported(owner, monkeypatch):
    from portfolio import archive_import

    monkeypatch.setattr(archive_import, "REVIEWED_FOR_IMPORT", frozenset({"curriculum.Stage"}))

    report = run_import(owner, archive_bytes(records={"curriculum.Roadmap": [roadmap_row()]}))

    assert not Roadmap.objects.exists()
    assert "1 roadmaps: this Exhale can't import them yet." in report.left_out


def test_cached_figures_in_an_export_are_not_taken_but_worked_out_again(owner):
    from journal.models import DayTotal, HabitCheckpoint

    records = {
        "journal.DayTotal": [
            {
                "pk": 1,
                "learner": {"learner": True},
                "day": "2026-01-01",
                "kind": "coding",
                "minutes": 9999,
            }
        ],
        "journal.HabitCheckpoint": [
            {"pk": owner.pk, "learner": {"learner": True}, "through": "2026-01-31", "data": "{}"}
        ],
    }

    report = run_import(owner, archive_bytes(records=records))

    assert not DayTotal.objects.filter(learner=owner).exists(), "no session, so no total"
    assert not HabitCheckpoint.objects.filter(data="{}").exists()
    assert "The export's day totals: worked out again here from your sessions." in report.left_out
