"""Build the demo learner's shipped model once, from a real run of the bundled Titanic recipe.

    EXHALE_VAR_DIR=/tmp/exhale-demo-build DATABASE_URL= .venv/bin/python -m demo.build_run

It trains the tiny run in this process (a few seconds on a CPU), then copies the run's
artifacts (model, plots) and its figures into demo/run/, which is committed so that
`make run` can give the demo learner a finished, published run without training at start-up.
Rebuild it when the recipe or the model format changes."""

import json
import os
import shutil
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

HERE = Path(__file__).resolve().parent
RUN_DIR = HERE / "run"
PARAMS = {"epochs": 4}


def main() -> None:
    django.setup()
    from django.core.management import call_command

    from accounts.models import User
    from training_jobs.models import JobStatus, TrainingJob
    from training_jobs.runner import run_job
    from training_jobs.services import start_run

    call_command("migrate", verbosity=0)
    builder, _ = User.objects.get_or_create(username="demo-builder")
    job = start_run(learner=builder, recipe_slug="tabular-titanic", params=PARAMS)
    assert run_job(job.pk, worker="demo-build") == JobStatus.SUCCEEDED, job.log_tail
    job = TrainingJob.objects.get(pk=job.pk)
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    RUN_DIR.mkdir()
    for artifact in job.artifacts:
        shutil.copy2(job.artifact_dir / artifact["name"], RUN_DIR / artifact["name"])
    record = {
        "recipe_slug": job.recipe_slug,
        "recipe_title": job.recipe_title,
        "dataset_slug": job.dataset_slug,
        "dataset_title": job.dataset_title,
        "metric_name": job.metric_name,
        "params": job.params,
        "device": job.device,
        "epochs_total": job.epochs_total,
        "baselines": job.baselines,
        "metrics": job.metrics,
        "log_tail": job.log_tail,
        "artifacts": job.artifacts,
        "seconds": job.duration_seconds,
        "epochs": list(
            job.epochs.order_by("epoch").values("epoch", "train_loss", "valid_loss", "metric")
        ),
    }
    (RUN_DIR / "run.json").write_text(json.dumps(record, indent=1, default=str) + "\n")
    total = sum(p.stat().st_size for p in RUN_DIR.iterdir())
    print(f"Wrote {len(list(RUN_DIR.iterdir()))} files, {total / 1024:.0f} KiB, to {RUN_DIR}")


if __name__ == "__main__":
    main()
