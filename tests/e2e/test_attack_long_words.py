"""A post whose text holds one long word (a URL, a hash, a path pasted from a notebook) must
not push the discover page wider than a phone: the excerpt wraps."""

import datetime

import pytest

from journal.models import Reflection

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_long_word_in_a_post_does_not_widen_discover_on_a_phone(phone_page, owner):
    reflection = Reflection(
        learner=owner, date=datetime.date(2026, 11, 30), body="see " + "wide_" * 60
    )
    reflection.set_public(True)
    reflection.save()

    phone_page.goto("/discover/")
    assert phone_page.locator(".post-summary").count() == 1
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
