"""The heatmap and ratio charts are well-formed SVG that says what it shows."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from journal.charts.heatmap import COLOURS, level, year_heatmap
from journal.charts.ratio import ratio_chart
from journal.habits import Split

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def cells(root: ET.Element) -> dict[str, ET.Element]:
    return {rect.get("data-date"): rect for rect in root.iterfind(".//svg:rect", NS)}


def test_heatmap_draws_every_day_of_the_year_up_to_today_and_no_later():
    end = date(2025, 1, 8)  # a Wednesday
    root = parse(year_heatmap({}, end=end))
    drawn = cells(root)
    assert len(drawn) == 52 * 7 + 3
    assert max(drawn) == "2025-01-08"
    assert min(drawn) == (date(2025, 1, 6) - timedelta(weeks=52)).isoformat()


def test_each_day_has_an_accessible_title_and_colour_by_minutes():
    end = date(2025, 1, 8)
    root = parse(year_heatmap({date(2025, 1, 7): 45, date(2025, 1, 6): 150}, end, 60))
    drawn = cells(root)
    assert drawn["2025-01-07"].find("svg:title", NS).text == "Tue 7 Jan 2025: 45 minutes"
    assert drawn["2025-01-07"].get("fill") == COLOURS[2]
    assert drawn["2025-01-06"].get("fill") == COLOURS[4]
    assert drawn["2025-01-08"].find("svg:title", NS).text == "Wed 8 Jan 2025: no practice"
    assert drawn["2025-01-08"].get("fill") == COLOURS[0]
    assert root.get("role") == "img"
    assert "2 days, 195 minutes" in root.find("svg:title", NS).text


def test_rest_days_are_named_in_the_title():
    root = parse(year_heatmap({}, date(2025, 1, 12), rest_weekdays=frozenset({6})))
    assert cells(root)["2025-01-12"].find("svg:title", NS).text.endswith("(rest day)")


@pytest.mark.parametrize(
    "minutes, expected", [(0, 0), (1, 1), (29, 1), (30, 2), (59, 2), (60, 3), (119, 3), (120, 4)]
)
def test_colour_levels_follow_the_daily_target(minutes, expected):
    assert level(minutes, 60) == expected


def test_charts_carry_no_style_or_script_that_a_strict_csp_would_block():
    svg = year_heatmap({date(2025, 1, 7): 45}, date(2025, 1, 8)) + ratio_chart(
        [(date(2025, 1, 6), Split(10, 30))], 20
    )
    assert "style=" not in svg and "<script" not in svg and " on" not in svg.replace(" on ", "")


def test_ratio_chart_stacks_inhale_under_exhale_with_the_target_line():
    weeks = [(date(2024, 12, 30) + timedelta(weeks=n), Split()) for n in range(11)]
    weeks.append((date(2025, 3, 17), Split(inhale=30, exhale=90)))
    root = parse(ratio_chart(weeks, inhale_target_percent=20))
    groups = root.findall("svg:g", NS)
    assert len(groups) == 12
    last = groups[-1]
    assert last.find("svg:title", NS).text == (
        "Week of 17 Mar 2025: 30 min inhale (25%), 90 min exhale (75%)"
    )
    inhale = last.find("svg:rect[@class='inhale-bar']", NS)
    exhale = last.find("svg:rect[@class='exhale-bar']", NS)
    assert float(inhale.get("height")) == pytest.approx(150 * 0.25)
    assert float(exhale.get("height")) == pytest.approx(150 * 0.75)
    assert groups[0].find("svg:title", NS).text == "Week of 30 Dec 2024: nothing logged"
    line = root.find("svg:line[@class='target-line']", NS)
    assert float(line.get("y1")) == pytest.approx(10 + 150 - 150 * 0.20)
    assert line.find("svg:title", NS).text == "Target: 20% inhale"
