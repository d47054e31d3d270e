"""`make run`'s demo learner: three months of practice, a roadmap in progress, reviews, a post
and a published run whose model answers, built in seconds without training."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from curriculum.models import Item
from demo.learner import RUN_DIR
from journal.models import Reflection, StudySession, WeeklyReview
from training_jobs.models import JobStatus, TrainingJob

pytestmark = pytest.mark.django_db

INHALE = {"reading", "lecture", "course"}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("create_demo_learner", stdout=open("/dev/null", "w"))
    return User.objects.get(username="demo")


def test_demo_has_three_months_of_inhale_and_exhale(demo):
    sessions = StudySession.objects.filter(learner=demo)
    first = sessions.order_by("started_at").first().started_at
    kinds = set(sessions.values_list("kind", flat=True))

    assert sessions.count() > 100
    assert timezone.now() - first > timedelta(days=85)
    assert kinds & INHALE and kinds - INHALE
    # Every session ended before it was logged, as the services demand.
    assert all(s.started_at + timedelta(minutes=s.minutes) <= timezone.now() for s in sessions)


def test_demo_roadmap_is_partly_done_and_public(demo):
    items = Item.objects.filter(stage__roadmap__owner=demo)
    statuses = list(items.values_list("status", flat=True))

    assert statuses.count("done") == 9 and statuses.count("in_progress") == 1
    assert statuses.count("not_started") == len(statuses) - 10 > 0
    assert items.first().stage.roadmap.visibility == "public"


def test_demo_has_reviews_a_post_and_a_published_run_with_its_files(demo):
    assert WeeklyReview.objects.filter(learner=demo, visibility="public").count() == 2
    assert Reflection.objects.filter(learner=demo, visibility="public").exists()
    run = TrainingJob.objects.get(owner=demo)
    assert run.status == JobStatus.SUCCEEDED and run.published
    assert run.metrics["accuracy"] > run.baselines["majority class"]
    assert run.epochs.count() == run.epochs_total == 4
    assert run.item is not None and run.item.project_slug == "tabular-titanic"
    assert all((run.artifact_dir / a["name"]).is_file() for a in run.artifacts)


def test_demo_pages_are_full_not_empty_states(demo, client):
    client.force_login(demo)
    today = client.get(reverse("journal:today")).content.decode()
    portfolio = client.get(reverse("portfolio:learner", args=["demo"])).content.decode()

    assert "No roadmap yet" not in today and "Your not-to-do list is empty" not in today
    assert "Collaborative filtering" in today
    assert "Tabular: Titanic survival" in portfolio
    assert "<strong>machine learning</strong>" in portfolio


def test_running_it_again_keeps_the_one_demo(demo):
    count = StudySession.objects.filter(learner=demo).count()
    call_command("create_demo_learner", stdout=open("/dev/null", "w"))
    assert User.objects.filter(username="demo").count() == 1
    assert StudySession.objects.filter(learner=demo).count() == count


def test_committed_demo_files_stay_small():
    assert sum(path.stat().st_size for path in RUN_DIR.iterdir()) < 2 * 1024 * 1024


def test_demo_runs_model_answers_its_try_it_demo(demo):
    from training_jobs.inference import predict_for_job

    run = TrainingJob.objects.get(owner=demo)
    woman = predict_for_job(run.pk, {"PClass": "1st", "Sex": "female", "Age": "30"})
    man = predict_for_job(run.pk, {"PClass": "3rd", "Sex": "male", "Age": "40"})

    # What the history books say, and what both baselines already knew.
    assert woman["label"] == "survived" and man["label"] == "died"
    assert 0.5 <= woman["confidence"] <= 1
