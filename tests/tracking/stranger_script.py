"""A second learner's notebook trying to read and write the first learner's run by its id."""

import json
import sys

import mlflow
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient


def attempt(name, action):
    try:
        action()
    except MlflowException as exc:
        return {"name": name, "refused": True, "code": exc.error_code}
    return {"name": name, "refused": False}


def main(out_dir: str, run_id: str, experiment_id: str) -> None:
    client = MlflowClient()
    results = [
        attempt("get_run", lambda: client.get_run(run_id)),
        attempt("log_metric", lambda: client.log_metric(run_id, "hijack", 1.0)),
        attempt("set_tag", lambda: client.set_tag(run_id, "owner", "me")),
        attempt("terminate", lambda: client.set_terminated(run_id, "KILLED")),
        attempt("history", lambda: client.get_metric_history(run_id, "train_loss")),
        attempt("experiment", lambda: client.get_experiment(experiment_id)),
        attempt("search", lambda: client.search_runs([experiment_id])),
        attempt("create_run", lambda: client.create_run(experiment_id)),
        attempt("artifacts", lambda: client.list_artifacts(run_id)),
        attempt(
            "log_artifact",
            lambda: mlflow.artifacts.download_artifacts(
                run_id=run_id, artifact_path="plots/curve.png", dst_path=out_dir
            ),
        ),
    ]
    mlflow.set_experiment("digits from scratch")  # the same name: a project of their own
    own = mlflow.get_experiment_by_name("digits from scratch").experiment_id
    print(json.dumps({"results": results, "own_experiment": own}))


if __name__ == "__main__":
    main(*sys.argv[1:])
