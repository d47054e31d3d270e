"""Writes of the portfolio app: following learners, publishing, a whole account's data."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from core import storage
from portfolio.models import Follow


def follow_create(*, follower: User, followed: User) -> Follow:
    """Follow a learner; following twice is harmless and returns the existing follow."""
    if follower.pk == followed.pk:
        raise ValidationError("You can't follow yourself — but keep going!")
    try:
        with transaction.atomic():
            follow, _ = Follow.objects.get_or_create(follower=follower, followed=followed)
    except IntegrityError:  # two tabs followed at once: the other insert won
        follow = Follow.objects.get(follower=follower, followed=followed)
    return follow


def follow_delete(*, follower: User, followed: User) -> bool:
    """Stop following. Returns False when there was nothing to undo."""
    deleted, _ = Follow.objects.filter(follower=follower, followed=followed).delete()
    return bool(deleted)


def account_export(*, learner: User) -> bytes:
    """The learner's whole account as a zip: every record, every file, readable Markdown."""
    from portfolio import archive

    return archive.export_account(learner, readable_extras=_readable_copies(learner))


def _readable_copies(learner: User) -> dict[str, str]:
    """Markdown copies of roadmaps and posts, for people rather than for import."""
    from portfolio.selectors import readable_markdown

    return readable_markdown(learner)


def account_import(*, learner: User, upload, take_username: bool = False, limits=None):
    """Fill the signed-in learner's own account from an export (a zip file object). One
    transaction: a refused import leaves no row, and the files it wrote are removed."""
    from portfolio import archive_import, archive_zip

    written = []
    try:
        with transaction.atomic():
            return archive_import.import_account(
                User.objects.select_for_update().get(pk=learner.pk),
                upload,
                take_username=take_username,
                written=written,
                limits=limits or archive_zip.DEFAULT_LIMITS,
            )
    except BaseException:
        for name in reversed(written):
            storage.remove(name)
        raise


def account_delete(*, learner: User, confirm_username: str) -> None:
    """Delete the learner, every record (by cascade) and every file, after confirmation."""
    from portfolio import archive

    if confirm_username != learner.username:
        raise ValidationError(
            {"confirm_username": "Type your username exactly to confirm deleting everything."}
        )
    names = archive.account_files(learner)

    def remove_files():
        for name in names:
            storage.remove(name)

    with transaction.atomic():
        User.objects.filter(pk=learner.pk).delete()
        transaction.on_commit(remove_files)


def _publish_roadmap(*, learner: User, pk: int, public: bool) -> None:
    from curriculum.models import Roadmap, Visibility
    from curriculum.services import roadmap_update

    roadmap = Roadmap.objects.owned_by(learner).get(pk=pk)
    visibility = Visibility.PUBLIC if public else Visibility.PRIVATE
    roadmap_update(learner=learner, roadmap=roadmap, visibility=visibility)


def _publish_entry(kind: str):
    def publish(*, learner: User, pk: int, public: bool) -> None:
        from journal.services import entry_publish

        entry_publish(learner=learner, kind=kind, pk=pk, public=public)

    return publish


def _publish_run(*, learner: User, pk: int, public: bool) -> None:
    from training_jobs.services import publish_run

    publish_run(learner=learner, job_id=pk, published=public)


# What a learner can publish, by kind: each goes through its own app's service.
PUBLISHERS = {
    "roadmap": _publish_roadmap,
    "reflection": _publish_entry("reflection"),
    "review": _publish_entry("review"),
    "session": _publish_entry("session"),
    "run": _publish_run,
}


@transaction.atomic
def publication_set(*, learner: User, kind: str, pk: int, public: bool) -> None:
    """Make one of the learner's things public or private. Another learner's thing, or one
    that does not exist, raises DoesNotExist (a 404 to the views)."""
    if kind not in PUBLISHERS:
        raise ValidationError({"kind": f"Nothing of kind {kind!r} can be published."})
    PUBLISHERS[kind](learner=learner, pk=pk, public=public)


@transaction.atomic
def portfolio_hide(*, learner: User, hidden: bool) -> User:
    """Hide or show the whole portfolio at once."""
    from accounts.services import profile_update

    return profile_update(learner=learner, portfolio_hidden=hidden)
