"""What an account import checks on each value: the report it keeps, the profile through
the profile form's allow-list, a field's value as Python, and a row's constraints and dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from portfolio.archive import user_model

if TYPE_CHECKING:
    from accounts.models import User


# Never taken from an archive, whatever it says: who the learner is and what they may do.
NEVER_IMPORTED = {
    "id",
    "password",
    "is_superuser",
    "is_staff",
    "is_active",
    "groups",
    "user_permissions",
    "last_login",
    "date_joined",
}


@dataclass
class ImportReport:
    learner: object
    counts: dict[str, int] = field(default_factory=dict)  # verbose name plural -> created
    singular: dict[str, str] = field(default_factory=dict)  # verbose name plural -> singular
    profile: list[str] = field(default_factory=list)  # profile fields taken, in learner words
    left_out: list[str] = field(default_factory=list)  # what was not imported, and why

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def count_lines(self) -> list[tuple[str, int]]:
        # A list, not the dict: templates would read counts.items as the key "items".
        return [(self.singular.get(k, k) if n == 1 else k, n) for k, n in self.counts.items()]


def _import_profile(
    learner: User, profile: dict, take_username: bool, report: ImportReport
) -> None:
    from accounts.services import PROFILE_FIELDS, profile_update, username_check

    if not isinstance(profile, dict):
        raise ValidationError("The profile in that export is not one Exhale can read.")
    User = user_model()
    changes, ignored, unknown = {}, [], []
    for name, value in profile.items():
        if name in PROFILE_FIELDS:
            changes[name] = _to_python(User._meta.get_field(name), value)
        elif name == "username":
            continue
        elif name == "email":
            if value != learner.email:
                report.left_out.append(
                    "The e-mail address in the export: this account keeps its own."
                )
        elif name in NEVER_IMPORTED or name in {f.name for f in User._meta.get_fields()}:
            ignored.append(name)
        else:
            unknown.append(name)
    if ignored:
        report.left_out.append(
            "From the profile: " + ", ".join(sorted(ignored)) + ". An import never changes "
            "your password or what you may do here."
        )
    if unknown:
        report.left_out.append("Profile fields this Exhale does not know: " + ", ".join(unknown))
    wanted = profile.get("username")
    if take_username and wanted:
        learner.username = username_check(str(wanted), learner=learner)
        learner.full_clean(exclude=["password"])  # the model's username rules, as at sign-up
        learner.save(update_fields=["username"])
        report.profile.append(str(User._meta.get_field("username").verbose_name))
    elif wanted and str(wanted).lower() != learner.username:
        report.left_out.append(
            f"The export's username {wanted!r}: you stay {learner.username!r} here."
        )
    try:
        profile_update(learner=learner, **changes)
    except ValidationError as exc:
        raise ValidationError(_prefixed("The profile in that export", exc)) from exc
    report.profile.extend(str(User._meta.get_field(name).verbose_name) for name in changes)


def _prefixed(what: str, exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{what}: {name}: {msg}" for name, msgs in exc.message_dict.items() for msg in msgs]
    return [f"{what}: {msg}" for msg in exc.messages]


def _to_python(f, value):
    if value is None:
        return None
    what = f"The field {f.name!r} in that export"
    try:
        return f.to_python(value)
    except ValidationError as exc:
        raise ValidationError(_prefixed(what, exc)) from exc
    except (TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise ValidationError(f"{what} holds a value Exhale can't read.") from exc


def _is_id(value) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool)


def _validate_constraints(obj) -> None:
    """Unique constraints, with their messages. Check constraints are left to the database,
    which enforces them on insert without the query per row Django's validation costs."""
    errors = []
    for constraint in obj._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            continue
        try:
            constraint.validate(type(obj), obj)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)


def _date_automatic_fields(obj) -> None:
    """auto_now(_add) fields keep the export's dates; one the export lacks is dated now."""
    now = timezone.now()
    for f in obj._meta.concrete_fields:
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        if auto and getattr(obj, f.attname) is None:
            setattr(obj, f.attname, now)
