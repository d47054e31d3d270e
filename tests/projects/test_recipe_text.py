"""The text classifier recipe (lesson 4), trained once on a 10% sample of the tweets for one
epoch through the plain-script run context: it beats the majority class, leaves its plots and
model behind, and labels a typed text with a confidence."""

import pytest
from django.core.exceptions import ValidationError

from projects.recipes import get_recipe, validate_params
from projects.recipes.text_classifier import RECIPE, load_model, predict, read_texts
from tests.projects.quick_run import train_quickly

QUICK = {"sample": 0.1, "epochs": 1, "batch_size": 32, "lr": 0.01}
SOURCES = {"Twitter Web Client", "Twitter for Android", "Twitter for iPhone"}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return train_quickly(RECIPE, QUICK, tmp_path_factory)


def test_the_registry_lists_the_text_classifier_with_a_licenced_data_set():
    recipe = get_recipe("text-classifier")
    assert recipe.lesson == "4" and recipe.metric == "accuracy" and recipe.higher_is_better
    assert "Artistic-2.0" in recipe.default_dataset.licence
    assert validate_params(recipe, {}) == recipe.defaults()


def test_the_bundled_tweets_keep_the_three_most_common_sources(run):
    ctx, _ = run
    texts = read_texts(ctx.data_dir)
    assert len(texts) == 19_332
    assert set(texts["label"]) == SOURCES


def test_a_quick_run_beats_the_majority_class(run):
    ctx, metrics = run
    assert set(ctx.baselines) == {"majority class"}
    assert RECIPE.beats(metrics["accuracy"], ctx.baselines["majority class"])
    assert metrics["classes"] == 3
    assert metrics["train_rows"] + metrics["valid_rows"] == 1_935  # 10%, every source kept


def test_each_epoch_is_reported_with_its_accuracy(run):
    ctx, metrics = run
    [(epoch, train_loss, valid_loss, accuracy)] = ctx.epochs
    assert epoch == 1 and train_loss > 0 and valid_loss > 0
    assert accuracy == pytest.approx(metrics["accuracy"], rel=1e-4)


def test_the_run_leaves_its_plots_and_model(run):
    ctx, _ = run
    names = {a["name"]: a["kind"] for a in ctx.artifacts}
    assert names == {
        "training-curve.png": "image",
        "confusion-matrix.png": "image",
        "model.pkl": "model",
    }
    for name in names:
        assert (ctx.artifact_dir / name).stat().st_size > 0


def test_a_typed_text_gets_a_label_and_a_confidence(run):
    ctx, _ = run
    answer = predict(ctx.artifact_dir, {"text": "Crooked Hillary is a disaster! #MAGA"})

    assert answer["label"] in SOURCES
    assert set(answer["probabilities"]) == SOURCES
    assert sum(answer["probabilities"].values()) == pytest.approx(1, abs=1e-3)
    assert answer["confidence"] == pytest.approx(max(answer["probabilities"].values()), abs=1e-4)


def test_a_loaded_model_answers_like_the_model_file(run):
    ctx, _ = run
    text = "Thank you Iowa! Join me tomorrow in Des Moines."
    assert predict(load_model(ctx.artifact_dir / "model.pkl"), text) == predict(
        ctx.artifact_dir, {"text": text}
    )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("", "Type a text to classify."),
        ({"text": "   "}, "Type a text to classify."),
        ({"words": "hello"}, "Type a text to classify."),
        (42, "Type a text to classify."),
        ("x" * 5_001, "Keep the text under 5,000 characters; this one has 5,001."),
    ],
)
def test_an_empty_or_huge_text_is_refused_with_a_message(run, payload, message):
    ctx, _ = run
    with pytest.raises(ValidationError) as caught:
        predict(ctx.artifact_dir, payload)
    assert caught.value.messages == [message]
