import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone as django_timezone
from django.utils.functional import cached_property

from accounts.validators import (
    timezone_choices,
    validate_rest_weekdays,
    validate_timezone,
    validate_username,
)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class User(AbstractUser):
    """A learner. The username is public: it is the portfolio address /u/<username>/."""

    username = models.CharField(
        "username",
        max_length=30,
        unique=True,
        validators=[validate_username],
        error_messages={"unique": "That username is taken; please pick another."},
    )
    email = models.EmailField("email address", blank=False)
    display_name = models.CharField(max_length=80, blank=True)
    timezone = models.CharField(
        max_length=64, default="UTC", choices=timezone_choices(), validators=[validate_timezone]
    )
    daily_target_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(16 * 60)]
    )
    inhale_target_percent = models.PositiveSmallIntegerField(
        "inhale (study) share of practice, %",
        default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    rest_weekdays = models.CharField(
        max_length=7, blank=True, default="", validators=[validate_rest_weekdays]
    )
    streak_freezes_per_month = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="Missed practice days a month that do not break your streak.",
    )
    bio = models.TextField(max_length=2000, blank=True)
    github_url = models.URLField("GitHub", max_length=200, blank=True)
    blog_url = models.URLField("blog", max_length=200, blank=True)
    kaggle_url = models.URLField("Kaggle", max_length=200, blank=True)
    social_url = models.URLField("X / Mastodon", max_length=200, blank=True)
    portfolio_hidden = models.BooleanField(
        default=False, help_text="Hide the whole portfolio: every public page answers 404."
    )
    portfolio_changed_at = models.DateTimeField(
        default=django_timezone.now,
        editable=False,
        help_text="When anything on the learner's portfolio last changed (for HTTP caching).",
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    @property
    def exhale_target_percent(self) -> int:
        return 100 - self.inhale_target_percent

    @cached_property
    def rest_weekday_numbers(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.rest_weekdays)

    def links(self) -> list[tuple[str, str]]:
        fields = ["github_url", "blog_url", "kaggle_url", "social_url"]
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in fields
            if getattr(self, name)
        ]


def hash_token_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A named API token. Only its hash is stored: the key is shown once, when created."""

    learner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=60)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return secrets.token_hex(20)
