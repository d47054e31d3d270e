import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_password_reset_mails_a_link_that_sets_a_new_password(client, owner):
    client.post(reverse("accounts:password_reset"), {"email": owner.email})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-fresh-long-passphrase", "new_password2": "a-fresh-long-passphrase"},
    )

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("a-fresh-long-passphrase")


def test_password_reset_for_unknown_email_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_needs_the_old_password(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-fresh-long-passphrase",
            "new_password2": "a-fresh-long-passphrase",
        },
    )

    assert "old_password" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.check_password(TEST_PASSWORD)


def test_login_with_wrong_password_shows_an_error(client, owner):
    response = client.post(
        reverse("accounts:login"), {"username": owner.username, "password": "nope"}
    )

    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
