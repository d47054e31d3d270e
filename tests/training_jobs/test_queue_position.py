"""A queued run's place in the gpu queue and its expected start: the pure estimate, the
selector (all learners counted, constant queries), the live partial and the API."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.training_jobs.factories import SucceededJobFactory, TrainingJobFactory
from training_jobs.models import JobStatus, TrainingJob
from training_jobs.queue import (
    FALLBACK_RUN_SECONDS,
    expected_wait_seconds,
    ordinal,
    queue_place,
    typical_duration,
    wait_phrase,
)
from training_jobs.workers import WorkerCount, cache_key

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def one_gpu_worker_alive():
    """These tests are about the arithmetic: the gpu queue has one live worker, as the cache
    remembers it (training_jobs.workers; tests/training_jobs/test_workers_alive.py asks real
    workers)."""
    cache.set(cache_key("gpu"), (1, True), 600)
    yield
    cache.delete(cache_key("gpu"))


# --- the pure estimate ----------------------------------------------------------------------


def test_typical_duration_is_the_median_of_the_recipe():
    assert typical_duration("a", {"a": [10, 30, 20], "b": [999]}) == 20


def test_typical_duration_falls_back_to_every_recipe_then_two_minutes():
    assert typical_duration("new", {"a": [10, 20], "b": [30]}) == 20
    assert typical_duration("new", {}) == FALLBACK_RUN_SECONDS
    assert typical_duration("new", {"a": []}) == FALLBACK_RUN_SECONDS


def test_typical_duration_ignores_negative_run_times_from_clock_skew():
    assert typical_duration("a", {"a": [-50, 40]}) == 40


def test_an_empty_queue_means_no_wait():
    assert expected_wait_seconds(running=[], ahead=[], recent={}, workers=1) == 0


def test_wait_adds_the_remaining_time_of_running_runs_and_the_runs_ahead():
    recent = {"a": [100], "b": [300]}
    wait = expected_wait_seconds(running=[("a", 40)], ahead=["b", "a"], recent=recent, workers=1)
    assert wait == 60 + 300 + 100


def test_a_run_past_its_typical_time_counts_as_about_to_finish():
    assert (
        expected_wait_seconds(running=[("a", 500)], ahead=[], recent={"a": [100]}, workers=1) == 0
    )


def test_a_running_run_with_a_negative_elapsed_time_counts_its_whole_duration():
    assert (
        expected_wait_seconds(running=[("a", -5)], ahead=[], recent={"a": [100]}, workers=1) == 100
    )


def test_workers_share_the_wait_and_zero_workers_counts_as_one():
    recent = {"a": [100]}
    assert expected_wait_seconds(running=[], ahead=["a"] * 4, recent=recent, workers=2) == 200
    assert expected_wait_seconds(running=[], ahead=["a"] * 4, recent=recent, workers=0) == 400


@given(
    running=st.lists(st.tuples(st.sampled_from("abc"), st.floats(-1e4, 1e5))),
    ahead=st.lists(st.sampled_from("abcd")),
    recent=st.dictionaries(st.sampled_from("abc"), st.lists(st.floats(0, 1e5), max_size=20)),
    workers=st.integers(1, 8),
)
def test_the_wait_is_never_negative_and_grows_with_each_run_ahead(running, ahead, recent, workers):
    wait = expected_wait_seconds(running=running, ahead=ahead, recent=recent, workers=workers)
    longer = expected_wait_seconds(
        running=running, ahead=[*ahead, "a"], recent=recent, workers=workers
    )
    assert 0 <= wait <= longer


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th"), (112, "112th")],
)  # fmt: skip
def test_ordinal(n, text):
    assert ordinal(n) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "less than a minute"), (44, "less than a minute"), (60, "about 1 minute"),
     (240, "about 4 minutes"), (89 * 60, "about 89 minutes"), (2 * 3600, "about 2 hours"),
     (90 * 60, "about 2 hours")],
)  # fmt: skip
def test_wait_phrase(seconds, text):
    assert wait_phrase(seconds) == text


# --- the selector ---------------------------------------------------------------------------


def queued(owner, at: datetime, **kwargs) -> TrainingJob:
    job = TrainingJobFactory(owner=owner, **kwargs)
    TrainingJob.objects.filter(pk=job.pk).update(queued_at=at)
    job.refresh_from_db()
    return job


def succeeded(owner, seconds: float, recipe="tabular-titanic", finished=T0):
    return SucceededJobFactory(
        owner=owner,
        recipe_slug=recipe,
        started_at=finished - timedelta(seconds=seconds),
        finished_at=finished,
    )


@pytest.mark.django_db
def test_position_counts_every_learners_runs_queued_before_it(owner, stranger):
    queued(stranger, T0)
    queued(stranger, T0 + timedelta(seconds=1))
    mine = queued(owner, T0 + timedelta(seconds=2))
    queued(stranger, T0 + timedelta(seconds=3))  # after mine: not ahead

    assert queue_place(mine, now=T0).position == 3


@pytest.mark.django_db
def test_runs_queued_at_the_same_instant_go_by_id(owner, stranger):
    first = queued(stranger, T0)
    second = queued(owner, T0)

    assert queue_place(first, now=T0).position == 1
    assert queue_place(second, now=T0).position == 2


@pytest.mark.django_db
def test_running_finished_and_other_queue_runs_are_not_ahead(owner, stranger):
    queued(stranger, T0, status=JobStatus.RUNNING, started_at=T0)
    queued(stranger, T0, status=JobStatus.CANCELLED)
    queued(stranger, T0, queue="cpu")
    mine = queued(owner, T0 + timedelta(seconds=5))

    assert queue_place(mine, now=T0).position == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", [JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED])
def test_a_run_that_left_the_queue_has_no_place(owner, status):
    assert queue_place(TrainingJobFactory(owner=owner, status=status)) is None


@pytest.mark.django_db
def test_estimate_uses_the_recipes_last_twenty_runs(owner, stranger):
    succeeded(owner, 10_000, finished=T0 - timedelta(days=30))  # the 21st most recent: ignored
    for n in range(20):
        succeeded(owner, 120, finished=T0 - timedelta(days=n))
    succeeded(owner, 9_000, recipe="collab-movielens")  # another recipe's median
    queued(stranger, T0)
    queued(stranger, T0 + timedelta(seconds=1), status=JobStatus.RUNNING, started_at=T0)
    mine = queued(owner, T0 + timedelta(seconds=2))

    place = queue_place(mine, now=T0 + timedelta(seconds=60))

    assert place.wait_seconds == 120 + 60
    assert place.expected_start == T0 + timedelta(seconds=60 + 180)


@pytest.mark.django_db
def test_estimate_falls_back_to_other_recipes_then_two_minutes(owner, stranger):
    queued(stranger, T0)
    mine = queued(owner, T0 + timedelta(seconds=1))
    assert queue_place(mine, now=T0).wait_seconds == FALLBACK_RUN_SECONDS

    succeeded(owner, 600, recipe="collab-movielens")
    assert queue_place(mine, now=T0).wait_seconds == 600


@pytest.mark.django_db
def test_gpu_workers_share_the_wait(owner, stranger):
    for n in range(4):
        queued(stranger, T0 + timedelta(seconds=n))
    mine = queued(owner, T0 + timedelta(seconds=9))

    place = queue_place(mine, now=T0, workers=WorkerCount(2))

    assert place.wait_seconds == 4 * FALLBACK_RUN_SECONDS / 2


@pytest.mark.django_db
def test_the_selector_makes_two_queries_however_long_the_queue(
    owner, stranger, django_assert_num_queries
):
    for n in range(6):
        queued(stranger, T0 + timedelta(seconds=n))
        succeeded(stranger, 60 + n)
    mine = queued(owner, T0 + timedelta(minutes=1))

    with django_assert_num_queries(2):
        assert queue_place(mine, now=T0).position == 7


# --- the page and the API -------------------------------------------------------------------


@pytest.fixture
def third_in_queue(owner, stranger):
    """Two runs of another learner ahead, each expected to take two minutes."""
    succeeded(stranger, 120)
    queued(stranger, T0, recipe_title="Stranger's secret project")
    queued(stranger, T0 + timedelta(seconds=1), recipe_title="Stranger's secret project")
    return queued(owner, T0 + timedelta(seconds=2))


@pytest.mark.django_db
def test_live_partial_shows_place_and_wait_but_nothing_of_the_runs_ahead(
    owner_client, third_in_queue
):
    page = owner_client.get(reverse("training_jobs:live", args=[third_in_queue.pk]))

    html = page.content.decode()
    assert "3rd in the queue · expected to start in about 4 minutes" in html
    assert 'hx-trigger="every 2s"' in html  # the existing polling keeps it current
    assert "secret" not in html and "stranger" not in html


@pytest.mark.django_db
def test_job_page_moves_up_when_a_run_ahead_starts(owner, owner_client, stranger, third_in_queue):
    first = TrainingJob.objects.filter(owner=stranger, status="queued").order_by("queued_at")[0]
    TrainingJob.objects.filter(pk=first.pk).update(status="running", started_at=T0)

    html = owner_client.get(reverse("training_jobs:detail", args=[third_in_queue.pk])).content
    assert "2nd in the queue" in html.decode()


@pytest.mark.django_db
def test_a_finished_run_shows_no_queue_position(owner_client, owner):
    job = SucceededJobFactory(owner=owner)
    assert (
        "in the queue"
        not in owner_client.get(reverse("training_jobs:live", args=[job.pk])).content.decode()
    )


@pytest.mark.django_db
def test_api_gives_queue_position_and_expected_start(owner, api_client_for, third_in_queue):
    data = api_client_for(owner).get(reverse("api:job-detail", args=[third_in_queue.pk])).json()

    assert data["queue_position"] == 3
    assert datetime.fromisoformat(data["expected_start"]) > T0


@pytest.mark.django_db
def test_api_queue_fields_are_null_unless_queued(owner, api_client_for):
    job = SucceededJobFactory(owner=owner)
    data = api_client_for(owner).get(reverse("api:job-detail", args=[job.pk])).json()

    assert data["queue_position"] is None and data["expected_start"] is None
