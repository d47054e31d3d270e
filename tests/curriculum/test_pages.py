"""Roadmap pages: list, detail, editing with and without htmx, import, export, public reading."""

import pytest
from django.urls import reverse

from curriculum.models import Item, Roadmap
from curriculum.services import item_status_set
from tests.curriculum.factories import roadmap_with, template_with
from tests.factories import ItemFactory, LearnerFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def detail(roadmap):
    return reverse("curriculum:roadmap_detail", args=[roadmap.pk])


def test_list_shows_my_roadmaps_and_templates_or_what_to_do(owner_client, owner):
    response = owner_client.get(reverse("curriculum:roadmap_list"))
    assert "You have no roadmap yet" in response.content.decode()
    roadmap_with(owner, title="My masters")
    template_with(title="Starter path")
    page = owner_client.get(reverse("curriculum:roadmap_list")).content.decode()
    assert "My masters" in page and "Starter path" in page and "Use this roadmap" in page


def test_pages_need_login_and_refuse_wrong_methods(client, owner_client):
    assert client.get(reverse("curriculum:roadmap_list")).status_code == 302
    assert owner_client.post(reverse("curriculum:roadmap_list")).status_code == 405
    assert owner_client.get(reverse("curriculum:roadmap_use", args=[1])).status_code == 405


def test_use_this_roadmap_copies_the_template(owner_client, owner):
    template = template_with()
    response = owner_client.post(reverse("curriculum:roadmap_use", args=[template.pk]))
    copy = Roadmap.objects.get(owner=owner)
    assert response.url == detail(copy)
    assert copy.origin_template == template


def test_detail_shows_progress_forecast_and_run_link(owner_client, owner):
    roadmap = roadmap_with(owner, stages=1, items=2)
    item = roadmap.stages.first().items.first()
    item_status_set(learner=owner, item=item, status="done")
    ItemFactory(
        stage=roadmap.stages.first(),
        title="Classifier",
        kind="project",
        project_slug="image-classifier",
    )
    page = owner_client.get(detail(roadmap)).content.decode()
    assert "1/3 done" in page
    assert "At your last 4 weeks" in page
    assert 'href="/projects/image-classifier/"' in page


def test_detail_query_count_does_not_grow_with_items(
    owner_client, owner, django_assert_num_queries
):
    small = roadmap_with(owner, stages=2, items=2)
    big = roadmap_with(owner, stages=4, items=10)
    owner_client.get(detail(small))
    # session, user, roadmap, stages, items
    with django_assert_num_queries(5) as small_queries:
        owner_client.get(detail(small))
    with django_assert_num_queries(len(small_queries)):
        owner_client.get(detail(big))


def test_a_strangers_private_roadmap_is_404_and_a_public_one_readable_by_anyone(
    client, stranger_client, owner
):
    roadmap = roadmap_with(owner, title="Secret plan")
    assert stranger_client.get(detail(roadmap)).status_code == 404
    assert client.get(detail(roadmap)).status_code == 404
    roadmap.visibility = "public"
    roadmap.save()
    page = client.get(detail(roadmap)).content.decode()
    assert "Secret plan" in page and "Delete" not in page
    hidden = LearnerFactory(portfolio_hidden=True)
    assert client.get(detail(roadmap_with(hidden, visibility="public"))).status_code == 404


def test_strangers_cannot_edit(stranger_client, owner):
    roadmap = roadmap_with(owner, visibility="public")
    stage = roadmap.stages.first()
    item = stage.items.first()
    for name, pk in [
        ("stage_add", roadmap.pk),
        ("roadmap_settings", roadmap.pk),
        ("roadmap_delete", roadmap.pk),
        ("stage_rename", stage.pk),
        ("stage_delete", stage.pk),
        ("stage_move", stage.pk),
        ("item_add", stage.pk),
        ("item_edit", item.pk),
        ("item_delete", item.pk),
        ("item_move", item.pk),
        ("item_status", item.pk),
    ]:
        response = stranger_client.post(
            reverse(f"curriculum:{name}", args=[pk]),
            {"title": "x", "status": "done", "direction": "up"},
        )
        assert response.status_code == 404, name
    assert Item.objects.get(pk=item.pk).status == "not_started"


def test_htmx_edits_return_the_body_add_rename_status_delete_undo(owner_client, owner):
    roadmap = roadmap_with(owner, stages=1, items=1)
    stage = roadmap.stages.first()
    url = reverse("curriculum:stage_add", args=[roadmap.pk])
    body = owner_client.post(url, {"title": "Build", "kind": "build"}, **HTMX).content.decode()
    assert body.startswith('\n<div id="roadmap-body"') or 'id="roadmap-body"' in body[:200]
    assert "Build" in body
    owner_client.post(
        reverse("curriculum:stage_rename", args=[stage.pk]), {"title": "Learn"}, **HTMX
    )
    owner_client.post(
        reverse("curriculum:item_add", args=[stage.pk]),
        {"title": "CS50", "kind": "course", "url": "https://cs50.harvard.edu/x/"},
        **HTMX,
    )
    item = Item.objects.get(title="CS50")
    body = owner_client.post(
        reverse("curriculum:item_status", args=[item.pk]), {"status": "done"}, **HTMX
    ).content.decode()
    assert "1/2 done" in body
    body = owner_client.post(reverse("curriculum:item_delete", args=[item.pk]), **HTMX)
    assert "Deleted “CS50”" in body.content.decode()
    owner_client.post(reverse("curriculum:item_restore", args=[item.pk]), **HTMX)
    assert Item.objects.filter(pk=item.pk).exists()
    assert roadmap.stages.get(pk=stage.pk).title == "Learn"


def test_without_htmx_edits_redirect_and_errors_show(owner_client, owner):
    roadmap = roadmap_with(owner, stages=2, items=1)
    first, second = roadmap.stages.all()
    response = owner_client.post(
        reverse("curriculum:stage_move", args=[second.pk]), {"direction": "up"}
    )
    assert response.status_code == 302
    assert list(roadmap.stages.all()) == [second, first]
    response = owner_client.post(
        reverse("curriculum:item_add", args=[first.pk]),
        {"title": "Bad", "url": "javascript:alert(1)", "kind": "book"},
    )
    assert response.status_code == 400
    assert "Enter a valid URL" in response.content.decode()


def test_focus_guard_shows_the_unfinished_and_start_anyway(owner_client, owner):
    roadmap = roadmap_with(owner, stages=1, items=6)
    items = list(Item.objects.filter(stage__roadmap=roadmap))
    for item in items[:5]:
        item_status_set(learner=owner, item=item, status="in_progress")
    url = reverse("curriculum:item_status", args=[items[5].pk])
    body = owner_client.post(url, {"status": "in_progress"}, **HTMX).content.decode()
    assert "You have 5 unfinished" in body and items[0].title in body and "Start anyway" in body
    owner_client.post(url, {"status": "in_progress", "confirm": "1"}, **HTMX)
    assert Item.objects.get(pk=items[5].pk).status == "in_progress"


def test_script_in_titles_is_escaped(client, owner):
    roadmap = roadmap_with(owner, visibility="public", title="<script>alert(1)</script>")
    ItemFactory(
        stage=roadmap.stages.first(),
        title="<script>alert(2)</script>",
        note="<script>alert(3)</script>",
    )
    page = client.get(detail(roadmap)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_import_page_previews_then_imports_pasted_and_uploaded(owner_client, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from curriculum.models import Roadmap

    url = reverse("curriculum:roadmap_import")
    assert owner_client.get(url).status_code == 200
    text = "# Plan\n\n![logo](logo.png)\n\n## S\n\n- [A](rel/a.md)\n"
    preview = owner_client.post(url, {"text": text})
    page = preview.content.decode()
    assert preview.status_code == 200 and not Roadmap.objects.exists()
    assert "becomes" in page and "1 stage," in page and "1 item" in page
    assert "relative link" in page
    assert "1 line left out" in page and "<td>image</td>" in page
    assert 'id="line-3" class="left-out" title="Left out: image"' in page
    response = owner_client.post(url, {"text": text, "action": "confirm"}, follow=True)
    assert "Imported 1 stages and 1 items" in response.content.decode()
    assert Roadmap.objects.get(owner=owner).title == "Plan"
    upload = SimpleUploadedFile("bin.md", b"\x00\x01\x02" * 50)
    response = owner_client.post(url, {"file": upload})
    assert response.status_code == 400 and "binary" in response.content.decode()
    assert 'id="id_file_error"' in response.content.decode()  # next to the file field
    assert owner_client.post(url, {}).status_code == 400


def test_import_page_refuses_a_private_address_next_to_the_field(owner_client):
    from curriculum.models import Roadmap

    url = reverse("curriculum:roadmap_import")
    response = owner_client.post(url, {"url": "http://192.168.1.10/plan.md"})
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_url_error"' in page
    assert "private or local address" in page
    both = owner_client.post(url, {"url": "https://example.org/a.md", "text": "# a"})
    assert both.status_code == 400 and "not several" in both.content.decode()
    assert not Roadmap.objects.exists()


def test_import_page_needs_a_login(client):
    response = client.post(reverse("curriculum:roadmap_import"), {"text": "# a\n- b\n"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_export_downloads_for_readers_only(client, owner_client, owner):
    roadmap = roadmap_with(owner, title="Plan")
    response = owner_client.get(reverse("curriculum:roadmap_export", args=[roadmap.pk, "md"]))
    assert response["Content-Type"].startswith("text/markdown")
    assert response.content.decode().startswith("# Plan")
    assert (
        owner_client.get(reverse("curriculum:roadmap_export", args=[roadmap.pk, "json"])).json()[
            "title"
        ]
        == "Plan"
    )
    assert (
        owner_client.get(reverse("curriculum:roadmap_export", args=[roadmap.pk, "pdf"])).status_code
        == 404
    )
    assert (
        client.get(reverse("curriculum:roadmap_export", args=[roadmap.pk, "md"])).status_code == 404
    )


def test_owner_renames_an_item_from_its_inline_edit_form(owner, owner_client):
    from tests.factories import ItemFactory, RoadmapFactory, StageFactory

    roadmap = RoadmapFactory(owner=owner)
    item = ItemFactory(stage=StageFactory(roadmap=roadmap), title="Old title", kind="book")
    page = owner_client.get(f"/roadmaps/{roadmap.pk}/").content.decode()
    # The page links each row to its editor instead of repeating a form per item.
    assert f'href="/roadmaps/items/{item.pk}/edit/"' in page
    assert f'id="edit-{item.pk}-title"' not in page
    editor = owner_client.get(f"/roadmaps/items/{item.pk}/edit/", HTTP_HX_REQUEST="true")
    assert f'id="edit-{item.pk}-title"' in editor.content.decode()
    assert 'value="Old title"' in editor.content.decode()

    owner_client.post(
        f"/roadmaps/items/{item.pk}/edit/",
        {
            "title": "New title",
            "url": "https://course.fast.ai/",
            "kind": "course",
            "estimated_hours": "12",
            "project_slug": "",
            "note": "kept",
        },
        HTTP_HX_REQUEST="true",
    )

    item.refresh_from_db()
    assert (item.title, item.kind, item.url, str(item.estimated_hours)) == (
        "New title",
        "course",
        "https://course.fast.ai/",
        "12.00",
    )


def test_import_preview_escapes_hostile_text(owner_client):
    text = (
        "# <script>alert(1)</script>\n\n## S\n\n- [x](javascript:alert(2))\n"
        "- [<img src=x onerror=alert(3)>](https://a.org)\n<script>alert(4)</script>\n"
    )
    page = owner_client.post(reverse("curriculum:roadmap_import"), {"text": text}).content.decode()
    assert "<script>alert" not in page and "onerror=alert(3)>" not in page
    assert 'href="javascript:' not in page  # the unsafe link is no item's link
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in page  # shown as text among the lines left out


def test_import_preview_of_a_json_export_does_not_claim_a_line_count(owner_client):
    text = '{"title": "Plan", "stages": [{"title": "S", "items": [{"title": "A"}]}]}'
    page = owner_client.post(reverse("curriculum:roadmap_import"), {"text": text}).content.decode()
    assert "Read as a JSON export" in page and "Every line of the file is used" not in page
