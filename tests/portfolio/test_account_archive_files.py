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
