"""The compact roadmap page: one row per item with no form of its own, errors next to the
control that caused them (answered 400 with the partial), learner-worded messages, the public
path view and item pages that keep private roadmaps private, and the template list's figures."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from curriculum.models import Item, Roadmap
from curriculum.services import item_status_set
from tests.curriculum.factories import roadmap_with
from tests.factories import ItemFactory, LearnerFactory, RoadmapFactory, StageFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def page_of(client, roadmap):
    return client.get(reverse("curriculum:roadmap_detail", args=[roadmap.pk])).content.decode()


def test_the_form_markup_does_not_grow_with_the_items(owner_client, owner):
    small = page_of(owner_client, roadmap_with(owner, stages=2, items=2))
    big = page_of(owner_client, roadmap_with(owner, stages=2, items=60))
    # The shared form, one rename and one add form per stage, the add-stage form, settings.
    assert big.count("<form") == small.count("<form")
    assert big.count('form="ra"') > small.count('form="ra"')  # the rows post through it
    assert big.count('<li class="row status-') == 120


def test_the_current_status_is_pressed_and_labelled(owner_client, owner):
    roadmap = roadmap_with(owner, stages=1, items=2)
    item = roadmap.stages.first().items.first()
    item_status_set(learner=owner, item=item, status="in_progress")
    page = page_of(owner_client, roadmap)
    row = re.search(rf'<li class="row status-in_progress" id="item-{item.pk}">.*?</li>', page)
    assert row, "the row carries its status"
    pressed = re.findall(r'aria-pressed="true" aria-label="([^"]+)"', row.group(0))
    assert pressed == [f"In progress: {item.title}"]
    assert "<span class=seg-label>In progress</span>" in row.group(0)


def test_a_failed_status_change_answers_400_with_the_message_in_its_row(owner_client, owner):
    roadmap = roadmap_with(owner, stages=1, items=2)
    item = roadmap.stages.first().items.first()
    response = owner_client.post(
        reverse("curriculum:item_status", args=[item.pk]), {"status": "finished"}, **HTMX
    )
    assert response.status_code == 400
    body = response.content.decode()
    row = re.search(rf'<li class="row [^"]*" id="item-{item.pk}">.*?</li>', body).group(0)
    assert 'class="inline-error" role="alert"' in row and "Unknown status" in row
    assert body.count('role="alert"') == 1  # not also at the top of the page


def test_bad_hours_on_add_keep_what_was_typed_and_say_it_for_a_learner(owner_client, owner):
    roadmap = roadmap_with(owner, stages=2, items=1)
    second = roadmap.stages.all()[1]
    response = owner_client.post(
        reverse("curriculum:item_add", args=[second.pk]),
        {"title": "Deep learning book", "kind": "book", "estimated_hours": "123456789"},
        **HTMX,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "digits in total" not in body
    assert "Hours are a number from 0 to 10,000" in body
    stage_html = body[body.index(f'id="stage-{second.pk}"') :]
    assert 'value="Deep learning book"' in stage_html.split("</section>")[0]
    assert f'id="add-{second.pk}-estimated_hours_error"' in body
    assert not Item.objects.filter(title="Deep learning book").exists()


def test_an_invalid_edit_reopens_the_editor_in_its_row(owner_client, owner):
    roadmap = roadmap_with(owner, stages=1, items=2)
    item = roadmap.stages.first().items.first()
    response = owner_client.post(
        reverse("curriculum:item_edit", args=[item.pk]),
        {"title": "  ", "kind": "course", "url": "", "estimated_hours": "-3"},
        **HTMX,
    )
    assert response.status_code == 400
    body = response.content.decode()
    row = body[body.index(f'id="item-{item.pk}"') :].split("</li>")[0]
    assert f'id="editor-{item.pk}"' in row
    assert "Give the item a title" in row and "Hours are a number from 0 to 10,000" in row
    # Without JavaScript the editor is its own page, with the same messages.
    response = owner_client.post(
        reverse("curriculum:item_edit", args=[item.pk]), {"title": "", "kind": "course"}
    )
    assert response.status_code == 400 and "Give the item a title" in response.content.decode()


def test_a_failed_stage_rename_shows_next_to_the_stage(owner_client, owner):
    roadmap = roadmap_with(owner, stages=2, items=1)
    stage = roadmap.stages.first()
    response = owner_client.post(
        reverse("curriculum:stage_rename", args=[stage.pk]), {"title": "   "}, **HTMX
    )
    assert response.status_code == 400
    body = response.content.decode()
    section = body[body.index(f'id="stage-{stage.pk}"') :].split("</section>")[0]
    assert 'class="inline-error" role="alert"' in section


def test_the_editor_and_item_page_are_the_owners_or_readers(client, stranger_client, owner):
    roadmap = roadmap_with(owner, stages=1, items=1)
    item = roadmap.stages.first().items.first()
    Item.objects.filter(pk=item.pk).update(note="**Bold** <script>alert(1)</script>")
    editor = reverse("curriculum:item_edit", args=[item.pk])
    detail = reverse("curriculum:item_detail", args=[item.pk])
    assert stranger_client.get(editor).status_code == 404
    assert stranger_client.get(detail).status_code == 404
    assert client.get(detail).status_code == 404
    Roadmap.objects.filter(pk=roadmap.pk).update(visibility="public")
    page = client.get(detail).content.decode()
    assert "<strong>Bold</strong>" in page and "<script>alert(1)" not in page
    assert stranger_client.get(editor).status_code == 404  # reading is not editing


def test_the_path_view_is_public_read_only_and_private_stays_private(
    client, stranger_client, owner_client, owner
):
    roadmap = RoadmapFactory(owner=owner, title="My masters <b>")
    first = StageFactory(roadmap=roadmap, title="Foundations", position=0)
    StageFactory(roadmap=roadmap, title="Deep learning", position=1)
    done = ItemFactory(stage=first, title="CS50", estimated_hours=100, position=0)
    ItemFactory(stage=first, title="Missing semester", estimated_hours=24, position=1)
    item_status_set(learner=owner, item=done, status="done")
    path = reverse("curriculum:roadmap_path", args=[roadmap.pk])

    assert client.get(path).status_code == 404
    assert stranger_client.get(path).status_code == 404
    assert owner_client.get(path).status_code == 200
    Roadmap.objects.filter(pk=roadmap.pk).update(visibility="public")
    page = client.get(path).content.decode()
    assert "My masters &lt;b&gt;" in page
    assert '<li class="path-stage path-in_progress"' in page
    assert '<li class="path-stage path-not_started"' in page
    assert "1/2 done" in page and "124 h" in page  # by hand: 100 + 24
    assert "(Done)" in page and "(Not started)" in page
    assert "<form" not in page.split('<main id="main"')[1].split("</main>")[0]
    # A signed-in visitor may copy it from here; its owner is not offered that.
    assert "Use this roadmap" in stranger_client.get(path).content.decode()
    assert "Use this roadmap" not in owner_client.get(path).content.decode()
    hidden = LearnerFactory(portfolio_hidden=True)
    hidden_map = RoadmapFactory(owner=hidden, visibility="public")
    assert client.get(reverse("curriculum:roadmap_path", args=[hidden_map.pk])).status_code == 404


def test_the_portfolio_roadmap_card_links_to_the_path(client, owner):
    roadmap = roadmap_with(owner, visibility="public", title="Public path")
    page = client.get(reverse("portfolio:learner", args=[owner.username])).content.decode()
    assert f'href="{reverse("curriculum:roadmap_path", args=[roadmap.pk])}"' in page


def test_the_template_list_shows_length_hours_and_counts(owner_client):
    call_command("load_starter_roadmaps", verbosity=0)
    page = owner_client.get(reverse("curriculum:roadmap_list")).content.decode()
    advanced = Roadmap.objects.get(is_template=True, slug="ai-masters-advanced")
    stages = list(advanced.stages.all())
    items = list(Item.objects.filter(stage__roadmap=advanced))
    weeks = sum(stage.planned_weeks or 0 for stage in stages)
    hours = sum(item.estimated_hours or 0 for item in items)
    card = page[page.index(f'id="template-{advanced.pk}"') :].split("</article>")[0]
    assert f"{weeks} weeks" in card and f"about {hours:.0f} hours" in card
    assert f"{len(stages)} stages · {len(items)} items" in card
    assert "already program" in card  # its description


def test_the_advanced_path_starts_where_its_title_says():
    call_command("load_starter_roadmaps", verbosity=0)
    advanced = Roadmap.objects.get(is_template=True, slug="ai-masters-advanced")
    first = advanced.stages.first()
    titles = list(first.items.values_list("title", flat=True))
    assert first.title == "Practical deep learning"
    assert not any("CS50" in t or "HTML" in t or "freeCodeCamp" in t for t in titles)
    assert not Item.objects.filter(stage__roadmap=advanced, title="CS50").exists()
