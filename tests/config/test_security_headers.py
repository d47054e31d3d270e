import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_csp_that_allows_only_our_own_scripts(client):
    response = client.get(reverse("home"))

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_api_docs_work_under_the_csp_without_inline_scripts(client):
    html = client.get(reverse("api:docs")).content.decode()

    assert "<script src=" in html
    assert "<script>" not in html.replace(" ", "")
