"""One private object of every kind, each carrying a marker string, for the privacy and
authorization tests. When an app gets a new kind of private object, add it here: the tests
that walk every URL then check it automatically."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from accounts.services import api_token_create

MARKER = "ZQXMARKER"


@dataclass
class World:
    owner: object
    roadmap: object
    stage: object
    item: object
    session: object
    reflection: object
    review: object
    not_to_do: object
    pause: object
    token: object
    run: object
    dataset: object = None
    logged_run: object = None
    notebook: object = None
    marker: str = MARKER

    def ids(self) -> dict[str, int]:
        return {
            "roadmap": self.roadmap.pk,
            "stage": self.stage.pk,
            "item": self.item.pk,
            "session": self.session.pk,
            "reflection": self.reflection.pk,
            "review": self.review.pk,
            "not_to_do": self.not_to_do.pk,
            "pause": self.pause.pk,
            "token": self.token.pk,
            "run": self.run.pk,
            "dataset": self.dataset.pk if self.dataset is not None else 0,
            "logged_run": self.logged_run.run_id,
            "experiment": self.logged_run.experiment_id,
            "notebook": self.notebook.pk,
            "logged_artifact": (
                f"{self.logged_run.experiment_id}/{self.logged_run.run_id}/artifacts/plots/curve.png"
            ),
        }


def build_private_world(owner, marker: str = MARKER) -> World:
    """Everything private, with the marker in every text a visitor could be shown."""
    from curriculum.models import Item, Roadmap, Stage
    from journal.models import NotToDo, Pause, Reflection, StudySession, WeeklyReview
    from training_jobs.models import TrainingJob

    # The e-mail address is private; display name and bio are public by design.
    owner.email = f"{marker.lower()}@example.com"
    owner.save()
    roadmap = Roadmap.objects.create(
        owner=owner, title=f"{marker} roadmap", description=f"{marker} description"
    )
    stage = Stage.objects.create(roadmap=roadmap, title=f"{marker} stage", position=0)
    item = Item.objects.create(
        stage=stage,
        title=f"{marker} item",
        note=f"{marker} item note",
        status="in_progress",
        url="https://example.com/private-course",
    )
    now = timezone.now()
    session = StudySession.objects.create(
        learner=owner,
        started_at=now - timedelta(hours=2),
        local_date=(now - timedelta(hours=2)).date(),
        minutes=50,
        kind="coding",
        item=item,
        note=f"{marker} session note",
    )
    reflection = Reflection.objects.create(
        learner=owner, date=now.date(), body=f"{marker} reflection"
    )
    review = WeeklyReview.objects.create(
        learner=owner,
        week_start=now.date() - timedelta(days=now.weekday()),
        learned=f"{marker} learned",
        hardest=f"{marker} hardest",
    )
    not_to_do = NotToDo.objects.create(learner=owner, text=f"{marker} not to do")
    pause = Pause.objects.create(
        learner=owner,
        start=now.date() - timedelta(days=30),
        end=now.date() - timedelta(days=25),
        note=f"{marker} holiday",
    )
    token, _ = api_token_create(learner=owner, name=f"{marker} token")
    run = TrainingJob.objects.create(
        owner=owner,
        item=item,
        recipe_slug="tabular-titanic",
        recipe_title=f"{marker} run",
        dataset_slug="titanic",
        status="succeeded",
        params={"epochs": 1},
        metrics={"accuracy": 0.8},
        baselines={"majority": 0.6},
        log_tail=f"{marker} log",
        error="",
        finished_at=now,
        started_at=now - timedelta(minutes=1),
        artifacts=[{"name": "curve.png", "title": "Training curve", "kind": "image"}],
    )
    run.artifact_dir.mkdir(parents=True, exist_ok=True)
    Path(run.artifact_dir / "curve.png").write_bytes(b"\x89PNG\r\n\x1a\n" + marker.encode())
    from projects.models import UploadedDataset

    dataset = UploadedDataset.objects.create(
        owner=owner,
        name=f"{marker} data set",
        kind="table",
        original_filename=f"{marker}.csv",
        preview={
            "columns": ["a", "b"],
            "column_types": {"a": "number", "b": "category"},
            "rows": [["1", f"{marker} cell"]],
            "row_count": 1,
            "encoding": "utf-8",
            "delimiter": ",",
            "notes": [],
        },
        columns={"target": "b"},
    )
    dataset.folder.mkdir(parents=True, exist_ok=True)
    (dataset.folder / "data.csv").write_text(f"a,b\n1,{marker} cell\n")
    logged_run = _private_logged_run(owner, item, marker)
    return World(
        owner,
        roadmap,
        stage,
        item,
        session,
        reflection,
        review,
        not_to_do,
        pause,
        token,
        run,
        dataset,
        logged_run,
        _private_notebook(owner, marker),
    )


def _private_notebook(owner, marker: str):
    """An uploaded notebook, private, with the marker in a cell and in an output image."""
    import base64

    import nbformat
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tracking.notebooks import notebook_upload

    nb = nbformat.v4.new_notebook()
    image = base64.b64encode(b"\x89PNG\r\n\x1a\n" + marker.encode()).decode()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {marker} notebook"),
        nbformat.v4.new_code_cell(
            "plot()",
            outputs=[
                nbformat.v4.new_output("display_data", data={"image/png": image}),
            ],
        ),
    ]
    upload = SimpleUploadedFile(f"{marker}.ipynb", nbformat.writes(nb).encode())
    notebook, _ = notebook_upload(learner=owner, upload=upload, title=f"{marker} notebook")
    return notebook


def _private_logged_run(owner, item, marker: str):
    """A run logged with the MLflow client: params, tags, metrics and an artifact, all marked."""
    from io import BytesIO

    from tracking import services as tracking
    from tracking.models import LoggedTag

    experiment = tracking.experiment_create(learner=owner, name=f"{marker} project")
    experiment.item = item
    experiment.save()
    run = tracking.run_create(learner=owner, experiment_id=experiment.pk, run_name=f"{marker} lr")
    tracking.run_log_batch(
        learner=owner,
        run_id=run.run_id,
        metrics=[{"key": f"{marker}_loss", "value": 0.5, "timestamp": 1, "step": 0}],
        params=[{"key": "note", "value": f"{marker} param"}],
    )
    LoggedTag.objects.create(run=run, key="why", value=f"{marker} tag")
    tracking.artifact_put(
        learner=owner,
        run_id=run.run_id,
        path="plots/curve.png",
        stream=BytesIO(b"\x89PNG\r\n\x1a\n" + marker.encode()),
        content_type="image/png",
    )
    tracking.run_update(
        learner=owner, run_id=run.run_id, status="FINISHED", end_time=run.start_time + 60_000
    )
    run.refresh_from_db()
    return run
