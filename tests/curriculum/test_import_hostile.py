"""Files meant to hurt: huge, binary, link tricks, script tags."""

import pytest

from curriculum.importing import UnusableFile, parse_roadmap_file
from curriculum.importing.inline import check_url


def test_a_20_mb_file_is_refused_before_it_is_read():
    with pytest.raises(UnusableFile, match=r"20\.0 MB.*up to 2 MB"):
        parse_roadmap_file(b"- item\n" * (20_000_000 // 7 + 1))


def test_a_file_of_100000_headings_is_refused():
    with pytest.raises(UnusableFile, match="100,000 headings"):
        parse_roadmap_file("# heading\n" * 100_000)


def test_a_file_of_too_many_items_is_refused():
    with pytest.raises(UnusableFile, match="at most 3,000"):
        parse_roadmap_file("## Stage\n" + "- item\n" * 5000)


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3",
        "## Stage\n- ok\n".encode("utf-16"),
        b"\xff\xfe\xfd not utf-8 \xc3\x28",
    ],
)
def test_binary_data_is_refused(data):
    with pytest.raises(UnusableFile, match="binary|UTF-8"):
        parse_roadmap_file(data)


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_dangerous_links_are_dropped_and_the_item_kept_as_text(href):
    outline = parse_roadmap_file(f"## Stage\n\n- [Click me]({href})\n- [Fine](https://ok.org)\n")
    first, second = outline.stages[0].items
    assert (first.title, first.url) == ("Click me", "")
    assert second.url == "https://ok.org"
    assert check_url(href).url == ""


def test_dangerous_links_in_json_are_dropped():
    text = '{"stages": [{"title": "S", "items": [{"title": "x", "url": "javascript:alert(1)"}]}]}'
    outline = parse_roadmap_file(text)
    assert outline.stages[0].items[0].url == ""
    assert any("unsafe" in w for w in outline.warnings)


def test_script_tags_in_titles_and_notes_stay_plain_text():
    text = (
        "# <script>alert('t')</script>Plan\n\n"
        "## <script>alert('s')</script>Stage\n\n"
        "- [<img src=x onerror=alert(1)>Item](https://ok.org) — article\n"
        "  > <script>alert('n')</script> note\n"
    )
    outline = parse_roadmap_file(text)
    assert outline.title == "<script>alert('t')</script>Plan"
    assert outline.stages[0].title == "<script>alert('s')</script>Stage"
    assert outline.stages[0].items[0].note == "<script>alert('n')</script> note"


def test_pathological_brackets_and_backticks_finish():
    text = "## S\n\n- " + "[" * 4000 + "`" * 3000 + "(" * 2000 + "\n"
    outline = parse_roadmap_file(text)
    assert outline.item_count == 1
