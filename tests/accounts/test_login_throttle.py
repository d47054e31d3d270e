import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

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


def test_one_address_guessing_many_accounts_is_locked(client, owner, stranger, settings):
    fail(client, "someone", settings.AXES_FAILURE_LIMIT, ip="10.9.9.9")

    response = client.post(
        URL, {"username": stranger.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )

    assert response.status_code == 429


def test_a_few_typos_do_not_lock_anyone_out(client, owner, settings):
    fail(client, owner.username, settings.AXES_FAILURE_LIMIT - 1)

    response = client.post(
        URL, {"username": owner.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 302
