"""Job state changes: each race is settled by one conditional update, tried twice here."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from tests.factories import ItemFactory, LearnerFactory
from tests.training_jobs.factories import SucceededJobFactory, TrainingJobFactory
from training_jobs import services
from training_jobs.models import JobStatus, TrainingJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    with mock.patch.object(services, "_send") as send:
        yield send


def test_start_run_sends_the_job_to_the_gpu_queue_only_after_commit(
    owner, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.start_run(learner=owner, recipe_slug="tabular-titanic", params={})
        assert not sent.called
    for callback in callbacks:
        callback()

    sent.assert_called_once_with(job.pk)
    assert job.status == JobStatus.QUEUED
    assert job.queue == "gpu"
    assert job.params["epochs"] == 5 and job.epochs_total == 5
    assert job.dataset_slug == "titanic"


def test_run_training_is_routed_to_the_gpu_queue(settings):
    assert settings.CELERY_TASK_ROUTES["training_jobs.tasks.run_training"] == {"queue": "gpu"}


def test_quick_run_sample_overrides_the_params(owner, sent):
    job = services.start_run(
        learner=owner, recipe_slug="image-classifier", params={"sample": 1}, sample=0.05
    )
    assert job.params["sample"] == 0.05


def test_invalid_params_save_nothing(owner, sent):
    with pytest.raises(ValidationError):
        services.start_run(learner=owner, recipe_slug="image-classifier", params={"epochs": 0})
    assert not TrainingJob.objects.exists()


def test_a_stranger_roadmap_item_is_refused(owner, stranger, sent):
    item = ItemFactory(stage__roadmap__owner=stranger)
    with pytest.raises(ValidationError) as caught:
        services.start_run(learner=owner, recipe_slug="tabular-titanic", item=item)
    assert caught.value.message_dict == {
        "item": ["That roadmap item is not on one of your roadmaps."]
    }


def test_a_learner_has_at_most_three_active_runs(owner, sent):
    for _ in range(3):
        services.start_run(learner=owner, recipe_slug="tabular-titanic")
    with pytest.raises(ValidationError, match="already have 3 runs waiting or running"):
        services.start_run(learner=owner, recipe_slug="tabular-titanic")


def test_a_job_delivered_twice_is_claimed_once(owner):
    job = TrainingJobFactory(owner=owner)
    assert services.job_claim(job_id=job.pk, worker="w1", device="cpu") is True
    assert services.job_claim(job_id=job.pk, worker="w2", device="cpu") is False
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.worker == "w1" and job.started_at


def test_cancelling_a_queued_job_ends_it_at_once_and_it_is_never_claimed(owner):
    job = TrainingJobFactory(owner=owner)
    job = services.cancel_run(learner=owner, job_id=job.pk)
    assert job.status == JobStatus.CANCELLED and job.finished_at
    assert services.job_claim(job_id=job.pk, worker="w", device="cpu") is False


def test_cancelling_a_running_job_flags_it_for_the_worker(owner):
    job = TrainingJobFactory(owner=owner, status=JobStatus.RUNNING)
    job = services.cancel_run(learner=owner, job_id=job.pk)
    assert job.status == JobStatus.RUNNING and job.cancel_requested
    assert services.job_heartbeat(job_id=job.pk) is True  # the worker learns it must stop


def test_cancelling_twice_says_the_run_already_ended(owner):
    job = TrainingJobFactory(owner=owner)
    services.cancel_run(learner=owner, job_id=job.pk)
    with pytest.raises(ValidationError, match="already cancelled"):
        services.cancel_run(learner=owner, job_id=job.pk)


def test_a_stranger_cannot_cancel_retry_or_publish(owner, stranger):
    job = SucceededJobFactory(owner=owner)
    for action in (services.cancel_run, services.retry_run, services.publish_run):
        with pytest.raises(TrainingJob.DoesNotExist):
            action(learner=stranger, job_id=job.pk)


def test_retry_queues_a_new_job_with_the_same_params(owner, sent):
    item = ItemFactory(stage__roadmap__owner=owner)
    old = SucceededJobFactory(
        owner=owner, item=item, params={**SucceededJobFactory.params.function(), "epochs": 3}
    )
    new = services.retry_run(learner=owner, job_id=old.pk)
    assert new.pk != old.pk and new.status == JobStatus.QUEUED
    assert new.params == old.params and new.item == item and new.retry_of == old


def test_retry_of_an_active_run_is_refused(owner):
    job = TrainingJobFactory(owner=owner)
    with pytest.raises(ValidationError, match="still going"):
        services.retry_run(learner=owner, job_id=job.pk)


def test_only_a_succeeded_run_can_be_published(owner):
    job = TrainingJobFactory(owner=owner, status=JobStatus.FAILED)
    with pytest.raises(ValidationError, match="Only a run that succeeded"):
        services.publish_run(learner=owner, job_id=job.pk)
    done = SucceededJobFactory(owner=owner)
    assert services.publish_run(learner=owner, job_id=done.pk).published
    assert not services.publish_run(learner=owner, job_id=done.pk, published=False).published


def test_finishing_is_once_only_and_a_reaped_job_stays_failed(owner):
    job = TrainingJobFactory(owner=owner, status=JobStatus.RUNNING)
    assert services.job_finish(job_id=job.pk, status=JobStatus.FAILED, error="lost")
    assert not services.job_finish(job_id=job.pk, status=JobStatus.SUCCEEDED, metrics={"a": 1})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.metrics == {}


def test_epoch_reports_are_one_row_per_epoch(owner):
    job = TrainingJobFactory(owner=owner, status=JobStatus.RUNNING)
    for _ in range(2):
        services.job_report_epoch(
            job_id=job.pk, epoch=1, train_loss=0.5, valid_loss=0.4, metric=0.8, log_tail="x"
        )
    job.refresh_from_db()
    assert job.epochs.count() == 1 and job.epochs_done == 1 and job.heartbeat_at


@override_settings(HEARTBEAT_STALE_SECONDS=60)
def test_the_reaper_fails_running_jobs_whose_heartbeat_stopped(owner):
    now = timezone.now()
    silent = TrainingJobFactory(
        owner=owner, status=JobStatus.RUNNING, heartbeat_at=now - timedelta(seconds=61)
    )
    alive = TrainingJobFactory(
        owner=owner, status=JobStatus.RUNNING, heartbeat_at=now - timedelta(seconds=10)
    )

    first = services.jobs_reap_stale(now=now)
    second = services.jobs_reap_stale(now=now)

    assert first["failed"] == [silent.pk] and second["failed"] == []
    silent.refresh_from_db()
    alive.refresh_from_db()
    assert silent.status == JobStatus.FAILED and "stopped responding" in silent.error
    assert alive.status == JobStatus.RUNNING


@override_settings(QUEUED_RESEND_SECONDS=120)
def test_the_reaper_resends_queued_jobs_nobody_claimed_once_per_period(owner, sent):
    now = timezone.now()
    lost = TrainingJobFactory(owner=owner, sent_at=now - timedelta(seconds=121))
    TrainingJobFactory(owner=owner, sent_at=now - timedelta(seconds=5))

    with mock.patch("training_jobs.services.transaction.on_commit", lambda f: f()):
        assert services.jobs_reap_stale(now=now)["resent"] == [lost.pk]
        assert services.jobs_reap_stale(now=now)["resent"] == []

    sent.assert_called_once_with(lost.pk)
    lost.refresh_from_db()
    assert lost.send_count == 2 and lost.status == JobStatus.QUEUED


def test_the_reaper_gives_up_on_jobs_queued_for_a_day(owner):
    job = TrainingJobFactory(owner=owner)
    TrainingJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(days=2))
    assert services.jobs_reap_stale()["expired"] == [job.pk]


def test_visible_to_shows_own_runs_and_published_runs_of_visible_portfolios(owner, stranger):
    mine = TrainingJobFactory(owner=owner)
    public = SucceededJobFactory(owner=stranger, published=True)
    SucceededJobFactory(owner=stranger)
    hidden = LearnerFactory(portfolio_hidden=True)
    SucceededJobFactory(owner=hidden, published=True)

    assert set(TrainingJob.objects.visible_to(owner)) == {mine, public}
    assert set(TrainingJob.objects.visible_to(None)) == {public}


def test_a_sample_too_small_to_learn_from_is_refused_before_it_queues(owner, sent):
    with pytest.raises(ValidationError) as caught:
        services.start_run(learner=owner, recipe_slug="tabular-titanic", sample=0.004)
    assert "too little data to learn from" in caught.value.message_dict["sample"][0]
    assert "6 examples (0.4% of 1,313)" in caught.value.message_dict["sample"][0]
    assert not TrainingJob.objects.exists() and not sent.called


def test_an_uploaded_table_too_small_is_refused_on_the_data_set(owner, sent):
    import io

    from projects.services import dataset_columns_set, dataset_upload
    from tests.projects.uploads import table_csv_bytes

    content = table_csv_bytes(rows=10)  # the fewest an upload may have
    dataset = dataset_upload(
        learner=owner, name="tiny", upload=io.BytesIO(content), filename="t.csv",
        size=len(content),
    )  # fmt: skip
    dataset_columns_set(learner=owner, dataset_id=dataset.pk, columns={"target": "label"})
    with pytest.raises(ValidationError) as caught:
        services.start_run(
            learner=owner, recipe_slug="tabular-csv", dataset=dataset.slug, params={"sample": 1}
        )
    assert "Add more examples to the data set" in caught.value.message_dict["dataset"][0]
    assert not TrainingJob.objects.exists()
