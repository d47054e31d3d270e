"""The run names the machine and device that trained it: recorded when a worker claims the
job, shown on the job page and in the API; the machine's name only to the run's owner."""

import pytest
from django.utils import timezone

from tests.training_jobs.factories import SucceededJobFactory, TrainingJobFactory
from training_jobs import runner, services
from training_jobs.models import TrainingJob

pytestmark = pytest.mark.django_db

H200 = "cuda (NVIDIA H200)"


def published_run(owner):
    return SucceededJobFactory(
        owner=owner,
        worker_host="gpu-box-1",
        device=H200,
        published=True,
        published_at=timezone.now(),
    )


def test_the_claim_records_the_worker_its_machine_and_its_device(owner):
    job = TrainingJobFactory(owner=owner)

    assert services.job_claim(
        job_id=job.pk, worker="celery@gpu-box-1", device=H200, host="gpu-box-1"
    )

    job.refresh_from_db()
    assert (job.worker, job.worker_host, job.device) == ("celery@gpu-box-1", "gpu-box-1", H200)


def test_the_machine_is_the_host_of_celerys_node_name_unless_named(monkeypatch):
    monkeypatch.delenv("EXHALE_WORKER_HOST", raising=False)
    assert runner.worker_host("gpu@box-7.lab") == "box-7.lab"
    monkeypatch.setenv("EXHALE_WORKER_HOST", "gpu-box-1")
    assert runner.worker_host("gpu@box-7.lab") == "gpu-box-1"


def test_the_owner_reads_machine_and_device_on_the_job_page_and_in_the_api(
    owner, owner_client, api_client_for
):
    job = published_run(owner)

    page = owner_client.get(f"/jobs/{job.pk}/").content.decode()
    api = api_client_for(owner).get(f"/api/jobs/{job.pk}/").json()

    assert f"trained on gpu-box-1 · {H200}" in page
    assert (api["worker_host"], api["device"]) == ("gpu-box-1", H200)


def test_a_visitor_of_a_published_run_reads_the_device_but_not_the_machine(
    owner, stranger_client, api_client_for, stranger
):
    job = published_run(owner)

    page = stranger_client.get(f"/jobs/{job.pk}/").content.decode()
    api = api_client_for(stranger).get(f"/api/jobs/{job.pk}/").json()
    public = stranger_client.get(f"/u/{owner.username}/runs/{job.pk}/")

    assert f"trained on {H200}" in page and "gpu-box-1" not in page
    assert api["device"] == H200 and api["worker_host"] is None
    assert public.status_code == 200
    assert f"trained on {H200}" in public.content.decode()
    assert "gpu-box-1" not in public.content.decode()


def test_a_running_job_says_on_which_machine_it_runs(owner, owner_client):
    job = TrainingJobFactory(owner=owner)
    services.job_claim(job_id=job.pk, worker="w@box", device="cpu", host="box")

    page = owner_client.get(f"/jobs/{job.pk}/live/").content.decode()

    assert TrainingJob.objects.get(pk=job.pk).is_active
    assert "on box · cpu" in page
