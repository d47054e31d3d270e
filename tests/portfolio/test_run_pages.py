from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from training_jobs.models import TrainingJob

pytestmark = pytest.mark.django_db


def make_run(owner, published=True, **kwargs):
    run = TrainingJob.objects.create(
        owner=owner,
        recipe_slug="tabular-titanic",
        recipe_title="Titanic survival",
        dataset_slug="titanic",
        status="succeeded",
        params={"epochs": 2, "seed": 42},
        metrics={"accuracy": 0.812},
        baselines={"majority class": 0.61, "sex group": 0.78},
        metric_name="accuracy",
        finished_at=timezone.now(),
        published=published,
        published_at=timezone.now() if published else None,
        artifacts=[{"name": "curve.png", "title": "Training curve", "kind": "image"}],
        **kwargs,
    )
    run.artifact_dir.mkdir(parents=True, exist_ok=True)
    Path(run.artifact_dir / "curve.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    return run


def test_published_run_shows_on_the_portfolio_as_a_card_with_its_plot(client, owner):
    run = make_run(owner)

    html = client.get(reverse("portfolio:learner", args=["owner"])).content.decode()

    assert "Titanic survival" in html and "0.812" in html and "0.780" in html
    assert reverse("portfolio:run", args=["owner", run.pk]) in html
    plot = reverse("training_jobs:artifact", args=[run.pk, "curve.png"])
    assert plot in html
    assert client.get(plot).status_code == 200


def test_run_page_shows_metric_against_baselines(client, owner):
    run = make_run(owner)

    response = client.get(reverse("portfolio:run", args=["owner", run.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "majority class" in html and "sex group" in html
    assert "Run again" not in html, "visitors get no owner actions"


@pytest.mark.parametrize("case", ["unpublished", "other_owner", "hidden", "failed"])
def test_run_page_is_404_unless_published_by_that_learner(client, owner, stranger, case):
    run = make_run(
        stranger if case == "other_owner" else owner,
        published=case != "unpublished",
    )
    if case == "hidden":
        owner.portfolio_hidden = True
        owner.save()
    if case == "failed":
        TrainingJob.objects.filter(pk=run.pk).update(status="failed")

    response = client.get(reverse("portfolio:run", args=["owner", run.pk]))

    assert response.status_code == 404


def test_unpublished_run_stays_off_the_portfolio_and_its_files_are_private(client, owner):
    run = make_run(owner, published=False)

    html = client.get(reverse("portfolio:learner", args=["owner"])).content.decode()

    assert "Titanic survival" not in html
    assert (
        client.get(reverse("training_jobs:artifact", args=[run.pk, "curve.png"])).status_code == 404
    )
