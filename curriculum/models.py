from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.visibility import OwnedQuerySet, PublishableQuerySet, PublishingMixin, Visibility
from curriculum import kinds
from curriculum.kinds import ItemKind, ItemStatus, StageKind  # noqa: F401  (read from here too)

UNDO_WINDOW = timedelta(minutes=30)


class RoadmapQuerySet(PublishableQuerySet):
    """Visible: your own roadmaps, every template, and public learners' public roadmaps."""

    def published_q(self) -> Q:
        return Q(visibility=Visibility.PUBLIC, owner__isnull=False)

    def public_q(self) -> Q:
        return Q(is_template=True) | super().public_q()

    def owned_by(self, learner) -> "RoadmapQuerySet":
        return super().owned_by(learner).filter(is_template=False)

    def templates(self) -> "RoadmapQuerySet":
        return self.filter(is_template=True)


class LiveQuerySet(models.QuerySet):
    """Stages and items that were deleted stay for UNDO_WINDOW so a delete can be undone (and
    journal sessions pointing at an item keep it); everything reads the live ones."""

    def live(self):
        return self.filter(deleted_at__isnull=True)


class StageQuerySet(LiveQuerySet, OwnedQuerySet):
    owner_field = "roadmap__owner"

    def owned_by(self, learner):
        return super().owned_by(learner).filter(roadmap__is_template=False)


class ItemQuerySet(StageQuerySet):
    owner_field = "stage__roadmap__owner"

    def live(self):
        """An item is live while neither it nor its stage is deleted: the one place that
        leaves out the items of a deleted stage."""
        return self.filter(deleted_at__isnull=True, stage__deleted_at__isnull=True)

    def owned_by(self, learner):
        return OwnedQuerySet.owned_by(self, learner).filter(stage__roadmap__is_template=False)

    def visible_to(self, viewer):
        """Items on roadmaps the viewer may see."""
        return self.filter(stage__roadmap__in=Roadmap.objects.visible_to(viewer))

    def public(self):
        """Items on public roadmaps: a public post may name them."""
        return self.visible_to(None)


class LiveManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().live()


def public_item_q(path: str) -> Q:
    """The item at `path` exists, is live and is on a roadmap anyone may see (what
    `Item.objects.public()` selects), read through joins from the rows that point at it. For
    a per-row annotation: as an EXISTS subquery PostgreSQL hashes every public item first (80 ms
    at 10,000 learners for a 20-row page of posts; `make bench-scale`)."""
    from core.visibility import prefixed

    roadmap = prefixed(Roadmap.objects.all().public_q(), "stage__roadmap")
    live = Q(pk__isnull=False, deleted_at__isnull=True, stage__deleted_at__isnull=True)
    return prefixed(live & roadmap, path)


class Roadmap(PublishingMixin, models.Model):
    """A learner's plan: ordered stages of resources and milestone projects. A template is a
    roadmap with no owner that ships with the app."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roadmaps",
        null=True,
        blank=True,
    )
    title = models.CharField(max_length=kinds.ROADMAP_TITLE_MAX)
    slug = models.SlugField(max_length=80, blank=True, help_text="Templates only: stable key.")
    description = models.TextField(max_length=kinds.ROADMAP_DESCRIPTION_MAX, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    is_template = models.BooleanField(default=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    origin_template = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followers",
        help_text="The template this path started from, through any chain of copies.",
    )
    started_on = models.DateField(null=True, blank=True)
    target_end = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(is_template=True),
                name="unique_template_slug",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Stage(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="stages")
    title = models.CharField(max_length=kinds.STAGE_TITLE_MAX)
    position = models.PositiveIntegerField(default=0)
    planned_weeks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(kinds.MAX_PLANNED_WEEKS)],
    )
    kind = models.CharField(max_length=10, choices=StageKind.choices, default=StageKind.LEARN)
    description = models.TextField(max_length=kinds.STAGE_DESCRIPTION_MAX, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = LiveManager.from_queryset(StageQuerySet)()
    all_objects = models.Manager.from_queryset(StageQuerySet)()

    class Meta:
        ordering = ["position", "id"]
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=ItemKind.choices, default=ItemKind.ARTICLE)
    title = models.CharField(max_length=kinds.ITEM_TITLE_MAX)
    url = models.URLField(max_length=kinds.URL_MAX, blank=True)
    resource_key = models.CharField(
        max_length=500,
        blank=True,
        db_index=True,
        editable=False,
        help_text="The normalised url (curriculum.resources): items sharing it are one resource.",
    )
    linked = models.BooleanField(
        default=True,
        help_text="Follow the progress of the learner's other items on the same resource.",
    )
    estimated_hours = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(kinds.MAX_HOURS)],
    )
    status = models.CharField(
        max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    revisit_count = models.PositiveIntegerField(default=0)
    note = models.TextField(max_length=kinds.NOTE_MAX, blank=True)
    checklist = models.JSONField(
        default=list, blank=True, help_text='[{"text": "...", "done": false}, ...]'
    )
    project_slug = models.CharField(
        max_length=kinds.PROJECT_SLUG_MAX,
        blank=True,
        help_text="For milestone projects: the bundled recipe.",
    )
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = LiveManager.from_queryset(ItemQuerySet)()
    all_objects = models.Manager.from_queryset(ItemQuerySet)()

    class Meta:
        ordering = ["position", "id"]
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.title
