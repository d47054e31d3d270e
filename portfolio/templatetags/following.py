from django import template

from portfolio.posts import posts_of_followed

register = template.Library()


@register.inclusion_tag("portfolio/_followed_posts.html")
def followed_posts(learner, limit: int = 5):
    """The Today page's box of what the people a learner follows published lately."""
    return {"posts": posts_of_followed(learner, limit)}
