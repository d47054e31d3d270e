"""Every Markdown shape the issue lists, each from its own small fixture, plus roadmap.sh."""

from decimal import Decimal
from pathlib import Path

import pytest

from curriculum.importing import UnusableFile, parse_roadmap_file
from curriculum.importing.markdown import parse_markdown

SHAPES = Path(__file__).resolve().parent.parent / "fixtures" / "curricula" / "shapes"


def read(name: str):
    return parse_roadmap_file((SHAPES / name).read_bytes(), filename=name)


def shape(outline):
    return [(s.title, [i.title for i in s.items]) for s in outline.stages]


def test_h1_to_h3_headings_are_stages_and_empty_parents_are_dropped():
    outline = read("headings.md")
    assert shape(outline) == [
        ("Foundations", ["Elements of AI", "CS50"]),
        ("Classical ML", ["Hands-On ML, part 1"]),
        ("Deep learning", ["Practical Deep Learning", "Full Stack Deep Learning"]),
    ]
    assert outline.stages[0].description == "Start here."
    assert outline.stages[1].items[0].estimated_hours == 40
    assert outline.title == "Headings"  # several H1s: none is the title


def test_bold_paragraphs_standing_alone_are_stages():
    outline = read("bold_stages.md")
    assert outline.title == "Self-made path"
    assert [s.title for s in outline.stages] == [
        "Stage 1: Programming",
        "Stage 2: Math",
        "Stage 3: Projects",
    ]
    assert outline.stages[1].items[1].title == "Khan Academy linear algebra"
    assert outline.stages[1].items[1].url == ""
    assert outline.stages[2].kind == "build"


def test_numbered_entries_holding_lists_are_stages_with_tabs_and_spaces_mixed():
    outline = read("numbered_stages.md")
    assert shape(outline) == [
        ("Learn to program", ["CS50", "freeCodeCamp"]),
        ("Learn the tools", ["The Missing Semester", "Git basics"]),
        ("Learn ML", ["Elements of AI"]),
    ]
    assert outline.stages[1].planned_weeks == 2


def test_headings_inside_list_items_are_stages():
    assert shape(read("list_headings.md")) == [
        ("Linear algebra", ["Essence of linear algebra", "Khan Academy"]),
        ("Calculus", ["Khan Academy calculus"]),
    ]


def test_status_and_duration_in_headings_and_a_legend_defining_glyphs():
    outline = read("heading_status.md")
    basics, models, shipping = outline.stages
    assert basics.title == "Phase 1: Basics"
    assert {i.status for i in basics.items} == {"done"}  # the phase's ✅ covers its items
    assert models.title == "Phase 2: Models" and models.planned_weeks == 6
    assert [i.status for i in models.items] == ["in_progress", "in_progress", "not_started", "done"]
    assert models.items[0].url == "https://example.org/linear"
    assert shipping.title == "Phase 3: Shipping"
    assert shipping.items[0].status == "not_started"


def test_tables_with_and_without_pipes_and_varied_columns():
    outline = read("tables.md")
    plain, six, three = outline.stages
    intro, networks, haskell = plain.items
    assert (intro.url, intro.estimated_hours, intro.status) == (
        "https://example.org/intro",
        Decimal("104.00"),
        "done",
    )
    assert (networks.estimated_hours, networks.status) == (64, "in_progress")
    assert haskell.estimated_hours is None
    video, reading, project = six.items
    assert (video.kind, video.estimated_hours, video.status, video.note) == (
        "video",
        Decimal("1.25"),
        "done",
        "Notes: good",
    )
    assert (reading.kind, reading.url, reading.status) == ("book", "", "not_started")
    assert (project.kind, project.status) == ("project", "skipped")
    assert three.items[0].estimated_hours == Decimal("1.50")
    assert three.items[0].status == "done"


def test_checkboxes_nested_three_deep_become_statuses_and_checklists():
    outline = read("checkboxes.md")
    python, math = outline.stages
    tutorial = python.items[0]
    assert tutorial.status == "done"
    assert [(c.text, c.done) for c in tutorial.checklist] == [
        ("Read chapters 1-3", True),
        ("Do the exercises", False),
        ("Exercise A", False),
        ("Part one", True),
    ]
    assert [(i.title, i.status) for i in python.items[1:]] == [
        ("Write a script", "not_started"),
        ("Install an editor", "done"),
    ]
    # A nested entry with its own link is an item of its own.
    assert [i.title for i in math.items] == ["Linear algebra", "Extra video"]


def test_bare_link_paragraphs_and_plain_text_items():
    articles, books = read("links_and_plain.md").stages
    assert [i.url for i in articles.items] == [
        "https://www.fast.ai/posts/2017-11-13-validation-sets.html",
        "https://missing.csail.mit.edu/",
        "https://www.deeplearning.ai/",
    ]
    assert [i.title for i in books.items] == [
        "Learning From Data",
        "Building Machine Learning Powered Applications",
        "Deep Learning for Coders with fastai and PyTorch",
    ]
    assert all(i.url == "" for i in books.items)


def test_noise_is_skipped_and_non_english_text_kept():
    outline = read("noise.md")
    assert outline.title == "Apprendre l'apprentissage automatique"
    assert [s.title for s in outline.stages] == ["Bases", "Modèles"]
    titles = [i.title for i in outline.stages[0].items]
    assert "Mathématiques" in titles
    assert not any("Not an item" in t or "Logo" in t or "top" in t.lower() for t in titles)
    assert outline.stages[0].description == "Ce paragraphe est de la prose et n'est pas un élément."
    assert [i.title for i in outline.stages[1].items] == ["Arbres"]


def test_roadmap_sh_topics_become_stages_ordered_by_position():
    outline = read("roadmap_sh.json")
    assert outline.title == "AI Engineer"
    assert shape(outline) == [
        ("Python", ["NumPy", "pandas"]),
        ("Models", ["Linked to models", "Train a baseline", "Orphan below models"]),
    ]
    assert outline.stages[0].items[0].url == "https://numpy.org/"
    assert outline.stages[1].items[0].url == ""  # javascript: dropped
    assert any("unsafe" in w for w in outline.warnings)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("Just a paragraph of prose with no list at all.", "no stages or items"),
        ('{"nodes": []}', "no topic"),
        ('{"stages": "nope"}', "neither"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "neither"),
        ('{"stages": [{"title": ""}]}', "needs a title"),
        ('{"stages": [{"title": "S", "items": [{"title": 3}]}]}', "must be text"),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_unusable_input_is_refused_with_a_clear_message(text, message):
    with pytest.raises(UnusableFile, match=message):
        parse_roadmap_file(text)


def test_a_relative_link_resolves_against_the_address_given():
    outline = parse_markdown("## S\n\n- [Lesson](lessons/one.md)\n", base_url="https://x.org/r/")
    assert outline.stages[0].items[0].url == "https://x.org/r/lessons/one.md"


def test_reference_links_and_autolinks():
    text = "## S\n\n- [Course][c]\n- <https://example.org/b>\n\n[c]: https://example.org/c\n"
    items = parse_markdown(text).stages[0].items
    assert [(i.title, i.url) for i in items] == [
        ("Course", "https://example.org/c"),
        ("https://example.org/b", "https://example.org/b"),
    ]
