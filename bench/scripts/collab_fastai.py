"""MovieLens collaborative filtering as a learner writes it after fast.ai lesson 7, using
nothing from Exhale: the ratings CSV, a seeded 20% of the ratings held out, fastai's
dot-product collab_learner with the rating range widened by half a star, fit_one_cycle with
weight decay. `python -m bench.scripts.collab_fastai --data var/datasets/movielens`."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
from fastai.collab import TabularCollab, collab_learner
from fastai.tabular.all import Categorify, TransformBlock, rmse

from bench.scripts._common import arguments, random_split, report, seed


def main() -> None:
    args = arguments(epochs=5, bs=1024, lr=5e-2, factors=50, wd=1.0)
    started = time.perf_counter()
    seed(args.seed)
    data = Path(args.data)
    ratings = pd.read_csv(data / "ratings.csv" if data.is_dir() else data).dropna()
    ratings["item"] = ratings["item"].astype(str)
    ratings = ratings.reset_index(drop=True)
    valid = random_split(len(ratings), 0.2, args.seed)
    train = sorted(set(range(len(ratings))) - set(valid))
    table = TabularCollab(ratings, [Categorify], ["user", "item"], y_names=["rating"],
                          y_block=TransformBlock(), splits=(train, valid))  # fmt: skip
    dls = table.dataloaders(bs=args.bs, num_workers=0)
    low, high = float(ratings["rating"].min()), float(ratings["rating"].max())
    learn = collab_learner(dls, n_factors=args.factors, y_range=(low - 0.5, high + 0.5),
                           metrics=rmse)  # fmt: skip
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(args.epochs, args.lr, wd=args.wd)
        report("rmse", float(learn.validate()[1]), started)


if __name__ == "__main__":
    main()
