"""Who sees what: the one place the visibility and publishing rules are written.

- A *public learner* is an active account that has not hidden its portfolio
  (`public_owner`). Every public surface (pages, feeds, badges, API, sitemap, posts) reaches
  learners only through it.
- A thing is *public* when it is published and its owner is a public learner
  (`PublishableQuerySet.public`); it is *visible to* a viewer when it is public or theirs
  (`visible_to`). Another learner's private thing answers 404, like one that does not exist.
- *Owned by* is the learner's own rows (`owned_by`): what they may change.
- *Publishing* is `PublishingMixin.set_public`: the first publication time is kept for good, also
  when the thing is made private and public again (its place in feeds and on the portfolio does
  not move); whether it shows is decided by its visibility flag alone.

docs/security/rules.md lists each surface and the test that proves private stays private.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private"
    PUBLIC = "public", "Public"


def public_owner(path: str = "") -> Q:
    """The learner at `path` ("owner", "learner", "stage__roadmap__owner"; "" for a User
    queryset itself) is public: active and not hiding their portfolio."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}is_active": True, f"{prefix}portfolio_hidden": False})


def prefixed(rule: Q, path: str) -> Q:
    """The same rule about the object at `path` ("item", "item__stage__roadmap"), for reading
    it through joins of rows that point at the object."""
    copy = Q()
    copy.connector, copy.negated = rule.connector, rule.negated
    copy.children = [
        prefixed(child, path) if isinstance(child, Q) else (f"{path}__{child[0]}", child[1])
        for child in rule.children
    ]
    return copy


def public_learners():
    """Every learner whose portfolio a visitor may see."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(public_owner())


def _signed_in(viewer) -> bool:
    return viewer is not None and viewer.is_authenticated


class OwnedQuerySet(models.QuerySet):
    """`owned_by(learner)`: the learner's own rows. `owner_field` is the lookup to the learner."""

    owner_field = "owner"

    def owned_by(self, learner):
        if not _signed_in(learner):
            return self.none()
        return self.filter(**{self.owner_field: learner})


class PublishableQuerySet(OwnedQuerySet):
    """`public()` and `visible_to(viewer)` from one rule: published (`published_q`, each model's
    own flag) and owned by a public learner."""

    def published_q(self) -> Q:  # pragma: no cover - each model says what published means
        raise NotImplementedError

    def public_q(self) -> Q:
        return self.published_q() & public_owner(self.owner_field)

    def public(self):
        return self.filter(self.public_q())

    def visible_to(self, viewer):
        rule = self.public_q()
        if _signed_in(viewer):
            rule |= Q(**{self.owner_field: viewer})
        return self.filter(rule)


class PublishingMixin:
    """Mixin for the models a learner publishes. `set_public` is the only way they change
    visibility; it returns the fields it changed, for `save(update_fields=...)`."""

    def _set_public_flag(self, public: bool) -> str:
        """Set the model's own flag; return its field name."""
        self.visibility = Visibility.PUBLIC if public else Visibility.PRIVATE
        return "visibility"

    def set_public(self, public: bool, *, now=None) -> list[str]:
        fields = [self._set_public_flag(public)]
        if public and hasattr(self, "published_at") and self.published_at is None:
            self.published_at = now or timezone.now()
            fields.append("published_at")
        return fields
