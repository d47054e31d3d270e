"""The streak-freeze budget is a profile setting between 0 and 10 a month."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import profile_update

pytestmark = pytest.mark.django_db

API = reverse("api:profile")


def test_new_learner_gets_two_freezes_a_month(owner):
    assert owner.streak_freezes_per_month == 2


def test_learner_sets_freezes_through_the_api(owner, api_client_for):
    response = api_client_for(owner).patch(API, {"streak_freezes_per_month": 0}, format="json")

    assert response.status_code == 200 and response.json()["streak_freezes_per_month"] == 0
    owner.refresh_from_db()
    assert owner.streak_freezes_per_month == 0


@pytest.mark.parametrize("value", [11, -1])
def test_api_refuses_a_budget_outside_0_to_10(owner, api_client_for, value):
    response = api_client_for(owner).patch(API, {"streak_freezes_per_month": value}, format="json")

    assert response.status_code == 400 and "streak_freezes_per_month" in response.json()
    owner.refresh_from_db()
    assert owner.streak_freezes_per_month == 2


@pytest.mark.parametrize("value", [11, -1])
def test_profile_service_refuses_a_budget_outside_0_to_10(owner, value):
    with pytest.raises(ValidationError) as caught:
        profile_update(learner=owner, streak_freezes_per_month=value)

    assert "streak_freezes_per_month" in caught.value.message_dict
