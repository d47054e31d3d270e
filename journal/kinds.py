"""The kinds of study session, and which side of the breath each is on.

Inhaling is learning (reading, lectures, courses); exhaling is building (coding,
experiments, writing, sharing). A learner may rename a kind, never move it to the other side.
"""

from django.db import models


class Kind(models.TextChoices):
    READING = "reading", "Reading"
    LECTURE = "lecture", "Lecture"
    COURSE = "course", "Course"
    CODING = "coding", "Coding"
    EXPERIMENT = "experiment", "Experiment"
    WRITING = "writing", "Writing"
    SHARING = "sharing", "Sharing"


INHALE_KINDS: frozenset[str] = frozenset({Kind.READING, Kind.LECTURE, Kind.COURSE})
EXHALE_KINDS: frozenset[str] = frozenset({Kind.CODING, Kind.EXPERIMENT, Kind.WRITING, Kind.SHARING})


def is_inhale(kind: str) -> bool:
    return kind in INHALE_KINDS


def side_of(kind: str) -> str:
    """'inhale' or 'exhale'."""
    return "inhale" if is_inhale(kind) else "exhale"
