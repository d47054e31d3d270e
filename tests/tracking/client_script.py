"""Run by the tests in a subprocess, as a learner's notebook would run: the official mlflow
client, configured only by MLFLOW_TRACKING_URI and MLFLOW_TRACKING_TOKEN. Prints one JSON
object of what it logged and what it read back, for the test to compare."""

import json
import math
import sys
import tempfile
from pathlib import Path

import mlflow
from mlflow.tracking import MlflowClient


def main(out_dir: str) -> None:
    work = Path(out_dir)
    mlflow.set_experiment("digits from scratch")
    params = {"lr": "0.003", "epochs": "3", "arch": "tiny cnn", "long": "x" * 6000}
    with mlflow.start_run(run_name="first try") as run:
        mlflow.log_params(params)
        for step, loss in enumerate([0.9, 0.5, 0.25]):
            mlflow.log_metric("train_loss", loss, step=step)
        mlflow.log_metrics({"accuracy": 0.97, "weird": float("nan"), "big": float("inf")}, step=2)
        mlflow.set_tag("dataset", "sklearn digits")
        png = work / "curve.png"
        # A valid 1x1 PNG, written by hand so the script needs no plotting library.
        png.write_bytes(
            bytes.fromhex(
                "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d1a5"
                "9b0000000049454e44ae426082"
            )
        )
        mlflow.log_artifact(str(png), artifact_path="plots")
        mlflow.log_dict({"classes": list(range(10))}, "meta/classes.json")
    run_id = run.info.run_id

    failed_id = None
    try:
        with mlflow.start_run(run_name="broken") as failing:
            failed_id = failing.info.run_id
            mlflow.log_metric("train_loss", 1.5, step=0)
            raise RuntimeError("boom")
    except RuntimeError:
        pass

    client = MlflowClient()
    got = client.get_run(run_id)
    history = client.get_metric_history(run_id, "train_loss")
    found = mlflow.search_runs(experiment_names=["digits from scratch"], output_format="list")
    filtered = mlflow.search_runs(
        experiment_names=["digits from scratch"],
        filter_string="metrics.accuracy > 0.9 and params.arch = 'tiny cnn'",
        output_format="list",
    )
    dst = tempfile.mkdtemp(dir=out_dir)
    local = mlflow.artifacts.download_artifacts(
        run_id=run_id, artifact_path="plots/curve.png", dst_path=dst
    )
    meta = mlflow.artifacts.load_dict(f"runs:/{run_id}/meta/classes.json")
    listing = sorted(a.path for a in client.list_artifacts(run_id))
    failed = client.get_run(failed_id)

    def plain(value):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return repr(value)
        return value

    print(
        json.dumps(
            {
                "run_id": run_id,
                "status": got.info.status,
                "end_time_set": got.info.end_time is not None,
                "run_name": got.info.run_name,
                "params": got.data.params,
                "sent_params": params,
                "metrics": {k: plain(v) for k, v in got.data.metrics.items()},
                "tags": {k: v for k, v in got.data.tags.items() if not k.startswith("mlflow.")},
                "history": [(m.step, m.value) for m in history],
                "found": sorted(r.info.run_id for r in found),
                "filtered": [r.info.run_id for r in filtered],
                "failed_id": failed_id,
                "failed_status": failed.info.status,
                "png_equal": Path(local).read_bytes() == png.read_bytes(),
                "meta": meta,
                "listing": listing,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
