"""The tracking endpoint against inputs the hostile-payload tests did not reach: NUL characters
(PostgreSQL refuses them in text, so they were a 500 there), JSON nested past Python's
recursion limit, and artifact names the file system cannot hold. Each must be MLflow's 400
INVALID_PARAMETER_VALUE, never a 5xx the client retries for minutes, and keep nothing."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import api_token_create
from tracking.models import Experiment, LoggedArtifact, LoggedParam, LoggedRun

API = "/mlflow/api/2.0/mlflow/"
ART = "/mlflow/api/2.0/mlflow-artifacts/artifacts"


@pytest.fixture
def mlflow(owner):
    _, key = api_token_create(learner=owner, name="nb")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def run(mlflow):
    answer = mlflow.post(
        API + "runs/create",
        data=json.dumps({"experiment_id": "0"}),
        content_type="application/json",
    )
    return answer.json()["run"]["info"]


def assert_invalid(answer):
    assert answer.status_code == 400, (answer.status_code, answer.content[:200])
    assert answer.json()["error_code"] == "INVALID_PARAMETER_VALUE"


@pytest.mark.django_db
def test_nul_characters_anywhere_are_refused_with_nothing_kept(mlflow, run):
    run_id = run["run_id"]
    posts = [
        ("experiments/create", {"name": "x\x00y"}),
        ("runs/create", {"experiment_id": "0", "run_name": "a\x00"}),
        ("runs/create", {"experiment_id": "0", "tags": [{"key": "k", "value": "\x00"}]}),
        ("runs/log-parameter", {"run_id": run_id, "key": "p", "value": "v\x00"}),
        ("runs/update", {"run_id": run_id, "run_name": "x\x00"}),
    ]
    for path, body in posts:
        answer = mlflow.post(API + path, data=json.dumps(body), content_type="application/json")
        assert_invalid(answer)
    gets = [
        ("experiments/get-by-name", {"experiment_name": "a\x00b"}),
        ("metrics/get-history", {"run_id": run_id, "metric_key": "a\x00"}),
    ]
    for path, params in gets:
        assert_invalid(mlflow.get(API + path, params))
    listing = {"path": f"{run['experiment_id']}/{run_id}/artifacts/\x00"}
    assert_invalid(mlflow.get(ART, listing))
    assert LoggedRun.objects.count() == 1
    assert not LoggedParam.objects.exists()
    assert not Experiment.objects.filter(name__contains="x").exists()


@pytest.mark.django_db
def test_json_nested_past_the_recursion_limit_is_a_400(mlflow):
    body = '{"name": ' + "[" * 50_000 + "]" * 50_000 + "}"
    answer = mlflow.post(API + "experiments/create", data=body, content_type="application/json")
    assert_invalid(answer)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["a" * 300, "/".join(["abcdefghi"] * 120)])
def test_an_artifact_name_the_disk_cannot_hold_is_a_400_with_nothing_stored(mlflow, run, name):
    url = f"{ART}/{run['experiment_id']}/{run['run_id']}/artifacts/{name}"
    assert_invalid(mlflow.put(url, data=b"hello", content_type="text/plain"))
    assert not LoggedArtifact.objects.exists()


@pytest.mark.django_db
def test_the_view_run_link_the_client_prints_opens_the_learners_runs(owner_client):
    # mlflow prints "View run tiny at: <site>/mlflow/#/experiments/1/runs/<id>".
    answer = owner_client.get("/mlflow/")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("tracking:list")
    assert owner_client.get(answer["Location"]).status_code == 200
