from tests.support.urlwalk import inline_script_problems


def test_checker_finds_inline_scripts_and_event_handlers():
    html = '<p>x</p><script>alert(1)</script><button onclick="go()">b</button><img src=x onerror=y>'

    problems = inline_script_problems(html)

    assert len(problems) == 3


def test_checker_accepts_external_scripts_and_json_data_blocks():
    html = (
        '<script src="/static/vendor/htmx/htmx.min.js" defer></script>'
        '<script type="application/json" id="d">{"a": 1}</script>'
        '<p data-online="yes">the word onion= in text is fine</p>'
    )

    assert inline_script_problems(html) == []
