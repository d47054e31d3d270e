"""core.throttle.client_address: X-Forwarded-For is trusted for exactly the configured hops."""

import pytest
from django.test import RequestFactory

from core.throttle import client_address, over_limit


def request_from(remote="10.0.0.254", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, None, "10.0.0.254"),
        (0, "203.0.113.5", "10.0.0.254"),  # no proxy configured: the header is anyone's text
        (1, None, "10.0.0.254"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own entry is ignored
        (1, "6.6.6.6,203.0.113.5 ", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "1.1.1.1, 6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),  # fewer entries than proxies: the farthest one
        (1, "not-an-address", "10.0.0.254"),
        (1, "6.6.6.6, <script>", "10.0.0.254"),
        (1, "2001:db8::1", "2001:db8::"),  # an IPv6 client is its /64
    ],
)
def test_forwarded_for_is_trusted_for_the_configured_hops_only(
    settings, proxies, forwarded, expected
):
    settings.EXHALE_TRUSTED_PROXIES = proxies

    assert client_address(request_from(forwarded=forwarded)) == expected


def test_a_missing_remote_address_is_one_shared_unknown(settings):
    settings.EXHALE_TRUSTED_PROXIES = 0

    assert client_address(request_from(remote="")) == "unknown"


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    monkeypatch.setattr("core.throttle._now", lambda: 1_000_000.0)


def test_over_limit_counts_each_key_on_its_own():
    results = [over_limit("t", "a", limit=3, window_seconds=60) for _ in range(5)]
    other = over_limit("t", "b", limit=3, window_seconds=60)

    assert results == [False, False, False, True, True]
    assert other is False


def test_a_new_window_starts_uncounted(monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr("core.throttle._now", lambda: clock[0])
    tripped = [over_limit("t", "a", limit=1, window_seconds=60) for _ in range(2)]
    clock[0] += 60

    assert tripped == [False, True]
    assert over_limit("t", "a", limit=1, window_seconds=60) is False


def test_axes_gets_no_address_rather_than_a_word(settings):
    from core.throttle import client_address_for_axes

    settings.EXHALE_TRUSTED_PROXIES = 0

    assert client_address_for_axes(request_from(remote="")) is None
    assert client_address_for_axes(request_from(remote="10.0.0.1")) == "10.0.0.1"
