"""The learner's logged-run pages: who sees what, publishing, logging the time as a session."""

import pytest
from django.urls import reverse

from journal.models import StudySession
from tests.factories import ItemFactory, RoadmapFactory, StageFactory
from tests.tracking.factories import ExperimentFactory, LoggedRunFactory, points

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(owner):
    run = LoggedRunFactory(experiment=ExperimentFactory(learner=owner, name="pets"), name="r1")
    points(run, "valid_loss", [0.9, 0.6, 0.4])
    return run


def test_the_owner_sees_charts_params_and_the_latest_value(owner_client, run):
    page = owner_client.get(reverse("tracking:detail", args=[run.run_id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<polyline" in html and "valid_loss" in html and "0.4" in html
    assert "3 points" in html
    assert "Publish on my portfolio" in html and "Log its 25 min as an exhale session" in html


def test_a_private_run_is_404_for_a_stranger_and_a_visitor(stranger_client, client, run):
    url = reverse("tracking:detail", args=[run.run_id])
    assert stranger_client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    assert (
        stranger_client.post(
            reverse("tracking:publish", args=[run.run_id]), {"published": "1"}
        ).status_code
        == 404
    )
    run.refresh_from_db()
    assert run.published is False


def test_publishing_shows_the_run_to_visitors_and_on_the_portfolio(
    owner_client, client, run, owner
):
    owner_client.post(reverse("tracking:publish", args=[run.run_id]), {"published": "1"})
    run.refresh_from_db()
    first = run.published_at
    assert run.published and first is not None
    assert client.get(reverse("tracking:detail", args=[run.run_id])).status_code == 200
    portfolio = client.get(reverse("portfolio:learner", args=[owner.username])).content.decode()
    assert "Runs from my own notebooks" in portfolio and "r1" in portfolio
    owner_client.post(reverse("tracking:publish", args=[run.run_id]), {"published": "0"})
    owner_client.post(reverse("tracking:publish", args=[run.run_id]), {"published": "1"})
    run.refresh_from_db()
    assert run.published_at == first


def test_a_deactivated_learners_published_run_is_gone(client, run, owner):
    run.published = True
    run.save()
    owner.is_active = False
    owner.save()
    assert client.get(reverse("tracking:detail", args=[run.run_id])).status_code == 404


def test_an_unfinished_run_cannot_be_published(owner_client, owner):
    running = LoggedRunFactory(
        experiment=ExperimentFactory(learner=owner), status="RUNNING", end_time=None
    )
    page = owner_client.post(
        reverse("tracking:publish", args=[running.run_id]), {"published": "1"}, follow=True
    )
    assert "Only a finished run can be published." in page.content.decode()
    running.refresh_from_db()
    assert running.published is False


def test_the_runs_time_is_logged_once_as_an_exhale_session(owner_client, run, owner):
    url = reverse("tracking:log-session", args=[run.run_id])
    owner_client.post(url)
    page = owner_client.post(url, follow=True)
    assert "already logged" in page.content.decode()
    session = StudySession.objects.get(learner=owner)
    assert (session.minutes, session.kind) == (25, "experiment")


def test_a_project_links_only_to_the_learners_own_item(owner_client, run, owner, stranger):
    mine = ItemFactory(stage=StageFactory(roadmap=RoadmapFactory(owner=owner)))
    theirs = ItemFactory(stage=StageFactory(roadmap=RoadmapFactory(owner=stranger)))
    url = reverse("tracking:experiment-link", args=[run.experiment_id])
    page = owner_client.post(url, {"run_id": run.run_id, "item": theirs.pk}, follow=True)
    assert "Pick one of your own roadmap items." in page.content.decode()
    owner_client.post(url, {"run_id": run.run_id, "item": mine.pk})
    run.experiment.refresh_from_db()
    assert run.experiment.item == mine


def test_the_list_has_an_empty_state_and_pages(owner_client, owner):
    empty = owner_client.get(reverse("tracking:list")).content.decode()
    assert "No logged runs yet" in empty
    experiment = ExperimentFactory(learner=owner)
    for _ in range(30):
        LoggedRunFactory(experiment=experiment)
    first = owner_client.get(reverse("tracking:list")).content.decode()
    assert first.count('href="/runs/') >= 25 and "?page=2" in first


def test_wrong_methods_are_refused(owner_client, run):
    assert owner_client.post(reverse("tracking:list")).status_code == 405
    assert owner_client.get(reverse("tracking:publish", args=[run.run_id])).status_code == 405
    assert owner_client.get(reverse("tracking:detail", args=["not-a-uuid"])).status_code == 404


def test_the_guide_shows_the_tracking_uri_and_the_callback(client):
    html = client.get(reverse("tracking:guide")).content.decode()
    assert "MLFLOW_TRACKING_URI=http://testserver/mlflow" in html
    assert "class ExhaleLog(Callback)" in html


def test_a_logged_run_compares_with_the_learners_bundled_run(owner_client, run, owner):
    from tests.training_jobs.factories import SucceededJobFactory
    from tracking.models import LoggedParam

    job = SucceededJobFactory(owner=owner)
    points(run, "accuracy", [0.7, 0.88])
    LoggedParam.objects.create(run=run, key="lr", value="0.003")
    page = owner_client.get(reverse("tracking:compare", args=[run.run_id]), {"job": job.pk})
    html = page.content.decode()
    assert page.status_code == 200
    # The metric both have, each run's own value: 0.88 is the logged run's latest point.
    assert "0.88" in html and "0.83" in html
    # One polyline per run: three valid_loss steps and the bundled run's two epochs.
    assert html.count("<polyline") == 2
    assert 'class="differs"><th scope="row">lr</th><td data-label="r1">0.003' in html
    assert "majority class" in html


def test_only_the_learners_own_bundled_runs_can_be_compared(
    owner_client, stranger_client, run, stranger
):
    from tests.training_jobs.factories import SucceededJobFactory

    theirs = SucceededJobFactory(owner=stranger)
    url = reverse("tracking:compare", args=[run.run_id])
    assert owner_client.get(url, {"job": theirs.pk}).status_code == 404
    assert stranger_client.get(url).status_code == 404


def test_the_sitemap_lists_a_published_logged_run_and_not_a_private_one(client, run, owner):
    private = LoggedRunFactory(experiment=run.experiment)
    run.published = True
    run.save()
    sitemap = client.get(reverse("portfolio:sitemap")).content.decode()
    assert f"/runs/{run.run_id}/" in sitemap
    assert f"/runs/{private.run_id}/" not in sitemap
    owner.is_active = False
    owner.save()
    assert f"/runs/{run.run_id}/" not in client.get(reverse("portfolio:sitemap")).content.decode()


def test_a_pinned_reference_measures_the_projects_other_runs(owner_client, run, owner):
    from tracking.models import LoggedRun

    other = LoggedRunFactory(experiment=run.experiment, name="second try")
    points(other, "valid_loss", [0.8, 0.5, 0.3])  # run's last valid_loss is 0.4
    points(other, "accuracy", [0.9])
    points(run, "accuracy", [0.85])
    owner_client.post(reverse("tracking:reference", args=[run.run_id]))
    page = owner_client.get(reverse("tracking:detail", args=[other.run_id])).content.decode()
    # By hand: accuracy 0.90 against 0.85 is +5.0 points; loss 0.3 against 0.4 is 0.100 better.
    assert "+5.0 points of accuracy" in page
    assert "−0.100 valid_loss (better)" in page
    # Pinning another run moves the pin; pinning it again unpins it.
    owner_client.post(reverse("tracking:reference", args=[other.run_id]))
    assert list(LoggedRun.objects.filter(is_reference=True)) == [other]
    owner_client.post(reverse("tracking:reference", args=[other.run_id]))
    assert not LoggedRun.objects.filter(is_reference=True).exists()


def test_a_stranger_cannot_pin_the_reference(stranger_client, run):
    assert stranger_client.post(reverse("tracking:reference", args=[run.run_id])).status_code == 404
    run.refresh_from_db()
    assert run.is_reference is False
