"""Attacks on files kept through core.storage, against a real S3-compatible server (moto) with
boto3: a visitor of a published run asks for another run's model, the run log or a crafted
name; learner-chosen unicode names stay inside their prefix."""

import pytest
from django.test import Client
from django.utils import timezone

from core import storage
from tests.storage.conftest import bucket_keys, s3_bucket, s3_endpoint  # noqa: F401
from tests.training_jobs.factories import SucceededJobFactory

pytestmark = pytest.mark.django_db

MODEL = [
    {"name": "model.pkl", "title": "Exported fastai learner", "kind": "model"},
    {"name": "loss.png", "title": "Loss", "kind": "image"},
]


@pytest.fixture
def runs(s3_bucket, owner, stranger):  # noqa: F811
    private = SucceededJobFactory(owner=stranger, artifacts=MODEL, published=False)
    public = SucceededJobFactory(
        owner=owner, artifacts=MODEL, published=True, published_at=timezone.now()
    )
    for job, text in ((private, b"private weights"), (public, b"public weights")):
        storage.save_bytes(job.file_key("model.pkl"), text)
        storage.save_bytes(job.file_key("loss.png"), b"\x89PNG plot")
        storage.save_bytes(job.file_key("run.log"), b"Claimed by celery@gpu-box-secret")
    return private, public


@pytest.mark.parametrize(
    "name",
    [
        "..%2F{private}%2Fmodel.pkl",
        "%2e%2e%2F{private}%2Fmodel.pkl",
        "..%5C{private}%5Cmodel.pkl",
        "%2Ftraining_jobs%2F{private}%2Fmodel.pkl",
        "model.pkl%00",
        "model.pkl%2F",
        "MODEL.PKL",
        "model%E2%80%A4pkl",  # a one-dot leader, not a full stop
        "run.log",  # stored beside the artifacts, never recorded as one
        ".",
        "..",
    ],
)
def test_a_visitor_of_a_published_run_reads_only_its_recorded_files(runs, name):
    private, public = runs
    path = f"/jobs/{public.pk}/files/" + name.format(private=private.pk)

    response = Client().get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code == 404
    assert b"private weights" not in body and b"gpu-box-secret" not in body


def test_the_recorded_files_of_a_published_run_are_served_and_a_private_runs_are_not(runs):
    private, public = runs
    visitor = Client()

    served = visitor.get(f"/jobs/{public.pk}/files/model.pkl")

    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"public weights"
    assert visitor.get(f"/jobs/{private.pk}/files/model.pkl").status_code == 404
    assert visitor.get(f"/jobs/{private.pk}/files/loss.png").status_code == 404


@pytest.mark.parametrize("name", ["猫/000001.jpg", "Ünïcode class/1.png", "ﬁle.png", "ﾠ/x"])
def test_a_unicode_name_stays_inside_its_prefix_in_the_bucket(s3_bucket, name):  # noqa: F811
    bucket, client, _ = s3_bucket
    key = storage.key(storage.dataset_prefix(7), name)

    storage.save_bytes(key, b"pixels")

    assert bucket_keys(client, bucket) == [f"datasets/7/{name}"]
    assert storage.read_bytes(key) == b"pixels"
    assert list(storage.walk("datasets/7")) == [key]
    assert list(storage.walk("datasets/70")) == []


@pytest.mark.parametrize("name", ["．．/8/x", "..\u2215x", "a/\u2025/b"])
def test_a_lookalike_dot_dot_is_a_plain_name_in_the_bucket(s3_bucket, name):  # noqa: F811
    """Fullwidth and one-character dot leaders are letters to S3 and to a file system: the key
    keeps them, so they cannot climb out of the prefix."""
    bucket, client, _ = s3_bucket
    key = storage.key(storage.dataset_prefix(7), name)

    storage.save_bytes(key, b"x")

    assert bucket_keys(client, bucket) == [f"datasets/7/{name}"]


def test_a_workers_copy_is_never_handed_to_another_row_under_the_same_id(
    s3_bucket,  # noqa: F811
    settings,
    tmp_path,
    owner,
    stranger,
):
    """After a database reset (or a restored backup) id 1 may be a different learner's data set
    or run: a worker's copy made for the old row must not train or answer for the new one."""
    from projects.models import UploadedDataset

    settings.VAR_DIR = tmp_path / "worker-var"
    old = UploadedDataset.objects.create(owner=stranger, name="old", kind="csv", size_bytes=1)
    storage.save_bytes(storage.key(old.storage_prefix, "data.csv"), b"stranger's rows")
    assert (old.folder / "data.csv").read_bytes() == b"stranger's rows"
    storage.remove(old.storage_prefix)
    pk = old.pk
    old.delete()

    new = UploadedDataset.objects.create(pk=pk, owner=owner, name="new", kind="csv", size_bytes=1)
    storage.save_bytes(storage.key(new.storage_prefix, "data.csv"), b"owner's rows")

    assert (new.folder / "data.csv").read_bytes() == b"owner's rows"
    job = SucceededJobFactory(owner=owner, artifacts=MODEL)
    storage.save_bytes(job.file_key("model.pkl"), b"first")
    assert (job.artifact_dir / "model.pkl").read_bytes() == b"first"
    job.queued_at = timezone.now() + timezone.timedelta(seconds=1)  # another row, same id
    storage.save_bytes(job.file_key("model.pkl"), b"second")
    assert (job.artifact_dir / "model.pkl").read_bytes() == b"second"
