"""The two real curricula written by others (tests/fixtures/curricula, MIT, see NOTICE.md)."""

from decimal import Decimal
from pathlib import Path

import pytest

from curriculum.importing import parse_roadmap_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "curricula"
OSSU_BASE = "https://github.com/ossu/computer-science/blob/master/"
AIE_BASE = "https://github.com/rohitg00/ai-engineering-from-scratch/blob/main/"


def read(name: str, base_url: str = ""):
    return parse_roadmap_file((FIXTURES / name).read_bytes(), filename=name, base_url=base_url)


def item(outline, title):
    return next(i for s in outline.stages for i in s.items if i.title == title)


@pytest.fixture(scope="module")
def ossu():
    return read("ossu-computer-science.md", OSSU_BASE)


@pytest.fixture(scope="module")
def aie():
    return read("ai-engineering-from-scratch-roadmap.md", AIE_BASE)


def test_ossu_has_one_stage_per_course_table_and_63_courses(ossu):
    # Lists outside the tables are read too (a table no longer changes how the rest of the
    # file is read): the prerequisites' one link and the "what next" list at the end.
    assert [s.title for s in ossu.stages] == [
        "Summary",
        "Prerequisites",
        "Intro CS",
        "Core programming",
        "Core math",
        "CS Tools",
        "Core systems",
        "Core theory",
        "Core security",
        "Core applications",
        "Core ethics",
        "Advanced programming",
        "Advanced systems",
        "Advanced theory",
        "Advanced Information Security",
        "Advanced math",
        "Final project",
        "Congratulations",
        "Pay attention to emerging technologies in the world of software development:",
    ]
    counts = [8, 1, 1, 5, 4, 1, 4, 2, 5, 6, 3, 6, 3, 3, 6, 5, 9, 3, 3]
    assert [len(s.items) for s in ossu.stages] == counts
    assert sum(counts[2:17]) == 63  # the courses of the tables
    assert ossu.item_count == 78
    assert ossu.link_count == 77  # "Look for a job as a developer!" has none
    # The summary's prose links (the spreadsheet, financial aid) are items of its stage.
    assert [i.title for i in ossu.stages[0].items][:4] == [
        "CS 2013", "extras/courses", "extras/readings", "this spreadsheet"
    ]
    assert [i.url for i in ossu.stages[-1].items] == [
        "https://elixir-lang.org/", "https://www.rust-lang.org/", "https://www.idris-lang.org/"
    ]


def test_ossu_courses_have_links_hours_from_weeks_and_effort_and_notes(ossu):
    spd = item(ossu, "Systematic Program Design")
    assert spd.url == OSSU_BASE + "coursepages/spd/README.md"
    assert spd.kind == "course"
    assert spd.estimated_hours == Decimal("117.00")  # 13 weeks × 8–10 hours/week
    assert "Duration: 13 weeks" in spd.note
    assert item(ossu, "The Missing Semester of Your CS Education").estimated_hours == 24
    assert item(ossu, "Operating Systems: Three Easy Pieces").estimated_hours == 88  # 11 × 8
    assert item(ossu, "Computer Networking: a Top-Down Approach").estimated_hours == 64  # en dash
    game = item(ossu, "Game Design and Development with Unity 2020 (Specialization)")
    assert game.estimated_hours == 130  # 6 months ≈ 26 weeks × 5
    assert item(ossu, "Introduction to Haskell").estimated_hours is None  # "-" effort
    calculus = item(ossu, "Calculus 1A: Differentiation")
    assert calculus.url.startswith("https://openlearninglibrary.mit.edu/")
    assert "Also: [alternative](https://ocw.mit.edu/" in calculus.note
    assert item(ossu, "Learn Prolog Now!").url.startswith("https://www.let.rug.nl/")


def test_ossu_statuses_descriptions_and_noise(ossu):
    assert {i.status for s in ossu.stages for i in s.items} == {"not_started"}
    assert ossu.stages[2].description.startswith("This course will introduce you")
    assert ossu.stages[16].title == "Final project" and ossu.stages[16].kind == "build"
    titles = {i.title for s in ossu.stages for i in s.items}
    assert "Be open for enrollment" not in titles  # a bullet in the prose, not a course
    assert not any("Discord" in t or "Eric Douglas" in t for t in titles)
    left = {entry.text: entry.reason for entry in ossu.left_out}
    assert "- Be open for enrollment" not in left  # the summary's prose, its stage's note
    assert "Be open for enrollment" in ossu.stages[0].description
    assert left["# Team"] == "about the repository, not what to learn"
    assert left["- [Summary](#summary)"] == "table of contents"
    assert left["![keep learning](images/keep-learning.webp)"] == "image"


def test_ossu_without_an_address_keeps_courses_but_warns_about_relative_links():
    outline = read("ossu-computer-science.md")
    assert outline.item_count == 75  # three relative links in the summary's prose are gone
    assert item(outline, "Systematic Program Design").url == ""
    assert any("relative link" in w for w in outline.warnings)
    assert outline.title == "Ossu computer science"


def test_ai_engineering_roadmap_has_20_phases_and_501_done_lessons(aie):
    assert aie.title == "Roadmap"
    assert len(aie.stages) == 20
    assert aie.item_count == 501
    assert aie.stages[0].title == "Phase 0: Setup & Tooling"
    assert aie.stages[5].title == "Phase 5: NLP — Foundations to Advanced"
    assert aie.stages[19].title == "Phase 19: Capstone Projects"
    assert aie.stages[19].kind == "build"
    assert [len(s.items) for s in aie.stages[:3]] == [12, 22, 18]
    assert len(aie.stages[19].items) == 85
    assert {i.status for s in aie.stages for i in s.items} == {"done"}


def test_ai_engineering_durations_kinds_and_links(aie):
    first = aie.stages[0].items[0]
    assert (first.title, first.estimated_hours, first.kind) == ("Dev Environment", 1.25, "lesson")
    assert item(aie, "Git & Collaboration").estimated_hours == Decimal("0.75")
    capstone = item(aie, "Terminal-Native Coding Agent")
    assert (capstone.kind, capstone.estimated_hours) == ("project", 35)
    tokenization = item(aie, "Text Processing — Tokenization, Stemming, Lemmatization")
    assert tokenization.url == (
        AIE_BASE + "phases/05-nlp-foundations-to-advanced/01-text-processing"
    )
    assert aie.link_count == 304
    assert "Status tracker" in aie.description
