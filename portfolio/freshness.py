"""Knowing when a learner's portfolio changed, so that pages answer 304 and are cached.

Every write to anything a learner owns bumps `User.portfolio_changed_at` with one UPDATE. The
owned models are found by walking foreign keys (portfolio.archive), so a model added later is
covered without anyone remembering to call a hook. This is infrastructure (a cache stamp), not
business logic, which is why signals are acceptable here."""

from django.db.models import Subquery
from django.db.models.signals import post_save, pre_delete
from django.utils import timezone

from accounts.models import User


def _bump_owner(model, owner_path: str, pk) -> None:
    owner = model._base_manager.filter(pk=pk).values(owner_path)[:1]  # deleted rows too
    User.objects.filter(pk=Subquery(owner)).update(portfolio_changed_at=timezone.now())


# Rows written only with bulk_create (which sends no signal) and removed only with their run,
# whose own writes bump the stamp. A receiver would do nothing for them but take away Django's
# fast delete: deleting an account with 12,000 logged points cost 12,000 UPDATEs and 8 s.
WRITTEN_IN_BULK = {"tracking.LoggedMetric", "tracking.LoggedParam"}


def connect() -> None:
    from portfolio.archive import owned_models

    for owned in owned_models():
        if owned.label in WRITTEN_IN_BULK:
            continue
        model, path = owned.model, owned.owner_path

        def on_save(sender, instance, raw=False, _model=model, _path=path, **kwargs):
            if not raw:
                _bump_owner(_model, _path, instance.pk)

        def on_delete(sender, instance, _model=model, _path=path, **kwargs):
            _bump_owner(_model, _path, instance.pk)

        post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"fresh-save-{model}")
        pre_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=f"fresh-del-{model}")

    def on_profile_save(sender, instance, update_fields=None, raw=False, **kwargs):
        if raw or (update_fields and set(update_fields) <= {"last_login", "portfolio_changed_at"}):
            return
        User.objects.filter(pk=instance.pk).update(portfolio_changed_at=timezone.now())

    post_save.connect(on_profile_save, sender=User, weak=False, dispatch_uid="fresh-profile")
