"""A worker on "another machine": it shares the database, the broker and an S3 bucket with the
web process, and no folder. The web process (this test) and the worker each get their own empty
EXHALE_VAR_DIR; the upload, the training run, the result page, the model download and a "try it"
prediction all work, every file is an object in the bucket, and nothing lands in the web's
media folder."""

from __future__ import annotations

import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings

from projects.models import UploadedDataset
from tests.projects.uploads import table_csv_bytes, upload_file
from tests.storage.conftest import bucket_keys
from tests.support.worker import WorkerProcess, wait_until
from training_jobs import services, tasks
from training_jobs.models import JobStatus, TrainingJob
from training_jobs.tasks import run_training

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def web_var(settings, tmp_path):
    """The web process's own, empty var dir (and media folder inside it)."""
    settings.VAR_DIR = tmp_path / "web-var"
    settings.MEDIA_ROOT = settings.VAR_DIR / "media"
    settings.VAR_DIR.mkdir()
    return settings.VAR_DIR


@pytest.fixture
def remote_worker(s3_bucket, tmp_path):
    """A worker with its own var dir and media folder, consuming queues of its own (so the
    session's worker, which uses local files, takes none of this test's work)."""
    _, _, bucket_env = s3_bucket
    var = tmp_path / "worker-var"
    gpu, light = f"gpu-{uuid.uuid4().hex[:6]}", f"light-{uuid.uuid4().hex[:6]}"
    env = {
        **bucket_env,
        "EXHALE_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "EXHALE_WORKER_HOST": "gpu-box-1",
    }
    if not settings.REDIS_URL:  # one machine without Redis: the broker and cache are folders
        env["EXHALE_BROKER_DIR"] = str(settings.CELERY_BROKER_DIR)
        env["EXHALE_CACHE_DIR"] = settings.CACHES["default"]["LOCATION"]
    worker = WorkerProcess(queues=f"{gpu},{light}", extra_env=env)
    with (
        mock.patch.object(
            services, "_send", lambda job_id: run_training.apply_async(args=[job_id], queue=gpu)
        ),
        mock.patch.object(
            tasks.predict, "delay", lambda token: tasks.predict.apply_async([token], queue=light)
        ),
    ):
        yield worker, var
    worker.stop()


def test_a_worker_sharing_only_the_bucket_trains_and_answers_from_storage(
    s3_bucket, web_var, remote_worker, owner, owner_client, stranger_client
):
    bucket, client, _ = s3_bucket
    worker, worker_var = remote_worker

    # 1. The learner uploads a CSV through the page; it is stored in the bucket.
    page = owner_client.post(
        "/projects/datasets/upload/",
        {"name": "Cities", "kind": "table", "file": upload_file(table_csv_bytes(60), "c.csv")},
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    dataset = UploadedDataset.objects.get(owner=owner)
    assert f"datasets/{dataset.pk}/data.csv" in bucket_keys(client, bucket)

    # 2. A one-epoch run on it: the worker reads the data set from the bucket, writes there.
    job = services.start_run(
        learner=owner,
        recipe_slug="tabular-csv",
        dataset=dataset.slug,
        params={"epochs": 1, "batch_size": 16},
    )
    wait_until(
        lambda: TrainingJob.objects.get(pk=job.pk).is_final, timeout=300, message=worker.log()
    )
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, (job.error, job.log_tail, worker.log()[-3000:])
    keys = bucket_keys(client, bucket)
    stored = {k.split("/", 2)[2] for k in keys if k.startswith(f"training_jobs/{job.pk}/")}
    assert {"model.pkl", "features.json", "training-curve.png", "run.log"} <= stored
    assert {a["name"] for a in job.artifacts} <= stored
    assert files_under(worker_var / "storage-cache") == [
        f"datasets/{dataset.pk}/.complete",
        f"datasets/{dataset.pk}/data.csv",
    ]
    assert job.worker_host == "gpu-box-1" and job.device == "cpu"

    # 3. The result page, its plot and the model download, read from the bucket.
    result = owner_client.get(f"/jobs/{job.pk}/")
    assert result.status_code == 200
    assert "trained on gpu-box-1 · cpu" in result.content.decode()
    plot = owner_client.get(f"/jobs/{job.pk}/files/training-curve.png")
    assert plot.status_code == 200
    assert b"".join(plot.streaming_content).startswith(b"\x89PNG")
    model = owner_client.get(f"/jobs/{job.pk}/files/model.pkl")
    assert model.status_code == 200
    assert "attachment" in model["Content-Disposition"]
    body = b"".join(model.streaming_content)
    assert body == client.get_object(Bucket=bucket, Key=f"training_jobs/{job.pk}/model.pkl")[
        "Body"
    ].read()
    assert stranger_client.get(f"/jobs/{job.pk}/files/model.pkl").status_code == 404

    # 4. A "try it" prediction: the worker loads the model from its copy of the bucket's files.
    tried = owner_client.post(
        f"/jobs/{job.pk}/try/", {"city": "Lyon", "size": "80", "colour": "red"}
    )
    assert tried.status_code == 302, tried.content.decode()[:2000]
    token = tried["Location"].split("prediction=")[1]

    def answered():
        answer = owner_client.get(f"/api/jobs/{job.pk}/predictions/{token}/").json()
        return answer if answer["status"] != "pending" else None

    answer = wait_until(answered, timeout=120, message=worker.log()[-3000:])
    assert answer["status"] == "done", answer
    assert answer["result"]["label"] in {"yes", "no"}

    # 5. Nothing was written to the web's media folder; its scratch folders are empty.
    assert files_under(Path(settings.MEDIA_ROOT)) == []
    assert [p for p in files_under(web_var) if p.startswith(("media/", "work/", "storage-"))] == []
    assert not (worker_var / "media").exists()
