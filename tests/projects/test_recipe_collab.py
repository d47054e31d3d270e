"""The movie recommender recipe (lesson 7), trained once on a 10% sample for one epoch through the
plain-script run context: it beats each movie's mean rating, leaves its plots and model behind,
and recommends movies the user has not rated."""

import json

import pandas as pd
import pytest
from django.core.exceptions import ValidationError

from projects.recipes import get_recipe, validate_params
from projects.recipes.collab_movielens import RECIPE, mean_baselines, predict, read_ratings
from tests.projects.quick_run import train_quickly

QUICK = {"sample": 0.1, "epochs": 1, "batch_size": 64, "lr": 0.05, "wd": 0.1, "factors": 20}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return train_quickly(RECIPE, QUICK, tmp_path_factory)


def test_the_registry_lists_the_recommender_with_rmse_lower_is_better():
    recipe = get_recipe("collab-movielens")
    assert recipe.metric == "rmse" and recipe.higher_is_better is False
    assert recipe.lesson == "7" and "MovieLens" in recipe.default_dataset.title
    assert validate_params(recipe, {}) == recipe.defaults()


def test_the_bundled_ratings_are_all_of_movielens(run):
    ctx, _ = run
    ratings = read_ratings(ctx.data_dir)
    assert len(ratings) == 100_004
    assert ratings["user"].nunique() == 671
    assert ratings["item"].nunique() == 9_066  # one readable title per movie, repeats told apart
    assert "Toy Story (1995)" in set(ratings["item"])


def test_a_quick_run_beats_each_movies_mean_rating(run):
    ctx, metrics = run
    assert set(ctx.baselines) == {"global mean", "movie mean"}
    assert RECIPE.beats(metrics["rmse"], ctx.baselines["movie mean"])
    assert metrics["valid_rows"] == 2_000 and metrics["train_rows"] == 8_001


def test_each_epoch_is_reported_with_its_rmse(run):
    ctx, metrics = run
    [(epoch, train_loss, valid_loss, rmse)] = ctx.epochs
    assert epoch == 1 and train_loss > 0 and valid_loss > 0
    assert rmse == pytest.approx(metrics["rmse"], rel=1e-4)


def test_the_run_leaves_its_plots_alike_movies_and_model(run):
    ctx, _ = run
    names = {a["name"]: a["kind"] for a in ctx.artifacts}
    assert names == {
        "training-curve.png": "image",
        "similar-movies.json": "data",
        "similar-movies.png": "image",
        "model.pkl": "model",
    }
    for name in names:
        assert (ctx.artifact_dir / name).stat().st_size > 0
    alike = json.loads((ctx.artifact_dir / "similar-movies.json").read_text())
    assert len(alike) == 4
    for anchor, picks in alike.items():
        assert len(picks) == 5 and anchor not in [title for title, _ in picks]
        assert all(-1 <= similarity <= 1 for _, similarity in picks)


def test_recommendations_are_movies_the_user_has_not_rated(run):
    ctx, _ = run
    ratings = read_ratings(ctx.data_dir)
    user = int(ratings["user"].value_counts().index[0])  # surely in a 10% sample

    answer = predict(ctx.artifact_dir, {"user": str(user), "count": 5})

    assert answer["user"] == str(user)
    titles = [r["title"] for r in answer["recommendations"]]
    assert len(titles) == 5 == len(set(titles))
    # Only ratings the model was trained on count as seen (the run used a 10% sample).
    assert answer["rated"] >= 1
    assert all(0.5 <= r["rating"] <= 5 for r in answer["recommendations"])
    ranked = [r["rating"] for r in answer["recommendations"]]
    assert ranked == sorted(ranked, reverse=True)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"user": 999_999}, "This model knows no user “999999”"),
        ({"user": "someone"}, "This model knows no user “someone”"),
        ({}, "This model knows no user “None”"),
        ({"user": 1, "count": 0}, "Ask for between 1 and 50 recommendations."),
        ({"user": 1, "count": "many"}, "The number of recommendations must be a whole number."),
    ],
)
def test_a_demo_input_it_cannot_answer_is_refused_with_a_message(run, payload, message):
    ctx, _ = run
    with pytest.raises(ValidationError) as caught:
        predict(ctx.artifact_dir / "model.pkl", payload)
    assert caught.value.messages[0].startswith(message)


def test_baselines_are_learnt_on_train_and_scored_on_validation():
    train = pd.DataFrame({"item": ["a", "a", "b"], "rating": [4.0, 2.0, 5.0]})
    valid = pd.DataFrame({"item": ["a", "b", "unseen"], "rating": [3.0, 4.0, 1.0]})
    baselines = mean_baselines(train, valid)
    # global mean 11/3; movie means a=3, b=5, unseen falls back to the global mean
    global_errors = [(3 - 11 / 3) ** 2, (4 - 11 / 3) ** 2, (1 - 11 / 3) ** 2]
    movie_errors = [0.0, 1.0, (1 - 11 / 3) ** 2]
    assert baselines["global mean"] == pytest.approx((sum(global_errors) / 3) ** 0.5)
    assert baselines["movie mean"] == pytest.approx((sum(movie_errors) / 3) ** 0.5)
