import pytest
from django.template import Context, Template

from portfolio.posts import posts_of_followed
from portfolio.services import follow_create
from tests.factories import LearnerFactory
from tests.portfolio.factories import ReflectionFactory, published

pytestmark = pytest.mark.django_db


def test_learner_sees_public_posts_of_people_they_follow_only(owner, follower, stranger):
    follow_create(follower=owner, followed=follower)
    ReflectionFactory(learner=follower, **published(body="followed and public"))
    ReflectionFactory(learner=follower, body="followed but private")
    ReflectionFactory(learner=stranger, **published(body="public but not followed"))

    bodies = [p.body for p in posts_of_followed(owner)]

    assert bodies == ["followed and public"]


def test_a_followed_learner_who_hides_their_portfolio_disappears(owner):
    shy = LearnerFactory(username="shy")
    follow_create(follower=owner, followed=shy)
    ReflectionFactory(learner=shy, **published())
    shy.portfolio_hidden = True
    shy.save()

    assert posts_of_followed(owner) == []


def test_the_today_box_has_an_empty_state_pointing_to_discover(owner):
    html = Template("{% load following %}{% followed_posts learner %}").render(
        Context({"learner": owner})
    )

    assert "Find people on a similar path" in html and "/discover/" in html
