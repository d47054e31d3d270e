from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ItemFactory, RoadmapFactory, StageFactory
from tests.portfolio.factories import ReflectionFactory, SessionFactory, published

pytestmark = pytest.mark.django_db

URL = reverse("portfolio:learner", args=["owner"])


def daily_sessions(learner, days: int):
    now = timezone.now()
    for n in range(days):
        moment = now - timedelta(days=n)
        SessionFactory(
            learner=learner,
            started_at=moment,
            local_date=moment.date(),
            minutes=60,
            kind="coding" if n % 5 else "reading",
        )


def test_portfolio_shows_figures_public_roadmaps_and_posts(client, owner):
    daily_sessions(owner, 3)
    public = RoadmapFactory(owner=owner, title="My public path", visibility="public")
    stage = StageFactory(roadmap=public)
    ItemFactory(stage=stage, status="done")
    ItemFactory(stage=stage)
    RoadmapFactory(owner=owner, title="My secret path")
    ReflectionFactory(learner=owner, **published(body="Shipping my first model"))

    html = client.get(URL).content.decode()

    assert "Olive Owner" in html
    assert "3.0" in html and "hours practised" in html
    assert "My public path" in html and "50%" in html
    assert "My secret path" not in html
    assert "Shipping my first model" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="heatmap"' in html
    assert 'property="og:type" content="profile"' in html
    assert 'type="application/atom+xml"' in html


def test_hidden_portfolio_answers_404(client, owner):
    owner.portfolio_hidden = True
    owner.save()

    assert client.get(URL).status_code == 404


def test_unknown_learner_answers_404(client, db):
    assert client.get(reverse("portfolio:learner", args=["nobody"])).status_code == 404


def test_revalidation_answers_304_until_the_learner_changes_something(client, owner):
    first = client.get(URL)
    etag, last_modified = first["ETag"], first["Last-Modified"]

    again = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    by_date = client.get(URL, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert again.status_code == 304 and by_date.status_code == 304

    SessionFactory(learner=owner, note="new")
    changed = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_changing_a_roadmap_item_changes_the_page_tag(client, owner):
    roadmap = RoadmapFactory(owner=owner, visibility="public")
    item = ItemFactory(stage=StageFactory(roadmap=roadmap))
    etag = client.get(URL)["ETag"]

    item.status = "done"
    item.save()

    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_signed_in_visitor_gets_their_own_tag_and_a_follow_button(client, owner, stranger):
    anonymous_tag = client.get(URL)["ETag"]
    client.force_login(stranger)

    response = client.get(URL, HTTP_IF_NONE_MATCH=anonymous_tag)

    assert response.status_code == 200
    assert "Follow</button>" in response.content.decode()


def query_count(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_three_years_of_history(client, owner, stranger, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    daily_sessions(stranger, 7)
    RoadmapFactory(owner=stranger, visibility="public")
    short = query_count(client, None, reverse("portfolio:learner", args=["stranger"]))

    daily_sessions(owner, 3 * 365)
    for n in range(5):
        roadmap = RoadmapFactory(owner=owner, visibility="public")
        ItemFactory(stage=StageFactory(roadmap=roadmap))
        ReflectionFactory(learner=owner, **published(body=f"post {n}"))
    long = query_count(client, None, URL)

    assert long == short


def test_portfolio_refuses_wrong_method(client, owner):
    assert client.post(URL).status_code == 405


def test_deleted_items_waiting_for_undo_do_not_count_in_progress(client, owner):
    from django.utils import timezone

    roadmap = RoadmapFactory(owner=owner, visibility="public", title="Path")
    stage = StageFactory(roadmap=roadmap)
    ItemFactory(stage=stage, status="done")
    ItemFactory(stage=stage, status="not_started", deleted_at=timezone.now())

    html = client.get(URL).content.decode()

    assert "100% · 1 of 1 done" in html


def test_a_half_ticked_checklist_counts_half_as_on_the_roadmap_page(client, owner):
    roadmap = RoadmapFactory(owner=owner, visibility="public", title="Path")
    stage = StageFactory(roadmap=roadmap)
    ItemFactory(stage=stage, checklist=[{"text": "a", "done": True}, {"text": "b", "done": False}])
    ItemFactory(stage=stage, status="done")

    html = client.get(URL).content.decode()

    assert "75% · 1.5 of 2 done" in html
