import pytest

from core.markdown import markdown_to_text, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">x</a>',
    "<body onload=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_never_yields_script_handlers_or_script_links(payload):
    html = render_markdown(f"before\n\n{payload}\n\nafter").lower()

    assert "<script" not in html
    assert "javascript:" not in html
    assert "vbscript:" not in html
    assert "data:text/html" not in html
    assert "onerror" not in html and "onload" not in html
    assert "<iframe" not in html and "<svg" not in html and "style=" not in html
    assert "before" in html and "after" in html


def test_ordinary_markdown_keeps_its_shape():
    html = render_markdown(
        "# Title\n\n- **bold** [fast.ai](https://course.fast.ai/)\n\n```\ncode\n```"
    )

    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://course.fast.ai/"' in html
    assert 'rel="nofollow noopener noreferrer"' in html
    assert "<pre><code>code" in html


def test_empty_note_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_excerpt_is_plain_text_and_shortened():
    text = markdown_to_text("**Hello** <script>x</script> " + "word " * 100, limit=30)

    assert text.startswith("Hello")
    assert "<" not in text
    assert len(text) == 30 and text.endswith("…")
