import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

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


def test_duplicate_email_is_refused(client):
    LearnerFactory(username="first", email="ada@example.com")

    response = client.post(reverse("accounts:sign_up"), {**GOOD, "email": "ADA@example.com"})

    assert "already exists" in response.context["form"].errors["email"][0]


def test_sign_up_refuses_wrong_method(client):
    assert client.delete(reverse("accounts:sign_up")).status_code == 405
