"""The "try it" demo of a succeeded run: inputs are checked (size, really an image, numbers),
the prediction is answered by the worker task through the cache, the owner can always try it,
visitors only on a published run and only so often."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.projects.uploads import png_bytes, upload_file
from tests.training_jobs.factories import SucceededJobFactory
from training_jobs import demos, inference, tasks

pytestmark = pytest.mark.django_db

MODEL = [{"name": "model.pkl", "title": "Exported fastai learner", "kind": "model"}]


@pytest.fixture(autouse=True)
def own_cache(settings):
    # A cache of its own (LocMemCache instances with one LOCATION share their store), so
    # rate-limit counts from other tests do not leak in.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"demo-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture
def worker_answers(monkeypatch):
    """The task runs in-process right after commit; the model is a stand-in that echoes."""
    seen = []

    def fake_predict(job_id, payload):
        seen.append(payload)
        if isinstance(payload, dict) and payload.get("text") == "boom":
            raise ValidationError("The model refuses this text.")
        return {"label": "Twitter for Android", "confidence": 0.875}

    monkeypatch.setattr(inference, "predict_for_job", fake_predict)
    monkeypatch.setattr(tasks.predict, "delay", lambda token: tasks.predict(token))
    return seen


def text_run(owner, **kwargs):
    return SucceededJobFactory(
        owner=owner, recipe_slug="text-classifier", artifacts=MODEL, **kwargs
    )


def ask(client, job, data, capture):
    with capture(execute=True):
        return client.post(
            reverse("training_jobs:try_it", args=[job.pk]), data, HTTP_HX_REQUEST="true"
        )


def test_the_owner_gets_a_prediction_with_its_confidence(
    owner, owner_client, worker_answers, django_capture_on_commit_callbacks
):
    job = text_run(owner)
    page = owner_client.get(reverse("training_jobs:detail", args=[job.pk])).content.decode()
    assert "Try it" in page

    response = ask(
        owner_client, job, {"text": "Make America great"}, django_capture_on_commit_callbacks
    )
    token = response.context["prediction"]["token"]
    answer = owner_client.get(reverse("training_jobs:try_result", args=[job.pk, token]))

    assert "Twitter for Android" in answer.content.decode()
    assert "88%" in answer.content.decode()
    assert worker_answers == [{"text": "Make America great"}]


def test_an_input_the_model_refuses_shows_its_reason(
    owner, owner_client, worker_answers, django_capture_on_commit_callbacks
):
    job = text_run(owner)
    response = ask(owner_client, job, {"text": "boom"}, django_capture_on_commit_callbacks)
    token = response.context["prediction"]["token"]

    answer = owner_client.get(reverse("training_jobs:try_result", args=[job.pk, token]))

    assert "The model refuses this text." in answer.content.decode()


def test_without_javascript_the_page_shows_the_answer_after_a_redirect(
    owner, owner_client, worker_answers, django_capture_on_commit_callbacks
):
    job = text_run(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("training_jobs:try_it", args=[job.pk]), {"text": "hi"})

    assert response.status_code == 302
    assert "Twitter for Android" in owner_client.get(response.url).content.decode()


def test_a_too_long_text_is_refused_before_any_worker_is_asked(
    owner, owner_client, worker_answers, django_capture_on_commit_callbacks
):
    job = text_run(owner)
    response = ask(owner_client, job, {"text": "x" * 5001}, django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert "5,000 characters" in response.content.decode()
    assert worker_answers == []


def test_a_stranger_cannot_try_an_unpublished_run(owner, stranger_client, worker_answers):
    job = text_run(owner)

    assert (
        stranger_client.post(
            reverse("training_jobs:try_it", args=[job.pk]), {"text": "hi"}
        ).status_code
        == 404
    )
    assert (
        stranger_client.get(reverse("training_jobs:try_result", args=[job.pk, "x"])).status_code
        == 404
    )
    assert worker_answers == []


def test_a_published_run_is_public_and_rate_limited(
    owner, client, worker_answers, django_capture_on_commit_callbacks
):
    job = text_run(owner, published=True)

    codes = [
        ask(client, job, {"text": "hi"}, django_capture_on_commit_callbacks).status_code
        for _ in range(12)
    ]

    assert codes[: demos.RATE_PER_MINUTE] == [200] * demos.RATE_PER_MINUTE
    assert codes[-1] == 429
    assert len(worker_answers) == demos.RATE_PER_MINUTE


def test_a_token_of_another_run_reads_as_expired(
    owner, owner_client, worker_answers, django_capture_on_commit_callbacks
):
    job, other = text_run(owner), text_run(owner)
    token = ask(owner_client, job, {"text": "hi"}, django_capture_on_commit_callbacks).context[
        "prediction"
    ]["token"]

    answer = owner_client.get(reverse("training_jobs:try_result", args=[other.pk, token]))

    assert "no longer kept" in answer.content.decode()


def test_the_try_it_view_refuses_get(owner, owner_client):
    job = text_run(owner)
    assert owner_client.get(reverse("training_jobs:try_it", args=[job.pk])).status_code == 405


def test_a_run_that_did_not_succeed_has_no_demo(owner, owner_client):
    job = text_run(owner, status="failed")

    response = owner_client.post(reverse("training_jobs:try_it", args=[job.pk]), {"text": "hi"})

    assert response.status_code == 404


def test_the_portfolio_run_page_shows_the_demo_of_a_published_run(owner, client):
    job = text_run(owner, published=True)

    page = client.get(reverse("portfolio:run", args=[owner.username, job.pk])).content.decode()

    assert "Try it" in page and reverse("training_jobs:try_it", args=[job.pk]) in page


def test_an_oversized_image_is_refused(owner, owner_client, worker_answers):
    job = SucceededJobFactory(owner=owner, recipe_slug="image-classifier", artifacts=MODEL)
    big = upload_file(b"\x89PNG\r\n\x1a\n" + bytes(5 * 1024**2 + 10), "big.png")

    response = owner_client.post(reverse("training_jobs:try_it", args=[job.pk]), {"image": big})

    assert response.status_code == 400
    assert "the limit is 5 MB" in response.content.decode()


# --- the checks, as pure functions ----------------------------------------------------------


def test_a_real_image_passes_and_travels_as_base64():
    payload = demos.clean_input("image", {}, png_bytes())
    assert demos.worker_payload("image", payload)["image"] == png_bytes()


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "Choose an image"),
        (b"MZ\x90\x00" + bytes(100), "not a PNG"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "damaged"),
    ],
)
def test_what_is_not_an_image_is_refused(raw, message):
    with pytest.raises(ValidationError, match=message):
        demos.clean_input("image", {}, raw)


@pytest.mark.parametrize(
    "kind, data, message",
    [
        ("titanic", {"PClass": "1st", "Sex": "female", "Age": "old"}, "must be a number"),
        ("titanic", {"PClass": "9th", "Sex": "female"}, "Choose one of"),
        ("titanic", {"PClass": "1st", "Sex": "male", "Age": "200"}, "between 0 and 120"),
        ("titanic", {"PClass": "1st", "Sex": "male", "Age": "nan"}, "finite"),
        ("ratings", {"user": "", "count": "5"}, "Pick a user"),
        ("ratings", {"user": "15", "count": "500"}, "between 1 and 50"),
        ("text", {"text": "   "}, "Type a text"),
        ("table", {"x": "1"}, "did not record"),
        ("nope", {}, "no demo"),
    ],
)
def test_wrong_inputs_are_refused_with_a_reason(kind, data, message):
    with pytest.raises(ValidationError, match=message):
        demos.clean_input(kind, data)


def test_table_inputs_are_parsed_by_the_columns_the_model_reads():
    fields = demos.TableFields(categorical={"city": ["Lyon"]}, continuous=["size"])

    assert demos.clean_input("table", {"city": "Lyon", "size": "4.5"}, fields=fields) == {
        "city": "Lyon",
        "size": 4.5,
    }
    assert demos.clean_input("table", {"city": "Lyon", "size": ""}, fields=fields)["size"] is None


def test_a_prediction_delivered_twice_is_answered_once(monkeypatch, owner):
    calls = []
    monkeypatch.setattr(
        inference, "predict_for_job", lambda job_id, payload: calls.append(1) or {"label": "a"}
    )
    job = text_run(owner)
    token = demos.prediction_request(job=job, kind="text", payload={"text": "hi"})

    assert demos.prediction_run(token) == "done"
    assert demos.prediction_run(token) == "skipped"
    assert calls == [1]
    assert demos.prediction_result(job=job, token=token)["result"] == {"label": "a"}


def test_a_non_image_is_refused_next_to_the_field_with_and_without_javascript(
    owner, owner_client, worker_answers
):
    job = SucceededJobFactory(owner=owner, recipe_slug="image-classifier", artifacts=MODEL)
    url = reverse("training_jobs:try_it", args=[job.pk])
    text = upload_file(b"just some notes, not a picture", "notes.txt")
    response = owner_client.post(url, {"image": text}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    # htmx gets the demo partial (which exhale.js swaps in for a 4xx), message by the field.
    assert response.status_code == 400 and body.lstrip().startswith('<section id="demo"')
    field = body[body.index('id="demo-image"') :].split("</div>")[0]
    assert "not a PNG, JPEG, GIF, BMP or WebP image" in field and 'role="alert"' in field
    # Without JavaScript: the whole run page, with the same message by the field.
    text = upload_file(b"just some notes, not a picture", "notes.txt")
    response = owner_client.post(url, {"image": text})
    page = response.content.decode()
    assert response.status_code == 400 and page.lstrip().lower().startswith("<!doctype html>")
    assert "not a PNG, JPEG, GIF, BMP or WebP image" in page
    assert worker_answers == []
