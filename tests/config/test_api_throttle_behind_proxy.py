"""The API's anonymous throttle counts per client behind the trusted proxies: a client cannot
escape it by writing its own X-Forwarded-For, and two clients behind the proxy are counted
apart (REST_FRAMEWORK["NUM_PROXIES"] follows EXHALE_TRUSTED_PROXIES)."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db

URL = "/api/recipes/"
PROXY = "10.0.0.254"


@pytest.fixture
def three_a_minute(monkeypatch, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": None})
    monkeypatch.setattr(SimpleRateThrottle, "timer", lambda self: 1_000_000.0)


def get(forwarded):
    return APIClient().get(URL, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code


@pytest.mark.usefixtures("three_a_minute")
def test_a_forged_forwarded_entry_does_not_escape_the_throttle():
    codes = [get(f"198.51.100.{n}, 203.0.113.5") for n in range(4)]

    assert codes == [200, 200, 200, 429]


@pytest.mark.usefixtures("three_a_minute")
def test_two_clients_behind_the_proxy_are_counted_apart():
    first = [get("203.0.113.5") for _ in range(4)]

    assert first[-1] == 429
    assert get("203.0.113.9") == 200


def test_the_setting_follows_the_trusted_proxy_count():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.EXHALE_TRUSTED_PROXIES
