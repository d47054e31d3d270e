"""Daily reflections, weekly reviews and the not-to-do list, as pages."""

from datetime import timedelta

import pytest
from django.urls import reverse

from journal.models import NotToDo, Reflection, WeeklyReview
from journal.selectors import learner_today
from tests.journal.factories import NotToDoFactory, ReflectionFactory, WeeklyReviewFactory

pytestmark = pytest.mark.django_db

REFLECTIONS = reverse("journal:reflection_list")
REVIEWS = reverse("journal:review_list")
NOT_TO_DO = reverse("journal:not_to_do")


def test_learner_writes_todays_reflection(owner, owner_client):
    today = learner_today(owner)
    assert "No reflections yet" in owner_client.get(REFLECTIONS).content.decode()

    response = owner_client.post(
        REFLECTIONS,
        {"date": today.isoformat(), "body": "Got *broadcasting*.", "visibility": "private"},
    )

    assert response.status_code == 302
    assert Reflection.objects.get(learner=owner).body == "Got *broadcasting*."
    assert "Got <em>broadcasting</em>." in owner_client.get(REFLECTIONS).content.decode()


def test_reflection_for_a_future_day_is_refused(owner, owner_client):
    future = learner_today(owner) + timedelta(days=3)

    response = owner_client.post(
        REFLECTIONS, {"date": future.isoformat(), "body": "x", "visibility": "private"}
    )

    assert response.status_code == 400
    assert "has not come yet" in " ".join(response.context["form"].errors["date"])


def test_private_reflection_is_404_to_a_stranger_and_public_one_is_readable(owner, stranger_client):
    private = ReflectionFactory(learner=owner)
    public = ReflectionFactory(
        learner=owner, date=private.date - timedelta(days=1), visibility="public"
    )

    assert (
        stranger_client.get(reverse("journal:reflection_detail", args=[private.pk])).status_code
        == 404
    )
    assert (
        stranger_client.get(reverse("journal:reflection_detail", args=[public.pk])).status_code
        == 200
    )
    assert (
        stranger_client.post(reverse("journal:reflection_delete", args=[private.pk])).status_code
        == 404
    )
    assert Reflection.objects.count() == 2


def test_weekly_review_page_shows_the_weeks_figures_and_saves_answers(owner, owner_client):
    monday = learner_today(owner) - timedelta(days=learner_today(owner).weekday())
    week = "{}-W{:02d}".format(*monday.isocalendar()[:2])
    owner_client.post(reverse("journal:session_log"), {"minutes": "40", "kind": "coding"})
    url = reverse("journal:review_edit", args=[week])

    page = owner_client.get(url).content.decode()
    assert 'data-figure="review-minutes">40<' in page
    assert "What did I learn?" in page and "If not, what will I change?" in page

    response = owner_client.post(
        url,
        {
            "learned": "Embeddings",
            "on_track": "no",
            "changes": "Ship weekly",
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    review = WeeklyReview.objects.get(learner=owner)
    assert (review.on_track, review.total_minutes, review.week_start) == (False, 40, monday)
    assert week in owner_client.get(REVIEWS).content.decode()


def test_review_pages_refuse_bad_weeks_and_strangers(owner, stranger_client, owner_client):
    assert owner_client.get(reverse("journal:review_edit", args=["2025-W99"])).status_code == 404
    assert owner_client.get(reverse("journal:review_edit", args=["nonsense"])).status_code == 404
    review = WeeklyReviewFactory(learner=owner)
    detail = reverse("journal:review_detail", args=[review.pk])
    assert stranger_client.get(detail).status_code == 404
    assert owner_client.get(detail).status_code == 200
    assert owner_client.post(REVIEWS).status_code == 405


def test_empty_reviews_page_invites_the_first_review(owner_client):
    assert "No weekly reviews yet" in owner_client.get(REVIEWS).content.decode()


def test_not_to_do_add_retire_and_bring_back(owner, owner_client, stranger_client):
    owner_client.post(NOT_TO_DO, {"text": "Start a sixth course"})
    entry = NotToDo.objects.get(learner=owner)
    retire = reverse("journal:not_to_do_retire", args=[entry.pk])

    assert stranger_client.post(retire).status_code == 404
    owner_client.post(retire)
    entry.refresh_from_db()
    assert entry.retired_at is not None
    assert "<del>Start a sixth course</del>" in owner_client.get(NOT_TO_DO).content.decode()
    owner_client.post(retire, {"restore": "1"})
    entry.refresh_from_db()
    assert entry.retired_at is None
    assert owner_client.get(retire).status_code == 405


def test_not_to_do_next_never_redirects_off_site(owner, owner_client):
    response = owner_client.post(NOT_TO_DO, {"text": "Doomscroll", "next": "https://evil.example/"})

    assert response.url == NOT_TO_DO


def test_duplicate_not_to_do_is_refused_next_to_the_field(owner, owner_client):
    NotToDoFactory(learner=owner, text="Doomscroll")

    response = owner_client.post(NOT_TO_DO, {"text": "doomscroll"})

    assert response.status_code == 400
    assert "already on your not-to-do list" in " ".join(response.context["form"].errors["text"])
