"""Embeddable SVG badges: what each says, that nothing private leaks, caching, and the snippets
on the controls page."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from curriculum.models import ItemStatus
from journal.selectors import learner_today
from portfolio import answers, badges
from tests.factories import ItemFactory, RoadmapFactory, StageFactory
from tests.journal.factories import session_on
from tests.training_jobs.factories import SucceededJobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def url(username: str, kind: str) -> str:
    return f"/u/{username}/badges/{kind}.svg"


def public_roadmap(owner, title="AI masters", done=1, todo=3):
    roadmap = RoadmapFactory(owner=owner, title=title, visibility="public")
    stage = StageFactory(roadmap=roadmap)
    for _ in range(done):
        ItemFactory(stage=stage, status=ItemStatus.DONE)
    for _ in range(todo):
        ItemFactory(stage=stage)
    return roadmap


# --- the pure renderer --------------------------------------------------------------------


def test_badge_svg_escapes_text_and_has_an_accessible_title():
    svg = badges.badge_svg('<script>alert("x")</script>', "a & b")

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "a &amp; b" in svg
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>" in svg


def test_badge_svg_refuses_a_colour_that_is_not_a_colour():
    assert 'fill="red" onload' not in badges.badge_svg("a", "b", 'red" onload="x')


@pytest.mark.parametrize(
    "text, expected",
    [
        ("streak", badges.BadgeKind("streak")),
        ("hours", badges.BadgeKind("hours")),
        ("ratio", badges.BadgeKind("ratio")),
        ("roadmap-12", badges.BadgeKind("roadmap", 12)),
        ("run-7", badges.BadgeKind("run", 7)),
        ("run-0", None),
        ("run-012", None),
        ("run-", None),
        ("roadmap-1-2", None),
        ("run-" + "9" * 19, None),
        ("..", None),
        ("..%2F..%2Fetc%2Fpasswd", None),
        ("Streak", None),
        ("", None),
    ],
)
def test_parse_kind_accepts_only_known_kinds(text, expected):
    assert badges.parse_kind(text) == expected


def test_long_texts_are_shortened():
    svg = badges.roadmap_badge("x" * 200, 1, 2)
    assert "x" * 40 not in svg and "…" in svg


def test_metric_is_shown_briefly():
    assert badges.format_metric(0.834512) == "0.835"
    assert badges.format_metric(1.0) == "1"
    assert badges.format_metric(None) == "no result"


# --- each kind ----------------------------------------------------------------------------


def test_streak_badge_shows_the_current_streak(owner, client):
    today = learner_today(owner)
    for back in range(3):
        session_on(owner, today - timedelta(days=back))

    response = client.get(url("owner", "streak"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "streak: 3 days" in response.content.decode()


def test_hours_badge_counts_this_year_only(owner, client):
    today = learner_today(owner)
    session_on(owner, today, minutes=90)
    session_on(owner, today.replace(year=today.year - 1), minutes=600)

    body = client.get(url("owner", "hours")).content.decode()

    assert f"hours in {today.year}: 1.5 h" in body


def test_ratio_badge_shows_the_last_twelve_weeks(owner, client):
    today = learner_today(owner)
    session_on(owner, today, minutes=20, kind="reading")
    session_on(owner, today, minutes=80, kind="coding", hour=14)

    assert "inhale/exhale: 20/80" in client.get(url("owner", "ratio")).content.decode()


def test_roadmap_badge_shows_a_public_roadmaps_progress(owner, client):
    roadmap = public_roadmap(owner, title="Fast <b>AI</b>", done=1, todo=3)

    body = client.get(url("owner", f"roadmap-{roadmap.pk}")).content.decode()

    assert "Fast &lt;b&gt;AI&lt;/b&gt;: 25% done" in body


def test_run_badge_shows_a_published_runs_metric(owner, client):
    run = SucceededJobFactory(owner=owner, published=True)

    body = client.get(url("owner", f"run-{run.pk}")).content.decode()

    assert "Tabular: Titanic survival: accuracy 0.83" in body


# --- hostile cases ------------------------------------------------------------------------


def test_hidden_portfolio_has_no_badges(owner, client):
    roadmap = public_roadmap(owner)
    run = SucceededJobFactory(owner=owner, published=True)
    owner.portfolio_hidden = True
    owner.save()

    for kind in ("streak", "hours", "ratio", f"roadmap-{roadmap.pk}", f"run-{run.pk}"):
        assert client.get(url("owner", kind)).status_code == 404


def test_private_roadmap_is_404_even_for_its_owner(owner, owner_client):
    roadmap = RoadmapFactory(owner=owner, visibility="private")

    assert owner_client.get(url("owner", f"roadmap-{roadmap.pk}")).status_code == 404


def test_unpublished_run_is_404(owner, client):
    run = SucceededJobFactory(owner=owner, published=False)

    assert client.get(url("owner", f"run-{run.pk}")).status_code == 404


def test_another_learners_run_or_roadmap_is_404_under_your_name(owner, stranger, client):
    their_private = SucceededJobFactory(owner=stranger, published=False)
    their_public = SucceededJobFactory(owner=stranger, published=True)
    their_roadmap = public_roadmap(stranger)

    assert client.get(url("owner", f"run-{their_private.pk}")).status_code == 404
    assert client.get(url("owner", f"run-{their_public.pk}")).status_code == 404
    assert client.get(url("owner", f"roadmap-{their_roadmap.pk}")).status_code == 404
    assert client.get(url("stranger", f"run-{their_private.pk}")).status_code == 404


@pytest.mark.parametrize(
    "kind", ["run-999999", "roadmap-999999", "run-" + "9" * 18, "bogus", "streak.svg", "STREAK"]
)
def test_unknown_ids_and_kinds_are_404(owner, client, kind):
    assert client.get(url("owner", kind)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/u/owner/badges/../streak.svg",
        "/u/owner/badges/..%2F..%2Fsettings.svg",
        "/u/owner/badges/%2e%2e%2fstreak.svg",
        "/u/owner/badges/roadmap-1%2F..%2F2.svg",
        "/u/owner/badges/streak%00.svg",
    ],
)
def test_path_traversal_is_404(owner, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert not response.get("Content-Type", "").startswith("image/svg")


def test_unknown_learner_is_404(client, db):
    assert client.get(url("nobody", "streak")).status_code == 404


def test_badge_refuses_wrong_method(owner, client):
    assert client.post(url("owner", "streak")).status_code == 405


# --- caching ------------------------------------------------------------------------------


def test_badge_is_cached_an_hour_and_answers_304_to_its_etag(owner, client):
    first = client.get(url("owner", "streak"))

    assert "max-age=3600" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get(url("owner", "streak"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_making_a_roadmap_private_changes_the_etag_and_404s(owner, client):
    roadmap = public_roadmap(owner)
    first = client.get(url("owner", f"roadmap-{roadmap.pk}"))
    assert first.status_code == 200

    roadmap.visibility = "private"
    roadmap.save()

    response = client.get(url("owner", f"roadmap-{roadmap.pk}"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 404


def test_a_cached_badge_costs_one_query(owner, client, django_assert_num_queries):
    session_on(owner, learner_today(owner))
    client.get(url("owner", "streak"))

    with django_assert_num_queries(1):  # the learner; the SVG comes from the cache
        assert client.get(url("owner", "streak")).status_code == 200


def test_badge_queries_do_not_grow_with_history(owner, client, django_assert_num_queries):
    today = learner_today(owner)
    # Drawn: the shortcut's stamp (portfolio.middleware), then the learner, the day figures.
    with django_assert_num_queries(3):
        client.get(url("owner", "streak"))
    with django_assert_num_queries(1):  # cached: the stamp alone
        client.get(url("owner", "streak"))
    for back in range(1, 40):
        session_on(owner, today - timedelta(days=back))
    cache.clear()
    answers.clear()
    with django_assert_num_queries(3):
        client.get(url("owner", "streak"))
    with django_assert_num_queries(1):
        client.get(url("owner", "streak"))


# --- the controls page --------------------------------------------------------------------


def test_controls_page_offers_markdown_for_public_badges_only(owner, owner_client):
    shown = public_roadmap(owner, title="Shown path")
    hidden = RoadmapFactory(owner=owner, title="Secret path", visibility="private")
    published = SucceededJobFactory(owner=owner, published=True)
    unpublished = SucceededJobFactory(owner=owner, published=False)

    page = owner_client.get(reverse("portfolio:controls")).content.decode()

    for kind in ("streak", "hours", "ratio", f"roadmap-{shown.pk}", f"run-{published.pk}"):
        assert f"/u/owner/badges/{kind}.svg)](http://testserver/u/owner/)" in page
    assert f"roadmap-{hidden.pk}.svg" not in page
    assert f"run-{unpublished.pk}.svg" not in page


def test_the_ratio_badge_turns_amber_exactly_where_the_nudge_starts():
    from journal.habits import NUDGE_TOLERANCE_POINTS
    from portfolio.badges import AMBER, TEAL, ratio_badge

    assert TEAL in ratio_badge(20 + NUDGE_TOLERANCE_POINTS, 20)
    assert AMBER in ratio_badge(20 + NUDGE_TOLERANCE_POINTS + 1, 20)
    assert AMBER in ratio_badge(20 - NUDGE_TOLERANCE_POINTS - 1, 20)
