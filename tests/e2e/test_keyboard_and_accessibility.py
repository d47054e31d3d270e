"""The main pages pass axe-core, and the two things a learner does every day — logging a
session and changing an item's status — work with the keyboard alone (this test presses keys
only, sign-in included)."""

import time

import pytest
from django.utils import timezone

from curriculum.models import Item
from journal.models import StudySession
from tests.factories import TEST_PASSWORD, ItemFactory, RoadmapFactory, StageFactory
from training_jobs.models import EpochMetric, TrainingJob


def tab_until(page, condition_js: str, presses: int = 80) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(condition_js):
            return
    raise AssertionError(f"never reached {condition_js} with Tab")


def sign_in_with_keys(page, learner):
    page.goto("/accounts/login/")
    tab_until(page, "document.activeElement.name === 'username'")
    page.keyboard.type(learner.username)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_logging_a_session_and_changing_a_status_with_the_keyboard_only(page, owner):
    roadmap = RoadmapFactory(owner=owner, title="Keyboard path")
    item = ItemFactory(stage=StageFactory(roadmap=roadmap), title="Practical deep learning")
    sign_in_with_keys(page, owner)

    page.goto("/today/")
    tab_until(page, "document.activeElement.name === 'minutes'")
    page.keyboard.press("Control+A")
    page.keyboard.type("35")
    tab_until(page, "document.activeElement.name === 'note'", presses=5)
    page.keyboard.type("Typed without a mouse")
    page.keyboard.press("Enter")
    assert wait_for(
        lambda: StudySession.objects.filter(
            learner=owner, minutes=35, note="Typed without a mouse"
        ).exists()
    )

    page.goto(f"/roadmaps/{roadmap.pk}/")
    tab_until(
        page,
        "(document.activeElement.getAttribute('aria-label') || '')"
        ".startsWith('Done: Practical deep learning')",
    )
    page.keyboard.press("Enter")
    assert wait_for(lambda: Item.objects.get(pk=item.pk).status == "done")


def job_row(owner, **fields):
    values = dict(
        owner=owner,
        recipe_slug="tabular-titanic",
        recipe_title="Titanic survival",
        dataset_slug="titanic",
        params={
            "epochs": 3,
            "seed": 42,
            "valid_share": 0.2,
            "sample": 1,
            "lr": 0.01,
            "batch_size": 64,
        },
        metric_name="accuracy",
        epochs_total=3,
    )
    values.update(fields)
    return TrainingJob.objects.create(**values)


@pytest.mark.parametrize("page_name", ["today", "roadmap", "running job", "result"])
def test_main_pages_have_no_serious_accessibility_violation(
    page, sign_in, owner, assert_accessible, page_name
):
    roadmap = RoadmapFactory(owner=owner, title="Accessible path")
    ItemFactory(stage=StageFactory(roadmap=roadmap), title="Lesson 1", status="in_progress")
    running = job_row(
        owner,
        status="running",
        started_at=timezone.now(),
        epochs_done=1,
        heartbeat_at=timezone.now(),
    )
    EpochMetric.objects.create(job=running, epoch=1, train_loss=0.6, valid_loss=0.55, metric=0.7)
    done = job_row(
        owner,
        status="succeeded",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        epochs_done=3,
        metrics={"accuracy": 0.82},
        baselines={"majority class": 0.61},
    )
    for epoch in (1, 2, 3):
        EpochMetric.objects.create(
            job=done,
            epoch=epoch,
            train_loss=0.7 / epoch,
            valid_loss=0.6 / epoch,
            metric=0.7 + epoch / 100,
        )
    paths = {
        "today": "/today/",
        "roadmap": f"/roadmaps/{roadmap.pk}/",
        "running job": f"/jobs/{running.pk}/",
        "result": f"/jobs/{done.pk}/",
    }
    sign_in(page, owner)

    page.goto(paths[page_name])

    assert_accessible(page)
