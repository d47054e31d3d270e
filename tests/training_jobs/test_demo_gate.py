"""training_jobs.demos.demo_gate: one check for the page and the API, answering a typed
refusal with its status, never a status guessed from the message's words."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.training_jobs.factories import SucceededJobFactory
from training_jobs import demos

pytestmark = pytest.mark.django_db

MODEL = [{"name": "model.pkl", "title": "Exported fastai learner", "kind": "model"}]


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    monkeypatch.setattr("core.throttle._now", lambda: 1_000_000.0)


def gate(job, viewer, text="a cat", address="203.0.113.5"):
    return demos.demo_gate(job=job, viewer=viewer, address=address, data={"text": text}, image=None)


def test_a_sound_try_is_a_typed_request(owner):
    job = SucceededJobFactory(owner=owner, recipe_slug="text-classifier", artifacts=MODEL)

    demo = gate(job, owner)

    assert demo == demos.DemoRequest(kind="text", payload={"text": "a cat"})


def test_a_run_without_a_demo_is_404(owner):
    job = SucceededJobFactory(owner=owner, recipe_slug="text-classifier", artifacts=[])

    with pytest.raises(demos.DemoRefused) as refused:
        gate(job, owner)

    assert refused.value.status == 404


def test_bad_input_is_400_on_its_field(owner):
    job = SucceededJobFactory(owner=owner, recipe_slug="text-classifier", artifacts=MODEL)

    with pytest.raises(demos.DemoRefused) as refused:
        gate(job, owner, text="")

    assert refused.value.status == 400
    assert list(refused.value.messages) == ["text"]


def test_a_visitor_over_the_limit_is_429_and_the_owner_never_is(owner):
    job = SucceededJobFactory(
        owner=owner, recipe_slug="text-classifier", artifacts=MODEL, published=True
    )
    visitor = AnonymousUser()
    for _ in range(demos.RATE_PER_MINUTE):
        gate(job, visitor)

    with pytest.raises(demos.DemoRefused) as refused:
        gate(job, visitor)
    for _ in range(demos.RATE_PER_MINUTE + 1):
        gate(job, owner)

    assert refused.value.status == 429

