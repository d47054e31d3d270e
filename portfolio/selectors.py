"""Reads of the portfolio: what a visitor may see of a learner."""

from accounts.models import User


def readable_markdown(learner: User) -> dict[str, str]:
    """Zip member name -> Markdown text, for every roadmap of the learner."""
    copies: dict[str, str] = {}
    try:
        from curriculum.services import roadmap_export
    except ImportError:  # the curriculum exporter is not there yet
        return copies
    for roadmap in learner.roadmaps.all():
        copies[f"roadmaps/{roadmap.pk}.md"] = roadmap_export(roadmap=roadmap, format="md")
    return copies


def public_learner(username: str) -> User | None:
    """The learner whose portfolio a visitor may see, or None (unknown, inactive or hidden)."""
    return User.objects.filter(username=username, is_active=True, portfolio_hidden=False).first()
