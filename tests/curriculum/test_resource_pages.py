"""The roadmap page and the API for linked resources and checklists: "also in", unlink,
steps with htmx and without, hostile steps, strangers, wrong methods, and a query pin."""

import pytest
from django.urls import reverse

from curriculum import services
from curriculum.kinds import STEP_MAX_CHARS
from curriculum.models import Item
from tests.factories import ItemFactory, RoadmapFactory, StageFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
COURSE = "https://course.fast.ai/"


def detail(roadmap_id):
    return reverse("curriculum:roadmap_detail", args=[roadmap_id])


def api(name, *args):
    return reverse(f"api:{name}", args=args)


def course_in(learner, roadmap_title, url=COURSE, **fields):
    roadmap = RoadmapFactory(owner=learner, title=roadmap_title, **fields)
    stage = StageFactory(roadmap=roadmap)
    return services.item_create(learner=learner, stage=stage, title="Practical DL", url=url)


def test_the_page_says_which_other_roadmaps_hold_the_same_course(owner_client, owner):
    masters = course_in(owner, "AI masters")
    course_in(owner, "Fast.ai path", url="http://www.course.fast.ai")
    course_in(owner, "Other", url="https://docs.fast.ai/")
    page = owner_client.get(detail(masters.stage.roadmap_id)).content.decode()
    assert "also in" in page and "Fast.ai path" in page and "Other" not in page
    assert "Unlink: this is a different thing" in page


def test_visitors_of_a_public_roadmap_never_see_the_owners_other_roadmaps(client, owner):
    public = course_in(owner, "Public path", visibility="public")
    course_in(owner, "Secret plan")
    page = client.get(detail(public.stage.roadmap_id)).content.decode()
    assert "Secret plan" not in page and "also in" not in page


def test_marking_done_on_the_page_shows_done_in_the_other_roadmap(owner_client, owner):
    one = course_in(owner, "AI masters")
    two = course_in(owner, "Fast.ai path")
    owner_client.post(reverse("curriculum:item_status", args=[one.pk]), {"status": "done"}, **HTMX)
    page = owner_client.get(detail(two.stage.roadmap_id)).content.decode()
    assert "1/1 done" in page and "status-done" in page


def test_unlink_on_the_page_and_in_the_api(owner_client, owner, api_client_for):
    one = course_in(owner, "AI masters")
    two = course_in(owner, "Fast.ai path")
    response = owner_client.post(
        reverse("curriculum:item_link", args=[two.pk]), {"linked": "0"}, **HTMX
    )
    assert response.status_code == 200 and "Link again" in response.content.decode()
    assert Item.objects.get(pk=two.pk).linked is False
    client = api_client_for(owner)
    body = client.patch(api("roadmap-item-detail", one.pk), {"linked": False}, format="json")
    assert body.json()["linked"] is False and body.json()["resource_key"] == "//course.fast.ai"
    services.item_status_set(learner=owner, item=one, status="done")
    assert Item.objects.get(pk=two.pk).status == "not_started"


def test_steps_on_the_page_with_htmx(owner_client, owner):
    item = course_in(owner, "Books", url="")
    add = reverse("curriculum:step_add", args=[item.pk])
    body = owner_client.post(add, {"text": "Chapter 1"}, **HTMX).content.decode()
    assert "Chapter 1" in body and 'id="roadmap-body"' in body
    owner_client.post(add, {"text": "Chapter 2"}, **HTMX)
    tick = reverse("curriculum:step_tick", args=[item.pk, 0])
    body = owner_client.post(tick, {"done": "1"}, **HTMX).content.decode()
    assert "0.5/1 done" in body and "Mark done" not in body
    owner_client.post(
        reverse("curriculum:step_rename", args=[item.pk, 1]), {"text": "Ch. 2"}, **HTMX
    )
    body = owner_client.post(
        reverse("curriculum:step_tick", args=[item.pk, 1]), {"done": "1"}, **HTMX
    ).content.decode()
    assert "Every step is ticked" in body and "Mark done" in body
    assert Item.objects.get(pk=item.pk).status == "not_started"
    owner_client.post(reverse("curriculum:step_remove", args=[item.pk, 0]), **HTMX)
    assert Item.objects.get(pk=item.pk).checklist == [{"text": "Ch. 2", "done": True}]


def test_steps_without_js_redirect_and_refusals_show(owner_client, owner):
    item = course_in(owner, "Books", url="")
    add = reverse("curriculum:step_add", args=[item.pk])
    assert owner_client.post(add, {"text": "Read"}).status_code == 302
    refused = owner_client.post(add, {"text": "x" * 10_240})
    assert (
        refused.status_code == 400
        and f"at most {STEP_MAX_CHARS} characters" in refused.content.decode()
    )


def test_a_script_in_a_step_is_escaped(owner_client, owner):
    item = course_in(owner, "Books", url="")
    services.checklist_step_add(learner=owner, item=item, text="<script>alert(1)</script>")
    page = owner_client.get(detail(item.stage.roadmap_id)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_strangers_get_404_and_wrong_methods_405(stranger_client, owner_client, owner):
    item = course_in(owner, "Books")
    services.checklist_step_add(learner=owner, item=item, text="a")
    urls = [
        reverse("curriculum:step_add", args=[item.pk]),
        reverse("curriculum:step_tick", args=[item.pk, 0]),
        reverse("curriculum:step_rename", args=[item.pk, 0]),
        reverse("curriculum:step_remove", args=[item.pk, 0]),
        reverse("curriculum:item_link", args=[item.pk]),
    ]
    for target in urls:
        assert stranger_client.post(target, {"text": "x", "done": "1"}).status_code == 404
        assert owner_client.get(target).status_code == 405
    assert Item.objects.get(pk=item.pk).checklist == [{"text": "a", "done": False}]


def test_steps_through_the_api(api_client_for, owner, stranger):
    item = course_in(owner, "Books", url="")
    client = api_client_for(owner)
    created = client.post(api("roadmap-item-steps", item.pk), {"text": "Watch"}, format="json")
    assert created.status_code == 201 and created.json()["checklist"][0]["text"] == "Watch"
    step = api("roadmap-item-step", item.pk, 0)
    body = client.patch(step, {"text": "Watch it", "done": True}, format="json").json()
    assert body["checklist"] == [{"text": "Watch it", "done": True}]
    assert client.patch(api("roadmap-item-step", item.pk, 5), {"done": True}).status_code == 400
    assert (
        client.post(api("roadmap-item-steps", item.pk), {"text": "x" * 10_240}).status_code == 400
    )
    assert client.get(step).status_code == 405
    other = api_client_for(stranger)
    assert other.patch(step, {"done": False}, format="json").status_code == 404
    assert other.delete(step).status_code == 404
    assert api_client_for(None).delete(step).status_code in (401, 403)
    assert client.delete(step).status_code == 204
    assert Item.objects.get(pk=item.pk).checklist == []


def test_a_fifty_first_step_is_400_through_the_api(api_client_for, owner):
    item = ItemFactory(
        stage=StageFactory(roadmap=RoadmapFactory(owner=owner)),
        checklist=[{"text": str(n), "done": False} for n in range(50)],
    )
    answer = api_client_for(owner).post(api("roadmap-item-steps", item.pk), {"text": "51"})
    assert answer.status_code == 400 and "at most 50" in str(answer.json())


def test_the_page_query_count_does_not_grow_with_links_and_steps(
    owner_client, owner, django_assert_num_queries
):
    def roadmap(n):
        road = RoadmapFactory(owner=owner)
        for _ in range(n):
            stage = StageFactory(roadmap=road)
            for i in range(n):
                services.item_create(
                    learner=owner,
                    stage=stage,
                    title=f"Item {i}",
                    url=f"https://example.com/{i}",
                    checklist=[{"text": "a", "done": True}, "b"],
                )
        return road

    small, big = roadmap(2), roadmap(5)
    owner_client.get(detail(small.pk))
    # session, user, roadmap (with its recent minutes), stages, items, "also in"
    with django_assert_num_queries(6) as small_queries:
        owner_client.get(detail(small.pk))
    with django_assert_num_queries(len(small_queries)):
        page = owner_client.get(detail(big.pk)).content.decode()
    assert "also in" in page
