"""Export an account, wipe the instance (rows and media), set up "another instance" with its
own starter template and learners under new ids, sign up there and import: everything comes
back. The expectations are read from the first instance with plain queries, not through the
archive code under test."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import learner_sign_up
from curriculum.models import Item, Roadmap, Stage
from journal.models import (
    DayTotal,
    FocusTimer,
    KindLabel,
    NotToDo,
    Pause,
    Reflection,
    StudySession,
    WeeklyReview,
)
from portfolio.models import Follow
from portfolio.services import follow_create
from projects.models import UploadedDataset
from tests.factories import LearnerFactory, RoadmapFactory
from tests.support.world import build_private_world
from training_jobs.models import EpochMetric, TrainingJob

pytestmark = pytest.mark.django_db

OWNED = {  # model: the lookup from it to its learner
    Roadmap: "owner",
    Stage: "roadmap__owner",
    Item: "stage__roadmap__owner",
    StudySession: "learner",
    Reflection: "learner",
    WeeklyReview: "learner",
    NotToDo: "learner",
    Pause: "learner",
    KindLabel: "learner",
    FocusTimer: "learner",
    Follow: "follower",
    UploadedDataset: "owner",
    TrainingJob: "owner",
    EpochMetric: "job__owner",
}


def counts(learner):
    return {m.__name__: m.objects.filter(**{path: learner}).count() for m, path in OWNED.items()}


def key_fields(learner):
    """What a learner would check after moving, with plain queries."""
    return {
        "roadmaps": sorted(
            Roadmap.objects.filter(owner=learner).values_list(
                "title", "visibility", "origin_template__slug", "copied_from__title", "created_at"
            )
        ),
        "items": sorted(
            Item.objects.filter(stage__roadmap__owner=learner).values_list(
                "stage__title", "title", "status", "note", "url"
            )
        ),
        "sessions": sorted(
            StudySession.objects.filter(learner=learner).values_list(
                "started_at", "minutes", "kind", "note", "item__title"
            )
        ),
        "reviews": sorted(
            WeeklyReview.objects.filter(learner=learner).values_list(
                "week_start", "learned", "hardest", "on_track"
            )
        ),
        "reflections": sorted(
            Reflection.objects.filter(learner=learner).values_list("date", "body")
        ),
        "runs": sorted(
            TrainingJob.objects.filter(owner=learner).values_list(
                "recipe_title",
                "status",
                "metrics",
                "item__title",
                "uploaded_dataset__name",
                "retry_of__recipe_title",
                "queued_at",
            ),
            key=str,
        ),
        "epochs": sorted(
            EpochMetric.objects.filter(job__owner=learner).values_list(
                "job__recipe_title", "epoch", "valid_loss"
            )
        ),
        "timer": list(
            FocusTimer.objects.filter(learner=learner).values_list("session__note", "item__title")
        ),
        "follows": list(Follow.objects.filter(follower=learner).values_list("followed__username")),
        "labels": list(KindLabel.objects.filter(learner=learner).values_list("kind", "label")),
    }


def files_of(learner):
    found = {}
    for run in TrainingJob.objects.filter(owner=learner):
        for path in run.artifact_dir.rglob("*"):
            found[f"run {run.recipe_title}/{path.name}"] = path.read_bytes()
    for dataset in UploadedDataset.objects.filter(owner=learner):
        for path in dataset.folder.rglob("*"):
            if path.is_file():
                found[f"dataset {dataset.name}/{path.name}"] = path.read_bytes()
    return found


def build_account(owner):
    world = build_private_world(owner)
    template = RoadmapFactory(owner=None, is_template=True, slug="ai-masters", title="Template")
    world.roadmap.origin_template = template
    world.roadmap.save()
    RoadmapFactory(owner=owner, title="Copy of mine", copied_from=world.roadmap)
    follow_create(follower=owner, followed=LearnerFactory(username="friend"))
    KindLabel.objects.create(learner=owner, kind="coding", label="Hacking")
    now = timezone.now()
    FocusTimer.objects.create(
        learner=owner,
        started_at=now - timedelta(hours=2),
        stopped_at=now - timedelta(hours=1),
        item=world.item,
        session=world.session,
    )
    world.run.uploaded_dataset = world.dataset
    world.run.save()
    retry = TrainingJob.objects.create(
        owner=owner,
        recipe_slug="tabular-titanic",
        recipe_title="Second try",
        dataset_slug="titanic",
        status="failed",
        params={"epochs": 2},
        retry_of=world.run,
        error="Out of memory",
    )
    for job in (world.run, retry):
        EpochMetric.objects.create(job=job, epoch=1, train_loss=0.5, valid_loss=0.25, metric=0.8)
    (world.run.artifact_dir / "run.log").write_text("epoch 1 done")
    old = timezone.now() - timedelta(days=400)
    Roadmap.objects.filter(owner=owner).update(created_at=old)
    TrainingJob.objects.filter(owner=owner).update(queued_at=old)
    return template


def test_an_export_restores_everything_in_a_fresh_account_on_another_instance(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "first-instance"
    owner = LearnerFactory(username="mover", display_name="Maya Mover", timezone="Asia/Tokyo")
    build_account(owner)
    expected_counts, expected = counts(owner), key_fields(owner)
    expected_files = files_of(owner)
    expected_sessions = list(
        StudySession.objects.filter(learner=owner).values_list("local_date", "kind", "minutes")
    )
    assert expected_sessions
    data = Client()
    data.force_login(owner)
    archive = data.post(reverse("portfolio:account_export")).content
    assert expected_counts["TrainingJob"] == 2 and expected_counts["FocusTimer"] == 1
    assert len(expected_files) == 3, "curve, log and the data set's CSV"

    # Another instance: nothing of the first one, its own template and learners (new ids).
    User.objects.all().delete()
    Roadmap.objects.all().delete()
    assert not any(m.objects.exists() for m in OWNED)
    settings.MEDIA_ROOT = tmp_path / "second-instance"
    RoadmapFactory(owner=None, is_template=True, slug="ai-masters", title="Template")
    LearnerFactory(username="someone-first")
    LearnerFactory(username="friend")
    newcomer = learner_sign_up(
        username="maya-here", email="maya@example.org", password="a-long-new-passphrase"
    )
    client = Client()
    client.force_login(newcomer)

    response = client.post(
        reverse("portfolio:account_import"),
        {"archive": SimpleUploadedFile("export.zip", archive), "take_username": "on"},
    )

    assert response.status_code == 200, response.content.decode()[:2000]
    newcomer.refresh_from_db()
    assert newcomer.username == "mover" and newcomer.display_name == "Maya Mover"
    assert newcomer.timezone == "Asia/Tokyo" and newcomer.email == "maya@example.org"
    assert newcomer.check_password("a-long-new-passphrase")
    assert counts(newcomer) == expected_counts
    assert key_fields(newcomer) == expected
    assert files_of(newcomer) == expected_files
    sums = {}
    for day, kind, minutes in expected_sessions:
        sums[(day, kind)] = sums.get((day, kind), 0) + minutes
    totals = DayTotal.objects.filter(learner=newcomer).values_list("day", "kind", "minutes")
    assert {(d, k): m for d, k, m in totals} == sums, "day totals rebuilt from the sessions"
    page = response.content.decode()
    assert "2 training jobs" in page and "1 weekly review<" in page
