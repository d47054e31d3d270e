"""`manage.py run_project`: one JSON object out, non-zero exit when refused or failed."""

import json
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from training_jobs import services
from training_jobs.models import TrainingJob

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    try:
        call_command("run_project", *args, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, json.loads(out.getvalue())


def test_queues_a_quick_run_and_prints_it(owner):
    with mock.patch.object(services, "_send"):
        code, printed = run(
            "tabular-titanic", "--user", "owner", "--sample", "0.05", "--epochs", "1"
        )
    assert code == 0
    job = TrainingJob.objects.get()
    assert printed["id"] == job.pk and printed["status"] == "queued"
    assert printed["params"]["sample"] == 0.05 and printed["params"]["epochs"] == 1
    assert set(printed) >= {"device", "baselines", "metrics"}


@pytest.mark.parametrize(
    ("args", "errors"),
    [
        (["--epochs", "0"], {"epochs": ["Epochs must be between 1 and 50; you gave 0."]}),
        (["--epochs", "10000"], {"epochs": ["Epochs must be between 1 and 50; you gave 10000."]}),
        (["--lr", "-1"], {"lr": ["Learning rate must be more than 0 and at most 1; you gave -1."]}),
        (
            ["--sample", "0"],
            {"sample": ["Sample share must be more than 0 and at most 1; you gave 0."]},
        ),
        (
            ["--sample", "2"],
            {"sample": ["Sample share must be more than 0 and at most 1; you gave 2."]},
        ),
    ],
)
def test_invalid_params_exit_non_zero_with_the_message(owner, args, errors):
    code, printed = run("image-classifier", "--user", "owner", *args)
    assert code == 2 and printed["errors"] == errors
    assert not TrainingJob.objects.exists()


def test_unknown_recipe_and_unknown_user(owner):
    code, printed = run("nope", "--user", "owner")
    assert code == 2 and "There is no project called “nope”" in printed["errors"]["recipe"][0]
    code, printed = run("image-classifier", "--user", "ghost")
    assert code == 2 and printed["error"] == "There is no learner called “ghost”."
