"""The official mlflow client, unchanged, logging into a live Exhale server."""

import math

import pytest

from accounts.services import api_token_create
from tracking.models import LoggedMetric, LoggedRun

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_notebook_logs_everything_and_reads_it_back_equal(run_client, owner):
    _, token = api_token_create(learner=owner, name="notebook")

    code, out, err = run_client("client_script.py", token)

    assert code == 0, err[-3000:]
    assert out["status"] == "FINISHED" and out["end_time_set"]
    assert out["run_name"] == "first try"
    assert out["params"] == out["sent_params"]
    assert out["metrics"]["accuracy"] == 0.97
    assert out["metrics"]["train_loss"] == 0.25  # the latest step's value
    assert out["metrics"]["weird"] == "nan" and out["metrics"]["big"] == "inf"
    assert out["tags"] == {"dataset": "sklearn digits"}
    assert out["history"] == [[0, 0.9], [1, 0.5], [2, 0.25]]
    assert out["run_id"] in out["found"] and out["failed_id"] in out["found"]
    assert out["filtered"] == [out["run_id"]]
    assert out["failed_status"] == "FAILED"
    assert out["png_equal"] is True
    assert out["meta"] == {"classes": list(range(10))}
    assert out["listing"] == ["meta", "plots"]

    # And in Exhale's own tables, counted independently of the client's answers.
    run = LoggedRun.objects.get(run_uuid=out["run_id"])
    assert run.learner == owner and run.experiment.name == "digits from scratch"
    points = LoggedMetric.objects.filter(run=run)
    assert points.filter(key="train_loss").count() == 3
    weird = points.get(key="weird")
    assert weird.special == "nan" and math.isnan(float("nan"))
    assert sorted(run.artifacts.values_list("path", flat=True)) == [
        "meta/classes.json",
        "plots/curve.png",
    ]


def test_another_learners_token_reaches_nothing_of_the_first(run_client, owner, stranger):
    _, owner_token = api_token_create(learner=owner, name="notebook")
    _, stranger_token = api_token_create(learner=stranger, name="notebook")
    code, out, err = run_client("client_script.py", owner_token)
    assert code == 0, err[-3000:]
    run = LoggedRun.objects.get(run_uuid=out["run_id"])
    before = (run.metrics.count(), run.tags.count(), run.status)

    code, seen, err = run_client(
        "stranger_script.py",
        stranger_token,
        username="stranger",
        args=(out["run_id"], str(run.experiment_id)),
    )

    assert code == 0, err[-3000:]
    assert [r for r in seen["results"] if not r["refused"]] == []
    # A foreign id answers exactly as a missing one does.
    assert {r["code"] for r in seen["results"]} == {"RESOURCE_DOES_NOT_EXIST"}
    assert seen["own_experiment"] != str(run.experiment_id)
    run.refresh_from_db()
    assert (run.metrics.count(), run.tags.count(), run.status) == before


def test_a_real_fastai_training_with_the_guides_callback_logs_one_point_per_epoch(
    run_client, owner
):
    pytest.importorskip("fastai")
    _, token = api_token_create(learner=owner, name="notebook")

    code, out, err = run_client("fastai_script.py", token)

    assert code == 0, err[-3000:]
    run = LoggedRun.objects.get(run_uuid=out["run_id"])
    assert run.status == "FINISHED" and run.experiment.name == "tiny tabular"
    points = LoggedMetric.objects.filter(run=run)
    for key in ("train_loss", "valid_loss", "accuracy"):
        assert list(points.filter(key=key).values_list("step", flat=True)) == [0, 1, 2], key
    # The last points equal what fastai's own recorder holds.
    assert points.get(key="valid_loss", step=2).value == pytest.approx(out["final_valid_loss"])
    assert points.get(key="accuracy", step=2).value == pytest.approx(out["final_accuracy"])
    assert dict(run.params.values_list("key", "value"))["epochs"] == "3"
