import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")


def profile_data(**overrides):
    data = {
        "display_name": "Olive",
        "timezone": "Pacific/Honolulu",
        "daily_target_minutes": "90",
        "inhale_target_percent": "25",
        "rest_weekdays": ["5", "6"],
        "streak_freezes_per_month": "2",
        "bio": "Learning in public.",
        "github_url": "https://github.com/olive",
        "blog_url": "",
        "kaggle_url": "",
        "social_url": "",
    }
    data.update(overrides)
    return data


def test_learner_saves_profile(owner_client, owner):
    response = owner_client.post(URL, profile_data())

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.timezone == "Pacific/Honolulu"
    assert owner.daily_target_minutes == 90
    assert owner.inhale_target_percent == 25
    assert owner.exhale_target_percent == 75
    assert owner.rest_weekdays == "56"
    assert owner.links() == [("GitHub", "https://github.com/olive")]


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("timezone", "Nowhere/Land", "not one of the available choices"),
        ("daily_target_minutes", "-10", "greater than or equal to 5"),
        ("daily_target_minutes", "100000", "less than or equal to 960"),
        ("inhale_target_percent", "101", "less than or equal to 100"),
        ("inhale_target_percent", "-1", "greater than or equal to 0"),
        ("bio", "x" * 2001, "at most 2000 characters"),
        ("github_url", "javascript:alert(1)", "valid URL"),
        ("rest_weekdays", ["0", "1", "2", "3", "4", "5", "6"], "at least one practice day"),
        ("rest_weekdays", ["9"], "not one of the available choices"),
    ],
)
def test_bad_profile_input_is_refused_next_to_the_field(owner_client, owner, field, value, message):
    response = owner_client.post(URL, profile_data(**{field: value}))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    owner.refresh_from_db()
    assert owner.timezone == "UTC", "nothing is saved when one field is wrong"


def test_profile_needs_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_profile_refuses_wrong_method(owner_client):
    assert owner_client.put(URL).status_code == 405


def test_profile_escapes_bio_on_the_portfolio(owner_client, owner, client):
    owner_client.post(URL, profile_data(bio="<script>alert('x')</script>"))

    page = client.get(reverse("portfolio:learner", args=[owner.username])).content.decode()

    # The bio is sanitised Markdown (issue 15): the script neither runs nor shows as text.
    assert "<script>alert" not in page
    assert "&lt;script&gt;" not in page
