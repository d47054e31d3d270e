"""/api/ is the API's front door, not a 404."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_api_root_links_the_docs_and_every_list_endpoint(client):
    response = client.get("/api/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    data = response.json()
    assert data["docs"].endswith(reverse("api:docs"))
    assert data["endpoints"]["journal-session-list"].endswith("/api/sessions/")
    # Only addresses one can open as they are: none needs an id.
    assert not any("<" in url for url in data["endpoints"].values())
    assert "journal-session-detail" not in data["endpoints"]


def test_api_root_links_lead_somewhere(client, owner):
    client.force_login(owner)
    data = client.get("/api/", HTTP_ACCEPT="application/json").json()
    for name, url in data["endpoints"].items():
        status = client.get(url, HTTP_ACCEPT="application/json").status_code
        # Found and answering; some need query parameters (400) or only take writes (405).
        assert status in (200, 400, 405), (name, url, status)
    assert client.get(data["docs"]).status_code == 200


def test_api_root_refuses_writes(client):
    assert client.post("/api/").status_code in (401, 403, 405)
