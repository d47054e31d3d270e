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


# --- the shortcut's own reads: the stamp every request, conditional requests ------------------


def _etag_then(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response["ETag"]


@pytest.mark.parametrize("path", PATHS)
def test_a_deactivated_learner_is_404_even_with_a_matching_etag(client, public_owner, path):
    etag = _etag_then(client, path)
    public_owner.is_active = False
    public_owner.save(update_fields=["is_active"])

    with override_settings(MIDDLEWARE=TRAPPED):  # the shortcut declines: the full path 404s
        with pytest.raises(AssertionError, match="full middleware stack"):
            Client().get(path, headers={"if-none-match": etag})
    assert client.get(path, headers={"if-none-match": etag}).status_code == 404
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", PATHS)
def test_a_hidden_portfolio_never_answers_304(client, public_owner, path):
    etag = _etag_then(client, path)
    portfolio_hide(learner=public_owner, hidden=True)

    assert client.get(path, headers={"if-none-match": etag}).status_code == 404


@pytest.mark.parametrize("path", PATHS)
def test_a_change_made_elsewhere_shows_at_once(public_owner, path):
    """Another process's write (here an UPDATE that runs no signal in this one): the stamp is
    read on every request, never kept in the process."""
    from accounts.models import User

    answer(WITHOUT_SHORTCUT, path)  # renders and fills the cache
    etag = answer(TRAPPED, path)[1]["ETag"]
    User.objects.filter(pk=public_owner.pk).update(portfolio_hidden=True)

    assert answer(settings.MIDDLEWARE, path)[0] == 404
    assert answer(settings.MIDDLEWARE, path, if_none_match=etag)[0] == 404


@pytest.mark.parametrize("path", ["/u/owner/", "/u/owner/feed/"])
def test_a_304_is_never_answered_for_changed_content(client, public_owner, path):
    etag = _etag_then(client, path)
    ReflectionFactory(learner=public_owner, **published(body="Written after the tag"))

    rendered = client.get(path, headers={"if-none-match": etag})  # not cached yet: rendered
    with override_settings(MIDDLEWARE=TRAPPED):
        cached = Client().get(path, headers={"if-none-match": etag})  # from the shortcut
    for changed in (rendered, cached):
        assert changed.status_code == 200 and changed["ETag"] != etag
        assert "Written after the tag" in changed.content.decode()


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "headers",
    [
        {"if-none-match": '"stale", W/"other"'},
        {"if-none-match": "*"},
        {"if-modified-since": "Thu, 01 Jan 2099 00:00:00 GMT"},
        {"if-modified-since": "Thu, 01 Jan 2015 00:00:00 GMT"},
        {"if-match": '"not-this-one"'},
        {"if-unmodified-since": "Thu, 01 Jan 2015 00:00:00 GMT"},
    ],
)
def test_every_conditional_request_is_answered_as_the_full_path_does(public_owner, path, headers):
    answer(WITHOUT_SHORTCUT, path)  # renders and fills the cache

    full = answer(WITHOUT_SHORTCUT, path, **headers)
    shortcut = answer(TRAPPED, path, **headers)

    assert shortcut == full


def test_a_weak_or_listed_etag_revalidates_like_the_full_path(public_owner):
    etag = answer(WITHOUT_SHORTCUT, "/u/owner/")[1]["ETag"]
    for header in (f"W/{etag}", f'"other", {etag}'):
        full = answer(WITHOUT_SHORTCUT, "/u/owner/", if_none_match=header)
        assert full[0] == 304 and answer(TRAPPED, "/u/owner/", if_none_match=header) == full


def test_an_unknown_badge_or_learner_goes_down_the_full_path(public_owner):
    for path in ("/u/owner/badges/nonsense.svg", "/u/nobody/", "/u/nobody/feed/"):
        with pytest.raises(AssertionError, match="full middleware stack"):
            answer(TRAPPED, path)
        assert answer(WITHOUT_SHORTCUT, path)[0] == 404


def test_a_feed_is_cached_per_host_its_links_name(public_owner, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    answer(WITHOUT_SHORTCUT, "/u/owner/feed/")
    with override_settings(MIDDLEWARE=TRAPPED):
        with pytest.raises(AssertionError, match="full middleware stack"):
            Client(HTTP_HOST="other.example").get("/u/owner/feed/")
    with override_settings(MIDDLEWARE=WITHOUT_SHORTCUT):
        other = Client(HTTP_HOST="other.example").get("/u/owner/feed/")
    assert b"http://other.example/u/owner/" in other.content
    shortcut = answer(TRAPPED, "/u/owner/feed/")
    assert b"http://testserver/u/owner/" in shortcut[2] and b"other.example" not in shortcut[2]
