"""Progress follows the resource: the same link in two of a learner's roadmaps is one thing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from curriculum import services
from curriculum.models import Item
from curriculum.selectors import logged_minutes_by_day, roadmap_view, roadmap_with_content
from journal.services import session_log
from tests.factories import RoadmapFactory, StageFactory

pytestmark = pytest.mark.django_db

COURSE = "https://course.fast.ai/"


def add(learner, url=COURSE, roadmap=None, title="Practical Deep Learning", **fields):
    roadmap = roadmap or RoadmapFactory(owner=learner)
    stage = roadmap.stages.first() or StageFactory(roadmap=roadmap)
    return services.item_create(learner=learner, stage=stage, title=title, url=url, **fields)


def fresh(item):
    return Item.objects.get(pk=item.pk)


def test_items_get_their_resource_key_on_create_edit_copy_and_import(owner):
    item = add(owner, url="http://www.course.fast.ai/?utm_source=x")
    assert item.resource_key == "//course.fast.ai"
    item = services.item_update(learner=owner, item=item, url="https://docs.fast.ai/")
    assert fresh(item).resource_key == "//docs.fast.ai"
    copy = services.roadmap_copy(learner=owner, source=item.stage.roadmap)
    assert Item.objects.get(stage__roadmap=copy).resource_key == "//docs.fast.ai"
    imported, _ = services.roadmap_import_file(
        learner=owner, data="# Path\n\n## Start\n\n- [Lesson](https://course.fast.ai/#intro)\n"
    )
    assert Item.objects.get(stage__roadmap=imported).resource_key == "//course.fast.ai"


def test_marking_done_in_one_roadmap_marks_the_same_course_done_in_the_others(owner):
    masters, fastai, third = add(owner), add(owner, "http://www.course.fast.ai"), add(owner)
    elsewhere = add(owner, "https://docs.fast.ai/")
    services.item_status_set(learner=owner, item=masters, status="done")
    for item in (masters, fastai, third):
        assert fresh(item).status == "done" and fresh(item).finished_at
    assert fresh(elsewhere).status == "not_started"


def test_every_status_and_a_revisit_follow_the_resource(owner):
    one, two = add(owner), add(owner)
    services.item_status_set(learner=owner, item=one, status="in_progress")
    assert fresh(two).status == "in_progress" and fresh(two).started_at
    services.item_status_set(learner=owner, item=two, status="skipped")
    assert fresh(one).status == "skipped"
    services.item_status_set(learner=owner, item=one, status="done")
    services.item_status_set(learner=owner, item=two, status="in_progress")
    assert (fresh(one).revisit_count, fresh(two).revisit_count) == (1, 1)
    assert fresh(one).status == "in_progress" and fresh(one).finished_at is None


def test_a_racing_second_click_changes_nothing_and_counts_one_revisit(owner):
    one, two = add(owner), add(owner)
    services.item_status_set(learner=owner, item=one, status="done")
    stale_one, stale_two = fresh(one), fresh(two)
    services.item_status_set(learner=owner, item=stale_one, status="in_progress")
    # Both clicks read "done" before either wrote: the second must change nothing.
    services.item_status_set(learner=owner, item=stale_one, status="in_progress")
    services.item_status_set(learner=owner, item=stale_two, status="in_progress")
    assert [fresh(i).revisit_count for i in (one, two)] == [1, 1]


def test_siblings_already_in_the_new_status_keep_their_dates(owner):
    one, two = add(owner), add(owner)
    services.item_status_set(learner=owner, item=two, status="done")
    finished = fresh(two).finished_at
    services.item_status_set(learner=owner, item=one, status="not_started")
    services.item_status_set(learner=owner, item=one, status="done")
    assert fresh(two).finished_at >= finished and fresh(one).status == "done"


def test_an_unlinked_item_keeps_its_own_progress_both_ways(owner):
    one, two = add(owner), add(owner)
    services.item_link(learner=owner, item=two, linked=False)
    services.item_status_set(learner=owner, item=one, status="done")
    assert fresh(two).status == "not_started"
    services.item_status_set(learner=owner, item=two, status="in_progress")
    assert fresh(one).status == "done"
    services.item_link(learner=owner, item=two, linked=True)
    services.item_status_set(learner=owner, item=one, status="skipped")
    assert fresh(two).status == "skipped"


def test_another_learners_identical_link_is_never_touched(owner, stranger):
    mine, theirs = add(owner), add(stranger)
    template = RoadmapFactory(owner=None, is_template=True)
    in_template = Item.objects.create(
        stage=StageFactory(roadmap=template), title="x", url=COURSE, resource_key="//course.fast.ai"
    )
    services.item_status_set(learner=owner, item=mine, status="done")
    assert fresh(theirs).status == "not_started" and fresh(in_template).status == "not_started"


def test_deleted_items_do_not_follow(owner):
    one, gone = add(owner), add(owner)
    services.item_delete(learner=owner, item=gone)
    services.item_status_set(learner=owner, item=one, status="done")
    assert Item.all_objects.get(pk=gone.pk).status == "not_started"


def test_the_focus_guard_counts_one_course_in_two_roadmaps_once(owner):
    for n in range(4):
        add(owner, url=f"https://example.com/{n}", title=f"Course {n}")
    add(owner)
    add(owner)
    services.item_status_set(
        learner=owner,
        item=add(owner, url="https://example.com/0"),
        status="in_progress",
        confirm=True,
    )
    # Course 0 (twice) is one resource: starting the fast.ai course makes 2, not 3.
    course = Item.objects.filter(resource_key="//course.fast.ai").first()
    services.item_status_set(learner=owner, item=course, status="in_progress")
    for n in (1, 2, 3):
        services.item_status_set(
            learner=owner, item=Item.objects.get(title=f"Course {n}"), status="in_progress"
        )
    assert Item.objects.filter(status="in_progress").count() == 7


def test_minutes_on_a_shared_resource_count_once_per_roadmap(owner):
    roadmap = RoadmapFactory(owner=owner)
    here = add(owner, roadmap=roadmap)
    twin = add(owner, roadmap=roadmap)  # the same course twice in one roadmap
    elsewhere = add(owner)
    unlinked = add(owner)
    services.item_link(learner=owner, item=unlinked, linked=False)
    stranger_like = add(owner, url="https://other.example/")
    for item in (here, elsewhere, unlinked, stranger_like):
        session_log(learner=owner, minutes=30, kind="course", item=item)
    since = timezone.localdate() - timedelta(days=27)
    assert sum(logged_minutes_by_day(roadmap, since).values()) == 60
    assert twin.pk  # two items, one resource: the 60 minutes are not doubled
    assert sum(logged_minutes_by_day(elsewhere.stage.roadmap, since).values()) == 60


def test_progress_is_not_double_counted_and_the_page_pace_matches(owner, owner_client):
    roadmap = RoadmapFactory(owner=owner)
    one = add(owner, roadmap=roadmap, estimated_hours=10)
    add(owner, roadmap=roadmap, url="https://other.example/", estimated_hours=10)
    other = add(owner, estimated_hours=10)
    services.item_status_set(learner=owner, item=other, status="done")
    session_log(learner=owner, minutes=120, kind="course", item=one)
    view = roadmap_view(roadmap_with_content().get(pk=roadmap.pk))
    assert (view.progress.done, view.progress.total, view.progress.percent) == (1, 2, 50)
    assert view.forecast.by_hours and view.forecast.rate == pytest.approx(2 * 7 / 28)
    page = owner_client.get(f"/roadmaps/{roadmap.pk}/").content.decode()
    assert "1/2 done" in page and "0.5 hours a week" in page
