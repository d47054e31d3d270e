from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core.markdown import render_markdown
from portfolio import selectors
from portfolio.posts import Post, public_posts


class LearnerPostsFeed(Feed):
    """An Atom feed of one learner's public posts."""

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

    def items(self, learner) -> list[Post]:
        return public_posts(learner, limit=50)

    def item_title(self, post: Post) -> str:
        return post.title

    def item_description(self, post: Post) -> str:
        if post.html:
            from tracking.notebook_render import sanitise_again

            return sanitise_again(post.html)
        return render_markdown(post.body)

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_author_name(self, post: Post) -> str:
        return post.username
