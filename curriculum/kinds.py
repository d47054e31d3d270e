"""The curriculum's vocabulary and limits, in one place: what kinds of stage and item exist,
the statuses an item moves through, and how long each piece of text may be. The models, the
services, the API and the importers all read them from here (like journal/kinds.py for
study sessions), so an imported roadmap always fits what the pages let a learner edit."""

from decimal import Decimal

from django.db import models


class StageKind(models.TextChoices):
    LEARN = "learn", "Learn (inhale)"
    BUILD = "build", "Build (exhale)"


class ItemKind(models.TextChoices):
    COURSE = "course", "Course"
    BOOK = "book", "Book"
    LESSON = "lesson", "Lesson"
    ARTICLE = "article", "Article"
    VIDEO = "video", "Video"
    TOOL = "tool", "Tool"
    PROJECT = "project", "Milestone project"


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


STAGE_KINDS: tuple[str, ...] = tuple(StageKind.values)
ITEM_KINDS: tuple[str, ...] = tuple(ItemKind.values)
STATUSES: tuple[str, ...] = tuple(ItemStatus.values)

ROADMAP_TITLE_MAX = 200
ROADMAP_DESCRIPTION_MAX = 20_000
STAGE_TITLE_MAX = 200
STAGE_DESCRIPTION_MAX = 5000
ITEM_TITLE_MAX = 300
URL_MAX = 1000
NOTE_MAX = 20_000
PROJECT_SLUG_MAX = 60
MAX_HOURS = Decimal("10000")
MAX_PLANNED_WEEKS = 520
# A checklist step: what the importer keeps is what a learner may type, rename and send back.
CHECKLIST_MAX_STEPS = 50
STEP_MAX_CHARS = 300
