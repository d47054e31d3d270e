"""A tabular classifier on a CSV as a learner writes it after fast.ai lessons 5–6, using
nothing from Exhale: the Titanic table that the "any CSV" recipe ships with, predicting
Survived from the columns named by hand, a seeded 20% held out, fastai's tabular learner with
two hidden layers of 100 and 50, fit_one_cycle.
`python -m bench.scripts.csv_fastai --data var/datasets/titanic.csv`."""

from __future__ import annotations

import time

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

from bench.scripts._common import arguments, random_split, report, seed

CATEGORIES = ["PClass", "Sex"]
NUMBERS = ["rownames", "Age", "SexCode"]
TARGET = "Survived"


def main() -> None:
    args = arguments(epochs=5, bs=64, lr=1e-2)
    started = time.perf_counter()
    seed(args.seed)
    df = pd.read_csv(args.data)
    df = df[df[TARGET].notna()].reset_index(drop=True)
    df[CATEGORIES] = df[CATEGORIES].astype(str)
    df[TARGET] = df[TARGET].astype(str)
    table = TabularPandas(
        df,
        procs=[Categorify, FillMissing, Normalize],
        cat_names=CATEGORIES,
        cont_names=NUMBERS,
        y_names=TARGET,
        y_block=CategoryBlock(vocab=sorted(df[TARGET].unique())),
        splits=IndexSplitter(random_split(len(df), 0.2, args.seed))(list(range(len(df)))),
    )
    learn = tabular_learner(table.dataloaders(bs=args.bs), layers=[100, 50], metrics=accuracy)
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(args.epochs, args.lr)
        report("accuracy", float(learn.validate()[1]), started)


if __name__ == "__main__":
    main()
