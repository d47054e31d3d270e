import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    monkeypatch.setattr("core.throttle._now", lambda: 1_000_000.0)


URL = reverse("accounts:login")


def fail(client, username, times, ip="10.0.0.1"):
    for _ in range(times):
        client.post(URL, {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, owner, settings):
    fail(client, owner.username, settings.AXES_FAILURE_LIMIT)

    response = client.post(
        URL, {"username": owner.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_do_not_lock_out_the_owner_elsewhere(client, owner, settings):
    fail(client, owner.username, settings.AXES_FAILURE_LIMIT, ip="10.0.0.66")

    response = client.post(
        URL, {"username": owner.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )

    assert response.status_code == 302


def test_one_address_guessing_many_accounts_is_paused(client, owner, stranger, settings):
    settings.SIGN_IN_ADDRESS_LIMIT = 8
    for n in range(settings.SIGN_IN_ADDRESS_LIMIT):
        fail(client, f"someone{n}", 1, ip="10.9.9.9")

    response = client.post(
        URL, {"username": stranger.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    elsewhere = client.post(
        URL, {"username": stranger.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.9.9.8"
    )

    assert response.status_code == 429
    assert elsewhere.status_code == 302


def test_one_failure_short_of_the_address_limit_still_signs_in(client, stranger, settings):
    settings.SIGN_IN_ADDRESS_LIMIT = 8
    for n in range(settings.SIGN_IN_ADDRESS_LIMIT - 1):
        fail(client, f"someone{n}", 1, ip="10.9.9.9")

    response = client.post(
        URL, {"username": stranger.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )

    assert response.status_code == 302


PROXY = "10.0.0.254"


def through_proxy(client, username, password, forwarded):
    return client.post(
        URL,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.parametrize("other_client", ["203.0.113.9", "203.0.113.5"])
def test_bad_passwords_for_one_account_do_not_lock_out_another_learner_behind_the_proxy(
    client, owner, stranger, settings, other_client
):
    """Everyone's REMOTE_ADDR is the proxy's; even a learner at the same address (one office
    NAT) keeps signing in while the guessed account is paused."""
    settings.EXHALE_TRUSTED_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, owner.username, "wrong", "203.0.113.5")

    other = through_proxy(client, stranger.username, TEST_PASSWORD, other_client)
    client.logout()
    guessed = through_proxy(client, owner.username, TEST_PASSWORD, "203.0.113.5")

    assert other.status_code == 302
    assert guessed.status_code == 429


def test_a_forged_forwarded_entry_does_not_escape_the_lockout(client, owner, settings):
    """Only the entry our one proxy wrote counts: whatever the client puts left of it is
    ignored, so a fresh forged address per try changes nothing."""
    settings.EXHALE_TRUSTED_PROXIES = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, owner.username, "wrong", f"198.51.100.{n}, 203.0.113.5")

    response = through_proxy(client, owner.username, TEST_PASSWORD, "198.51.100.77, 203.0.113.5")

    assert response.status_code == 429


def test_a_few_typos_do_not_lock_anyone_out(client, owner, settings):
    fail(client, owner.username, settings.AXES_FAILURE_LIMIT - 1)

    response = client.post(
        URL, {"username": owner.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 302
