"""Run by bench_tracking in a fresh interpreter: log N metric points through the official
mlflow client in batches of 1,000, as a notebook logging a long training would, and print
the seconds it took."""

import sys
import time

from mlflow.entities import Metric
from mlflow.tracking import MlflowClient


def main(points: int) -> None:
    client = MlflowClient()
    experiment = client.create_experiment("bench throughput")
    run = client.create_run(experiment)
    started = time.perf_counter()
    for offset in range(0, points, 1000):
        batch = [
            Metric("loss", 1.0 / (i + 1), i, i) for i in range(offset, min(points, offset + 1000))
        ]
        client.log_batch(run.info.run_id, metrics=batch)
    elapsed = time.perf_counter() - started
    client.set_terminated(run.info.run_id)
    print(f"{elapsed:.6f} {run.info.run_id}")


if __name__ == "__main__":
    main(int(sys.argv[1]))
