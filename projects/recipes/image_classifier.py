"""Image classifier (fast.ai lesson 1): tell images apart by the folder they sit in.

The bundled data set is scikit-learn's handwritten digits (1,797 images of 8×8 pixels, ten
classes), written out as PNG files in one folder per digit. A fastai vision learner is trained
from scratch (no pretrained weights: nothing is downloaded) and scored against the dumbest
sensible model, always answering the most common class of the training set.
"""

from __future__ import annotations

import os
import shutil
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

IMAGE_SIZE = 16  # the digits are 8×8: twice that leaves room for three strided blocks


def prepare_digits(root: Path) -> Path:
    """Write load_digits() as root/digits-png/<digit>/<n>.png, once (atomic rename)."""
    target = root / "digits-png"
    if target.is_dir():
        return target
    import numpy as np
    from PIL import Image
    from sklearn.datasets import load_digits

    digits = load_digits()
    staging = root / f".digits-{uuid.uuid4().hex}"
    for index, (pixels, label) in enumerate(zip(digits.images, digits.target, strict=True)):
        folder = staging / str(label)
        folder.mkdir(parents=True, exist_ok=True)
        grey = (pixels * (255 / 16)).clip(0, 255).astype(np.uint8)
        Image.fromarray(grey, mode="L").save(folder / f"{index:04d}.png")
    try:
        os.rename(staging, target)
    except OSError:  # another worker won the race; its copy is identical
        shutil.rmtree(staging, ignore_errors=True)
    return target


DIGITS = DataSet(
    slug="digits",
    title="Handwritten digits (scikit-learn)",
    kind="image-folders",
    description="1,797 greyscale 8×8 images of the digits 0–9, one folder per digit.",
    prepare=prepare_digits,
    licence="BSD-3-Clause (scikit-learn; UCI optical recognition of handwritten digits)",
    rows=1797,
)


def label_of(path: Path) -> str:
    return path.parent.name


def small_resnet(n_classes: int):
    """A small residual network for small greyscale images, built from fastai's layers."""
    from fastai.layers import ConvLayer, Flatten, ResBlock
    from torch import nn

    return nn.Sequential(
        ConvLayer(1, 16, ks=3),
        ResBlock(1, 16, 32, stride=2),
        ResBlock(1, 32, 64, stride=2),
        ResBlock(1, 64, 64, stride=2),
        nn.AdaptiveAvgPool2d(1),
        Flatten(),
        nn.Dropout(0.1),
        nn.Linear(64, n_classes),
    )


def train(ctx: RunContext) -> dict:
    """Train a small residual CNN from scratch on image folders; return validation accuracy."""
    from fastai.vision.all import (
        CategoryBlock,
        DataBlock,
        ImageBlock,
        IndexSplitter,
        Learner,
        Normalize,
        PILImageBW,
        Resize,
        accuracy,
        get_image_files,
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
    files = sorted(get_image_files(ctx.data_dir))
    keep = stratified_sample([label_of(f) for f in files], params["sample"], ctx.seed)
    files = [files[i] for i in keep]
    labels = [label_of(f) for f in files]
    train_idx, valid_idx = seeded_split(len(files), params["valid_share"], ctx.seed, labels)
    ctx.log(
        f"{len(files)} images, {len(set(labels))} classes: "
        f"{len(train_idx)} to train on, {len(valid_idx)} to validate"
    )

    plan = plan_training(params, len(train_idx), len(valid_idx))
    ctx.log(plan.describe())
    majority, majority_accuracy = majority_baseline(
        [labels[i] for i in train_idx], [labels[i] for i in valid_idx]
    )
    ctx.set_baselines({"majority class": majority_accuracy})
    ctx.log(f"Baseline: always answering {majority} scores {majority_accuracy:.3f}")

    block = DataBlock.from_columns(
        blocks=(ImageBlock(cls=PILImageBW), CategoryBlock),
        splitter=IndexSplitter(valid_idx),
        item_tfms=Resize(IMAGE_SIZE),
        batch_tfms=Normalize(),
    )
    dls = block.dataloaders(
        (files, labels),
        bs=plan.batch_size,
        num_workers=0,
        device=device_name(ctx.device),
    )
    reporter, last_pass = ExhaleReporter(ctx), LastValidationPass()
    learn = Learner(
        dls,
        small_resnet(len(dls.vocab)),
        metrics=accuracy,
        cbs=[reporter, last_pass],
        path=ctx.artifact_dir,
    )
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(int(params["epochs"]), float(params["lr"]))
        learn.remove_cbs([reporter, last_pass])
        scores = score_classifier(learn, last_pass)
        ctx.heartbeat()
    plot_training_curve(reporter.history, "accuracy", ctx.artifact_dir / "training-curve.png")
    ctx.add_artifact("training-curve.png", "Training curve")
    plot_confusion_matrix(
        scores.confusion, list(dls.vocab), ctx.artifact_dir / "confusion-matrix.png"
    )
    ctx.add_artifact("confusion-matrix.png", "Confusion matrix")
    scores.interp.plot_top_losses(min(9, len(valid_idx)), figsize=(7, 7))
    import matplotlib.pyplot as plt

    plt.gcf().savefig(ctx.artifact_dir / "top-losses.png")
    plt.close("all")
    ctx.add_artifact("top-losses.png", "Top losses (prediction/actual/loss/probability)")

    learn.export(ctx.artifact_dir / "model.pkl")
    ctx.add_artifact("model.pkl", "Exported fastai learner", kind="model")
    return {
        "accuracy": scores.accuracy,
        "valid_loss": scores.loss,
        "classes": len(dls.vocab),
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
        path = path / "model.pkl"
    return load_learner(path)


def predict(model, payload) -> dict:
    """Classify one image (the "try it" demo). `model` is what load_model() returned, or the
    path to the model; `payload` is the image's bytes, or {"image": bytes}."""
    from django.core.exceptions import ValidationError
    from fastai.vision.all import PILImageBW

    image_bytes = payload.get("image") if isinstance(payload, dict) else payload
    if not isinstance(image_bytes, bytes | bytearray) or not image_bytes:
        raise ValidationError("Upload an image to classify.")
    learn = model if hasattr(model, "predict") else load_model(model)
    try:
        image = PILImageBW.create(bytes(image_bytes))
    except Exception:
        raise ValidationError("That file could not be read as an image.") from None
    with learn.no_bar():
        label, _, probs = learn.predict(image)
    classes = [str(c) for c in learn.dls.vocab]
    return {
        "label": str(label),
        "confidence": float(probs.max()),
        "probabilities": {c: round(float(p), 4) for c, p in zip(classes, probs, strict=True)},
    }


RECIPE = Recipe(
    slug="image-classifier",
    title="Image classifier",
    lesson="1",
    summary=(
        "Train a convolutional network from scratch to tell images apart by their folder. "
        "Ships with handwritten digits; beat the majority-class baseline."
    ),
    datasets=(DIGITS,),
    params=standard_params(epochs=5, lr=1e-2, batch_size=64),
    metric="accuracy",
    metric_label="validation accuracy",
    baseline_help="Always answer the most common class of the training set.",
    train=train,
    predict=predict,
    artifacts=("training curve", "confusion matrix", "top losses", "exported learner"),
)
