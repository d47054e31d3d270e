"""Services: who may change what, copies, statuses, undo, reorder, import and export."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from curriculum import services
from curriculum.importing import parse_roadmap_file
from curriculum.models import UNDO_WINDOW, Item, Roadmap, Stage
from tests.curriculum.factories import roadmap_with, template_with
from tests.factories import ItemFactory, LearnerFactory, RoadmapFactory

pytestmark = pytest.mark.django_db


def test_visible_to_owner_public_templates_but_not_hidden_portfolios(owner, stranger):
    mine = RoadmapFactory(owner=owner)
    public = RoadmapFactory(owner=stranger, visibility="public")
    private = RoadmapFactory(owner=stranger)
    hidden = RoadmapFactory(owner=LearnerFactory(portfolio_hidden=True), visibility="public")
    template = template_with()
    assert set(Roadmap.objects.visible_to(owner)) == {mine, public, template}
    assert set(Roadmap.objects.visible_to(None)) == {public, template}
    assert private not in Roadmap.objects.visible_to(owner)
    assert hidden not in Roadmap.objects.visible_to(owner)


def test_copy_of_a_template_resets_progress_and_remembers_its_origin(owner, stranger):
    template = template_with()
    copy = services.roadmap_copy(learner=owner, source=template)
    assert (copy.owner, copy.copied_from, copy.origin_template) == (owner, template, template)
    assert copy.visibility == "private"
    items = list(Item.objects.filter(stage__roadmap=copy))
    assert [i.title for i in items] == ["Lesson 1", "Project"]
    assert items[0].checklist == [{"text": "watch", "done": False}]
    assert items[1].project_slug == "image-classifier"
    copy.visibility = "public"
    copy.save()
    second = services.roadmap_copy(learner=stranger, source=copy)
    assert (second.copied_from, second.origin_template) == (copy, template)


def test_nobody_copies_a_private_roadmap_of_someone_else(owner, stranger):
    private = roadmap_with(stranger)
    with pytest.raises(PermissionDenied):
        services.roadmap_copy(learner=owner, source=private)


def test_a_stranger_cannot_change_your_roadmap(owner, stranger):
    roadmap = roadmap_with(owner)
    stage = roadmap.stages.first()
    with pytest.raises(PermissionDenied):
        services.stage_create(learner=stranger, roadmap=roadmap, title="x")
    with pytest.raises(PermissionDenied):
        services.item_status_set(learner=stranger, item=stage.items.first(), status="done")
    with pytest.raises(PermissionDenied):
        services.stage_create(learner=owner, roadmap=template_with(), title="x")


def test_status_changes_record_dates_and_a_revisit(owner):
    item = roadmap_with(owner).stages.first().items.first()
    item = services.item_status_set(learner=owner, item=item, status="in_progress")
    assert item.started_at and item.status_changed_at and item.finished_at is None
    item = services.item_status_set(learner=owner, item=item, status="done")
    assert item.finished_at and item.revisit_count == 0
    item = services.item_status_set(learner=owner, item=item, status="in_progress")
    assert item.revisit_count == 1 and item.finished_at is None


def test_starting_a_done_item_twice_counts_one_revisit(owner):
    item = ItemFactory(stage__roadmap__owner=owner, status="done")
    stale = Item.objects.get(pk=item.pk)
    services.item_status_set(learner=owner, item=item, status="in_progress")
    services.item_status_set(learner=owner, item=stale, status="in_progress")
    assert Item.objects.get(pk=item.pk).revisit_count == 1


def test_unknown_status_is_refused(owner):
    item = ItemFactory(stage__roadmap__owner=owner)
    with pytest.raises(ValidationError, match="Unknown status"):
        services.item_status_set(learner=owner, item=item, status="finished")


def test_focus_guard_lists_the_five_unfinished_and_yields_to_confirmation(owner):
    roadmap = roadmap_with(owner, stages=1, items=6)
    items = list(Item.objects.filter(stage__roadmap=roadmap))
    for item in items[:5]:
        services.item_status_set(learner=owner, item=item, status="in_progress")
    with pytest.raises(services.FocusGuard) as caught:
        services.item_status_set(learner=owner, item=items[5], status="in_progress")
    assert [i.pk for i in caught.value.unfinished] == [i.pk for i in items[:5]]
    assert "5 resources in progress" in caught.value.messages[0]
    assert Item.objects.get(pk=items[5].pk).status == "not_started"
    started = services.item_status_set(
        learner=owner, item=items[5], status="in_progress", confirm=True
    )
    assert started.status == "in_progress"


def test_delete_and_undo_an_item_within_the_window(owner):
    item = roadmap_with(owner).stages.first().items.first()
    services.item_delete(learner=owner, item=item)
    assert not Item.objects.filter(pk=item.pk).exists()
    assert Item.all_objects.filter(pk=item.pk).exists()
    services.item_restore(learner=owner, item_id=item.pk)
    assert Item.objects.filter(pk=item.pk).exists()


def test_undo_after_the_window_is_refused_and_old_deletes_are_purged(owner):
    roadmap = roadmap_with(owner)
    first, second = list(Item.objects.filter(stage__roadmap=roadmap))[:2]
    services.item_delete(learner=owner, item=first)
    Item.all_objects.filter(pk=first.pk).update(
        deleted_at=timezone.now() - UNDO_WINDOW - timedelta(seconds=1)
    )
    with pytest.raises(ValidationError, match="no longer be undone"):
        services.item_restore(learner=owner, item_id=first.pk)
    services.item_delete(learner=owner, item=second)
    assert not Item.all_objects.filter(pk=first.pk).exists()


def test_delete_and_undo_a_stage_with_its_items(owner, stranger):
    roadmap = roadmap_with(owner)
    stage = roadmap.stages.first()
    services.stage_delete(learner=owner, stage=stage)
    assert list(roadmap.stages.all()) == [Stage.objects.get(roadmap=roadmap)]
    with pytest.raises(Stage.DoesNotExist):  # another learner's stage: as if there were none
        services.stage_restore(learner=stranger, stage_id=stage.pk)
    services.stage_restore(learner=owner, stage_id=stage.pk)
    assert roadmap.stages.count() == 2
    assert stage.items.count() == 3


def test_reorder_and_move_stages_and_items(owner):
    roadmap = roadmap_with(owner, stages=3, items=3)
    s1, s2, s3 = roadmap.stages.all()
    services.stage_move(learner=owner, stage=s3, direction="up")
    assert list(roadmap.stages.values_list("title", flat=True)) == ["Stage 1", "Stage 3", "Stage 2"]
    services.stage_move(learner=owner, stage=s1, direction="up")  # already first: no change
    assert roadmap.stages.first() == s1
    a, b, c = s1.items.all()
    services.item_reorder(learner=owner, stage=s1, item_ids=[c.pk, a.pk, b.pk])
    assert list(s1.items.values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    services.item_move(learner=owner, item=c, direction="down")
    assert list(s1.items.values_list("pk", flat=True)) == [a.pk, c.pk, b.pk]
    with pytest.raises(ValidationError, match="exactly once"):
        services.item_reorder(learner=owner, stage=s1, item_ids=[a.pk, a.pk, b.pk])
    with pytest.raises(ValidationError, match="exactly once"):
        services.stage_reorder(learner=owner, roadmap=roadmap, stage_ids=[s1.pk])


def test_create_rename_update_and_move_items_between_stages(owner):
    roadmap = services.roadmap_create(learner=owner, title="  My masters ")
    assert roadmap.title == "My masters"
    stage = services.stage_create(learner=owner, roadmap=roadmap, title="Learn", planned_weeks=6)
    other = services.stage_create(learner=owner, roadmap=roadmap, title="Build", kind="build")
    assert (stage.position, other.position) == (0, 1)
    services.stage_rename(learner=owner, stage=stage, title="Learn Python")
    item = services.item_create(
        learner=owner,
        stage=stage,
        title="CS50",
        url="https://cs50.harvard.edu/x/",
        kind="course",
        estimated_hours=Decimal("100"),
        checklist=["watch", "run"],
    )
    assert item.checklist == [{"text": "watch", "done": False}, {"text": "run", "done": False}]
    item = services.item_update(learner=owner, item=item, stage=other, title="CS50x")
    assert (item.stage, item.title) == (other, "CS50x")
    with pytest.raises(ValidationError):
        services.item_update(learner=owner, item=item, url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        services.stage_create(learner=owner, roadmap=roadmap, title="")
    with pytest.raises(ValidationError, match="after the start"):
        services.roadmap_update(
            learner=owner,
            roadmap=roadmap,
            started_on=timezone.localdate(),
            target_end=timezone.localdate() - timedelta(days=1),
        )


def test_import_then_export_gives_the_same_roadmap(owner):
    text = (
        "# Plan\n\n## Learn — learn · 4 weeks\n\n"
        "- [x] [CS50](https://cs50.harvard.edu/x/) — course · ~100 hours\n"
        "  - [x] watch\n"
        "- [ ] 🚧 Book — book\n\n## Build — build\n\n"
        "- [ ] Classifier — project · project:image-classifier\n"
    )
    roadmap, outline = services.roadmap_import_file(learner=owner, data=text)
    assert roadmap.owner == owner and roadmap.title == "Plan"
    assert Item.objects.filter(stage__roadmap=roadmap).count() == 3
    cs50 = Item.objects.get(title="CS50")
    assert (cs50.status, cs50.estimated_hours, cs50.finished_at is not None) == (
        "done",
        Decimal("100.00"),
        True,
    )
    assert services.roadmap_export(roadmap=roadmap, format="md") == text
    again = parse_roadmap_file(services.roadmap_export(roadmap=roadmap, format="json"))
    assert [len(s.items) for s in again.stages] == [2, 1]


def test_unusable_import_is_a_validation_error_and_creates_nothing(owner):
    with pytest.raises(ValidationError, match="binary"):
        services.roadmap_import_file(learner=owner, data=b"\x00\x01\x02" * 100)
    assert not Roadmap.objects.filter(owner=owner).exists()


def test_export_format_must_be_md_or_json(owner):
    with pytest.raises(ValidationError):
        services.roadmap_export(roadmap=roadmap_with(owner), format="pdf")
