"""Ten more public curricula of different shapes (tests/fixtures/curricula/corpus, licences in
NOTICE.md) and our own fixtures, each with the stages, items, links, estimates and statuses a
learner should get. Every fixture also passes test_import_fidelity's checks: at least 95% of
its external links on items, every non-blank line imported or in left_out."""

from decimal import Decimal

import pytest

from tests.curriculum.curricula_checks import CURRICULA, read

CORPUS = CURRICULA / "corpus"
BASE = "https://github.com/example/curriculum/blob/main/"


def load(name: str):
    return read(CORPUS / name, BASE)


def shape(outline):
    return [(s.title, len(s.items)) for s in outline.stages]


def item(outline, title):
    return next(i for s in outline.stages for i in s.items if i.title == title)


EXPECTED = {
    # An awesome-list: a list of links per heading, nested entries are items too.
    "awesome.md": (
        "Awesome",
        [("Computer Science", 18), ("Big Data", 5), ("Theory", 8), ("Books", 7)],
        38,
    ),
    # A study plan of checkboxes under headings inside list entries, in German.
    "coding-interview-university-de.md": (
        "Mehr", [("Binärsuche", 4), ("Bitweise Operationen", 24)], 21,
    ),
    "coding-interview-university.md": (
        "Coding interview university",
        [("Design patterns", 5), ("Testing", 9), ("Unicode", 2), ("Endianness", 3)],
        16,
    ),
    # A course list per topic, in Spanish and in Japanese.
    "free-courses-es.md": (
        "Free courses es",
        [("ABAP", 1), ("Android", 7), ("Arduino", 2), ("Bases de Datos", 6),
         ("Control de Versiones", 2), ("LaTeX", 1), ("Markdown", 1)],
        20,
    ),
    "free-courses-ja.md": (
        "Free courses ja", [("0 - 大規模公開オンライン講座(MOOC)", 1), ("Scratch", 1)], 2,
    ),
    # A lecture series: a bold title per lecture, a description, a list of its links.
    "karpathy-nn-zero-to-hero.md": (
        "Neural Networks: Zero to Hero",
        [("Introduction", 1),
         ("Lecture 1: The spelled-out intro to neural networks and backpropagation: "
          "building micrograd", 3),
         ("Lecture 2: The spelled-out intro to language modeling: building makemore", 3),
         ("Lecture 3: Building makemore Part 2: MLP", 3),
         ("Lecture 4: Building makemore Part 3: Activations & Gradients, BatchNorm", 3),
         ("Lecture 5: Building makemore Part 4: Becoming a Backprop Ninja", 3),
         ("Lecture 6: Building makemore Part 5: Building WaveNet", 2),
         ("Lecture 7: Let's build GPT: from scratch, in code, spelled out.", 1)],
        19,
    ),
    # A lesson table whose title is "Concepts Taught" and link "Linked Lesson".
    "ml-for-beginners.md": (
        "Machine Learning for Beginners - A Curriculum",
        [("Introduction", 1), ("Each lesson includes:", 9), ("Offline access", 2)],
        12,
    ),
    # A day-by-day plan in Chinese whose headings are the links.
    "mleveryday-100-days-of-ml-code-zh.md": (
        "机器学习100天", [("机器学习100天", 3), ("支持向量机(SVM) | 第13天", 1)], 4,
    ),
    # Course tables with Duration and Effort, a project as prose, an about-us section.
    "ossu-data-science.md": (
        "Ossu data science",
        [("Motivation & Preparation", 2), ("Linear Algebra", 3), ("Single Variable Calculus", 3),
         ("Probability and Statistics", 3), ("Machine Learning", 3), ("Project", 1),
         ("Capstone Project", 2), ("Prerequisite", 3)],
        17,
    ),
    # Prose sections full of links, a numbered list, a quoted list, a lesson table.
    "web-dev-for-beginners.md": (
        "Web dev for beginners",
        [("🌱 Getting Started", 5), ("📋 Setting up your environment", 2),
         ("Create your repository", 2), ("🗃️ Lessons", 6)],
        15,
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_stages_items_and_links(name):
    title, stages, links = EXPECTED[name]
    outline = load(name)
    assert outline.title == title
    assert shape(outline) == stages
    assert outline.item_count == sum(count for _, count in stages)
    assert outline.link_count == links


def test_the_corpus_holds_ten_curricula_with_their_notice():
    names = {p.name for p in CORPUS.glob("*.md")}
    assert names == set(EXPECTED) and len(names) >= 10
    notice = (CURRICULA / "NOTICE.md").read_text()
    assert all(f"corpus/{name}" in notice for name in names)


def test_ossu_data_science_estimates_from_duration_and_effort():
    outline = load("ossu-data-science.md")
    assert item(outline, "Linear Algebra - Foundations to Frontiers").estimated_hours == 120
    assert item(outline, "Calculus 1B: Integration").estimated_hours == Decimal("97.50")
    assert item(outline, "Statistical Reasoning").estimated_hours is None  # "- weeks"
    learning = item(outline, "Learning From Data (Introductory Machine Learning)")
    assert learning.estimated_hours == 150  # 10 weeks × 10-20 hours/week
    assert "Also: [caltech](http://work.caltech.edu/lectures.html)" in learning.note
    project = outline.stages[5].items[0]
    assert (project.title, project.kind) == (
        "Complete Kaggle's Getting Started and Playground Competitions", "project"
    )
    assert {e.reason for e in outline.left_out if e.text.startswith("* **Curriculum")} == {
        "about the repository, not what to learn"
    }


def test_lesson_tables_take_the_telling_column_as_title_and_the_lesson_as_link():
    ml = load("ml-for-beginners.md")
    lessons = ml.stages[1].items
    assert ml.stages[1].description.startswith("- optional sketchnote")  # a list of parts
    assert [i.title for i in lessons][:3] == [
        "Introduction to Machine Learning",
        "The History of Machine Learning",
        "The Ethics of Machine Learning",
    ]
    assert lessons[0].url == BASE + "Introduction/1-intro-to-ML/README.md"
    assert "Section: [Introduction](Introduction/README.md)" in lessons[0].note
    web = load("web-dev-for-beginners.md")
    first = web.stages[3].items[0]
    assert first.title == "Introduction to Programming and Tools of the Trade"
    lesson = "1-getting-started-lessons/1-intro-to-programming-languages/README.md"
    assert first.url == BASE + lesson
    assert "Project Name: Getting Started" in first.note and "Notes: 01" not in first.note


def test_study_plan_checklists_and_statuses():
    ciu = load("coding-interview-university.md")
    patterns = item(ciu, "Learn these patterns:")
    assert len(patterns.checklist) == 17 and patterns.checklist[0].text == "strategy"
    assert {i.status for s in ciu.stages for i in s.items} == {"not_started"}
    to_cover = item(ciu, "To cover:")  # a label over plain entries: one item, its checklist
    assert [c.text for c in to_cover.checklist][0] == "how unit testing works"
    assert len(to_cover.checklist) == 4
    de = load("coding-interview-university-de.md")
    assert item(de, "Implementierung:").checklist[1].text == "Binärsuche mittels Rekursion"


def test_lecture_series_keep_every_link_and_the_exercise_in_prose():
    outline = load("karpathy-nn-zero-to-hero.md")
    lecture5 = outline.stages[5]
    assert "colab.research.google.com" in lecture5.items[0].note  # from the paragraph
    assert outline.stages[1].items[1].url == BASE + "lectures/micrograd"


def test_own_status_table_estimates_weeks_and_groups():
    outline = read(CURRICULA / "own" / "estimates_and_status.md")
    assert [(s.title, s.planned_weeks, s.kind) for s in outline.stages] == [
        ("Week 1–2: HTML and CSS", 2, "learn"),
        ("JavaScript", 6, "learn"),
        ("Capstone", 2, "build"),
    ]
    week1, js, capstone = outline.stages
    assert [(i.estimated_hours, i.status) for i in week1.items] == [
        (4, "done"), (24, "in_progress"), (Decimal("1.5"), "not_started"), (None, "not_started")
    ]
    assert week1.items[3].note == "Part of “Exercises”."  # ### Exercises: a group, no stage
    assert [(i.estimated_hours, i.status) for i in js.items] == [(20, "in_progress"), (16, "done")]
    assert (capstone.items[0].estimated_hours, capstone.items[0].status) == (20, "skipped")
    assert outline.left_out == []
