"""A year in review: the figures, which years exist, what never shows, the image card, and
query counts that do not grow with history."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from PIL import Image

from curriculum.models import ItemStatus
from journal.habits import Split
from journal.selectors import learner_today
from portfolio.year_review import summarise_year
from tests.factories import ItemFactory, LearnerFactory, RoadmapFactory, StageFactory
from tests.journal.factories import ReflectionFactory, session_on
from tests.training_jobs.factories import SucceededJobFactory

pytestmark = pytest.mark.django_db

YEAR = 2024


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def veteran(db):
    return LearnerFactory(username="vet", date_joined=datetime(2023, 6, 1, tzinfo=UTC))


def page(username: str, year: int) -> str:
    return f"/u/{username}/year/{year}/"


def card(username: str, year: int) -> str:
    return f"/u/{username}/year/{year}.png"


def moment(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)


# --- the pure summary ---------------------------------------------------------------------


def test_summary_counts_only_the_year_and_finds_the_best_month():
    rows = [
        (date(2023, 12, 30), "coding", 60),
        (date(2023, 12, 31), "coding", 60),
        (date(2024, 1, 1), "reading", 30),
        (date(2024, 1, 2), "coding", 90),
        (date(2024, 3, 5), "coding", 200),
    ]

    review = summarise_year(2024, rows, today=date(2025, 1, 1))

    assert review.minutes == 320 and review.days_practised == 3
    assert review.split == Split(30, 290)
    assert review.best_month == date(2024, 3, 1) and review.best_month_minutes == 200
    # 30 and 31 December belong to 2023: the streak within 2024 is 1-2 January.
    assert review.longest_streak == 2
    assert len(review.months) == 12


def test_summary_forgives_like_the_habits_page():
    rows = [(date(2024, 5, d), "coding", 30) for d in (1, 2, 4, 5)]

    assert summarise_year(2024, rows, date(2024, 6, 1), freezes_per_month=0).longest_streak == 2
    assert summarise_year(2024, rows, date(2024, 6, 1), freezes_per_month=1).longest_streak == 4
    paused = [(date(2024, 5, 3), date(2024, 5, 3))]
    assert summarise_year(2024, rows, date(2024, 6, 1), pause_ranges=paused).longest_streak == 4


def test_an_empty_year_has_no_best_month():
    review = summarise_year(2024, [], today=date(2024, 6, 1))
    assert review.best_month is None and review.minutes == 0 and review.longest_streak == 0


# --- the page -----------------------------------------------------------------------------


def test_year_page_shows_the_years_public_safe_figures(veteran, client):
    for day in (date(YEAR, 2, 1), date(YEAR, 2, 2), date(YEAR, 2, 3)):
        session_on(veteran, day, minutes=60)
    session_on(veteran, date(YEAR - 1, 12, 1), minutes=999)  # another year
    private = RoadmapFactory(owner=veteran, title="Secret plan", visibility="private")
    stage = StageFactory(roadmap=private)
    ItemFactory(
        stage=stage,
        title="Secret item",
        status=ItemStatus.DONE,
        finished_at=moment(date(YEAR, 2, 2)),
    )
    ItemFactory(stage=stage, status=ItemStatus.DONE, finished_at=moment(date(YEAR - 1, 7, 1)))
    SucceededJobFactory(
        owner=veteran,
        published=True,
        started_at=moment(date(YEAR, 4, 1)),
        finished_at=moment(date(YEAR, 4, 1)),
    )
    SucceededJobFactory(
        owner=veteran,
        published=False,
        started_at=moment(date(YEAR, 4, 2)),
        finished_at=moment(date(YEAR, 4, 2)),
    )
    ReflectionFactory(
        learner=veteran,
        date=date(YEAR, 2, 2),
        visibility="public",
        published_at=moment(date(YEAR, 2, 2)),
    )
    ReflectionFactory(learner=veteran, date=date(YEAR, 2, 3), visibility="private")

    response = client.get(page("vet", YEAR))
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-figure="hours">3.0<' in html
    assert 'data-figure="longest-streak">3<' in html
    assert 'data-figure="items-finished">1<' in html
    assert 'data-figure="runs-shipped">1<' in html
    assert 'data-figure="posts">1<' in html
    assert 'data-figure="best-month">February<' in html
    assert "Secret" not in html


def test_open_graph_points_at_the_image_card(veteran, client, settings):
    html = client.get(page("vet", YEAR)).content.decode()

    assert f'<meta property="og:image" content="{settings.SITE_URL}{card("vet", YEAR)}">' in html
    assert 'name="twitter:card" content="summary_large_image"' in html


def test_empty_year_tells_what_to_do(veteran, client):
    assert "No practice logged in 2024 yet" in client.get(page("vet", YEAR)).content.decode()


@pytest.mark.parametrize("year", [2022, 1999, 0, 3000])
def test_years_before_joining_or_in_the_future_are_404(veteran, client, year):
    assert client.get(page("vet", year)).status_code == 404
    assert client.get(card("vet", year)).status_code == 404


def test_next_year_is_404_but_this_year_is_there(veteran, client):
    this_year = learner_today(veteran).year
    assert client.get(page("vet", this_year)).status_code == 200
    assert client.get(page("vet", this_year + 1)).status_code == 404


def test_hidden_portfolio_has_no_year_in_review(veteran, client, owner_client):
    veteran.portfolio_hidden = True
    veteran.save()

    assert client.get(page("vet", YEAR)).status_code == 404
    assert client.get(card("vet", YEAR)).status_code == 404
    assert owner_client.get(page("vet", YEAR)).status_code == 404


def test_unknown_learner_is_404(client, db):
    assert client.get(page("nobody", YEAR)).status_code == 404


def test_year_pages_refuse_wrong_method(veteran, client):
    assert client.post(page("vet", YEAR)).status_code == 405
    assert client.post(card("vet", YEAR)).status_code == 405


def test_year_page_answers_304_to_its_etag(veteran, client):
    first = client.get(page("vet", YEAR))
    assert client.get(page("vet", YEAR), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_year_page_queries_do_not_grow_with_history(veteran, client, django_assert_num_queries):
    session_on(veteran, date(YEAR, 1, 1))
    # learner, days, items, runs, four kinds of posts (reflections, reviews, sessions, notebooks)
    with django_assert_num_queries(8) as short:
        client.get(page("vet", YEAR))
    roadmap = RoadmapFactory(owner=veteran, visibility="public")
    stage = StageFactory(roadmap=roadmap)
    for n in range(60):
        day = date(YEAR, 1, 2) + timedelta(days=n)
        session_on(veteran, day)
        ItemFactory(stage=stage, status=ItemStatus.DONE, finished_at=moment(day))
        ReflectionFactory(learner=veteran, date=day, visibility="public", published_at=moment(day))
    with django_assert_num_queries(len(short.captured_queries)):
        html = client.get(page("vet", YEAR)).content.decode()
    assert 'data-figure="items-finished">60<' in html


# --- the image card -----------------------------------------------------------------------


def test_image_card_is_a_1200_by_630_png(veteran, client):
    session_on(veteran, date(YEAR, 3, 1), minutes=120)

    response = client.get(card("vet", YEAR))

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "max-age=3600" in response["Cache-Control"]
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_image_card_is_drawn_once_then_cached(veteran, client, django_assert_num_queries):
    client.get(card("vet", YEAR))
    with django_assert_num_queries(1):  # the learner
        assert client.get(card("vet", YEAR)).status_code == 200


def test_card_falls_back_to_pillows_font(veteran, client, monkeypatch):
    from portfolio import year_review

    year_review._font.cache_clear()
    monkeypatch.setattr(year_review, "FONT_DIR", "/nonexistent/")
    try:
        response = client.get(card("vet", YEAR))
    finally:
        year_review._font.cache_clear()

    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_a_learner_who_joined_this_year_has_only_this_year(db, client):
    LearnerFactory(username="newbie", date_joined=timezone.now())
    this_year = learner_today(LearnerFactory.build(timezone="UTC")).year

    assert client.get(page("newbie", this_year)).status_code == 200
    assert client.get(page("newbie", this_year - 1)).status_code == 404
