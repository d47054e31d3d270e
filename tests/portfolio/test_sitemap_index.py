"""Past one page of addresses the sitemap is an index of pages (the protocol allows 50,000
addresses a page; the tests lower it with SITEMAP_PAGE_SIZE): the pages together list every
public address exactly once and no private one, and robots.txt points at the index."""

import re

import pytest
from django.urls import reverse

from tests.portfolio.instance import instance

pytestmark = pytest.mark.django_db

LOC = re.compile(r"<loc>http://testserver(/[^<]*)</loc>")


def _paths(client, path: str) -> tuple[str, list[str]]:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    return response.content.decode(), LOC.findall(response.content.decode())


def test_an_instance_past_one_page_serves_an_index_whose_pages_list_every_public_address_once(
    client, settings
):
    settings.SITEMAP_PAGE_SIZE = 4
    public = instance(6)
    assert len(public) == 1 + 6 * 5 + 2  # by hand: discover; 6 x (portfolio, reflection,
    # session note, run, logged run); the reviews of walker0 and walker4

    index, pages = _paths(client, reverse("portfolio:sitemap"))

    assert index.count("<sitemapindex") == 1 and "<urlset" not in index
    listed = []
    for page in pages:
        body, paths = _paths(client, page)
        assert "<urlset" in body
        assert 1 <= len(paths) <= 4
        listed.extend(paths)
    assert len(listed) == len(set(listed))
    assert set(listed) == public
    assert not any("hider" in path or "leaver" in path for path in listed)


def test_under_one_page_the_sitemap_is_one_urlset_of_the_same_addresses(client, settings):
    settings.SITEMAP_PAGE_SIZE = 100
    public = instance(3)

    body, paths = _paths(client, reverse("portfolio:sitemap"))

    assert "<sitemapindex" not in body
    assert sorted(paths) == sorted(public)


def test_robots_txt_points_at_the_index(client, settings):
    settings.SITEMAP_PAGE_SIZE = 2
    instance(2)

    robots = client.get(reverse("portfolio:robots")).content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert "<sitemapindex" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("path", ["/sitemap-nothing-0.xml", "/sitemap-learners-999.xml"])
def test_an_unknown_or_empty_sitemap_page_is_404(client, settings, path):
    settings.SITEMAP_PAGE_SIZE = 2
    instance(1)
    assert client.get(path).status_code == 404


def test_a_sitemap_page_never_holds_more_than_the_protocol_allows(settings):
    from portfolio.sitemap import PROTOCOL_LIMIT, page_size

    settings.SITEMAP_PAGE_SIZE = 10**9
    assert page_size() == PROTOCOL_LIMIT == 50_000


def test_the_index_is_kept_but_a_page_never_shows_what_became_private(
    client, settings, django_assert_max_num_queries
):
    from journal.models import Reflection

    settings.SITEMAP_INDEX_SECONDS = 600
    settings.SITEMAP_PAGE_SIZE = 4
    from django.core.cache import cache

    cache.clear()
    public = instance(6)
    index, pages = _paths(client, reverse("portfolio:sitemap"))

    with django_assert_max_num_queries(0):
        again, _ = _paths(client, reverse("portfolio:sitemap"))
    assert again == index

    reflection = Reflection.objects.filter(visibility="public").order_by("pk").first()
    Reflection.objects.filter(pk=reflection.pk).update(visibility="private")
    listed = set()
    for page in pages:
        response = client.get(page)
        if response.status_code == 200:  # a page the change left empty answers 404
            listed |= set(LOC.findall(response.content.decode()))
    gone = {path for path in public - listed}
    assert len(gone) == 1 and f"reflection-{reflection.pk}" in gone.pop()
    cache.clear()
