"""The fidelity promise: every non-blank line becomes part of the roadmap or is listed in
left_out with its line number and a reason, and the links of a curriculum land on items."""

from decimal import Decimal

import pytest

from tests.curriculum.curricula_checks import (
    CURRICULA,
    assert_every_line_accounted_for,
    landed_share,
    read,
)

OWN = CURRICULA / "own"


def test_the_small_plan_of_the_issue_imports_whole():
    outline = read(OWN / "small_plan.md")
    assert outline.title == "Data engineering in ten weeks"
    assert [(s.title, s.planned_weeks, len(s.items)) for s in outline.stages] == [
        ("Part 1 — Foundations", 3, 3),
        ("Part 2 — Pipelines", 3, 4),
        ("Part 3 — Streaming", 4, 3),
    ]
    assert outline.item_count == 10
    part1, part2, part3 = outline.stages
    assert [i.estimated_hours for i in part1.items] == [10, 10, 10]
    assert [i.status for i in part1.items] == ["not_started", "not_started", "done"]
    # The Hours column: "12" (hours by the header), "6 h", "3 weeks at 2–4 h/week" (3 × 3).
    assert [i.estimated_hours for i in part2.items[:3]] == [12, 6, 9]
    assert [i.kind for i in part2.items] == ["book", "article", "course", "project"]
    milestone = part2.items[3]
    assert milestone.title.startswith("Build a nightly pipeline")
    assert [i.url for i in part3.items] == [
        "https://example.org/kafka",
        "https://example.org/streaming-101",
        "https://example.org/flink",
    ]
    assert "Take these in order" in part3.description
    assert "Tip: keep a log" in part3.description  # the quote is the stage's note
    assert outline.left_out == []


def test_a_course_per_heading_becomes_one_item_with_its_link_and_lectures():
    outline = read(OWN / "course_per_heading.md")
    assert [(s.title, [i.title for i in s.items]) for s in outline.stages] == [
        ("Machine Learning", ["Intro to ML", "Probabilistic ML"]),
        ("Deep Learning", ["Deep Learning Basics"]),
    ]
    intro = outline.stages[0].items[0]
    assert (intro.url, intro.kind) == ("https://example.org/intro-ml", "course")
    assert [c.text for c in intro.checklist] == [
        "Lecture 1: What is learning?",
        "Lecture 2: Linear regression",
        "Lecture 3: Decision trees",
    ]
    assert "Also: [Link to Materials](https://example.org/intro-ml/materials)" in intro.note
    assert intro.note.startswith("A first course")
    dl = outline.stages[1].items[0]
    assert "https://example.org/dl/videos" in dl.note
    left = {(e.line, e.reason) for e in outline.left_out}
    assert left == {
        (5, "table of contents"),
        (9, "table of contents"),
        (10, "table of contents"),
        (14, "table of contents"),
        (23, "placeholder for more lectures"),
        (46, "back-to-top link"),
    }
    assert landed_share(outline, (OWN / "course_per_heading.md").read_text()) == (6, 6)


FIXTURES = sorted(
    p for p in CURRICULA.rglob("*.md") if p.name not in ("NOTICE.md",) and "licenses" not in p.parts
)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(CURRICULA)))
def test_every_fixture_keeps_its_links_and_accounts_for_every_line(path):
    text = path.read_text(encoding="utf-8")
    base = "https://github.com/example/curriculum/blob/main/"
    outline = read(path, base)
    assert_every_line_accounted_for(outline, text)
    landed, links = landed_share(outline, text)
    if links:
        assert landed / links >= 0.95, (landed, links)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(CURRICULA)))
def test_our_own_export_of_every_fixture_reads_back_with_nothing_left_out(path):
    from curriculum.importing import parse_roadmap_file
    from curriculum.importing.export import outline_to_markdown

    outline = read(path, "https://github.com/example/curriculum/blob/main/")
    again = parse_roadmap_file(outline_to_markdown(outline))
    assert again.left_out == []
    assert [len(s.items) for s in again.stages] == [len(s.items) for s in outline.stages]


def test_hours_are_decimals_not_floats():
    outline = read(OWN / "small_plan.md")
    assert isinstance(outline.stages[1].items[0].estimated_hours, Decimal)


def test_markdown_opening_with_a_badge_link_is_read_as_markdown_not_json():
    text = "[![license](https://img.shields.io/x.svg)](LICENSE)\n\n# Plan\n\n- [A](https://a.org)\n"
    outline = read_text(text)
    assert [i.url for i in outline.stages[0].items] == ["https://a.org"]
    assert outline.left_out[0].reason == "image"


def read_text(text: str):
    from curriculum.importing import parse_roadmap_file

    return parse_roadmap_file(text)


def test_notes_too_long_for_a_stage_are_cut_with_a_warning_not_silently():
    prose = " ".join(["word"] * 1200)  # about 6,000 characters
    outline = read_text(f"# Plan\n\n## Stage\n\n{prose}\n\n- [A](https://a.org)\n")
    assert len(outline.stages[0].description) <= 5000
    assert "The notes of stage “Stage” were cut to 5,000 characters." in outline.warnings
