"""The cast every test can call on: an owner, a follower and a stranger, each a learner;
clients signed in as each; and a real Celery worker for tests of jobs."""


import pytest
from rest_framework.test import APIClient

from accounts.services import api_token_create
from config.celery import settle_openmp
from tests.factories import LearnerFactory

# Tests that train a recipe in this process (before torch loads) wait like a worker does: a
# long-spinning OpenMP thread on a busy machine made a small training several times slower.
settle_openmp()


@pytest.fixture
def owner(db):
    return LearnerFactory(username="owner", display_name="Olive Owner")


@pytest.fixture
def follower(db):
    return LearnerFactory(username="follower")


@pytest.fixture
def stranger(db):
    return LearnerFactory(username="stranger")


def _client_for(client_class, learner):
    client = client_class()
    client.force_login(learner)
    return client


@pytest.fixture
def owner_client(owner):
    from django.test import Client

    return _client_for(Client, owner)


@pytest.fixture
def stranger_client(stranger):
    from django.test import Client

    return _client_for(Client, stranger)


@pytest.fixture
def api_client_for(db):
    """api_client_for(learner) gives an APIClient that sends the learner's token;
    api_client_for(None) gives an anonymous one."""

    def make(learner=None):
        client = APIClient()
        if learner is not None:
            _, key = api_token_create(learner=learner, name="tests")
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """One real worker for the session, consuming both queues of the test broker."""
    from config.celery import app
    from tests.support.worker import WorkerProcess

    with django_db_blocker.unblock():
        app.control.purge()
        worker = WorkerProcess()
    yield worker
    worker.stop()


@pytest.fixture(autouse=True)
def _fresh_throttle_counts(monkeypatch):
    """API throttles count in the cache, which outlives a test; each test starts uncounted
    (without flushing a shared cache, which on Redis would also hold the test broker)."""
    from django.core.cache.backends.locmem import LocMemCache
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "cache", LocMemCache("throttle", {}))
    fresh = LocMemCache("exhale-throttle", {})
    fresh.clear()
    monkeypatch.setattr("core.throttle.counts", lambda: fresh)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per learner by design; tests need correctness, not cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sitemap_index_made_each_time(settings):
    """The sitemap index is kept for minutes in a cache that outlives a test; each test sees
    the rows it made (tests/portfolio/test_sitemap_index.py turns the keeping back on)."""
    settings.SITEMAP_INDEX_SECONDS = 0
