"""Learner text is Markdown; it is always rendered and then sanitised, never trusted."""

import html

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
MAX_MARKDOWN_CHARS = 100_000


def render_markdown(text: str | None) -> SafeString:
    """Render learner Markdown to HTML that is safe to put in a page."""
    if not text:
        return mark_safe("")
    html = markdown_lib.markdown(
        text[:MAX_MARKDOWN_CHARS],
        extensions=["fenced_code", "tables", "sane_lists"],
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 — nh3 has just sanitised it


def markdown_to_text(text: str | None, limit: int = 200) -> str:
    """A plain-text excerpt of Markdown, for previews and meta descriptions."""
    # nh3 answers HTML (entities escaped); the template escapes what it prints, so unescape
    # here or "a & b" would show as "a &amp;amp; b".
    plain = html.unescape(nh3.clean(markdown_lib.markdown(text or ""), tags=set()))
    plain = " ".join(plain.split())
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"
