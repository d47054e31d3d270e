"""Run artifacts travel with an account export and leave with a deleted account."""

import io

import pytest

from accounts.models import User
from portfolio.services import account_delete, account_export, account_import
from tests.factories import LearnerFactory
from tests.support.world import build_private_world
from training_jobs.models import EpochMetric, TrainingJob


@pytest.mark.django_db
def test_export_then_import_restores_runs_with_their_files_under_new_ids():
    owner = LearnerFactory(username="owner")
    world = build_private_world(owner)
    EpochMetric.objects.create(job=world.run, epoch=1, train_loss=0.5, valid_loss=0.6, metric=0.8)
    original = (world.run.artifact_dir / "curve.png").read_bytes()
    data = account_export(learner=owner)
    old_dir = world.run.artifact_dir

    account_delete(learner=owner, confirm_username="owner")
    import shutil

    shutil.rmtree(old_dir, ignore_errors=True)  # deletion removes files on commit
    report = account_import(learner=LearnerFactory(username="moved"), upload=io.BytesIO(data))

    restored = TrainingJob.objects.get(owner=report.learner)
    assert (restored.artifact_dir / "curve.png").read_bytes() == original
    assert restored.epochs.get().valid_loss == 0.6
    assert report.counts["training jobs"] == 1
    assert report.counts["study sessions"] == 1
    assert restored.item.title == world.item.title


@pytest.mark.django_db(transaction=True)
def test_deleting_an_account_removes_its_run_folders():
    owner = LearnerFactory(username="owner")
    world = build_private_world(owner)
    folder = world.run.artifact_dir
    assert folder.is_dir()

    account_delete(learner=owner, confirm_username="owner")

    assert not folder.exists()
    assert not User.objects.filter(username="owner").exists()
    assert not TrainingJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_an_account_removes_its_notebooks_and_logged_artifacts_files():
    # Left behind, they were a deleted learner's data still stored, and a database restored
    # later could give a new notebook their folder.
    from core import storage
    from tracking.models import LoggedArtifact

    owner = LearnerFactory(username="owner")
    world = build_private_world(owner)
    notebook_files = [f"{world.notebook.storage_prefix}/source.ipynb"]
    artifact_files = list(
        LoggedArtifact.objects.filter(run__learner=owner).values_list("stored_name", flat=True)
    )
    assert artifact_files and all(storage.exists(n) for n in notebook_files + artifact_files)
    other = build_private_world(LearnerFactory(username="other"), marker="OTHER")
    kept = [f"{other.notebook.storage_prefix}/source.ipynb"]

    account_delete(learner=owner, confirm_username="owner")

    left = [name for name in notebook_files + artifact_files if storage.exists(name)]
    assert not left, f"a deleted account's files are still stored: {left}"
    assert all(storage.exists(name) for name in kept)  # nobody else's


@pytest.mark.django_db
def test_an_export_carries_logged_runs_and_notebooks_and_an_import_reports_them_left_out():
    import json
    import zipfile

    from tracking.models import LoggedArtifact, LoggedRun, Notebook

    owner = LearnerFactory(username="owner")
    world = build_private_world(owner)
    data = account_export(learner=owner)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        records = json.loads(archive.read("data.json"))["records"]
        assert not [label for label in records if label.startswith("tracking.")]

        def lines(label):
            raw = archive.read(f"not-imported/{label}.jsonl").decode()
            return [json.loads(line) for line in raw.splitlines()]

        runs, notebooks = lines("tracking.LoggedRun"), lines("tracking.Notebook")
        artifact = LoggedArtifact.objects.get(run=world.logged_run)
        assert archive.read(f"files/{artifact.stored_name}").endswith(world.marker.encode())
        assert f"files/{world.notebook.storage_prefix}/source.ipynb" in archive.namelist()
        assert [r["key"] for r in lines("tracking.LoggedParam")] == ["note"]
    assert [r["name"] for r in runs] == [world.logged_run.name]
    assert runs[0]["run_uuid"] == str(world.logged_run.run_uuid)
    assert runs[0]["experiment"] == {"ref": world.logged_run.experiment_id}
    assert [r["title"] for r in notebooks] == [world.notebook.title]

    report = account_import(learner=LearnerFactory(username="moved"), upload=io.BytesIO(data))

    assert report.counts["training jobs"] == 1  # the rest came in
    assert not LoggedRun.objects.filter(learner=report.learner).exists()
    assert not Notebook.objects.filter(learner=report.learner).exists()
    assert any(
        line.startswith("Your logged runs and notebooks (not-imported/, 7 file(s))")
        for line in report.left_out
    )


@pytest.mark.django_db
def test_many_logged_points_leave_the_export_importable():
    # 12,000 metric points: past the import's 10,000 records if they sat in data.json.
    from tracking.models import LoggedMetric

    owner = LearnerFactory(username="owner")
    world = build_private_world(owner)
    LoggedMetric.objects.bulk_create(
        LoggedMetric(run=world.logged_run, key="loss", value=1 / (i + 1), timestamp=i, step=i)
        for i in range(12_000)
    )
    data = account_export(learner=owner)

    report = account_import(learner=LearnerFactory(username="moved"), upload=io.BytesIO(data))

    assert report.counts["training jobs"] == 1
