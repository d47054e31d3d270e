"""core.storage against a real S3-compatible server with the real boto3 client: keys stay
inside their prefix, files round-trip, a worker's local copy is whole or absent."""

from pathlib import Path

import pytest

from core import storage
from tests.storage.conftest import bucket_keys
from tests.training_jobs.factories import SucceededJobFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "../2/model.pkl", "a/../../3/x", "/etc/passwd", "a\\..\\b", "", ".", "./x", "a//b",
        "a/", "C:/x", "x\x00",
    ],
)
def test_a_name_that_could_leave_its_folder_is_refused(name):
    with pytest.raises(storage.UnsafeName):
        storage.key(storage.job_prefix(1), name)


@pytest.mark.parametrize("bad_id", ["1/../2", "-1", "0", "01", "1 ", "x"])
def test_a_prefix_is_built_only_from_a_real_id(bad_id):
    with pytest.raises((storage.UnsafeName, ValueError)):
        storage.dataset_prefix(bad_id)


def test_files_round_trip_through_the_bucket_under_their_prefix(s3_bucket, tmp_path):
    bucket, client, _ = s3_bucket
    folder = tmp_path / "made"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("one")
    (folder / "sub" / "b.txt").write_text("two")

    assert storage.upload_folder(folder, "datasets/7") == 2
    storage.save_bytes("datasets/7/a.txt", b"replaced")  # a rerun overwrites, same key

    assert bucket_keys(client, bucket) == ["datasets/7/a.txt", "datasets/7/sub/b.txt"]
    assert storage.read_bytes("datasets/7/a.txt") == b"replaced"
    assert sorted(storage.walk("datasets/7")) == ["datasets/7/a.txt", "datasets/7/sub/b.txt"]
    storage.remove("datasets/7")
    assert bucket_keys(client, bucket) == []


def test_a_worker_copy_lands_in_its_own_var_dir_once_and_whole(s3_bucket, settings, tmp_path):
    bucket, client, _ = s3_bucket
    settings.VAR_DIR = tmp_path / "worker-var"
    settings.MEDIA_ROOT = settings.VAR_DIR / "media"
    storage.save_bytes("training_jobs/5/model.pkl", b"weights")
    storage.save_bytes("training_jobs/5/extras/vocab.json", b"[]")

    folder = storage.local_folder("training_jobs/5", version="v1")

    assert folder.is_relative_to(settings.VAR_DIR)
    assert (folder / "model.pkl").read_bytes() == b"weights"
    assert (folder / "extras" / "vocab.json").read_bytes() == b"[]"
    # A finished run's files never change: the copy is reused without asking the bucket.
    client.delete_object(Bucket=bucket, Key="training_jobs/5/model.pkl")
    assert storage.local_folder("training_jobs/5", version="v1") == folder
    assert (folder / "model.pkl").is_file()
    assert not Path(settings.MEDIA_ROOT).exists()


def test_an_artifact_recorded_under_a_crooked_name_is_a_404_not_a_read_elsewhere(
    s3_bucket, owner, owner_client
):
    victim = SucceededJobFactory(owner=owner)
    storage.save_bytes(victim.file_key("model.pkl"), b"victim's weights")
    crooked = SucceededJobFactory(
        owner=owner,
        artifacts=[{"name": f"../{victim.pk}/model.pkl", "title": "x", "kind": "model"}],
    )

    response = owner_client.get(f"/jobs/{crooked.pk}/files/..%2F{victim.pk}%2Fmodel.pkl")

    assert response.status_code == 404


def test_a_strangers_download_of_a_private_model_is_a_404(s3_bucket, owner, stranger_client):
    model = [{"name": "model.pkl", "title": "Exported fastai learner", "kind": "model"}]
    job = SucceededJobFactory(owner=owner, artifacts=model, published=False)
    storage.save_bytes(job.file_key("model.pkl"), b"weights")

    assert stranger_client.get(f"/jobs/{job.pk}/files/model.pkl").status_code == 404
