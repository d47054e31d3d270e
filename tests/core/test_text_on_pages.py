"""Text as a person reads it: escaped exactly once, Markdown rendered and sanitised, counts
that agree with their nouns."""

from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse

from core.markdown import markdown_to_text
from core.text import count_of, plural_noun
from tests.journal.factories import session_on


@pytest.mark.django_db
def test_session_list_shows_an_ampersand_escaped_once(owner, owner_client):
    session_on(owner, date(2024, 6, 1), note="regex & tokenization <b>")

    html = owner_client.get(reverse("journal:session_list")).content.decode()

    assert "regex &amp; tokenization" in html
    assert "&amp;amp;" not in html
    assert "<b>" not in html


def test_excerpt_is_plain_text_not_html():
    assert markdown_to_text("Tom & *Jerry* say `a < b`") == "Tom & Jerry say a < b"


@pytest.mark.django_db
def test_portfolio_bio_renders_sanitised_markdown(client, owner):
    owner.bio = "I **love** [fast.ai](https://course.fast.ai/)\n\n<script>alert(1)</script> & more"
    owner.save()

    html = client.get(reverse("portfolio:learner", args=[owner.username])).content.decode()

    assert "<strong>love</strong>" in html
    assert 'href="https://course.fast.ai/"' in html
    assert "**love**" not in html
    assert "<script>alert" not in html and "&lt;script&gt;" not in html
    # The meta description is plain text, not Markdown.
    assert 'name="description" content="I love fast.ai' in html


@pytest.mark.parametrize(
    ("number", "noun", "expected"),
    [
        (0, "minute", "0 minutes"),
        (1, "minute", "1 minute"),
        (2, "minute", "2 minutes"),
        (1200, "minute", "1,200 minutes"),
        (1, "item", "1 item"),
        (2, "class", "2 classes"),
        (3, "entry", "3 entries"),
        (2, "day", "2 days"),
        (1, "row", "1 row"),
    ],
)
def test_count_of_agrees_with_its_number(number, noun, expected):
    assert count_of(number, noun) == expected


def test_plural_noun_of_irregular_words_can_be_given():
    assert count_of(2, "person", "people") == "2 people"
    assert plural_noun("session") == "sessions"


@pytest.mark.parametrize(
    ("value", "noun", "expected"),
    [(1, "minute", "1 minute"), (45, "minute", "45 minutes"), ("2", "entry,entries", "2 entries")],
)
def test_count_of_template_filter(value, noun, expected):
    template = Template('{% load counting %}{{ value|count_of:noun }}')
    assert template.render(Context({"value": value, "noun": noun})) == expected
