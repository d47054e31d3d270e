"""URL normalisation: which links are one resource for a learner, and which must stay apart."""

import pytest

from curriculum.resources import MAX_KEY_LENGTH, normalise_url, resource_key

SAME = [
    ("https://course.fast.ai/", "http://course.fast.ai"),
    ("https://www.fast.ai/posts/", "https://fast.ai/posts"),
    ("https://COURSE.Fast.AI/Lessons/lesson1.html", "https://course.fast.ai/Lessons/lesson1.html"),
    ("https://fast.ai:443/x", "https://fast.ai/x"),
    ("http://fast.ai:80/x", "https://fast.ai/x"),
    ("https://fast.ai/x?utm_source=tw&utm_medium=social", "https://fast.ai/x"),
    ("https://fast.ai/x?UTM_Campaign=a&fbclid=1&gclid=2&ref=hn&ref_src=t", "https://fast.ai/x"),
    ("https://fast.ai/x?mc_cid=1&mc_eid=2&igshid=3&si=4", "https://fast.ai/x"),
    ("https://youtu.be/abc?si=share123", "https://youtu.be/abc"),
    ("https://fast.ai/x?b=2&a=1", "https://fast.ai/x?a=1&b=2"),
    ("https://fast.ai/x?a=1&utm_source=x&b=2", "https://fast.ai/x?b=2&a=1"),
    ("https://fast.ai/x#section-2", "https://fast.ai/x"),
    ("https://fast.ai/%7Ejeremy/", "https://fast.ai/~jeremy"),
    ("https://fast.ai/a%2fb", "https://fast.ai/a%2Fb"),
    ("https://fast.ai/caf%c3%a9", "https://fast.ai/café"),
    ("https://fast.ai/a/./b/../c", "https://fast.ai/a/c"),
    ("https://app.example.com/#/lesson/3/", "https://app.example.com/#/lesson/3"),
    ("  https://fast.ai/x  ", "https://fast.ai/x"),
    ("https://fast.ai./x", "https://fast.ai/x"),
    ("https://bücher.de/", "https://xn--bcher-kva.de/"),
]

DIFFERENT = [
    ("https://fast.ai/lesson1", "https://fast.ai/lesson2"),
    ("https://fast.ai/Lessons/", "https://fast.ai/lessons/"),
    ("https://www.youtube.com/watch?v=abc", "https://www.youtube.com/watch?v=xyz"),
    ("https://www.youtube.com/watch?v=abc", "https://www.youtube.com/watch"),
    ("https://fast.ai/x?page=1", "https://fast.ai/x?page=2"),
    ("https://fast.ai/", "https://fast.ai.evil.com/"),
    ("https://course.fast.ai/", "https://docs.fast.ai/"),
    ("https://fast.ai/x", "ftp://fast.ai/x"),
    ("https://course.fast.ai/", "https://course.fast.ai@evil.com/"),
    ("https://evil.com/", "https://course.fast.ai@evil.com/"),
    ("https://fast.ai:8080/x", "https://fast.ai/x"),
    ("https://app.example.com/#/lesson/3", "https://app.example.com/#/lesson/4"),
    ("https://app.example.com/#!/a", "https://app.example.com/#!/b"),
    ("https://fast.ai/a%2Fb", "https://fast.ai/a/b"),
    ("https://fast.ai/x?q=%2541", "https://fast.ai/x?q=A"),
    ("https://fast.ai/x?a=1&b=2", "https://fast.ai/x?a=1;b=2"),
    ("https://fast.ai/x", "https://fast.ai/x/y"),
    ("https://sub.fast.ai/x", "https://fast.ai/x"),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_links_to_the_same_page_share_a_key(one, other):
    assert normalise_url(one) == normalise_url(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_links_to_different_pages_never_share_a_key(one, other):
    assert normalise_url(one) != normalise_url(other)


def test_the_key_is_readable_and_scheme_free_for_the_web():
    assert (
        normalise_url("HTTPS://www.Fast.ai/Course/?b=1&a=&utm_x=y#top") == "//fast.ai/Course?a=&b=1"
    )
    assert normalise_url("ftp://files.example.com/a.pdf") == "ftp://files.example.com/a.pdf"


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_no_link_has_no_key(blank):
    assert normalise_url(blank) == "" and resource_key(blank) == ""


@pytest.mark.parametrize("odd", ["not a url", "https://fast.ai:99999/", "/relative/path"])
def test_a_link_it_cannot_read_is_its_own_key(odd):
    assert normalise_url(odd) == odd.strip()


def test_a_very_long_link_is_hashed_to_fit_the_index():
    long = "https://fast.ai/" + "a" * 2000
    assert len(resource_key(long)) <= MAX_KEY_LENGTH
    assert resource_key(long) == resource_key(long.replace("https", "http"))
    assert resource_key(long) != resource_key(long + "b")
