"""Checklists on any item: steps a learner adds, ticks, renames and removes, counted in
progress (half the steps ticked is half the item)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from curriculum import services
from curriculum.kinds import STEP_MAX_CHARS
from curriculum.models import Item
from curriculum.pace import item_share, progress_of
from curriculum.selectors import roadmap_view, roadmap_with_content
from tests.factories import ItemFactory, RoadmapFactory, StageFactory

pytestmark = pytest.mark.django_db


def item_of(learner, kind="book", steps=(), **fields):
    stage = StageFactory(roadmap=RoadmapFactory(owner=learner))
    return ItemFactory(
        stage=stage, kind=kind, checklist=[{"text": s, "done": False} for s in steps], **fields
    )


def steps(item):
    return [(s["text"], s["done"]) for s in Item.objects.get(pk=item.pk).checklist]


# --- the pure rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "ticked", "total", "share"),
    [
        ("not_started", 0, 0, 0),
        ("not_started", 1, 2, Decimal("0.5")),
        ("in_progress", 1, 3, Decimal(1) / 3),
        ("in_progress", 3, 3, 1),
        ("done", 0, 4, 1),
        ("done", 0, 0, 1),
        ("in_progress", 9, 3, 1),
        ("in_progress", -1, 3, 0),
    ],
)
def test_an_items_share_is_its_ticked_steps_unless_done(status, ticked, total, share):
    assert float(item_share(status, ticked, total)) == pytest.approx(float(share))


def test_progress_counts_half_a_checklist_as_half_an_item_in_items_and_hours():
    progress = progress_of(
        [
            ("in_progress", Decimal(10), 1, 2),
            ("done", Decimal(4)),
            ("not_started", None, 0, 0),
            ("skipped", Decimal(100), 2, 2),
        ]
    )
    assert (progress.done, progress.total, progress.percent) == (Decimal("1.5"), 3, 50)
    assert (progress.done_hours, progress.estimated_hours) == (Decimal(9), Decimal(14))
    assert progress.remaining == Decimal("1.5")


def test_thirds_add_up_to_whole_items():
    progress = progress_of([("in_progress", None, 1, 3)] * 3)
    assert progress.done == Decimal("1.00") and progress.percent == 33


# --- the services ------------------------------------------------------------------------------


def test_add_tick_rename_and_remove_steps_on_a_book(owner):
    item = item_of(owner)
    services.checklist_step_add(learner=owner, item=item, text="  Read   chapter 1 ")
    services.checklist_step_add(learner=owner, item=item, text="Do the exercises")
    services.checklist_step_tick(learner=owner, item=item, index=0, done=True)
    services.checklist_step_rename(learner=owner, item=item, index=1, text="Exercises 1-5")
    assert steps(item) == [("Read chapter 1", True), ("Exercises 1-5", False)]
    services.checklist_step_remove(learner=owner, item=item, index=0)
    assert steps(item) == [("Exercises 1-5", False)]


def test_ticking_twice_is_the_same_as_once(owner):
    item = item_of(owner, steps=["a", "b"])
    stale = Item.objects.get(pk=item.pk)
    services.checklist_step_tick(learner=owner, item=item, index=0, done=True)
    services.checklist_step_tick(learner=owner, item=stale, index=0, done=True)
    assert steps(item) == [("a", True), ("b", False)]


def test_two_edits_from_stale_pages_both_land(owner):
    item = item_of(owner, steps=["a"])
    stale = Item.objects.get(pk=item.pk)
    services.checklist_step_add(learner=owner, item=item, text="b")
    services.checklist_step_tick(learner=owner, item=stale, index=0, done=True)
    assert steps(item) == [("a", True), ("b", False)]


def test_ticking_every_step_does_not_mark_the_item_done(owner):
    item = item_of(owner, steps=["a"])
    services.checklist_step_tick(learner=owner, item=item, index=0, done=True)
    assert Item.objects.get(pk=item.pk).status == "not_started"


@pytest.mark.parametrize("text", ["", "   ", "x" * (STEP_MAX_CHARS + 1), "x" * 10_240])
def test_empty_or_long_steps_are_refused(owner, text):
    item = item_of(owner, steps=["a"])
    with pytest.raises(ValidationError):
        services.checklist_step_add(learner=owner, item=item, text=text)
    with pytest.raises(ValidationError):
        services.checklist_step_rename(learner=owner, item=item, index=0, text=text)
    assert steps(item) == [("a", False)]


def test_a_fifty_first_step_is_refused(owner):
    item = item_of(owner, steps=[f"step {n}" for n in range(50)])
    with pytest.raises(ValidationError, match="at most 50"):
        services.checklist_step_add(learner=owner, item=item, text="one more")
    with pytest.raises(ValidationError):
        services.item_update(learner=owner, item=item, checklist=["s"] * 51)
    with pytest.raises(ValidationError):
        services.item_update(learner=owner, item=item, checklist=["x" * (STEP_MAX_CHARS + 1)])


@pytest.mark.parametrize("index", [-1, 1, 99])
def test_a_step_that_is_not_there_is_refused(owner, index):
    item = item_of(owner, steps=["a"])
    with pytest.raises(ValidationError):
        services.checklist_step_tick(learner=owner, item=item, index=index, done=True)
    with pytest.raises(ValidationError):
        services.checklist_step_remove(learner=owner, item=item, index=index)


def test_a_stranger_cannot_touch_your_checklist(owner, stranger):
    item = item_of(owner, steps=["a"])
    with pytest.raises(PermissionDenied):
        services.checklist_step_tick(learner=stranger, item=item, index=0, done=True)
    with pytest.raises(PermissionDenied):
        services.checklist_step_add(learner=stranger, item=item, text="b")


def test_stage_and_roadmap_progress_count_the_ticked_share(owner):
    item = item_of(owner, steps=["a", "b"], estimated_hours=4)
    ItemFactory(stage=item.stage)
    services.checklist_step_tick(learner=owner, item=item, index=0, done=True)
    view = roadmap_view(roadmap_with_content().get(pk=item.stage.roadmap_id))
    assert view.stages[0].progress.done == Decimal("0.5")
    assert view.progress.percent == 25 and view.progress.done_hours == 2
