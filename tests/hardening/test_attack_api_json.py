"""Every JSON API operation against two bodies DRF's parser let through to a 500: JSON nested
past Python's recursion limit (RecursionError is not a ValueError, which is all DRF catches),
and a NUL character, which PostgreSQL cannot store in text or jsonb. Both are a 400 now."""

import json

import pytest
from django.test import Client

from accounts.services import api_token_create

URLS = ["/api/roadmaps/", "/api/jobs/", "/api/roadmaps/import/", "/api/sessions/"]


@pytest.fixture
def api(owner):
    _, key = api_token_create(learner=owner, name="cli")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_json_nested_too_deep_is_a_400(api, url):
    body = '{"title": ' + "[" * 50_000 + "]" * 50_000 + "}"
    answer = api.post(url, data=body, content_type="application/json")
    assert answer.status_code == 400, answer.content[:200]
    assert "nested too deeply" in answer.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_a_nul_character_anywhere_in_the_body_is_a_400(api, url):
    body = json.dumps({"title": "plan", "params": {"epochs\x00": 1}, "note": "a\x00b"})
    answer = api.post(url, data=body, content_type="application/json")
    assert answer.status_code == 400, answer.content[:200]
    assert "NUL character" in answer.json()["detail"]
