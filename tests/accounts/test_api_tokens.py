import pytest
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_created_token_is_shown_once_and_stored_only_as_a_hash(owner_client, owner):
    response = owner_client.post(reverse("accounts:api_tokens"), {"name": "laptop"})

    key = response.context["new_key"]
    assert len(key) == 40
    token = ApiToken.objects.get(learner=owner)
    assert key not in token.key_hash and token.prefix == key[:8]
    assert key not in owner_client.get(reverse("accounts:api_tokens")).content.decode()


def test_token_authenticates_the_api_until_revoked(owner, api_client_for):
    token, key = api_token_create(learner=owner, name="script")
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(reverse("api:profile")).json()["username"] == "owner"

    client.delete(reverse("api:token-detail", args=[token.id]))

    assert client.get(reverse("api:profile")).status_code == 401


def test_stranger_cannot_revoke_my_token(owner, stranger_client):
    token, _ = api_token_create(learner=owner, name="mine")

    response = stranger_client.post(reverse("accounts:api_token_revoke", args=[token.id]))

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoke_needs_post(owner_client, owner):
    token, _ = api_token_create(learner=owner, name="mine")

    assert (
        owner_client.get(reverse("accounts:api_token_revoke", args=[token.id])).status_code == 405
    )


@pytest.mark.parametrize("name, message", [("", "required"), ("x" * 61, "at most 60")])
def test_token_name_is_checked(owner_client, name, message):
    response = owner_client.post(reverse("accounts:api_tokens"), {"name": name})

    assert message in " ".join(response.context["form"].errors["name"])
    assert not ApiToken.objects.exists()


def test_api_creates_and_lists_tokens(owner, api_client_for):
    client = api_client_for(owner)

    created = client.post(reverse("api:token-list"), {"name": "ci"}, format="json")

    assert created.status_code == 201 and len(created.json()["key"]) == 40
    names = [t["name"] for t in client.get(reverse("api:token-list")).json()]
    assert sorted(names) == ["ci", "tests"]
    assert all("key" not in t for t in client.get(reverse("api:token-list")).json())


def test_api_refuses_stranger_token_deletion(owner, stranger, api_client_for):
    token, _ = api_token_create(learner=owner, name="mine")

    response = api_client_for(stranger).delete(reverse("api:token-detail", args=[token.id]))

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_bad_token_is_refused(api_client_for):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    assert client.get(reverse("api:profile")).status_code == 401
