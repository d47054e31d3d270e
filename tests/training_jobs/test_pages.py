"""Project catalogue, run form, job page, actions and artifact downloads, as a learner and as
a stranger. Another learner's unpublished run is a 404 everywhere."""

from unittest import mock

import pytest
from django.urls import reverse

from tests.training_jobs.factories import SucceededJobFactory, TrainingJobFactory
from training_jobs import services
from training_jobs.models import JobStatus, TrainingJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker():
    with mock.patch.object(services, "_send"):
        yield


@pytest.fixture
def finished_job(owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = SucceededJobFactory(
        owner=owner,
        artifacts=[
            {"name": "training-curve.png", "title": "Training curve", "kind": "image"},
            {"name": "model.pkl", "title": "Exported fastai learner", "kind": "model"},
        ],
    )
    job.artifact_dir.mkdir(parents=True)
    (job.artifact_dir / "training-curve.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (job.artifact_dir / "model.pkl").write_bytes(b"model")
    (job.artifact_dir / "run.log").write_text("secret log")
    return job


def test_catalogue_lists_the_recipes_and_an_empty_history(owner_client):
    page = owner_client.get(reverse("projects:catalogue")).content.decode()
    assert "Image classifier" in page and "Tabular: Titanic survival" in page
    assert "You have not run a project yet" in page


def test_catalogue_needs_sign_in_and_get(client, owner_client):
    assert client.get(reverse("projects:catalogue")).status_code == 302
    assert owner_client.post(reverse("projects:catalogue")).status_code == 405


def test_project_page_shows_the_run_form_with_defaults(owner_client):
    page = owner_client.get(reverse("projects:detail", args=["image-classifier"])).content.decode()
    assert "Quick run on 5% of the data" in page
    assert 'name="epochs"' in page and 'value="5"' in page


def test_unknown_project_is_404(owner_client):
    assert owner_client.get(reverse("projects:detail", args=["nope"])).status_code == 404


def test_wrong_method_on_project_page(owner_client):
    assert (
        owner_client.put(reverse("projects:detail", args=["image-classifier"])).status_code == 405
    )


def test_starting_a_quick_run_from_the_form(owner, owner_client):
    response = owner_client.post(
        reverse("projects:detail", args=["tabular-titanic"]), {"quick": "on", "epochs": "2"}
    )
    job = TrainingJob.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("training_jobs:detail", args=[job.pk])
    assert job.params["sample"] == 0.05 and job.params["epochs"] == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("epochs", "0", "Epochs must be between 1 and 50; you gave 0."),
        ("epochs", "10000", "Epochs must be between 1 and 50; you gave 10000."),
        ("lr", "-1", "Learning rate must be more than 0 and at most 1; you gave -1."),
        ("sample", "0", "Sample share must be more than 0 and at most 1; you gave 0."),
        ("sample", "2", "Sample share must be more than 0 and at most 1; you gave 2."),
    ],
)
def test_invalid_params_are_shown_next_to_the_field(owner_client, field, value, message):
    response = owner_client.post(
        reverse("projects:detail", args=["image-classifier"]), {field: value}
    )
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert message in response.content.decode()
    assert not TrainingJob.objects.exists()


def test_job_page_shows_the_result_against_each_baseline(owner_client, finished_job):
    page = owner_client.get(
        reverse("training_jobs:detail", args=[finished_job.pk])
    ).content.decode()
    assert "The model beats the majority class by 15.0 points." in page  # 83% against 68%
    assert "survival rate of the passenger&#x27;s sex" in page
    assert "<svg" in page and "Publish on my portfolio" in page
    assert reverse("training_jobs:artifact", args=[finished_job.pk, "model.pkl"]) in page


def test_job_page_query_count_is_fixed(owner_client, finished_job, django_assert_num_queries):
    with django_assert_num_queries(5):  # session, user, job (+owner, item), epochs, reference
        assert (
            owner_client.get(reverse("training_jobs:detail", args=[finished_job.pk])).status_code
            == 200
        )


def test_history_query_count_is_fixed(owner, owner_client, django_assert_num_queries):
    for _ in range(3):
        SucceededJobFactory(owner=owner)
    with django_assert_num_queries(4):  # session, user, count, page
        page = owner_client.get(reverse("training_jobs:history"))
    assert page.content.decode().count("Succeeded") == 3


def test_history_has_an_empty_state(owner_client):
    assert "No runs yet" in owner_client.get(reverse("training_jobs:history")).content.decode()


def test_live_partial_polls_while_the_job_is_active(owner, owner_client):
    job = TrainingJobFactory(owner=owner, status=JobStatus.RUNNING, epochs_done=1)
    html = owner_client.get(reverse("training_jobs:live", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html and "Epoch 1 of 2" in html
    TrainingJob.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    html = owner_client.get(reverse("training_jobs:live", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html


def test_a_stranger_gets_404_for_an_unpublished_run(stranger_client, client, finished_job):
    urls = [
        reverse("training_jobs:detail", args=[finished_job.pk]),
        reverse("training_jobs:live", args=[finished_job.pk]),
        reverse("training_jobs:artifact", args=[finished_job.pk, "model.pkl"]),
        reverse("training_jobs:artifact", args=[finished_job.pk, "training-curve.png"]),
    ]
    for url in urls:
        assert stranger_client.get(url).status_code == 404, url
        assert client.get(url).status_code == 404, url
    for name in ("cancel", "retry", "publish"):
        url = reverse(f"training_jobs:{name}", args=[finished_job.pk])
        assert stranger_client.post(url).status_code == 404, url
    finished_job.refresh_from_db()
    assert not finished_job.published and TrainingJob.objects.count() == 1


def test_a_published_run_and_its_files_are_public_but_not_its_log(client, finished_job):
    TrainingJob.objects.filter(pk=finished_job.pk).update(published=True, log_tail="secret log")
    page = client.get(reverse("training_jobs:detail", args=[finished_job.pk])).content.decode()
    assert "Training curve" in page and "secret log" not in page
    assert "Publish on my portfolio" not in page
    download = client.get(reverse("training_jobs:artifact", args=[finished_job.pk, "model.pkl"]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"model"
    assert "attachment" in download["Content-Disposition"]


def test_only_recorded_artifacts_are_served(owner_client, finished_job):
    for name in ("run.log", "..%2F..%2Fsettings.py", "missing.png"):
        url = f"/jobs/{finished_job.pk}/files/{name}"
        assert owner_client.get(url).status_code == 404, name


def test_actions_need_post(owner_client, finished_job):
    for name in ("cancel", "retry", "publish"):
        url = reverse(f"training_jobs:{name}", args=[finished_job.pk])
        assert owner_client.get(url).status_code == 405
    assert (
        owner_client.post(reverse("training_jobs:detail", args=[finished_job.pk])).status_code
        == 405
    )


def test_owner_publishes_unpublishes_and_retries(owner, owner_client, finished_job):
    owner_client.post(reverse("training_jobs:publish", args=[finished_job.pk]), {"published": "1"})
    finished_job.refresh_from_db()
    assert finished_job.published
    owner_client.post(reverse("training_jobs:publish", args=[finished_job.pk]), {"published": "0"})
    finished_job.refresh_from_db()
    assert not finished_job.published

    response = owner_client.post(reverse("training_jobs:retry", args=[finished_job.pk]))
    new = TrainingJob.objects.exclude(pk=finished_job.pk).get()
    assert response["Location"] == reverse("training_jobs:detail", args=[new.pk])
    assert new.params == finished_job.params and new.retry_of == finished_job


def test_owner_cancels_a_queued_run(owner, owner_client):
    job = TrainingJobFactory(owner=owner)
    response = owner_client.post(reverse("training_jobs:cancel", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert "Run cancelled." in response.content.decode()
