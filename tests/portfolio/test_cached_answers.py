"""Cached public pages answer before the session, CSRF, auth, messages, time zone and lockout
middleware (portfolio.middleware): the answer must be the same as the full path's, headers
included, fresh after any change, and never for a hidden portfolio or a signed-in visitor."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

from portfolio.services import portfolio_hide
from tests.portfolio.factories import ReflectionFactory, published

pytestmark = pytest.mark.django_db

SHORTCUT = "portfolio.middleware.CachedPublicPagesMiddleware"
WITHOUT_SHORTCUT = [m for m in settings.MIDDLEWARE if m != SHORTCUT]
# Anything below the shortcut fails the request: a 200 proves the shortcut answered.
TRAPPED = [*settings.MIDDLEWARE, "tests.portfolio.test_cached_answers.Trap"]
PATHS = ["/u/owner/", "/u/owner/feed/", "/u/owner/badges/streak.svg"]


class Trap:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise AssertionError(f"{request.path} went down the full middleware stack")


def answer(middleware, path, **headers):
    """A fresh client, so that its handler loads `middleware` (a client keeps its first)."""
    with override_settings(MIDDLEWARE=middleware):
        response = Client().get(path, headers=headers)
    kept = {k: v for k, v in response.headers.items() if k not in ("Date",)}
    return response.status_code, kept, response.content


@pytest.fixture
def public_owner(owner):
    ReflectionFactory(learner=owner, **published(body="Shipping my first model"))
    cache.clear()
    return owner


@pytest.mark.parametrize("path", PATHS)
def test_a_cached_answer_is_the_full_paths_answer(public_owner, path):
    full = answer(WITHOUT_SHORTCUT, path)  # renders and fills the cache
    full_again = answer(WITHOUT_SHORTCUT, path)  # from the cache, through every middleware
    shortcut = answer(TRAPPED, path)

    assert full[0] == 200 and full_again == full
    assert shortcut == full_again


@pytest.mark.parametrize("path", PATHS)
def test_a_revalidation_is_the_full_paths_304(public_owner, path):
    etag = answer(WITHOUT_SHORTCUT, path)[1]["ETag"]

    full = answer(WITHOUT_SHORTCUT, path, if_none_match=etag)
    shortcut = answer(TRAPPED, path, if_none_match=etag)

    assert full[0] == 304 and shortcut == full


@pytest.mark.parametrize("path", ["/u/owner/", "/u/owner/feed/"])
def test_a_change_shows_at_once(client, public_owner, path):
    client.get(path)
    ReflectionFactory(learner=public_owner, **published(body="A brand new post"))

    assert "A brand new post" in client.get(path).content.decode()


@pytest.mark.parametrize("path", PATHS)
def test_a_hidden_portfolio_is_404_even_with_its_answer_cached(client, public_owner, path):
    assert client.get(path).status_code == 200
    portfolio_hide(learner=public_owner, hidden=True)

    assert client.get(path).status_code == 404


def test_a_signed_in_visitor_goes_down_the_full_path(client, public_owner, stranger):
    client.get("/u/owner/")
    client.force_login(stranger)

    response = client.get("/u/owner/")

    assert response.status_code == 200 and response["Cache-Control"] == "private"


def test_a_query_string_or_a_cookie_goes_down_the_full_path(client, public_owner):
    client.get("/u/owner/")
    with pytest.raises(AssertionError, match="full middleware stack"):
        answer(TRAPPED, "/u/owner/?preview=visitor")
    with override_settings(MIDDLEWARE=TRAPPED):
        visitor = Client()
        visitor.cookies[settings.SESSION_COOKIE_NAME] = "expired-session"
        with pytest.raises(AssertionError, match="full middleware stack"):
            visitor.get("/u/owner/")


def test_an_answer_not_cached_yet_goes_down_the_full_path(public_owner):
    with pytest.raises(AssertionError, match="full middleware stack"):
        answer(TRAPPED, "/u/owner/")


def test_the_process_copy_keeps_the_newest_answers_within_its_bounds(monkeypatch):
    from portfolio import answers

    monkeypatch.setattr(answers, "MAX_ENTRIES", 3)
    for n in range(5):
        answers.put(f"test-answer-{n}", f"body {n}", 60)
    answers.get("test-answer-2")  # used: kept over older ones
    answers.put("test-answer-5", "body 5", 60)

    assert list(answers._local) == ["test-answer-4", "test-answer-2", "test-answer-5"]
    cache.delete("test-answer-4")
    assert answers.get("test-answer-4") == "body 4"  # the content of a key never changes
    answers.clear()
    assert answers.get("test-answer-4") is None
