"""Durations, statuses and links: the small readers, tried on every shape we met."""

from decimal import Decimal

import pytest

from curriculum.importing.inline import (
    STATUS_GLYPHS_DEFAULT,
    check_url,
    estimate_hours,
    parse_duration,
    parse_inline,
    read_legend,
    take_glyph_status,
)


@pytest.mark.parametrize(
    "text, hours, weeks, per_week",
    [
        ("13 weeks", None, 13, None),
        ("10-12 weeks", None, 11, None),
        ("6 months", None, 26, None),
        ("6–10 hours/week", None, None, 8),
        ("12 hours/week", None, None, 12),
        ("~75 min", Decimal("1.25"), None, None),
        ("~35 hr", 35, None, None),
        ("~24.5 hours", Decimal("24.5"), None, None),
        ("2 days", 8, None, None),
        ("-", None, None, None),
        ("", None, None, None),
        ("lots", None, None, None),
    ],
)
def test_parse_duration(text, hours, weeks, per_week):
    found = parse_duration(text)
    assert found.hours == (None if hours is None else Decimal(hours))
    assert found.weeks == (None if weeks is None else Decimal(weeks))
    assert found.hours_per_week == (None if per_week is None else Decimal(per_week))


def test_estimate_hours_from_weeks_and_effort():
    assert estimate_hours(parse_duration("13 weeks"), parse_duration("8-10 hours/week")) == 117
    assert estimate_hours(parse_duration("13 weeks"), parse_duration("-")) is None
    assert estimate_hours(parse_duration("~90 min")) == Decimal("1.50")


def test_glyph_status_at_either_end_and_escaped_glyph_kept():
    assert take_glyph_status("✅ Done thing", STATUS_GLYPHS_DEFAULT) == ("done", "Done thing")
    assert take_glyph_status("Thing 🚧", STATUS_GLYPHS_DEFAULT) == ("in_progress", "Thing")
    assert take_glyph_status("✳️ Thing", STATUS_GLYPHS_DEFAULT)[0] == "in_progress"
    assert take_glyph_status("\\✅ literal", STATUS_GLYPHS_DEFAULT) == (None, "\\✅ literal")


def test_legend_maps_glyphs_to_statuses():
    legend = read_legend(
        "**Legend:** ✅ Complete &nbsp;·&nbsp; 🚧 In Progress &nbsp;·&nbsp; ⬚ Planned"
    )
    assert legend == {"✅": "done", "🚧": "in_progress", "⬚": "not_started"}


def test_inline_text_drops_emphasis_images_and_badges_and_keeps_links():
    found = parse_inline(
        "**[Course](https://a.org)** ![img](x.png) [![badge](b.svg)](https://b.org) `code`"
    )
    assert found.text == "Course code"
    assert [(link.text, link.url) for link in found.links] == [("Course", "https://a.org")]
    assert found.linked_images == 1


def test_snake_case_and_escapes_survive():
    text = parse_inline("snake_case and 2*3 and \\*stars\\*").text
    assert text == "snake_case and 2*3 and *stars*"


@pytest.mark.parametrize(
    "url, result, problem",
    [
        ("https://ok.org/a", "https://ok.org/a", ""),
        ("//cdn.org/x", "https://cdn.org/x", ""),
        ("#anchor", "", "anchor"),
        ("lessons/one.md", "", "relative"),
        ("mailto:a@b.org", "", "unsupported"),
        ("javascript:alert(1)", "", "unsafe"),
        ("https://" + "a" * 1100 + ".org", "", "invalid"),
    ],
)
def test_check_url(url, result, problem):
    checked = check_url(url)
    assert (checked.url, checked.problem) == (result, problem)
