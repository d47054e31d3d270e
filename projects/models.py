from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models

from core import storage
from core.visibility import OwnedQuerySet


class DatasetKind(models.TextChoices):
    """The shapes of data a recipe can train on (they match `DataSet.kind` in the recipes)."""

    IMAGE_FOLDERS = "image-folders", "Images in one folder per class (zip)"
    TABLE = "table", "A table with a column to predict (CSV)"
    TEXT = "text", "Texts with a label column (CSV)"
    RATINGS = "ratings", "Ratings: user, item, rating (CSV)"


# Which columns a learner chooses for each CSV kind, in the order the preview page asks.
COLUMN_ROLES: dict[str, tuple[str, ...]] = {
    DatasetKind.TABLE: ("target",),
    DatasetKind.TEXT: ("text", "target"),
    DatasetKind.RATINGS: ("user", "item", "rating"),
}
ROLE_LABELS = {
    "target": "Column to predict",
    "text": "Text column",
    "user": "User column",
    "item": "Item column",
    "rating": "Rating column",
}

CSV_FILE = "data.csv"


class UploadedDatasetQuerySet(OwnedQuerySet):
    def visible_to(self, viewer) -> UploadedDatasetQuerySet:
        """A learner's data sets are never public: only their owner sees them."""
        return self.owned_by(viewer)


class UploadedDataset(models.Model):
    """A learner's own data set: checked, stored under `datasets/<id>/` (core.storage)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="datasets"
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=DatasetKind.choices)
    original_filename = models.CharField(max_length=255, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    # Image zips: {"classes": {name: count}, "skipped": [[file, reason]], "total": n}.
    # CSVs: {"columns", "column_types", "rows", "row_count", "encoding", "delimiter", "notes"}.
    preview = models.JSONField(default=dict)
    columns = models.JSONField(default=dict, blank=True, help_text="role → column name")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UploadedDatasetQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    @property
    def storage_prefix(self) -> str:
        """Where the data set's files are stored (core.storage): `datasets/<id>`."""
        return storage.dataset_prefix(self.pk)

    @property
    def folder(self) -> Path:
        """A folder on this machine with the data set's files: the stored folder with local
        storage, a copy in this process's var dir with a bucket (a worker trains from it)."""
        return storage.local_folder(self.storage_prefix, version=self.created_at.isoformat())

    @property
    def slug(self) -> str:
        """How a training job names this data set."""
        return f"upload:{self.pk}"

    @property
    def is_csv(self) -> bool:
        return self.kind != DatasetKind.IMAGE_FOLDERS

    @property
    def training_path(self) -> Path:
        return self.folder / CSV_FILE if self.is_csv else self.folder

    @property
    def roles(self) -> tuple[str, ...]:
        return COLUMN_ROLES.get(self.kind, ())

    @property
    def missing_roles(self) -> list[str]:
        return [role for role in self.roles if not self.columns.get(role)]

    @property
    def is_ready(self) -> bool:
        """Ready to train on: every column the kind needs has been chosen."""
        return not self.missing_roles

    @staticmethod
    def archive_files(row: dict) -> list[str]:
        """The media folder of a data set row: an account export carries it."""
        return [f"datasets/{row['pk']}"]
