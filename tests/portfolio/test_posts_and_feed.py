import pytest
from django.urls import reverse

from tests.portfolio.factories import ReflectionFactory, ReviewFactory, SessionFactory, published

pytestmark = pytest.mark.django_db


def test_a_published_reflection_is_a_post_with_its_own_page(client, owner):
    reflection = ReflectionFactory(learner=owner, **published(body="# Big day\n\n*fastai* rocks"))

    response = client.get(reverse("portfolio:post", args=["owner", f"reflection-{reflection.pk}"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<em>fastai</em> rocks" in html
    assert 'property="og:title"' in html and 'property="og:type" content="article"' in html


def test_a_private_reflection_has_no_post_page(client, owner):
    reflection = ReflectionFactory(learner=owner)

    url = reverse("portfolio:post", args=["owner", f"reflection-{reflection.pk}"])
    assert client.get(url).status_code == 404


def test_a_published_session_note_is_a_post_and_a_session_without_note_is_not(client, owner):
    with_note = SessionFactory(learner=owner, note="Reproduced lesson 1", **published())
    without = SessionFactory(learner=owner, note="", **published())

    ok = client.get(reverse("portfolio:post", args=["owner", f"session-{with_note.pk}"]))
    missing = client.get(reverse("portfolio:post", args=["owner", f"session-{without.pk}"]))

    assert ok.status_code == 200 and "Reproduced lesson 1" in ok.content.decode()
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "slug", ["reflection-abc", "nothing-1", "review-", "../etc", "session-99999"]
)
def test_odd_post_slugs_answer_404(client, owner, slug):
    assert client.get(f"/u/owner/posts/{slug}/").status_code == 404


def test_a_post_of_another_learner_is_not_found_under_my_name(client, owner, stranger):
    theirs = ReflectionFactory(learner=stranger, **published())

    response = client.get(reverse("portfolio:post", args=["owner", f"reflection-{theirs.pk}"]))

    assert response.status_code == 404


def test_atom_feed_lists_public_posts_only(client, owner):
    ReflectionFactory(learner=owner, **published(body="Public thoughts"))
    ReflectionFactory(learner=owner, body="Private thoughts")
    ReviewFactory(learner=owner, **published(learned="Random forests"))

    response = client.get(reverse("portfolio:feed", args=["owner"]))

    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Public thoughts" in body and "Random forests" in body
    assert "Private thoughts" not in body


def test_feed_escapes_hostile_markdown(client, owner):
    ReflectionFactory(
        learner=owner, **published(body="<script>alert(1)</script> [x](javascript:alert(1))")
    )

    body = client.get(reverse("portfolio:feed", args=["owner"])).content.decode()

    assert "<script>" not in body and "javascript:" not in body


def test_hidden_portfolio_hides_posts_and_feed(client, owner):
    reflection = ReflectionFactory(learner=owner, **published())
    owner.portfolio_hidden = True
    owner.save()

    assert client.get(reverse("portfolio:feed", args=["owner"])).status_code == 404
    url = reverse("portfolio:post", args=["owner", f"reflection-{reflection.pk}"])
    assert client.get(url).status_code == 404


def test_post_pages_refuse_wrong_methods(client, owner):
    reflection = ReflectionFactory(learner=owner, **published())

    url = reverse("portfolio:post", args=["owner", f"reflection-{reflection.pk}"])
    assert client.post(url).status_code == 405
