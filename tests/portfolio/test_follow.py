import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portfolio.models import Follow
from portfolio.services import follow_create

pytestmark = pytest.mark.django_db


def test_learner_follows_and_unfollows_another(owner_client, owner, follower):
    owner_client.post(reverse("portfolio:follow", args=[follower.username]))
    assert Follow.objects.filter(follower=owner, followed=follower).exists()

    owner_client.post(reverse("portfolio:unfollow", args=[follower.username]))
    assert not Follow.objects.exists()


def test_following_twice_keeps_one_follow(owner, follower):
    follow_create(follower=owner, followed=follower)
    follow_create(follower=owner, followed=follower)

    assert Follow.objects.count() == 1


def test_nobody_follows_themselves(owner):
    with pytest.raises(ValidationError, match="can't follow yourself"):
        follow_create(follower=owner, followed=owner)


def test_a_hidden_portfolio_cannot_be_followed(owner_client, follower):
    follower.portfolio_hidden = True
    follower.save()

    response = owner_client.post(reverse("portfolio:follow", args=[follower.username]))

    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_follow_needs_post_and_sign_in(client, owner_client, follower):
    url = reverse("portfolio:follow", args=[follower.username])

    assert owner_client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Follow.objects.exists()
