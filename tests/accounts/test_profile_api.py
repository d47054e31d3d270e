import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("api:profile")


def test_learner_reads_and_changes_profile_through_the_api(owner, api_client_for):
    client = api_client_for(owner)

    response = client.patch(
        URL, {"timezone": "Asia/Tokyo", "daily_target_minutes": 30}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["timezone"] == "Asia/Tokyo"
    owner.refresh_from_db()
    assert owner.daily_target_minutes == 30


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"timezone": "Bad/Zone"}, "timezone"),
        ({"daily_target_minutes": -1}, "daily_target_minutes"),
        ({"inhale_target_percent": 500}, "inhale_target_percent"),
        ({"bio": "b" * 5000}, "bio"),
        ({"rest_weekdays": "0123456"}, "rest_weekdays"),
        ({"github_url": "javascript:alert(1)"}, "github_url"),
    ],
)
def test_api_refuses_bad_profile_input_with_400(owner, api_client_for, payload, field):
    response = api_client_for(owner).patch(URL, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_username_cannot_be_changed_through_the_api(owner, api_client_for):
    api_client_for(owner).patch(URL, {"username": "hijack"}, format="json")

    owner.refresh_from_db()
    assert owner.username == "owner"


def test_anonymous_api_call_is_refused(api_client_for):
    assert api_client_for(None).get(URL).status_code in (401, 403)


def test_profile_api_refuses_wrong_method(owner, api_client_for):
    assert api_client_for(owner).delete(URL).status_code == 405


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get(reverse("api:schema"))
    docs = client.get(reverse("api:docs"))

    assert schema.status_code == 200 and b"openapi: 3" in schema.content
    assert docs.status_code == 200 and b"swagger-ui" in docs.content.lower()
