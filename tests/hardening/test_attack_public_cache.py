"""Attacks on the cached public pages (portfolio.middleware), the sitemap pages and the run's
machine name, written so that each test fails if the attack works."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.portfolio.factories import ReflectionFactory, published
from tests.training_jobs.factories import SucceededJobFactory

pytestmark = pytest.mark.django_db

PATHS = ["/u/owner/", "/u/owner/feed/", "/u/owner/badges/streak.svg"]
EVIL = "evil.example"


@pytest.fixture
def public_owner(owner):
    ReflectionFactory(learner=owner, **published(body="Shipping my first model"))
    cache.clear()
    return owner


def _warm(path: str) -> str:
    """Fill the cache through the full path; return the answer's ETag."""
    first = Client().get(path)
    assert first.status_code == 200
    second = Client().get(path)  # answered by the shortcut from the cache
    assert second.status_code == 200 and second.content == first.content
    return first["ETag"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("if_none_match", [None, "same", "*"])
def test_a_deactivated_learner_gets_no_cached_answer_and_no_304(public_owner, path, if_none_match):
    etag = _warm(path)
    get_user_model().objects.filter(pk=public_owner.pk).update(is_active=False)  # no signal
    headers = {}
    if if_none_match:
        headers["if_none_match"] = etag if if_none_match == "same" else "*"

    response = Client().get(path, headers=headers)

    assert response.status_code == 404
    assert b"Shipping my first model" not in response.content


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("revalidate", [False, True])
def test_a_host_the_site_does_not_serve_is_refused_even_from_the_cache(
    public_owner, path, revalidate
):
    """The full path answers 400 to a Host outside ALLOWED_HOSTS; the shortcut must too, so
    no cached answer (or 304) is handed to a request for another site."""
    etag = _warm(path)
    headers = {"if_none_match": etag} if revalidate else {}

    response = Client(HTTP_HOST=EVIL).get(path, headers=headers)

    assert response.status_code == 400


def test_a_feed_asked_for_with_a_foreign_host_never_reaches_another_visitor(public_owner):
    Client(HTTP_HOST=EVIL).get("/u/owner/feed/")
    Client(HTTP_X_FORWARDED_HOST=EVIL).get("/u/owner/feed/")

    body = Client().get("/u/owner/feed/").content.decode()

    assert EVIL not in body and "http://testserver/u/owner/" in body


def test_a_signed_in_owners_page_is_never_the_anonymous_answer(client, public_owner):
    client.force_login(public_owner)
    owners = client.get("/u/owner/").content.decode()
    assert "Choose what is shown" in owners  # the owner's own links

    visitor = Client().get("/u/owner/").content.decode()
    again = Client().get("/u/owner/").content.decode()  # from the cache

    assert "Choose what is shown" not in visitor and "Choose what is shown" not in again


def test_an_owners_preview_of_a_hidden_portfolio_is_never_served_to_a_visitor(client, public_owner):
    from portfolio.services import portfolio_hide

    _warm("/u/owner/")
    portfolio_hide(learner=public_owner, hidden=True)
    client.force_login(public_owner)
    assert client.get("/u/owner/?preview=visitor").status_code == 200

    assert Client().get("/u/owner/").status_code == 404
    assert Client().get("/u/owner/?preview=visitor").status_code == 404


def test_a_run_taken_off_the_portfolio_leaves_the_cached_page_at_once(public_owner):
    job = SucceededJobFactory(
        owner=public_owner, published=True, published_at=timezone.now(), worker_host="gpu-box-1"
    )
    page = f"/u/owner/runs/{job.pk}/"
    assert f"/u/owner/runs/{job.pk}/" in Client().get("/u/owner/").content.decode()
    _warm("/u/owner/")

    from training_jobs import services

    services.publish_run(learner=public_owner, job_id=job.pk, published=False)

    assert page not in Client().get("/u/owner/").content.decode()
    assert Client().get(page).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-learners-99999999999999999999999.xml",  # past any database integer
        "/sitemap-learners-9223372036854775807.xml",  # times the page size overflows bigint
        "/sitemap-learners--1.xml",
        "/sitemap-learners-x.xml",
        "/sitemap-pages-1.xml",
        "/sitemap-..-0.xml",
        "/sitemap-runs-0.xml",  # no public run in that range
    ],
)
def test_a_crooked_sitemap_page_is_a_404(client, settings, public_owner, path):
    settings.SITEMAP_PAGE_SIZE = 2
    SucceededJobFactory(owner=public_owner)  # private

    assert client.get(path).status_code == 404


def test_a_sitemap_page_never_lists_a_hidden_learner_or_a_private_run(client, settings, owner):
    from portfolio.services import portfolio_hide

    settings.SITEMAP_PAGE_SIZE = 1
    private = SucceededJobFactory(owner=owner)
    portfolio_hide(learner=owner, hidden=True)
    public_run = SucceededJobFactory(owner=owner, published=True, published_at=timezone.now())
    pages = [f"/sitemap-{s}-{n}.xml" for s in ("learners", "runs") for n in range(0, 40)]

    bodies = "".join(client.get(p).content.decode() for p in pages)
    index = client.get("/sitemap.xml").content.decode()

    assert "/u/owner/" not in bodies + index
    assert f"/runs/{private.pk}/" not in bodies and f"/runs/{public_run.pk}/" not in bodies


def test_a_strangers_every_view_of_a_published_run_keeps_the_machine_name(
    owner, stranger, api_client_for
):
    job = SucceededJobFactory(
        owner=owner, published=True, published_at=timezone.now(), device="cpu"
    )
    type(job).objects.filter(pk=job.pk).update(
        worker_host="gpu-box-secret",
        worker="celery@gpu-box-secret",
        log_tail="Claimed by celery@gpu-box-secret on gpu-box-secret · cpu",
    )
    seen = Client()
    seen.force_login(stranger)
    bodies = [
        seen.get(f"/jobs/{job.pk}/").content,
        seen.get(f"/jobs/{job.pk}/live/").content,
        seen.get(f"/u/owner/runs/{job.pk}/").content,
        Client().get(f"/u/owner/runs/{job.pk}/").content,
        Client().get("/u/owner/").content,
        Client().get("/u/owner/feed/").content,
        api_client_for(stranger).get(f"/api/jobs/{job.pk}/").content,
        Client().get(f"/api/jobs/{job.pk}/").content,
        seen.get(f"/jobs/{job.pk}/files/run.log").content,
    ]

    for body in bodies:
        assert b"gpu-box-secret" not in body
