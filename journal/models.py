"""The journal: study sessions, the focus timer, reflections, weekly reviews and the not-to-do
list. Times are stored in UTC; each session also keeps the learner's local date it fell on."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.visibility import OwnedQuerySet, PublishableQuerySet, PublishingMixin, Visibility
from journal.habits import Split
from journal.kinds import Kind, side_of

MIN_MINUTES = 1
MAX_MINUTES = 24 * 60
DEFAULT_TIMER_MINUTES = 90
TIMER_ASKS_AFTER = timedelta(hours=4)
NOTE_MAX_CHARS = 20_000


class OwnQuerySet(OwnedQuerySet):
    owner_field = "learner"


class VisibleQuerySet(OwnQuerySet, PublishableQuerySet):
    """Sessions, reflections and reviews: the rules of core.visibility, for pages, feeds and the
    API alike."""

    def published_q(self) -> Q:
        return Q(visibility=Visibility.PUBLIC)


class Publishable(PublishingMixin, models.Model):
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


minutes_validators = [MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)]


def public_posts_index(name: str, condition: Q | None = None) -> models.Index:
    """The public rows, newest first: discover's recent posts and followed learners' posts
    read the top of it, and the sitemap's id ranges count its entries, so neither scans every
    learner's private journal (measured by `make bench-scale`)."""
    return models.Index(
        fields=["-published_at", "-id"],
        include=["learner"],  # PostgreSQL: the sitemap's counts read the index alone
        condition=Q(visibility=Visibility.PUBLIC) & (condition or Q()),
        name=name,
    )


class StudySession(Publishable):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_sessions"
    )
    started_at = models.DateTimeField(help_text="UTC.")
    local_date = models.DateField(help_text="The learner's calendar date when it started.")
    minutes = models.PositiveSmallIntegerField(validators=minutes_validators)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CODING)
    item = models.ForeignKey(
        "curriculum.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="study_sessions",
    )
    note = models.TextField(max_length=NOTE_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["learner", "local_date"]),
            public_posts_index("session_public_posts", ~Q(note="")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES),
                name="session_minutes_within_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_date} {self.minutes} min {self.kind}"

    @property
    def side(self) -> str:
        return side_of(self.kind)

    @property
    def ended_at(self):
        return self.started_at + timedelta(minutes=self.minutes)


class KindLabel(models.Model):
    """A learner's own name for a kind ("Kaggle" for experiment); the side never changes."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kind_labels"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    label = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "kind"], name="one_label_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.label}"


class FocusTimer(models.Model):
    """A deep-work block, kept on the server so a closed tab loses nothing. At most one runs
    per learner; stopping it sets stopped_at once and links the session it created."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focus_timers"
    )
    started_at = models.DateTimeField()
    planned_minutes = models.PositiveSmallIntegerField(
        default=DEFAULT_TIMER_MINUTES, validators=minutes_validators
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CODING)
    item = models.ForeignKey(
        "curriculum.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stopped_at = models.DateTimeField(null=True, blank=True)
    session = models.OneToOneField(
        StudySession, on_delete=models.SET_NULL, null=True, blank=True, related_name="timer"
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner"],
                condition=Q(stopped_at__isnull=True),
                name="one_running_timer_per_learner",
            )
        ]

    def __str__(self) -> str:
        return f"timer of {self.learner_id} from {self.started_at:%Y-%m-%d %H:%M}"

    def elapsed(self, now: datetime | None = None) -> timedelta:
        return (self.stopped_at or now or timezone.now()) - self.started_at

    @property
    def elapsed_minutes(self) -> int:
        return int(self.elapsed().total_seconds() // 60)

    @property
    def needs_real_minutes(self) -> bool:
        """Past four hours a timer was probably forgotten: ask how long the work really was."""
        return self.elapsed() > TIMER_ASKS_AFTER


class Reflection(Publishable):
    """A daily note, one per learner and local date."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    date = models.DateField()
    body = models.TextField(max_length=NOTE_MAX_CHARS)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        indexes = [public_posts_index("reflection_public_posts")]
        constraints = [
            models.UniqueConstraint(fields=["learner", "date"], name="one_reflection_per_day")
        ]

    def __str__(self) -> str:
        return f"reflection {self.date}"


class WeeklyReview(Publishable):
    """The weekly look in the mirror, with the week's figures as they were when written."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_reviews"
    )
    week_start = models.DateField(help_text="The Monday of the ISO week.")
    learned = models.TextField("What did I learn?", max_length=NOTE_MAX_CHARS, blank=True)
    hardest = models.TextField("What was hardest?", max_length=NOTE_MAX_CHARS, blank=True)
    resources = models.TextField("Which resources helped?", max_length=NOTE_MAX_CHARS, blank=True)
    on_track = models.BooleanField("Am I getting the results I am after?", null=True, blank=True)
    results = models.TextField("How do my results look?", max_length=NOTE_MAX_CHARS, blank=True)
    changes = models.TextField("If not, what will I change?", max_length=NOTE_MAX_CHARS, blank=True)
    total_minutes = models.PositiveIntegerField(default=0)
    inhale_minutes = models.PositiveIntegerField(default=0)
    exhale_minutes = models.PositiveIntegerField(default=0)
    items_finished = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_start"]
        indexes = [public_posts_index("review_public_posts")]
        constraints = [
            models.UniqueConstraint(fields=["learner", "week_start"], name="one_review_per_week")
        ]

    def __str__(self) -> str:
        return f"review {self.iso_week}"

    @property
    def iso_week(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def inhale_percent(self) -> int | None:
        return Split(self.inhale_minutes, self.exhale_minutes).inhale_percent


class NotToDo(models.Model):
    """Change is about what not to do: an explicit list, each entry dated."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="not_to_dos"
    )
    text = models.CharField(max_length=200)
    added_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["retired_at", "-added_at"]

    def __str__(self) -> str:
        return self.text


PAUSE_NOTE_MAX_CHARS = 200


class Pause(models.Model):
    """A stretch the learner is sick or on holiday: streaks and the habit score skip its days,
    as they skip planned rest days. Both ends are local dates and are included."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pauses"
    )
    start = models.DateField()
    end = models.DateField()
    note = models.CharField(max_length=PAUSE_NOTE_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="pause_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"pause {self.start}–{self.end}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class DayTotal(models.Model):
    """Minutes per learner, local day and kind: the sum of the learner's sessions, kept up to
    date in the same transaction as every session write (journal.totals). Figures read these
    rather than summing sessions."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="day_totals"
    )
    day = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    minutes = models.PositiveIntegerField()

    class Meta:
        ordering = ["day", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "day", "kind"], name="one_total_per_day_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.minutes} min"


class HabitCheckpoint(models.Model):
    """The figures' state after the last day of a month (journal.progress.Checkpoint, as
    JSON), so streaks and the habit score resume from it instead of walking every year."""

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="habit_checkpoint",
    )
    through = models.DateField()
    data = models.TextField()

    def __str__(self) -> str:
        return f"checkpoint of {self.learner_id} through {self.through}"
