"""A learner's notebook: a tiny tabular fastai model on data made here (no downloads), with
the callback from Exhale's guide pasted in, as a learner would paste it."""

import json
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
from fastai.tabular.all import (
    Categorify,
    CategoryBlock,
    Normalize,
    TabularDataLoaders,
    accuracy,
    tabular_learner,
)

CALLBACK = Path(__file__).resolve().parents[2] / "tracking/snippets/fastai_callback.py.txt"
exec(CALLBACK.read_text())  # noqa: S102 - the guide's cell, verbatim

rng = np.random.default_rng(0)
n = 400
frame = pd.DataFrame({"x": rng.normal(size=n), "colour": rng.choice(["red", "blue"], n)})
frame["label"] = np.where(frame["x"] + (frame["colour"] == "red") > 0.5, "yes", "no")
dls = TabularDataLoaders.from_df(
    frame,
    y_names="label",
    cat_names=["colour"],
    cont_names=["x"],
    procs=[Categorify, Normalize],
    y_block=CategoryBlock(),
    bs=32,
    valid_idx=list(range(300, 400)),
    num_workers=0,
)
learn = tabular_learner(dls, layers=[16], metrics=accuracy)
mlflow.set_experiment("tiny tabular")
with mlflow.start_run(run_name="tabular from scratch") as run:
    learn.fit_one_cycle(3, 1e-2, cbs=ExhaleLog())  # noqa: F821 - defined by the guide's cell
print(
    json.dumps(
        {
            "run_id": run.info.run_id,
            "final_valid_loss": float(learn.recorder.values[-1][1]),
            "final_accuracy": float(learn.recorder.values[-1][2]),
        }
    )
)
