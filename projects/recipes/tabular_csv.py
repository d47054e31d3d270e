"""Tabular model on any CSV (fast.ai lessons 5–6, applied to the learner's own table).

The learner chooses the column to predict; every other column is used as a category (few
distinct values) or a number, and free text is left out. The baseline is the dumbest sensible
model: always answering the most common class of the training rows. A fastai tabular learner is
scored against it on the same seeded validation rows. Ships with the Titanic passengers
(predicting "Survived") so it can be tried before uploading anything.
"""

from __future__ import annotations

import json
from pathlib import Path

from projects.recipes._baselines import majority_baseline
from projects.recipes._contract import Recipe, RunContext, plan_training, standard_params
from projects.recipes.tabular_titanic import TITANIC

DEFAULT_COLUMNS = {"target": "Survived"}
MAX_CLASSES = 50
FEATURES_FILE = "features.json"
MAX_CHOICES = 100


def _csv_file(data_dir: Path) -> Path:
    return data_dir if data_dir.is_file() else next(iter(sorted(data_dir.glob("*.csv"))))


def column_roles(frame, target: str, types: dict[str, str] | None) -> tuple[list, list]:
    """(categorical, continuous) feature columns: the preview's types when given, otherwise
    read from the values. Free text and empty columns are left out."""
    from pandas.api.types import is_numeric_dtype

    categorical, continuous = [], []
    for name in frame.columns:
        if name == target:
            continue
        kind = (types or {}).get(name)
        if kind is None:
            values = frame[name].dropna()
            if values.empty:
                kind = "empty"
            elif is_numeric_dtype(values):
                kind = "number"
            elif values.nunique() <= max(20, len(values) // 20):
                kind = "category"
            else:
                kind = "text"
        if kind == "number":
            continuous.append(name)
        elif kind == "category":
            categorical.append(name)
    return categorical, continuous


def train(ctx: RunContext) -> dict:
    """Majority-class baseline, then a fastai tabular learner on the chosen target column."""
    import pandas as pd
    from fastai.tabular.all import (
        Categorify,
        CategoryBlock,
        FillMissing,
        IndexSplitter,
        Normalize,
        TabularPandas,
        accuracy,
        tabular_learner,
    )

    from projects.recipes._fastai import (
        ExhaleReporter,
        device_name,
        fit_figures,
        plot_training_curve,
        seed_everything,
        seeded_split,
        stratified_sample,
    )

    params = ctx.params
    seed_everything(ctx.seed)
    columns = params.get("columns") or DEFAULT_COLUMNS
    target = columns["target"]
    frame = pd.read_csv(_csv_file(ctx.data_dir))
    if target not in frame.columns:
        raise ValueError(f"the table has no column {target!r}")
    frame = frame[frame[target].notna()].reset_index(drop=True)
    categorical, continuous = column_roles(frame, target, params.get("column_types"))
    if not categorical and not continuous:
        raise ValueError("no column to predict from: every other column is free text or empty")
    for name in categorical:
        frame[name] = frame[name].astype(str)
    for name in continuous:
        frame[name] = pd.to_numeric(frame[name], errors="coerce")
    frame[target] = frame[target].astype(str)
    classes = sorted(frame[target].unique())
    if not 2 <= len(classes) <= MAX_CLASSES:
        raise ValueError(
            f"the column to predict has {len(classes)} distinct values; "
            f"a classifier needs between 2 and {MAX_CLASSES}"
        )
    keep = stratified_sample(frame[target].tolist(), params["sample"], ctx.seed)
    frame = frame.iloc[keep].reset_index(drop=True)
    train_idx, valid_idx = seeded_split(
        len(frame), params["valid_share"], ctx.seed, frame[target].tolist()
    )
    train_rows, valid_rows = frame.iloc[train_idx], frame.iloc[valid_idx]
    ctx.log(
        f"{len(frame)} rows, predicting {target!r} from {len(categorical)} categories and "
        f"{len(continuous)} numbers: {len(train_idx)} to train on, {len(valid_idx)} to validate"
    )

    plan = plan_training(params, len(train_idx), len(valid_idx))
    ctx.log(plan.describe())
    majority, majority_accuracy = majority_baseline(
        train_rows[target].tolist(), valid_rows[target].tolist()
    )
    ctx.set_baselines({"majority class": majority_accuracy})
    ctx.log(f"Baseline: always answering {majority} scores {majority_accuracy:.3f}")

    table = TabularPandas(
        frame,
        procs=[Categorify, FillMissing, Normalize],
        cat_names=list(categorical),
        cont_names=list(continuous),
        y_names=target,
        # The vocabulary is every class of the table, so a class only seen in validation
        # is still known.
        y_block=CategoryBlock(vocab=classes),
        splits=IndexSplitter(valid_idx)(list(range(len(frame)))),
    )
    dls = table.dataloaders(bs=plan.batch_size, device=device_name(ctx.device))
    reporter = ExhaleReporter(ctx)
    learn = tabular_learner(
        dls, layers=[100, 50], metrics=accuracy, cbs=[reporter], path=ctx.artifact_dir
    )
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(int(params["epochs"]), float(params["lr"]))
        learn.remove_cb(reporter)
        valid_loss, valid_accuracy = learn.validate()
    plot_training_curve(reporter.history, "accuracy", ctx.artifact_dir / "training-curve.png")
    ctx.add_artifact("training-curve.png", "Training curve")
    features = {
        "target": target,
        "classes": classes,
        "categorical": {
            name: sorted(frame[name].unique().tolist())[:MAX_CHOICES] for name in categorical
        },
        "continuous": list(continuous),
    }
    (ctx.artifact_dir / FEATURES_FILE).write_text(json.dumps(features))
    ctx.add_artifact(FEATURES_FILE, "The columns the model reads", kind="data")
    learn.export(ctx.artifact_dir / "model.pkl")
    ctx.add_artifact("model.pkl", "Exported fastai learner", kind="model")
    return {
        "accuracy": float(valid_accuracy),
        "valid_loss": float(valid_loss),
        "classes": len(classes),
        "train_rows": len(train_idx),
        "valid_rows": len(valid_idx),
        **fit_figures(plan, reporter),
    }


def load_model(model_path: Path):
    """The exported learner (the artifact folder, or its model.pkl), loaded once."""
    from fastai.tabular.all import load_learner

    path = Path(model_path)
    if path.is_dir():
        path = path / "model.pkl"
    return load_learner(path)


def predict(model, row: dict) -> dict:
    """Predict the target of one row given as {column: value}; numbers may be blank."""
    import pandas as pd
    from django.core.exceptions import ValidationError

    if not isinstance(row, dict):
        raise ValidationError("Fill in the columns of one row.")
    learn = model if hasattr(model, "predict") else load_model(model)
    procs = learn.dls.train_ds
    features = {}
    for name in procs.cat_names:
        if name.endswith("_na"):
            continue
        features[name] = str(row.get(name, "") or "")
    for name in procs.cont_names:
        value = row.get(name)
        if value in (None, ""):
            features[name] = float("nan")
            continue
        try:
            features[name] = float(value)
        except (TypeError, ValueError):
            raise ValidationError(f"{name} must be a number.") from None
    with learn.no_bar():
        _, index, probs = learn.predict(pd.Series(features))
    vocab = [str(c) for c in learn.dls.vocab]
    return {
        "label": vocab[int(index)],
        "confidence": float(probs.max()),
        "probabilities": {c: round(float(p), 4) for c, p in zip(vocab, probs, strict=True)},
    }


RECIPE = Recipe(
    slug="tabular-csv",
    title="Tabular: your own table",
    lesson="5–6",
    summary=(
        "Predict any column of a CSV from the others with a fastai tabular learner, against "
        "the majority-class baseline. Upload your own table, or try it on the Titanic."
    ),
    datasets=(TITANIC,),
    params=standard_params(epochs=5, lr=1e-2, batch_size=64),
    metric="accuracy",
    metric_label="validation accuracy",
    baseline_help="Always answer the most common class of the training rows.",
    train=train,
    predict=predict,
    artifacts=("training curve", "the columns it reads", "exported learner"),
)
