"""The roadmap API: own roadmaps changed, others' public ones read, the rest 404; wrong,
hostile and oversized input answered with 400 and a message."""

import pytest
from django.urls import reverse

from curriculum.models import Item, Roadmap
from curriculum.services import item_status_set
from tests.curriculum.factories import roadmap_with, template_with

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"api:{name}", args=args)


def test_create_list_update_delete_a_roadmap(api_client_for, owner):
    api = api_client_for(owner)
    created = api.post(url("roadmap-list"), {"title": "My masters"}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert [r["title"] for r in api.get(url("roadmap-list")).json()] == ["My masters"]
    patched = api.patch(url("roadmap-detail", pk), {"visibility": "public"}, format="json")
    assert patched.json()["visibility"] == "public"
    assert api.delete(url("roadmap-detail", pk)).status_code == 204
    assert not Roadmap.objects.filter(pk=pk).exists()


def test_anonymous_and_wrong_methods(api_client_for, owner):
    assert api_client_for(None).get(url("roadmap-list")).status_code in (401, 403)
    api = api_client_for(owner)
    assert api.put(url("roadmap-list"), {}, format="json").status_code == 405
    assert api.get(url("roadmap-copy", 1)).status_code == 405
    assert api.get(url("roadmap-item-status", 1)).status_code == 405


def test_others_private_roadmaps_are_404_public_ones_read_only(api_client_for, owner, stranger):
    private = roadmap_with(owner)
    public = roadmap_with(owner, visibility="public")
    api = api_client_for(stranger)
    assert api.get(url("roadmap-detail", private.pk)).status_code == 404
    assert api.get(url("roadmap-export", private.pk)).status_code == 404
    assert api.post(url("roadmap-copy", private.pk)).status_code == 404
    body = api.get(url("roadmap-detail", public.pk)).json()
    assert len(body["stages"]) == 2 and len(body["stages"][0]["items"]) == 3
    assert api_client_for(None).get(url("roadmap-detail", public.pk)).status_code == 200
    assert (
        api.patch(url("roadmap-detail", public.pk), {"title": "x"}, format="json").status_code
        == 404
    )
    stage = public.stages.first()
    item = stage.items.first()
    for method, target in [
        ("post", url("roadmap-stage-create", public.pk)),
        ("patch", url("roadmap-stage-detail", stage.pk)),
        ("delete", url("roadmap-stage-detail", stage.pk)),
        ("post", url("roadmap-item-create", stage.pk)),
        ("patch", url("roadmap-item-detail", item.pk)),
        ("delete", url("roadmap-item-detail", item.pk)),
        ("post", url("roadmap-item-status", item.pk)),
        ("post", url("roadmap-item-reorder", stage.pk)),
        ("post", url("roadmap-stage-reorder", public.pk)),
    ]:
        response = getattr(api, method)(
            target, {"title": "x", "status": "done", "ids": []}, format="json"
        )
        assert response.status_code == 404, target
    assert Item.objects.get(pk=item.pk).status == "not_started"


def test_copy_a_template_then_edit_reorder_and_change_status(api_client_for, owner):
    api = api_client_for(owner)
    template = template_with()
    templates = api.get(url("roadmap-list") + "?scope=templates").json()
    assert [t["id"] for t in templates] == [template.pk]
    copy = api.post(url("roadmap-copy", template.pk)).json()
    assert copy["origin_template"] == template.pk and copy["owner"] == "owner"
    stage = api.post(
        url("roadmap-stage-create", copy["id"]),
        {"title": "Build", "kind": "build", "planned_weeks": 6},
        format="json",
    ).json()
    item = api.post(
        url("roadmap-item-create", stage["id"]),
        {"title": "Ship", "kind": "project", "checklist": ["plan", "ship"]},
        format="json",
    ).json()
    assert item["checklist"] == [{"text": "plan", "done": False}, {"text": "ship", "done": False}]
    done = api.post(url("roadmap-item-status", item["id"]), {"status": "done"}, format="json")
    assert done.json()["status"] == "done" and done.json()["finished_at"]
    detail = api.get(url("roadmap-detail", copy["id"])).json()
    stage_ids = [s["id"] for s in detail["stages"]]
    reordered = api.post(
        url("roadmap-stage-reorder", copy["id"]), {"ids": stage_ids[::-1]}, format="json"
    ).json()
    assert [s["id"] for s in reordered["stages"]] == stage_ids[::-1]
    first_stage = detail["stages"][0]
    item_ids = [i["id"] for i in first_stage["items"]]
    api.post(url("roadmap-item-reorder", first_stage["id"]), {"ids": item_ids[::-1]}, format="json")
    assert (
        list(Item.objects.filter(stage_id=first_stage["id"]).values_list("id", flat=True))
        == item_ids[::-1]
    )
    moved = api.patch(
        url("roadmap-item-detail", item_ids[0]), {"stage": stage["id"]}, format="json"
    )
    assert moved.json()["stage"] == stage["id"]


def test_delete_and_restore_through_the_api(api_client_for, owner):
    api = api_client_for(owner)
    roadmap = roadmap_with(owner)
    stage = roadmap.stages.first()
    item = stage.items.first()
    assert api.delete(url("roadmap-item-detail", item.pk)).status_code == 204
    assert api.post(url("roadmap-item-restore", item.pk)).json()["id"] == item.pk
    assert api.delete(url("roadmap-stage-detail", stage.pk)).status_code == 204
    assert api.post(url("roadmap-stage-restore", stage.pk)).status_code == 200
    assert api.post(url("roadmap-item-restore", item.pk)).status_code == 400


def test_focus_guard_answers_409_with_the_unfinished(api_client_for, owner):
    roadmap = roadmap_with(owner, stages=1, items=6)
    items = list(Item.objects.filter(stage__roadmap=roadmap))
    for item in items[:5]:
        item_status_set(learner=owner, item=item, status="in_progress")
    api = api_client_for(owner)
    target = url("roadmap-item-status", items[5].pk)
    refused = api.post(target, {"status": "in_progress"}, format="json")
    assert refused.status_code == 409
    assert [u["id"] for u in refused.json()["unfinished"]] == [i.pk for i in items[:5]]
    assert (
        api.post(target, {"status": "in_progress", "confirm": True}, format="json").status_code
        == 200
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"status": "finished"},
        {"status": ["done"]},
        {},
        {"status": None},
    ],
)
def test_wrong_status_input_is_400(api_client_for, owner, payload):
    item = roadmap_with(owner).stages.first().items.first()
    response = api_client_for(owner).post(
        url("roadmap-item-status", item.pk), payload, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"title": "x", "url": "javascript:alert(1)"}, "url"),
        ({"title": "x", "estimated_hours": -1}, "estimated_hours"),
        ({"title": "x", "estimated_hours": "lots"}, "estimated_hours"),
        ({"title": "x", "kind": "podcast"}, "kind"),
        ({"title": "x", "checklist": [{"no": "text"}]}, "checklist"),
        ({"title": "x", "checklist": ["a"] * 51}, "checklist"),
        ({"title": "x", "note": "n" * 20_001}, "note"),
    ],
)
def test_wrong_and_hostile_item_input_is_400(api_client_for, owner, payload, field):
    stage = roadmap_with(owner).stages.first()
    response = api_client_for(owner).post(
        url("roadmap-item-create", stage.pk), payload, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_reorder_with_foreign_or_repeated_ids_is_400(api_client_for, owner, stranger):
    mine = roadmap_with(owner)
    theirs = roadmap_with(stranger)
    ids = list(mine.stages.values_list("id", flat=True))
    api = api_client_for(owner)
    for bad in ([ids[0], ids[0]], ids + [theirs.stages.first().pk], ["x"], "nope"):
        response = api.post(url("roadmap-stage-reorder", mine.pk), {"ids": bad}, format="json")
        assert response.status_code == 400, bad


def test_import_text_and_file_and_refusals(api_client_for, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = api_client_for(owner)
    text = (
        "# Plan\n\n## Stage\n\n- [x] [CS50](https://cs50.harvard.edu/x/)\n- [Bad](javascript:x)\n"
    )
    result = api.post(url("roadmap-import"), {"text": text}, format="json").json()
    assert (result["stages"], result["items"], result["links"]) == (1, 2, 1)
    assert any("unsafe" in w for w in result["warnings"])
    upload = SimpleUploadedFile("plan.md", text.encode())
    assert api.post(url("roadmap-import"), {"file": upload}, format="multipart").status_code == 201
    binary = SimpleUploadedFile("x.md", b"\x00\xff" * 100)
    refused = api.post(url("roadmap-import"), {"file": binary}, format="multipart")
    assert refused.status_code == 400 and "binary" in str(refused.json())
    huge = SimpleUploadedFile("big.md", b"- a\n" * 600_000)
    refused = api.post(url("roadmap-import"), {"file": huge}, format="multipart")
    assert refused.status_code == 400 and "MB" in str(refused.json())
    headings = api.post(url("roadmap-import"), {"text": "# h\n" * 100_000}, format="json")
    assert headings.status_code == 400 and "100,000 headings" in str(headings.json())
    assert api.post(url("roadmap-import"), {}, format="json").status_code == 400
    assert Roadmap.objects.filter(owner=owner).count() == 2


def test_export_in_both_formats(api_client_for, owner):
    roadmap = roadmap_with(owner, title="Plan")
    api = api_client_for(owner)
    markdown = api.get(url("roadmap-export", roadmap.pk) + "?as=md")
    assert markdown.content.startswith(b"# Plan")
    assert api.get(url("roadmap-export", roadmap.pk)).json()["title"] == "Plan"
    assert api.get(url("roadmap-export", roadmap.pk) + "?as=exe").status_code == 400


def test_import_dry_run_reports_left_out_lines_and_saves_nothing(api_client_for, owner):
    api = api_client_for(owner)
    text = "# Plan\n\n![logo](logo.png)\n\n## Stage\n\n- [CS50](https://cs50.harvard.edu/x/)\n"
    response = api.post(url("roadmap-import"), {"text": text, "dry_run": True}, format="json")
    assert response.status_code == 200
    result = response.json()
    assert (result["roadmap_id"], result["stages"], result["items"]) == (None, 1, 1)
    assert result["left_out"] == [{"line": 3, "text": "![logo](logo.png)", "reason": "image"}]
    assert not Roadmap.objects.filter(owner=owner).exists()
    saved = api.post(url("roadmap-import"), {"text": text}, format="json").json()
    assert saved["left_out"] == result["left_out"] and saved["roadmap_id"]


def test_import_from_a_url_refuses_private_addresses_and_mixed_sources(api_client_for, owner):
    api = api_client_for(owner)
    refused = api.post(url("roadmap-import"), {"url": "http://10.0.0.7/plan.md"}, format="json")
    assert refused.status_code == 400 and "private or local address" in str(refused.json())
    both = api.post(
        url("roadmap-import"), {"url": "https://example.org/a.md", "text": "# a"}, format="json"
    )
    assert both.status_code == 400 and "one of" in str(both.json())
    assert api_client_for(None).post(
        url("roadmap-import"), {"url": "https://example.org/a.md"}, format="json"
    ).status_code in (401, 403)
    assert not Roadmap.objects.exists()
