"""Importing from a link: GitHub addresses mapped to the raw file, relative links resolved
against the file's address, and the fetch bounded and kept off private addresses. Files are
served by a real http.server on 127.0.0.1, let through by IMPORT_FETCH_ALLOWED_NETWORKS."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from curriculum.importing import parse_roadmap_file
from curriculum.importing.fetch import FetchRefused, fetch_curriculum, github_source

PLAN = b"""# Loopback plan

## Week 1

- [First lesson](lessons/one.md)
- [Second lesson](../shared/two.md)
- [Elsewhere](https://example.org/three)
"""
BIG = 20 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    sent: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/plans/plan.md":
            self._send(PLAN)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/plans/plan.md")
            self.end_headers()
        elif self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://192.168.10.1/plan.md")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path in ("/big", "/big-declared"):
            self.send_response(200)
            if self.path == "/big-declared":
                self.send_header("Content-Length", str(BIG))
            self.end_headers()
            chunk = b"- [x](https://example.org)\n" * 4096
            sent = 0
            try:
                while sent < BIG:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            Handler.sent[self.path] = sent
        else:
            self.send_response(404)
            self.end_headers()

    def _send(self, body: bytes):
        self.send_response(200)
        self.send_header("Content-Type", "text/markdown")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


loopback_allowed = override_settings(IMPORT_FETCH_ALLOWED_NETWORKS=["127.0.0.0/8"])


@loopback_allowed
def test_a_loopback_file_imports_with_its_relative_links_resolved(server):
    data, base = fetch_curriculum(f"{server}/plans/plan.md")
    assert data == PLAN and base == f"{server}/plans/plan.md"
    outline = parse_roadmap_file(data, base_url=base)
    assert [i.url for i in outline.stages[0].items] == [
        f"{server}/plans/lessons/one.md",
        f"{server}/shared/two.md",
        "https://example.org/three",
    ]


@loopback_allowed
def test_a_redirect_is_followed_and_the_final_address_is_the_base(server):
    data, base = fetch_curriculum(f"{server}/moved")
    assert data == PLAN and base == f"{server}/plans/plan.md"


def test_private_and_loopback_addresses_are_refused_without_the_setting(server):
    for url in (f"{server}/plans/plan.md", "http://localhost/x.md", "http://10.1.2.3/x.md",
                "http://[::1]/x.md", "http://169.254.169.254/latest/meta-data/",
                "http://[::ffff:127.0.0.1]/x.md", "http://0.0.0.0/x.md"):
        with pytest.raises(FetchRefused, match="private or local address"):
            fetch_curriculum(url)


@loopback_allowed
def test_a_redirect_to_a_private_address_is_refused(server):
    with pytest.raises(FetchRefused, match="“192.168.10.1” is a private or local address"):
        fetch_curriculum(f"{server}/to-private")


@loopback_allowed
def test_redirect_loops_other_schemes_and_missing_files_are_refused_clearly(server):
    with pytest.raises(FetchRefused, match="redirected more than 5 times"):
        fetch_curriculum(f"{server}/loop")
    with pytest.raises(FetchRefused, match="404"):
        fetch_curriculum(f"{server}/nothing.md")
    for url in ("ftp://example.org/x.md", "file:///etc/passwd", "gopher://x", "javascript:1"):
        with pytest.raises(FetchRefused, match="https://"):
            fetch_curriculum(url)
    with pytest.raises(FetchRefused, match="user name or password"):
        fetch_curriculum("http://user:pw@127.0.0.1/x.md")


def test_a_public_host_on_an_odd_port_is_refused():
    with pytest.raises(FetchRefused, match="usual ports"):
        fetch_curriculum("http://93.184.215.14:6379/")


@loopback_allowed
@pytest.mark.parametrize("path", ["/big", "/big-declared"])
def test_a_20_mb_response_is_cut_off_and_refused(server, path):
    with pytest.raises(FetchRefused, match="2 MB"):
        fetch_curriculum(f"{server}{path}")
    # We hung up a little past the limit (or, told the length, before reading at all), so
    # the server could not send it all.
    for _ in range(100):
        if path in Handler.sent:
            break
        time.sleep(0.05)
    assert Handler.sent[path] < BIG


def test_github_addresses_map_to_the_raw_file_and_its_page():
    assert github_source("https://github.com/ossu/computer-science") == (
        "https://raw.githubusercontent.com/ossu/computer-science/HEAD/README.md",
        "https://github.com/ossu/computer-science/blob/HEAD/README.md",
    )
    assert github_source("https://github.com/o/r/blob/main/docs/plan.md") == (
        "https://raw.githubusercontent.com/o/r/main/docs/plan.md",
        "https://github.com/o/r/blob/main/docs/plan.md",
    )
    assert github_source("https://github.com/o/r/tree/main/docs") == (
        "https://raw.githubusercontent.com/o/r/main/docs/README.md",
        "https://github.com/o/r/blob/main/docs/README.md",
    )
    assert github_source("https://raw.githubusercontent.com/o/r/main/a/b.md") == (
        "https://raw.githubusercontent.com/o/r/main/a/b.md",
        "https://github.com/o/r/blob/main/a/b.md",
    )
    assert github_source("https://example.org/plan.md") == (
        "https://example.org/plan.md", "https://example.org/plan.md"
    )


@loopback_allowed
def test_the_import_page_previews_a_link_and_creates_the_roadmap_from_what_it_showed(
    server, owner_client, owner
):
    from django.urls import reverse

    from curriculum.models import Item, Roadmap

    url = reverse("curriculum:roadmap_import")
    preview = owner_client.post(url, {"url": f"{server}/plans/plan.md"})
    page = preview.content.decode()
    assert preview.status_code == 200 and not Roadmap.objects.exists()
    assert f'href="{server}/plans/lessons/one.md"' in page  # resolved against the file
    assert f'value="{server}/plans/plan.md"' in page  # the base the confirm step keeps
    # Confirming posts the text the preview showed (no second fetch) and its base address.
    text = PLAN.decode()
    response = owner_client.post(
        url, {"text": text, "base_url": f"{server}/plans/plan.md", "action": "confirm"}
    )
    roadmap = Roadmap.objects.get(owner=owner)
    assert response.status_code == 302 and roadmap.title == "Loopback plan"
    assert set(Item.objects.filter(stage__roadmap=roadmap).values_list("url", flat=True)) == {
        f"{server}/plans/lessons/one.md", f"{server}/shared/two.md", "https://example.org/three"
    }


@loopback_allowed
@override_settings(IMPORT_FETCHES_PER_HOUR=2)
def test_a_learner_fetches_at_most_the_hourly_number_of_links(server, api_client_for, owner):
    from django.urls import reverse

    api = api_client_for(owner)
    endpoint = reverse("api:roadmap-import")
    body = {"url": f"{server}/plans/plan.md", "dry_run": True}
    assert [api.post(endpoint, body, format="json").status_code for _ in range(2)] == [200, 200]
    refused = api.post(endpoint, body, format="json")
    assert refused.status_code == 400 and "2 links in the last hour" in str(refused.json())
    # Pasted text is not counted.
    pasted = api.post(endpoint, {"text": PLAN.decode(), "dry_run": True}, format="json")
    assert pasted.status_code == 200


def test_a_repository_link_tries_its_readme_under_each_usual_name():
    from curriculum.importing.fetch import github_sources

    assert github_sources("https://github.com/o/r") == [
        ("https://raw.githubusercontent.com/o/r/HEAD/README.md",
         "https://github.com/o/r/blob/HEAD/README.md"),
        ("https://raw.githubusercontent.com/o/r/HEAD/readme.md",
         "https://github.com/o/r/blob/HEAD/readme.md"),
        ("https://raw.githubusercontent.com/o/r/HEAD/Readme.md",
         "https://github.com/o/r/blob/HEAD/Readme.md"),
        ("https://raw.githubusercontent.com/o/r/HEAD/README.markdown",
         "https://github.com/o/r/blob/HEAD/README.markdown"),
    ]
    assert len(github_sources("https://github.com/o/r/blob/main/README.md")) == 1
    assert len(github_sources("https://github.com/o/r/blob/main/plan.md")) == 1
