from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import condition, require_GET

from core.markdown import render_markdown
from portfolio import answers, selectors
from portfolio.posts import Post, public_posts
from portfolio.views import PUBLIC_CACHE_CONTROL

FEED_LENGTH = 50


def _run_summary(run) -> str:
    """A published run as a feed entry's HTML: its score against each baseline."""
    rows = [(run.metric_name, f"{run.metric_value:.3f}")] if run.metric_value is not None else []
    rows += [(name, f"{value:.3f}") for name, value in sorted(run.baselines.items())]
    return format_html(
        "<p>A {} model trained on {}.</p><ul>{}</ul>",
        run.recipe_title or run.recipe_slug,
        run.dataset_name,
        format_html_join("", "<li>{}: {}</li>", rows),
    )


class LearnerPostsFeed(Feed):
    """An Atom feed of one learner's public posts and published runs, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request, username: str):
        learner = selectors.public_learner(username)
        if learner is None:
            raise Http404("No such portfolio.")
        return learner

    def title(self, learner) -> str:
        return f"{learner.public_name} — learning in public on Exhale"

    def link(self, learner) -> str:
        return reverse("portfolio:learner", args=[learner.username])

    def subtitle(self, learner) -> str:
        return learner.bio[:200] or f"What {learner.public_name} is learning and building."

    def items(self, learner) -> list:
        runs = [run for run in selectors.published_runs(learner) if run.published_at]
        entries = public_posts(learner, limit=FEED_LENGTH) + runs
        entries.sort(key=self.item_pubdate, reverse=True)
        return entries[:FEED_LENGTH]

    def item_title(self, entry) -> str:
        if isinstance(entry, Post):
            return entry.title
        value = entry.metric_value
        score = f" — {entry.metric_name} {value:.3f}" if value is not None else ""
        return f"Shipped: {entry.recipe_title or entry.recipe_slug}{score}"

    def item_description(self, entry) -> str:
        if isinstance(entry, Post):
            if entry.html:  # a notebook post: its sanitised rendering, cleaned once more
                from tracking.notebook_render import sanitise_again

                return sanitise_again(entry.html)
            return render_markdown(entry.body)
        return _run_summary(entry)

    def item_link(self, entry) -> str:
        if isinstance(entry, Post):
            return entry.get_absolute_url()
        return reverse("portfolio:run", args=[entry.owner.username, entry.pk])

    def item_pubdate(self, entry):
        return entry.published_at

    def item_author_name(self, entry) -> str:
        return entry.username if isinstance(entry, Post) else entry.owner.username


FEED_CACHE_SECONDS = 24 * 3600


def _feed_learner(request, username: str):
    """Looked up once per request, shared by the conditional-GET checks and the view."""
    cached = getattr(request, "_feed_learner", None)
    if cached is None or cached[0] != username:
        request._feed_learner = (username, selectors.public_learner(username))
    return request._feed_learner[1]


def feed_etag(learner) -> str:
    """A feed's ETag (unquoted) for `learner` (a User or a selectors.Stamp)."""
    return f"feed-{learner.pk}-{learner.portfolio_changed_at.timestamp():.6f}"


def feed_key(etag: str, origin: str) -> str:
    """The feed's cache key: its links name the host it was asked on."""
    return f"portfolio-feed:{etag}:{origin}"


def _etag(request, username: str) -> str | None:
    learner = _feed_learner(request, username)
    return None if learner is None else feed_etag(learner)


def _last_modified(request, username: str):
    learner = _feed_learner(request, username)
    return learner.portfolio_changed_at if learner else None


def _feed(request, username: str):
    """The Atom feed, kept in the cache under its ETag (and the host its links name)."""
    tag = _etag(request, username)
    if tag is None:
        raise Http404("No such portfolio.")
    key = feed_key(tag, f"{request.scheme}://{request.get_host()}")
    cached = answers.get(key)
    if cached is None:
        built = LearnerPostsFeed()(request, username=username)
        cached = (built["Content-Type"], built.content)
        answers.put(key, cached, FEED_CACHE_SECONDS)
    response = HttpResponse(cached[1], content_type=cached[0])
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    return response


@require_GET
@condition(etag_func=_etag, last_modified_func=_last_modified)
def feed(request, username: str):
    return _feed(request, username)
