"""The account export, import and deletion read and write the learner's files through
core.storage: with a bucket, the export carries the run's objects, the import stores them under
the new run's prefix, and deleting the account deletes its objects."""

import io
import zipfile

import pytest

from core import storage
from portfolio import services
from tests.storage.conftest import bucket_keys
from tests.training_jobs.factories import SucceededJobFactory
from training_jobs.models import TrainingJob

pytestmark = pytest.mark.django_db

FILES = [
    {"name": "model.pkl", "title": "Exported fastai learner", "kind": "model"},
    {"name": "training-curve.png", "title": "Training curve", "kind": "image"},
]


def run_with_files(owner):
    job = SucceededJobFactory(owner=owner, artifacts=FILES)
    storage.save_bytes(job.file_key("model.pkl"), b"weights")
    storage.save_bytes(job.file_key("training-curve.png"), b"\x89PNG curve")
    storage.save_bytes(job.file_key("run.log"), b"epoch 1 done")
    return job


def test_an_export_carries_the_runs_objects_and_an_import_stores_them_anew(
    s3_bucket, owner, stranger
):
    bucket, client, _ = s3_bucket
    job = run_with_files(owner)

    exported = services.account_export(learner=owner)
    with zipfile.ZipFile(io.BytesIO(exported)) as zf:
        assert zf.read(f"files/training_jobs/{job.pk}/model.pkl") == b"weights"
        assert zf.read(f"files/training_jobs/{job.pk}/run.log") == b"epoch 1 done"

    services.account_import(learner=stranger, upload=io.BytesIO(exported))

    copy = TrainingJob.objects.get(owner=stranger)
    assert copy.pk != job.pk
    assert storage.read_bytes(copy.file_key("training-curve.png")) == b"\x89PNG curve"
    # A model file can run code, so an import never stores one (portfolio.archive_rules).
    assert [
        k for k in bucket_keys(client, bucket) if k.startswith(f"training_jobs/{copy.pk}/")
    ] == [
        f"training_jobs/{copy.pk}/run.log",
        f"training_jobs/{copy.pk}/training-curve.png",
    ]


def test_deleting_the_account_deletes_its_objects_and_no_one_elses(
    s3_bucket, owner, stranger, django_capture_on_commit_callbacks
):
    bucket, client, _ = s3_bucket
    mine, theirs = run_with_files(owner), run_with_files(stranger)

    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete(learner=owner, confirm_username=owner.username)

    keys = bucket_keys(client, bucket)
    assert not [k for k in keys if k.startswith(f"training_jobs/{mine.pk}/")]
    assert f"training_jobs/{theirs.pk}/model.pkl" in keys
