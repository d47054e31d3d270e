"""The pages that see every learner make the same number of queries at 3 learners as at 30
(`make bench-scale` holds them to it at 100 and 10,000 learners, with timings): discover
("people on a similar path"), the sitemap index and its pages, the Atom feed, Today's posts of
followed learners for someone who follows everyone, and a portfolio."""

import re

import pytest

from accounts.models import User
from portfolio.models import Follow
from tests.portfolio.instance import instance

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[3, 30], ids=lambda n: f"{n}-learners")
def walkers(request, settings):
    settings.SITEMAP_PAGE_SIZE = 4  # both sizes serve an index, as 10,000 learners do
    instance(request.param)
    return request.param


def _get(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response


@pytest.mark.parametrize(
    "path, queries",
    [
        ("/discover/", 8),  # templates, learners per path, newest roadmaps, their items, posts
        ("/sitemap.xml", 7),  # one per section: learners, 4 kinds of post, runs, logged runs
        ("first page of sitemap-learners", 1),
        ("first page of sitemap-reflection-posts", 1),
        # the cached-answer shortcut's stamp, then the learner, 4 kinds of post, runs, the cache
        ("/u/walker1/feed/", 8),
    ],
)
def test_a_public_page_makes_as_many_queries_at_30_learners_as_at_3(
    client, walkers, django_assert_num_queries, path, queries
):
    if path.startswith("first page of "):  # ids differ between databases: ask the index
        index = _get(client, "/sitemap.xml").content.decode()
        path = re.findall(rf"http://testserver(/{path[14:]}-\d+\.xml)", index)[0]
    with django_assert_num_queries(queries):
        _get(client, path)


def test_today_for_someone_who_follows_everyone_makes_as_many_queries_at_30_as_at_3(
    client, walkers, django_assert_num_queries
):
    fan = User.objects.get(username="walker0")
    for other in User.objects.filter(username__startswith="walker").exclude(pk=fan.pk):
        Follow.objects.get_or_create(follower=fan, followed=other)
    client.force_login(fan)

    with django_assert_num_queries(15):
        html = _get(client, "/today/").content.decode()

    followed = html.split('id="followed-heading"')[1].split("</section>")[0]
    assert f"walker{walkers - 1} ·" in followed  # the newest posts of the people followed


def test_a_portfolio_seen_signed_in_makes_as_many_queries_at_30_as_at_3(
    client, walkers, django_assert_num_queries
):
    client.force_login(User.objects.get(username="walker2"))

    with django_assert_num_queries(14):
        _get(client, "/u/walker1/")
