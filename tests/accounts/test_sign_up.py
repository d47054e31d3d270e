import re

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    monkeypatch.setattr("core.throttle._now", lambda: 1_000_000.0)


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


GOOD = {
    "username": "ada",
    "email": "ada@example.com",
    "password": "a-long-and-unusual-passphrase",
    "timezone": "Europe/London",
}


def test_sign_up_creates_learner_signs_in_and_opens_profile(client):
    response = client.post(reverse("accounts:sign_up"), GOOD)

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    learner = User.objects.get(username="ada")
    assert learner.timezone == "Europe/London"
    assert learner.inhale_target_percent == 20
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_duplicate_username_is_refused_next_to_the_field(client):
    LearnerFactory(username="ada")

    response = client.post(reverse("accounts:sign_up"), {**GOOD, "email": "other@example.com"})

    assert response.status_code == 200
    assert "That username is taken" in response.context["form"].errors["username"][0]
    assert User.objects.filter(username="ada").count() == 1


def test_username_differing_only_in_case_is_a_duplicate(client):
    LearnerFactory(username="ada")

    response = client.post(reverse("accounts:sign_up"), {**GOOD, "username": "ADA"})

    assert "username" in response.context["form"].errors


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("username", "a", "3 to 30 lowercase"),
        ("username", "admin", "reserved"),
        ("username", "<script>", "3 to 30 lowercase"),
        ("username", "x" * 31, "at most 30"),
        ("timezone", "Mars/Olympus_Mons", "not one of the available choices"),
        ("password", "password", "too common"),
        ("email", "not-an-email", "valid email"),
    ],
)
def test_bad_sign_up_input_gets_a_field_error(client, field, value, message):
    response = client.post(reverse("accounts:sign_up"), {**GOOD, field: value})

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert not User.objects.exists()


def _answer(client, data):
    """Everything a visitor sees of a sign-up: the reply, and the page it leads to, with the
    visitor's own username and address taken out."""
    response = client.post(reverse("accounts:sign_up"), data)
    page = client.get(response.url) if response.status_code == 302 else response
    text = page.content.decode()
    for own in (data["username"], data["email"]):
        text = text.replace(own, "<own>")
    # The CSRF token differs on every page; it says nothing about accounts.
    text = re.sub(r'value="[A-Za-z0-9]{64}"', 'value="<csrf>"', text)
    text = re.sub(r'"X-CSRFToken": "[A-Za-z0-9]{64}"', '"X-CSRFToken": "<csrf>"', text)
    return response.status_code, response.get("Location"), page.status_code, text


def test_an_e_mail_that_has_an_account_gets_the_same_answer_as_a_new_one(
    client_factory, django_capture_on_commit_callbacks, mailoutbox
):
    LearnerFactory(username="first", email="ada@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        taken = _answer(client_factory(), {**GOOD, "username": "qxzv", "email": "ADA@example.com"})
        fresh = _answer(client_factory(), {**GOOD, "username": "wqjy", "email": "wqjy@example.com"})

    assert taken == fresh
    assert taken[0] == 302
    # The address's owner, and only they, hear about it.
    assert [m.to for m in mailoutbox] == [["ADA@example.com"]]
    assert "first" in mailoutbox[0].body and "qxzv" in mailoutbox[0].body
    assert User.objects.filter(email__iexact="ada@example.com").count() == 2


def test_a_new_e_mail_sends_no_notice(client, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:sign_up"), GOOD)

    assert mailoutbox == []


def test_sign_up_is_throttled_per_address(client, settings):
    settings.SIGN_UP_ADDRESS_LIMIT = 3
    for _n in range(settings.SIGN_UP_ADDRESS_LIMIT):
        client.post(reverse("accounts:sign_up"), {**GOOD, "password": "x"}, REMOTE_ADDR="10.1.1.1")

    refused = client.post(reverse("accounts:sign_up"), GOOD, REMOTE_ADDR="10.1.1.1")
    elsewhere = client.post(
        reverse("accounts:sign_up"), {**GOOD, "username": "bob"}, REMOTE_ADDR="10.1.1.2"
    )

    assert refused.status_code == 429
    assert "Too many sign-ups from your address" in refused.content.decode()
    assert not User.objects.filter(username="ada").exists()
    assert elsewhere.status_code == 302


def test_sign_up_throttle_reads_the_client_behind_the_proxy(client, settings):
    settings.SIGN_UP_ADDRESS_LIMIT = 1
    settings.EXHALE_TRUSTED_PROXIES = 1
    proxied = {"REMOTE_ADDR": "10.0.0.254"}
    client.post(
        reverse("accounts:sign_up"),
        {**GOOD, "password": "x"},
        HTTP_X_FORWARDED_FOR="1.2.3.4",
        **proxied,
    )

    other = client.post(
        reverse("accounts:sign_up"), GOOD, HTTP_X_FORWARDED_FOR="5.6.7.8", **proxied
    )

    assert other.status_code == 302


def test_sign_up_refuses_wrong_method(client):
    assert client.delete(reverse("accounts:sign_up")).status_code == 405
