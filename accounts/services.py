"""Writes that concern a learner's account. Web forms, the API and commands call these."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from accounts.models import ApiToken, User, hash_token_key
from accounts.signals import figure_settings_changed

PROFILE_FIELDS = (
    "display_name",
    "timezone",
    "daily_target_minutes",
    "inhale_target_percent",
    "rest_weekdays",
    "streak_freezes_per_month",
    "bio",
    "github_url",
    "blog_url",
    "kaggle_url",
    "social_url",
    "portfolio_hidden",
)

# The settings the journal's figures depend on (accounts.signals.figure_settings_changed).
FIGURE_SETTINGS = ("timezone", "rest_weekdays", "streak_freezes_per_month")


def username_check(username: str, *, learner: User | None = None) -> str:
    """The sign-up rule for a wanted username: trimmed, lowercased and not taken by anyone
    else, compared case-insensitively. The pattern and reserved names are the model field's
    validator, which full_clean() applies. Sign-up and the account import both call this."""
    username = (username or "").strip().lower()
    taken = User.objects.filter(username__iexact=username)
    if learner is not None:
        taken = taken.exclude(pk=learner.pk)
    if taken.exists():
        raise ValidationError({"username": "That username is taken; please pick another."})
    return username


@transaction.atomic
def learner_sign_up(*, username: str, email: str, password: str, **profile) -> User:
    """Create a learner after checking the username, e-mail and password rules."""
    username = username_check(username)
    email = (email or "").strip()
    # An e-mail that already has an account is not refused: that answer would tell anyone
    # which addresses are registered (password reset, too, reveals nothing). The address's
    # owner is told by e-mail instead, and nobody can squat an address to block its owner.
    others = []
    if email:
        others = list(User.objects.filter(email__iexact=email).values_list("username", flat=True))
    learner = User(username=username, email=email, **profile)
    learner.full_clean(exclude=["password"])
    try:
        validate_password(password, learner)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    learner.set_password(password)
    learner.save()
    if others:
        transaction.on_commit(lambda: _tell_address_owner(email, learner.username, others))
    return learner


def _tell_address_owner(email: str, new_username: str, usernames: list[str]) -> None:
    send_mail(
        subject="A new Exhale account uses your e-mail address",
        message=render_to_string(
            "accounts/email_already_used.txt",
            {"new_username": new_username, "usernames": usernames, "site_url": settings.SITE_URL},
        ),
        from_email=None,
        recipient_list=[email],
        fail_silently=True,
    )


@transaction.atomic
def profile_update(*, learner: User, **changes) -> User:
    """Change profile fields; unknown fields are refused rather than silently ignored."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown profile fields: {', '.join(sorted(unknown))}.")
    figures = [name for name in changes if name in FIGURE_SETTINGS]
    stored = User.objects.filter(pk=learner.pk).values(*figures).first() if figures else {}
    changed = [name for name in figures if stored and stored[name] != changes[name]]
    for name, value in changes.items():
        setattr(learner, name, value)
    learner.__dict__.pop("rest_weekday_numbers", None)  # a cached_property of rest_weekdays
    learner.full_clean(exclude=["password"])
    learner.save(update_fields=[*changes.keys()] or None)
    if changed:
        figure_settings_changed.send(sender=User, learner=learner, fields=changed)
    return learner



def api_token_create(*, learner: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is never shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, e.g. 'laptop script'."})
    if len(name) > 60:
        raise ValidationError({"name": "Keep the name under 60 characters."})
    if learner.api_tokens.count() >= 20:
        raise ValidationError("You have 20 tokens already; revoke one you no longer use.")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        learner=learner, name=name, key_hash=hash_token_key(key), prefix=key[:8]
    )
    return token, key


def api_token_revoke(*, learner: User, token_id: int) -> bool:
    """Revoke one of the learner's tokens. Returns False when there was none to revoke."""
    deleted, _ = ApiToken.objects.filter(learner=learner, pk=token_id).delete()
    return bool(deleted)
