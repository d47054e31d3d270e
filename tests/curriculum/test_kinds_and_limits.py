"""The curriculum's vocabulary and limits live in curriculum/kinds.py; the models, the
services and the importers agree on them."""

import pytest
from django.urls import reverse

from curriculum import kinds
from curriculum.importing import outline
from curriculum.models import Item, Roadmap, Stage

pytestmark = pytest.mark.django_db


def api(name, *args):
    return reverse(f"api:{name}", args=args)


def test_an_imported_250_character_step_can_be_renamed_and_sent_back(owner, api_client_for):
    long_step = ("Work through every exercise of chapter three " * 6)[:250].strip() + "."
    assert 240 < len(long_step) <= kinds.STEP_MAX_CHARS
    markdown = (
        f"# Plan\n\n## Python\n\n- [ ] [Tutorial](https://example.com/t)\n  - [ ] {long_step}\n"
    )
    client = api_client_for(owner)

    imported = client.post(api("roadmap-import"), {"text": markdown}, format="json")
    assert imported.status_code == 201, imported.json()
    item = Item.objects.get(stage__roadmap_id=imported.json()["roadmap_id"])
    assert item.checklist == [{"text": long_step, "done": False}]

    # Sent back exactly as the API gave it.
    body = client.get(api("roadmap-detail", item.stage.roadmap_id)).json()
    (given,) = [i for s in body["stages"] for i in s["items"] if i["id"] == item.pk]
    sent_back = client.patch(
        api("roadmap-item-detail", item.pk), {"checklist": given["checklist"]}, format="json"
    )
    assert sent_back.status_code == 200, sent_back.json()

    # Renamed to another long text, through the step endpoint and through the page's service.
    renamed = long_step[:-1] + "!"
    step = client.patch(api("roadmap-item-step", item.pk, 0), {"text": renamed}, format="json")
    assert step.status_code == 200, step.json()
    assert Item.objects.get(pk=item.pk).checklist == [{"text": renamed, "done": False}]


def test_a_step_one_over_the_limit_is_refused_on_import_as_on_the_page(owner):
    from curriculum.importing.reader import parse_roadmap_file

    too_long = "x" * (kinds.STEP_MAX_CHARS + 1)
    read = parse_roadmap_file(f"# P\n\n## S\n\n- [ ] Item\n  - [ ] {too_long}\n")

    assert all(len(c.text) <= kinds.STEP_MAX_CHARS for c in read.stages[0].items[0].checklist)


def test_the_models_and_the_importer_share_the_vocabulary_and_lengths():
    def max_length(model, name):
        return model._meta.get_field(name).max_length

    assert outline.ITEM_KINDS == tuple(v for v, _ in Item._meta.get_field("kind").choices)
    assert outline.STAGE_KINDS == tuple(v for v, _ in Stage._meta.get_field("kind").choices)
    assert outline.STATUSES == tuple(v for v, _ in Item._meta.get_field("status").choices)
    assert outline.ITEM_TITLE_MAX == max_length(Item, "title")
    assert outline.STAGE_TITLE_MAX == max_length(Stage, "title")
    assert outline.ROADMAP_TITLE_MAX == max_length(Roadmap, "title")
    assert outline.URL_MAX == max_length(Item, "url")
    assert outline.NOTE_MAX == max_length(Item, "note")
    assert outline.STAGE_DESCRIPTION_MAX == max_length(Stage, "description")
    assert outline.ROADMAP_DESCRIPTION_MAX == max_length(Roadmap, "description")
    assert outline.CHECKLIST_TEXT_MAX == kinds.STEP_MAX_CHARS
    assert outline.MAX_CHECKLIST == kinds.CHECKLIST_MAX_STEPS


def test_the_page_lets_a_learner_type_as_long_a_step_as_the_service_keeps(owner, owner_client):
    """A browser refuses to submit an edited field longer than its maxlength: the step fields
    must allow STEP_MAX_CHARS, or an imported 250-character step cannot be renamed there."""
    import re

    from tests.factories import ItemFactory, RoadmapFactory, StageFactory

    roadmap = RoadmapFactory(owner=owner)
    item = ItemFactory(
        stage=StageFactory(roadmap=roadmap), checklist=[{"text": "x" * 250, "done": False}]
    )

    # Steps are renamed and added in the item's editor (loaded into its row, or its own page).
    page = owner_client.get(reverse("curriculum:item_edit", args=[item.pk]))
    text = page.content.decode()
    step_fields = re.findall(r'<input name="text"[^>]*>', text)

    assert len(step_fields) == 2, "the editor shows a rename and an add field"
    for field in step_fields:
        assert f'maxlength="{kinds.STEP_MAX_CHARS}"' in field, field
