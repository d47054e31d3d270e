"""Learner Markdown is rendered and sanitised on every journal page: no script, no event
handler, no javascript: link survives, whatever the note says."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from journal.selectors import learner_today
from tests.journal.factories import ReflectionFactory, WeeklyReviewFactory, session_on

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    '![x](javascript:alert(1) "t")',
    "<iframe src=javascript:alert(1)></iframe>",
    '<body onload="alert(1)">',
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<object data="javascript:alert(1)"></object>',
    '<input autofocus onfocus="alert(1)">',
    '"><img src=x onerror=alert(1)>',
    "<details open ontoggle=alert(1)>",
]
FORBIDDEN_TAGS = {
    "script",
    "svg",
    "iframe",
    "object",
    "embed",
    "style",
    "math",
    "input",
    "details",
    "body",
    "form",
    "link",
    "meta",
    "base",
}
VOID = {"img", "br", "hr", "input", "meta", "link", "base", "col", "area", "source", "wbr"}


class PageScanner(HTMLParser):
    """Collects every tag of the page, and separately those inside class="note" elements,
    where learner Markdown is rendered."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.note_tags: list[tuple[str, list]] = []
        self.note_stack: list[str] = []  # open tags inside the current note

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if self.note_stack:
            self.note_tags.append((tag, attrs))
            if tag not in VOID:
                self.note_stack.append(tag)
        elif "note" in (dict(attrs).get("class") or "").split():
            self.note_stack.append(tag)

    def handle_endtag(self, tag):
        if self.note_stack and tag in self.note_stack:
            while self.note_stack and self.note_stack.pop() != tag:
                pass


def dangers(html: str) -> list[str]:
    """What could run script: forbidden tags inside learner text, and anywhere on the page an
    event handler, a javascript:/data: URL, or a script that is not one of our static files."""
    scanner = PageScanner()
    scanner.feed(html)
    found = [f"<{tag}> in a note" for tag, _ in scanner.note_tags if tag in FORBIDDEN_TAGS]
    for tag, attrs in scanner.tags:
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            found.append("<script> that is not ours")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"{tag} {name}=")
            if name in ("href", "src", "xlink:href", "data", "action", "formaction"):
                squashed = "".join((value or "").split()).lower()
                if squashed.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{tag} {name}={value}")
    return found


def all_payloads() -> str:
    return "\n\n".join(PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_in_a_session_note(owner, owner_client, payload):
    session = session_on(owner, learner_today(owner), note=payload, hour=0)

    for url in (
        reverse("journal:today"),
        reverse("journal:session_list"),
        reverse("journal:session_detail", args=[session.pk]),
    ):
        page = owner_client.get(url).content.decode()
        assert 'class="note"' in page, url
        assert dangers(page) == [], url


def test_no_payload_survives_in_a_public_session_seen_by_a_stranger(owner, stranger_client):
    session = session_on(owner, date(2025, 1, 6), note=all_payloads(), visibility="public")

    page = stranger_client.get(reverse("journal:session_detail", args=[session.pk]))

    assert "click" in page.content.decode(), "the text itself is kept"
    assert dangers(page.content.decode()) == []


def test_no_payload_survives_in_reflections_and_reviews(owner, owner_client, stranger_client):
    ReflectionFactory(learner=owner, body=all_payloads())
    public = ReflectionFactory(
        learner=owner, date=date(2024, 1, 1), body=all_payloads(), visibility="public"
    )
    answers = ("learned", "hardest", "resources", "results", "changes")
    review = WeeklyReviewFactory(
        learner=owner, visibility="public", **{name: all_payloads() for name in answers}
    )

    pages = [
        owner_client.get(reverse("journal:reflection_list")),
        stranger_client.get(reverse("journal:reflection_detail", args=[public.pk])),
        stranger_client.get(reverse("journal:review_detail", args=[review.pk])),
    ]

    for response in pages:
        assert response.status_code == 200
        assert dangers(response.content.decode()) == []


def test_the_checker_itself_catches_raw_payloads():
    raw = f'<div class="note">{all_payloads()}</div>'
    found = dangers(raw)
    assert "<script> that is not ours" in found
    assert "img onerror=" in found
    assert "a href=javascript:alert(1)" in found
    assert "<svg> in a note" in found
