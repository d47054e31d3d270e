"""Posts: whatever journal entry a learner published, read as one kind of thing.

A post is not a table of its own: a published reflection, weekly review or session note *is*
the post, so unpublishing it takes the post down everywhere at once. Its slug names the kind
and the id ("reflection-12"), which keeps lookups to one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from core.text import count_of
from journal.kinds import Kind
from journal.models import Reflection, StudySession, WeeklyReview
from journal.selectors import public_item_named
from tracking.models import Notebook


@dataclass(frozen=True)
class Post:
    kind: str
    pk: int
    title: str
    body: str
    published_at: datetime
    username: str
    item_title: str = ""
    item_url: str = ""
    html: str = ""  # a notebook's sanitised rendering; other posts are Markdown in `body`

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:post", args=[self.username, self.slug])


def _review_body(review: WeeklyReview) -> str:
    sections = [
        ("What did I learn?", review.learned),
        ("What was hardest?", review.hardest),
        ("Which resources helped?", review.resources),
        ("How do my results look?", review.results),
        ("What will I change?", review.changes),
    ]
    figures = (
        f"*{count_of(review.total_minutes, 'minute')} this week, "
        f"{review.inhale_minutes} inhaling and "
        f"{review.exhale_minutes} exhaling; {count_of(review.items_finished, 'item')} finished.*"
    )
    parts = [figures] + [f"### {title}\n\n{text}" for title, text in sections if text.strip()]
    return "\n\n".join(parts)


def _from_reflection(r: Reflection, username: str) -> Post:
    return Post(
        "reflection",
        r.pk,
        f"Reflection, {r.date:%-d %B %Y}",
        r.body,
        r.published_at or r.updated_at,
        username,
    )


def _from_review(r: WeeklyReview, username: str) -> Post:
    return Post(
        "review",
        r.pk,
        f"Week {r.iso_week} in review",
        _review_body(r),
        r.published_at or r.updated_at,
        username,
    )


def _from_session(s: StudySession, username: str) -> Post:
    """The item is named (and linked) only when `item_shown` says its roadmap is public, or
    for the owner's own export (all_posts_of), where every row is theirs."""
    item = s.item if s.item_id and getattr(s, "item_shown", True) else None
    what = item.title if item else Kind(s.kind).label.lower()
    return Post(
        "session",
        s.pk,
        f"{s.minutes} minutes on {what}",
        s.note,
        s.published_at or s.updated_at,
        username,
        item_title=item.title if item else "",
        item_url=item.url if item else "",
    )


def _from_notebook(n, username: str) -> Post:
    return Post(
        "notebook",
        n.pk,
        n.title,
        n.summary,
        n.published_at or n.updated_at,
        username,
        html=n.html,
    )


SOURCES = {
    "reflection": (Reflection, _from_reflection, ()),
    "review": (WeeklyReview, _from_review, ()),
    "session": (StudySession, _from_session, ("item",)),
    "notebook": (Notebook, _from_notebook, ()),
}
KIND_OF = {model: kind for kind, (model, _, _) in SOURCES.items()}


def public_rows(kind: str):
    """The rows of one kind that are public posts (a session is one only with a note)."""
    model = SOURCES[kind][0]
    rows = model.objects.public()
    return rows.exclude(note="") if model is StudySession else rows


def _public(model, related, learner=None):
    rows = public_rows(KIND_OF[model]).select_related("learner", *related)
    if model is StudySession:
        rows = rows.annotate(item_shown=public_item_named())
    if learner is not None:
        rows = rows.filter(learner=learner)
    return rows


def public_posts(learner=None, limit: int = 20) -> list[Post]:
    """The newest public posts of one learner (or of everyone): one query per kind."""
    posts: list[Post] = []
    for model, build, related in SOURCES.values():
        rows = _public(model, related, learner).order_by("-published_at", "-pk")[:limit]
        posts.extend(build(row, row.learner.username) for row in rows)
    posts.sort(key=lambda p: (p.published_at, p.pk), reverse=True)
    return posts[:limit]


def public_post(learner, slug: str) -> Post | None:
    kind, _, pk = slug.partition("-")
    if kind not in SOURCES or not pk.isdigit():
        return None
    model, build, related = SOURCES[kind]
    row = _public(model, related, learner).filter(pk=int(pk)).first()
    return build(row, learner.username) if row else None


def all_posts_of(learner) -> list[Post]:
    """Every journal entry of the learner written as a post, public or not (for exports)."""
    posts: list[Post] = []
    for model, build, related in SOURCES.values():
        rows = model.objects.filter(learner=learner).select_related(*related)
        if model is StudySession:
            rows = rows.exclude(note="")
        posts.extend(build(row, learner.username) for row in rows)
    return posts


def posts_of_followed(learner, limit: int = 5) -> list[Post]:
    """What the people the learner follows published lately (public posts only)."""
    from portfolio.models import Follow

    # A subquery, not a list of ids: someone may follow thousands of learners.
    followed = Follow.objects.filter(follower=learner).values("followed")
    if not followed.exists():
        return []
    posts: list[Post] = []
    for model, build, related in SOURCES.values():
        rows = (
            _public(model, related)
            .filter(learner__in=followed)
            .order_by("-published_at", "-pk")[:limit]
        )
        posts.extend(build(row, row.learner.username) for row in rows)
    posts.sort(key=lambda p: (p.published_at, p.pk), reverse=True)
    return posts[:limit]
