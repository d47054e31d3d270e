"""The session list, edit, delete with undo, the detail page, and renaming kinds."""

from datetime import date

import pytest
from django.urls import reverse

from journal.models import KindLabel, StudySession
from tests.journal.factories import session_on

pytestmark = pytest.mark.django_db

LIST = reverse("journal:session_list")


def edit_url(session):
    return reverse("journal:session_edit", args=[session.pk])


def delete_url(session):
    return reverse("journal:session_delete", args=[session.pk])


def test_empty_list_says_how_to_start(owner_client):
    assert "No sessions yet" in owner_client.get(LIST).content.decode()


def test_list_is_paginated_with_a_fixed_number_of_queries(
    owner, owner_client, django_assert_num_queries
):
    for day in range(1, 56):
        session_on(owner, date(2024, 1, 1).replace(day=1 + day % 28, month=1 + day // 28))
    session_on(owner, date(2024, 6, 1), note="**newest**")

    with django_assert_num_queries(5):  # session, user, count, page, labels
        response = owner_client.get(LIST)

    page = response.content.decode()
    assert page.count('class="note"') == 50
    assert "Page 1 of 2" in page and "newest" in page
    assert owner_client.get(LIST + "?page=2").content.decode().count('class="note"') == 6


def test_list_shows_only_the_learners_own_sessions(owner_client, stranger):
    session_on(stranger, date(2024, 6, 1), note="secret stranger note")
    assert "secret stranger note" not in owner_client.get(LIST).content.decode()


def test_learner_edits_a_session(owner, owner_client):
    session = session_on(owner, date(2024, 6, 1), minutes=30)

    response = owner_client.post(
        edit_url(session),
        {
            "started_at": "2024-06-02T23:30",
            "minutes": "50",
            "kind": "writing",
            "item": "",
            "note": "blog post",
            "visibility": "public",
        },
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.minutes, session.kind, session.local_date) == (50, "writing", date(2024, 6, 2))
    assert session.published_at is not None


def test_edit_refuses_a_future_start_next_to_the_field(owner, owner_client):
    session = session_on(owner, date(2024, 6, 1))

    response = owner_client.post(
        edit_url(session),
        {
            "started_at": "2999-01-01T10:00",
            "minutes": "50",
            "kind": "coding",
            "visibility": "private",
        },
    )

    assert response.status_code == 400
    assert "in the future" in " ".join(response.context["form"].errors["started_at"])


def test_a_stranger_gets_404_for_anothers_session_pages(owner, stranger_client):
    session = session_on(owner, date(2024, 6, 1), note="private thoughts")

    assert stranger_client.get(edit_url(session)).status_code == 404
    assert stranger_client.post(delete_url(session)).status_code == 404
    detail = reverse("journal:session_detail", args=[session.pk])
    assert stranger_client.get(detail).status_code == 404
    assert StudySession.objects.count() == 1


def test_a_public_session_can_be_read_by_anyone(owner, client):
    session = session_on(owner, date(2024, 6, 1), note="shipped *it*", visibility="public")

    page = client.get(reverse("journal:session_detail", args=[session.pk])).content.decode()

    assert "shipped <em>it</em>" in page


def test_delete_refuses_get_and_undo_brings_the_session_back(owner, owner_client):
    session = session_on(owner, date(2024, 6, 1), minutes=33, note="keep me")
    assert owner_client.get(delete_url(session)).status_code == 405

    response = owner_client.post(delete_url(session))
    assert response.status_code == 302 and not StudySession.objects.exists()
    assert "Undo" in owner_client.get(LIST).content.decode()

    owner_client.post(reverse("journal:session_undo"))
    restored = StudySession.objects.get()
    assert (restored.minutes, restored.note) == (33, "keep me")
    assert "Undo" not in owner_client.get(LIST).content.decode()


def test_htmx_delete_swaps_the_row_for_an_undo_button(owner, owner_client):
    session = session_on(owner, date(2024, 6, 1))

    response = owner_client.post(delete_url(session), HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert 'class="undo-row"' in page and 'name="token"' in page


def test_a_stranger_cannot_replay_an_undo_token(owner, owner_client, stranger_client):
    session = session_on(owner, date(2024, 6, 1))
    token = owner_client.post(delete_url(session), HTTP_HX_REQUEST="true").context["undo_token"]

    stranger_client.post(reverse("journal:session_undo"), {"token": token})

    assert not StudySession.objects.exists()


def test_learner_renames_a_kind(owner, owner_client):
    data = {kind: "" for kind in ("reading", "lecture", "course", "coding", "writing", "sharing")}
    response = owner_client.post(reverse("journal:kinds"), {**data, "experiment": "Kaggle"})

    assert response.status_code == 302
    assert KindLabel.objects.get(learner=owner).label == "Kaggle"
    assert "Kaggle" in owner_client.get(reverse("journal:today")).content.decode()
