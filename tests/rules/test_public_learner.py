"""One "public learner" rule: an active learner who has not hidden their portfolio, and a
published object. A deactivated learner's things leave every public surface at once, and the
sitemap lists exactly the pages that answer 200."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import LearnerFactory, RoadmapFactory
from tests.portfolio.factories import ReflectionFactory, SessionFactory, published
from training_jobs.models import TrainingJob

pytestmark = pytest.mark.django_db


def published_run(owner, status="succeeded"):
    return TrainingJob.objects.create(
        owner=owner,
        recipe_slug="tabular-titanic",
        recipe_title="Titanic survival",
        dataset_slug="titanic",
        status=status,
        metrics={"accuracy": 0.8},
        finished_at=timezone.now(),
        published=True,
        published_at=timezone.now(),
    )


def _sitemap(client) -> str:
    return client.get(reverse("portfolio:sitemap")).content.decode()


def test_a_deactivated_learners_published_run_leaves_pages_api_and_sitemap(client, api_client_for):
    gone = LearnerFactory(username="gone")
    run = published_run(gone)
    assert client.get(reverse("training_jobs:detail", args=[run.pk])).status_code == 200
    assert f"/runs/{run.pk}/" in _sitemap(client)

    gone.is_active = False
    gone.save(update_fields=["is_active"])

    assert client.get(reverse("training_jobs:detail", args=[run.pk])).status_code == 404
    assert client.get(f"/api/jobs/{run.pk}/").status_code == 404
    assert api_client_for(LearnerFactory()).get(f"/api/jobs/{run.pk}/").status_code == 404
    assert client.get(reverse("portfolio:run", args=["gone", run.pk])).status_code == 404
    assert f"/runs/{run.pk}/" not in _sitemap(client)
    assert "/u/gone/" not in _sitemap(client)


def test_a_deactivated_learners_public_journal_entries_leave_pages_and_api(client, api_client_for):
    gone = LearnerFactory(username="gone")
    session = SessionFactory(learner=gone, note="old note", **published())
    reflection = ReflectionFactory(learner=gone, **published(body="old thoughts"))
    reader = api_client_for(LearnerFactory())
    assert client.get(reverse("journal:session_detail", args=[session.pk])).status_code == 200

    gone.is_active = False
    gone.save(update_fields=["is_active"])

    assert client.get(reverse("journal:session_detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("journal:reflection_detail", args=[reflection.pk])).status_code == 404
    assert reader.get(f"/api/sessions/{session.pk}/").status_code == 404
    assert reader.get(f"/api/reflections/{reflection.pk}/").status_code == 404
    assert "old thoughts" not in client.get(reverse("portfolio:discover")).content.decode()


def test_a_deactivated_learners_shared_comparison_and_roadmap_are_gone(client, api_client_for):
    gone = LearnerFactory(username="gone")
    runs = [published_run(gone), published_run(gone)]
    roadmap = RoadmapFactory(owner=gone, visibility="public")
    compare = reverse("portfolio:compare", args=["gone"]) + f"?ids={runs[0].pk},{runs[1].pk}"
    assert client.get(compare).status_code == 200

    gone.is_active = False
    gone.save(update_fields=["is_active"])

    assert client.get(compare).status_code == 404
    assert api_client_for(LearnerFactory()).get(f"/api/roadmaps/{roadmap.pk}/").status_code == 404


def test_a_published_run_that_did_not_succeed_is_on_no_public_surface(client, api_client_for):
    owner = LearnerFactory(username="runner")
    failed = published_run(owner, status="failed")

    assert f"/runs/{failed.pk}/" not in _sitemap(client)
    assert client.get(reverse("portfolio:run", args=["runner", failed.pk])).status_code == 404
    assert client.get(reverse("training_jobs:detail", args=[failed.pk])).status_code == 404
    assert api_client_for(LearnerFactory()).get(f"/api/jobs/{failed.pk}/").status_code == 404
    # the owner still sees their own run
    assert api_client_for(owner).get(f"/api/jobs/{failed.pk}/").status_code == 200


def test_every_address_in_the_sitemap_answers_200(client):
    owner = LearnerFactory(username="walker")
    published_run(owner)
    published_run(owner, status="failed")
    published_run(owner, status="cancelled")
    ReflectionFactory(learner=owner, **published(body="a post"))
    hidden = LearnerFactory(username="hider", portfolio_hidden=True)
    published_run(hidden)
    gone = LearnerFactory(username="leaver", is_active=False)
    published_run(gone)
    ReflectionFactory(learner=gone, **published(body="a leaver's post"))

    body = _sitemap(client)
    urls = [part.split("</loc>")[0] for part in body.split("<loc>")[1:]]

    assert len(urls) == 1 + 1 + 1 + 1  # discover, the portfolio, one post, one run
    for url in urls:
        path = url.split("testserver", 1)[1]
        assert client.get(path).status_code == 200, path


def test_a_deactivated_learners_portfolio_feed_badges_and_year_answer_404(client):
    gone = LearnerFactory(username="gone")
    run = published_run(gone)
    year = timezone.now().year
    urls = [
        reverse("portfolio:learner", args=["gone"]),
        reverse("portfolio:feed", args=["gone"]),
        reverse("portfolio:badge", args=["gone", "streak"]),
        reverse("portfolio:badge", args=["gone", f"run-{run.pk}"]),
        reverse("portfolio:year", args=["gone", year]),
    ]
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)

    gone.is_active = False
    gone.save(update_fields=["is_active"])

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)


def test_a_hidden_portfolios_run_files_are_never_marked_for_shared_caches(client):
    owner = LearnerFactory(username="hider")
    run = published_run(owner)
    run.artifacts = [{"name": "curve.png", "title": "Curve", "kind": "image"}]
    run.save(update_fields=["artifacts"])
    run.artifact_dir.mkdir(parents=True, exist_ok=True)
    (run.artifact_dir / "curve.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    url = reverse("training_jobs:artifact", args=[run.pk, "curve.png"])
    assert client.get(url)["Cache-Control"] == "max-age=300"

    owner.portfolio_hidden = True
    owner.save(update_fields=["portfolio_hidden"])
    client.force_login(owner)

    assert client.get(url)["Cache-Control"] == "private, max-age=300"
