"""Writes of the portfolio app: following learners, publishing, a whole account's data."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
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
        for path in reversed(written):
            path.unlink(missing_ok=True)
            _remove_empty_parents(path.parent)
        raise


def _remove_empty_parents(folder) -> None:
    from django.conf import settings

    media = Path(settings.MEDIA_ROOT).resolve()
    while folder != media and media in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty: something else lives here
            return
        folder = folder.parent


def account_delete(*, learner: User, confirm_username: str) -> None:
    """Delete the learner, every record (by cascade) and every file, after confirmation."""
    import shutil

    from portfolio import archive

    if confirm_username != learner.username:
        raise ValidationError(
            {"confirm_username": "Type your username exactly to confirm deleting everything."}
        )
    paths = archive.account_files(learner)

    def remove_files():
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    with transaction.atomic():
        User.objects.filter(pk=learner.pk).delete()
        transaction.on_commit(remove_files)


# What a learner can publish, by kind: the model, the field that says so, and its owner field.
PUBLISHABLE = {
    "roadmap": ("curriculum.Roadmap", "owner"),
    "reflection": ("journal.Reflection", "learner"),
    "review": ("journal.WeeklyReview", "learner"),
    "session": ("journal.StudySession", "learner"),
    "run": ("training_jobs.TrainingJob", "owner"),
}


def publication_set(*, learner: User, kind: str, pk: int, public: bool) -> None:
    """Make one of the learner's things public or private. Another learner's thing, or one
    that does not exist, raises DoesNotExist (a 404 to the views)."""
    from django.apps import apps
    from django.utils import timezone

    if kind not in PUBLISHABLE:
        raise ValidationError({"kind": f"Nothing of kind {kind!r} can be published."})
    label, owner_field = PUBLISHABLE[kind]
    model = apps.get_model(label)
    with transaction.atomic():
        obj = model.objects.select_for_update().get(pk=pk, **{owner_field: learner})
        if kind == "run":
            from training_jobs import services as training_services

            training_services.publish_run(learner=learner, job_id=obj.pk, published=public)
            return
        obj.visibility = "public" if public else "private"
        if hasattr(obj, "published_at"):
            obj.published_at = (obj.published_at or timezone.now()) if public else None
        fields = ["visibility", "published_at"] if hasattr(obj, "published_at") else ["visibility"]
        obj.save(update_fields=fields)


@transaction.atomic
def portfolio_hide(*, learner: User, hidden: bool) -> User:
    """Hide or show the whole portfolio at once."""
    from accounts.services import profile_update

    return profile_update(learner=learner, portfolio_hidden=hidden)
