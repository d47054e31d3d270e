"""Properties: the importer never crashes, and export → import gives the outline back."""

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curriculum.importing import Outline, OutlineItem, OutlineStage, UnusableFile
from curriculum.importing.export import outline_to_json, outline_to_markdown
from curriculum.importing.outline import ChecklistEntry
from curriculum.importing.reader import parse_roadmap_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "curricula"
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

markdownish = st.lists(
    st.sampled_from(list("#-*+_[]()!<>|`~:\\ \t\n1.xX✅🚧⬚abc/h") + ["http://a.b", "](", "- [ ] "]),
    max_size=200,
).map("".join)


@QUICK
@given(st.one_of(markdownish, st.text(max_size=300), st.binary(max_size=300)))
def test_the_importer_returns_an_outline_or_a_clear_refusal(data):
    try:
        outline = parse_roadmap_file(data)
    except UnusableFile as exc:
        assert str(exc)
    else:
        assert outline.stages
        for stage in outline.stages:
            assert stage.title
            for item in stage.items:
                assert item.title and len(item.title) <= 300
                assert item.url == "" or item.url.startswith(("http://", "https://"))


def one_line(max_size):
    return (
        st.text(
            st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
            min_size=1,
            max_size=max_size,
        )
        .map(lambda s: " ".join(s.split()))
        .filter(bool)
    )


notes = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.just("\n"), max_size=80).map(
    lambda s: "\n".join(line.rstrip() for line in s.split("\n")).strip()
)
urls = st.sampled_from(
    ["", "https://example.org/a", "http://x.io/p?q=1&r=(2)", "https://ab.org/c_d*e~f"]
)
hours = st.none() | st.decimals(min_value=0, max_value=9999, places=2, allow_nan=False)
items = st.builds(
    OutlineItem,
    title=one_line(60),
    url=urls,
    kind=st.sampled_from(["course", "book", "lesson", "article", "video", "tool", "project"]),
    estimated_hours=hours,
    status=st.sampled_from(["not_started", "in_progress", "done", "skipped"]),
    note=notes,
    checklist=st.lists(
        st.builds(ChecklistEntry, text=one_line(30), done=st.booleans()), max_size=3
    ),
    project_slug=st.sampled_from(["", "image-classifier", "collab-movielens"]),
)
stages = st.builds(
    OutlineStage,
    title=one_line(40),
    items=st.lists(items, max_size=4),
    kind=st.sampled_from(["learn", "build"]),
    planned_weeks=st.none() | st.integers(min_value=1, max_value=520),
    description=notes,
    declared=st.just(True),
)
outlines = st.builds(
    Outline, title=one_line(40), stages=st.lists(stages, min_size=1, max_size=3), description=notes
)


def essentials(outline: Outline):
    return (
        outline.title,
        outline.description,
        [
            (
                s.title,
                s.kind,
                s.planned_weeks,
                s.description,
                [
                    (
                        i.title,
                        i.url,
                        i.kind,
                        None if i.estimated_hours is None else Decimal(i.estimated_hours),
                        i.status,
                        i.note,
                        [(c.text, c.done) for c in i.checklist],
                        i.project_slug,
                    )
                    for i in s.items
                ],
            )
            for s in outline.stages
        ],
    )


@settings(max_examples=200, deadline=None)
@given(outlines)
def test_markdown_export_reads_back_the_same(outline):
    again = parse_roadmap_file(outline_to_markdown(outline))
    assert essentials(again) == essentials(outline)


@settings(max_examples=100, deadline=None)
@given(outlines)
def test_json_export_reads_back_the_same(outline):
    again = parse_roadmap_file(outline_to_json(outline))
    assert essentials(again) == essentials(outline)


def test_a_real_curriculum_round_trips_through_both_exports():
    outline = parse_roadmap_file(
        (FIXTURES / "ossu-computer-science.md").read_bytes(),
        base_url="https://github.com/ossu/computer-science/blob/master/",
    )
    for export in (outline_to_markdown, outline_to_json):
        assert essentials(parse_roadmap_file(export(outline))) == essentials(outline)
