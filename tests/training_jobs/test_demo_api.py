"""The prediction API: start one, read its answer; inputs checked; strangers get 404 on an
unpublished run; visitors are rate-limited on a published one."""

import uuid

import pytest

from tests.projects.uploads import upload_file
from tests.training_jobs.factories import SucceededJobFactory
from training_jobs import demos, inference, tasks

pytestmark = pytest.mark.django_db

MODEL = [{"name": "model.pkl", "title": "Exported fastai learner", "kind": "model"}]


@pytest.fixture(autouse=True)
def own_cache(settings, monkeypatch):
    # A cache of its own (LocMemCache instances with one LOCATION share their store), so
    # rate-limit counts from other tests do not leak in.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"demo-{uuid.uuid4().hex}",
        }
    }
    monkeypatch.setattr(
        inference, "predict_for_job", lambda job_id, payload: {"label": "cat", "confidence": 0.9}
    )
    monkeypatch.setattr(tasks.predict, "delay", lambda token: tasks.predict(token))


def start(api, job, data, capture, fmt="json"):
    with capture(execute=True):
        return api.post(f"/api/jobs/{job.pk}/predictions/", data, format=fmt)


def test_a_prediction_is_started_then_read(
    owner, api_client_for, django_capture_on_commit_callbacks
):
    job = SucceededJobFactory(owner=owner, recipe_slug="text-classifier", artifacts=MODEL)
    api = api_client_for(owner)

    started = start(api, job, {"text": "hello"}, django_capture_on_commit_callbacks)
    answer = api.get(started.json()["url"])

    assert started.status_code == 202
    assert answer.json()["status"] == "done"
    assert answer.json()["result"] == {"label": "cat", "confidence": 0.9}
    assert api.get(f"/api/jobs/{job.pk}/predictions/unknown/").json()["status"] == "expired"


@pytest.mark.parametrize(
    "recipe, data, fmt, message",
    [
        ("text-classifier", {"text": "x" * 5001}, "json", "5,000"),
        ("text-classifier", {}, "json", "Type a text"),
        ("tabular-titanic", {"PClass": "1st", "Sex": "male", "Age": "old"}, "json", "number"),
        ("collab-movielens", {"user": "1", "count": "1e9"}, "json", "between 1 and 50"),
        (
            "image-classifier",
            {"image": upload_file(b"MZ" + bytes(64), "x.png")},
            "multipart",
            "not a PNG",
        ),
        (
            "image-classifier",
            {"image": upload_file(bytes(5 * 1024**2 + 1), "x.png")},
            "multipart",
            "5 MB",
        ),
    ],
)
def test_wrong_and_oversized_inputs_get_400(
    owner, api_client_for, django_capture_on_commit_callbacks, recipe, data, fmt, message
):
    job = SucceededJobFactory(owner=owner, recipe_slug=recipe, artifacts=MODEL)

    response = start(api_client_for(owner), job, data, django_capture_on_commit_callbacks, fmt)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_stranger_gets_404_on_an_unpublished_run(
    owner, stranger, api_client_for, django_capture_on_commit_callbacks
):
    job = SucceededJobFactory(owner=owner, recipe_slug="text-classifier", artifacts=MODEL)
    token = start(
        api_client_for(owner), job, {"text": "a"}, django_capture_on_commit_callbacks
    ).json()["id"]

    for client in (api_client_for(stranger), api_client_for(None)):
        assert (
            start(client, job, {"text": "a"}, django_capture_on_commit_callbacks).status_code == 404
        )
        assert client.get(f"/api/jobs/{job.pk}/predictions/{token}/").status_code == 404


def test_visitors_of_a_published_run_are_rate_limited(
    owner, api_client_for, django_capture_on_commit_callbacks
):
    job = SucceededJobFactory(
        owner=owner, recipe_slug="text-classifier", artifacts=MODEL, published=True
    )
    visitor = api_client_for(None)

    codes = [
        start(visitor, job, {"text": "a"}, django_capture_on_commit_callbacks).status_code
        for _ in range(demos.RATE_PER_MINUTE + 1)
    ]

    assert codes == [202] * demos.RATE_PER_MINUTE + [429]


def test_the_prediction_endpoint_refuses_get(owner, api_client_for):
    job = SucceededJobFactory(owner=owner, recipe_slug="text-classifier", artifacts=MODEL)
    assert api_client_for(owner).get(f"/api/jobs/{job.pk}/predictions/").status_code == 405


def test_visitors_behind_one_proxy_each_have_their_own_demo_limit(
    owner, api_client_for, django_capture_on_commit_callbacks, settings
):
    settings.EXHALE_TRUSTED_PROXIES = 1
    job = SucceededJobFactory(
        owner=owner, recipe_slug="text-classifier", artifacts=MODEL, published=True
    )

    def try_from(client_ip):
        visitor = api_client_for(None)
        visitor.credentials(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=client_ip)
        return start(visitor, job, {"text": "a"}, django_capture_on_commit_callbacks).status_code

    first = [try_from("203.0.113.5") for _ in range(demos.RATE_PER_MINUTE + 1)]
    second = try_from("203.0.113.9")

    assert first[-1] == 429
    assert second == 202
