"""Runs a learner logs from their own notebooks with the MLflow client.

An experiment is the learner's project; a logged run holds its params, tags, every metric
point (the history, not only the latest value) and an index of its artifacts, whose bytes
live in Django's default storage under `tracking/<run id>/`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.visibility import PublishableQuerySet, PublishingMixin

KEY_MAX = 250
PARAM_VALUE_MAX = 6000
TAG_VALUE_MAX = 8000


class RunStatus(models.TextChoices):
    RUNNING = "RUNNING", "Running"
    SCHEDULED = "SCHEDULED", "Scheduled"
    FINISHED = "FINISHED", "Finished"
    FAILED = "FAILED", "Failed"
    KILLED = "KILLED", "Killed"


FINAL_RUN_STATUSES = (RunStatus.FINISHED, RunStatus.FAILED, RunStatus.KILLED)


class Experiment(models.Model):
    """A named project of the learner's own, as MLflow's `set_experiment` names it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiments"
    )
    name = models.CharField(max_length=KEY_MAX)
    item = models.ForeignKey(
        "curriculum.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiments",
        help_text="The roadmap item this project belongs to, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "name"], name="experiment_name_per_learner")
        ]

    def __str__(self) -> str:
        return self.name


class LoggedRunQuerySet(PublishableQuerySet):
    """Visible: the viewer's own runs, and public learners' published runs (not deleted)."""

    owner_field = "learner"

    def published_q(self) -> Q:
        return Q(published=True, deleted=False)


class PublishedFlag(PublishingMixin):
    """Logged runs and notebooks say "published" with a flag, as training runs do."""

    def _set_public_flag(self, public: bool) -> str:
        self.published = public
        return "published"


class LoggedRun(PublishedFlag, models.Model):
    """One run logged through the MLflow-compatible endpoint."""

    run_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="runs")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="logged_runs"
    )
    name = models.CharField(max_length=KEY_MAX, blank=True)
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING)
    start_time = models.BigIntegerField(help_text="Milliseconds since the epoch, as MLflow sends.")
    end_time = models.BigIntegerField(null=True, blank=True)
    deleted = models.BooleanField(default=False)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    is_reference = models.BooleanField(
        default=False, help_text="The run the project's other runs are measured against."
    )
    logged_session = models.ForeignKey(
        "journal.StudySession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The exhale session this run's duration was logged as, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LoggedRunQuerySet.as_manager()

    class Meta:
        ordering = ["-start_time"]
        indexes = [models.Index(fields=["learner", "-start_time"])]
        constraints = [
            models.UniqueConstraint(
                fields=["experiment"],
                condition=Q(is_reference=True),
                name="one_reference_logged_run_per_project",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.run_id

    @property
    def run_id(self) -> str:
        return self.run_uuid.hex

    @property
    def duration_ms(self) -> int | None:
        if self.end_time is None:
            return None
        return max(0, self.end_time - self.start_time)

    @property
    def session_minutes(self) -> int | None:
        """The minutes its time counts as when logged as a session: at least one."""
        if self.duration_ms is None:
            return None
        return max(1, round(self.duration_ms / 60000))

    @property
    def storage_prefix(self) -> str:
        return f"tracking/{self.run_id}"

    @staticmethod
    def archive_files(row: dict) -> list[str]:
        """The folder of a logged run's artifacts: an account export carries it, deletion
        removes it."""
        return [f"tracking/{uuid.UUID(str(row['run_uuid'])).hex}"]


class LoggedParam(models.Model):
    run = models.ForeignKey(LoggedRun, on_delete=models.CASCADE, related_name="params")
    key = models.CharField(max_length=KEY_MAX)
    value = models.CharField(max_length=PARAM_VALUE_MAX)

    class Meta:
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="param_key_per_run")]

    def __str__(self) -> str:
        return f"{self.key}={self.value[:40]}"


class LoggedTag(models.Model):
    run = models.ForeignKey(LoggedRun, on_delete=models.CASCADE, related_name="tags")
    key = models.CharField(max_length=KEY_MAX)
    value = models.TextField(max_length=TAG_VALUE_MAX, blank=True)

    class Meta:
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="tag_key_per_run")]

    def __str__(self) -> str:
        return f"{self.key}={self.value[:40]}"


class LoggedMetric(models.Model):
    """One metric point. NaN and ±Infinity are kept in `special`, since SQLite stores NaN as
    NULL: `value` then holds 0 and the reader puts the special value back."""

    run = models.ForeignKey(LoggedRun, on_delete=models.CASCADE, related_name="metrics")
    key = models.CharField(max_length=KEY_MAX)
    value = models.FloatField()
    special = models.CharField(max_length=9, blank=True)
    timestamp = models.BigIntegerField()
    step = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["key", "step", "timestamp", "id"]
        indexes = [models.Index(fields=["run", "key", "step"])]

    def __str__(self) -> str:
        return f"{self.key}@{self.step}"


class LoggedArtifact(models.Model):
    """The index of one stored artifact file, so listings and quotas need no storage scan."""

    run = models.ForeignKey(LoggedRun, on_delete=models.CASCADE, related_name="artifacts")
    path = models.CharField(max_length=1000)
    size = models.BigIntegerField()
    content_type = models.CharField(max_length=120, blank=True)
    stored_name = models.CharField(max_length=1100)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["run", "path"], name="artifact_path_per_run")
        ]

    def __str__(self) -> str:
        return self.path

    @property
    def is_image(self) -> bool:
        return self.content_type in {"image/png", "image/jpeg", "image/gif", "image/webp"}


class NotebookQuerySet(PublishableQuerySet):
    owner_field = "learner"

    def published_q(self) -> Q:
        return Q(published=True)


class Notebook(PublishedFlag, models.Model):
    """An executed notebook the learner uploaded, rendered once into sanitised HTML; a post
    when published. Re-uploading replaces the file and bumps the version."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notebooks"
    )
    title = models.CharField(max_length=200)
    item = models.ForeignKey(
        "curriculum.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_run = models.ForeignKey(
        LoggedRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="notebooks"
    )
    original_filename = models.CharField(max_length=255)
    html = models.TextField()
    summary = models.TextField(blank=True, help_text="The first Markdown cell, for excerpts.")
    images = models.JSONField(default=list, help_text="Names of the images taken from outputs.")
    cells = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NotebookQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def storage_prefix(self) -> str:
        return f"notebooks/{self.pk}/v{self.version}"

    @staticmethod
    def archive_files(row: dict) -> list[str]:
        """The notebook's uploaded source and output images, every version's folder."""
        return [f"notebooks/{row['pk']}"]

    @property
    def post_slug(self) -> str:
        return f"notebook-{self.pk}"
