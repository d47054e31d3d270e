"""Per-address limits against a client on IPv6: every home or cloud connection gets a whole
/64 (2^64 addresses), so a limit keyed by the full address is no limit at all. Guessing one
account's password from fresh addresses of one /64 must hit the same lockout as from one
address; an IPv4 address written as IPv6 (::ffff:a.b.c.d) is the IPv4 address."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.throttle import client_address
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("accounts:login")


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    monkeypatch.setattr("core.throttle._now", lambda: 1_000_000.0)


def test_guessing_from_fresh_addresses_of_one_ipv6_network_is_locked_out(client, owner, settings):
    settings.EXHALE_TRUSTED_PROXIES = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            URL,
            {"username": owner.username, "password": "wrong"},
            REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}",
        )

    response = client.post(
        URL,
        {"username": owner.username, "password": TEST_PASSWORD},
        REMOTE_ADDR="2001:db8:1:2:dead:beef:0:1",
    )
    elsewhere = client.post(
        URL,
        {"username": owner.username, "password": TEST_PASSWORD},
        REMOTE_ADDR="2001:db8:1:3::1",
    )

    assert response.status_code == 429
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(
    "remote, expected",
    [
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        ("203.0.113.5", "203.0.113.5"),
    ],
)
def test_one_ipv6_network_is_one_client(settings, remote, expected):
    settings.EXHALE_TRUSTED_PROXIES = 0
    assert client_address(RequestFactory().get("/", REMOTE_ADDR=remote)) == expected
