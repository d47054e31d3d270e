from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q

from core import storage
from core.visibility import PublishableQuerySet, PublishingMixin


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


FINAL_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)
ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class TrainingJobQuerySet(PublishableQuerySet):
    """Visible: the learner's own runs, and public learners' published runs that succeeded
    (only a run that succeeded has a public page)."""

    def published_q(self) -> Q:
        return Q(published=True, status=JobStatus.SUCCEEDED)

    def active(self) -> TrainingJobQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)


class TrainingJob(PublishingMixin, models.Model):
    """One training run of a milestone recipe, from queued to one final status."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_jobs"
    )
    recipe_slug = models.CharField(max_length=60)
    recipe_title = models.CharField(max_length=200, blank=True)
    dataset_slug = models.CharField(max_length=80)
    dataset_title = models.CharField(
        max_length=200, blank=True, help_text="Kept when an uploaded data set is deleted."
    )
    uploaded_dataset = models.ForeignKey(
        "projects.UploadedDataset",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_jobs",
        help_text="The learner's own data set this run trains on, if any.",
    )
    metric_name = models.CharField(max_length=40, default="accuracy")
    params = models.JSONField(default=dict)
    item = models.ForeignKey(
        "curriculum.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_jobs",
        help_text="The roadmap milestone this run belongs to.",
    )
    retry_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retries"
    )

    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    queue = models.CharField(max_length=40, default="gpu")
    device = models.CharField(max_length=120, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    worker_host = models.CharField(
        max_length=255, blank=True, help_text="The machine whose worker claimed the run."
    )
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)

    epochs_done = models.PositiveIntegerField(default=0)
    epochs_total = models.PositiveIntegerField(default=0)
    baselines = models.JSONField(default=dict, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=500, blank=True, help_text="Shown to the learner.")
    log_tail = models.TextField(blank=True)
    artifacts = models.JSONField(default=list, blank=True)

    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    # The learner's pinned run for this recipe, that later results are measured against.
    is_reference = models.BooleanField(default=False)

    objects = TrainingJobQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["owner", "-queued_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "recipe_slug"],
                condition=Q(is_reference=True),
                name="one_reference_run_per_recipe",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipe_slug} #{self.pk} ({self.status})"

    def _set_public_flag(self, public: bool) -> str:
        self.published = public
        return "published"

    @property
    def dataset_name(self) -> str:
        return self.dataset_title or self.dataset_slug

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def progress_percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.epochs_total:
            return 0
        return min(100, round(100 * self.epochs_done / self.epochs_total))

    @property
    def metric_value(self) -> float | None:
        value = self.metrics.get(self.metric_name) if self.metrics else None
        return float(value) if value is not None else None

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def storage_prefix(self) -> str:
        """Where the run's files are stored (core.storage): `training_jobs/<id>`."""
        return storage.job_prefix(self.pk)

    def file_key(self, name: str) -> str:
        """The storage key of one of the run's files; raises for a name that could leave it."""
        return storage.key(self.storage_prefix, name)

    @property
    def artifact_dir(self) -> Path:
        """A folder on this machine with the run's files (the stored folder itself with local
        storage; a downloaded copy with a bucket, made again for another row under this id).
        For the worker, tools and tests, not for pages."""
        return storage.local_folder(self.storage_prefix, version=self.queued_at.isoformat())

    @staticmethod
    def archive_files(row: dict) -> list[str]:
        """The media folder of a job row: an account export carries it, deletion removes it."""
        return [f"training_jobs/{row['pk']}"]

    def artifact(self, name: str) -> dict | None:
        return next((a for a in self.artifacts if a.get("name") == name), None)

    @property
    def images(self) -> list[dict]:
        return [a for a in self.artifacts if a.get("kind") == "image"]

    @property
    def model_file(self) -> dict | None:
        return next((a for a in self.artifacts if a.get("kind") == "model"), None)


class EpochMetric(models.Model):
    job = models.ForeignKey(TrainingJob, on_delete=models.CASCADE, related_name="epochs")
    epoch = models.PositiveIntegerField()
    train_loss = models.FloatField(null=True, blank=True)
    valid_loss = models.FloatField(null=True, blank=True)
    metric = models.FloatField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["job", "epoch"]
        constraints = [
            models.UniqueConstraint(fields=["job", "epoch"], name="one_row_per_epoch"),
        ]

    def __str__(self) -> str:
        return f"epoch {self.epoch} of job {self.job_id}"
