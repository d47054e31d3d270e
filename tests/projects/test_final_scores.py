"""A classifier's final scores come from one prediction pass over the validation set, and say
what fastai's validate(), ClassificationInterpretation and its confusion matrix say (each of
which predicts the whole set again: three passes where a plain script makes one)."""

import numpy as np
import pandas as pd
import pytest
import torch
from fastai.callback.core import Callback
from fastai.interpret import ClassificationInterpretation
from fastai.tabular.all import (
    Categorify,
    CategoryBlock,
    IndexSplitter,
    Normalize,
    TabularPandas,
    accuracy,
    tabular_learner,
)

from projects.recipes._fastai import score_classifier, seed_everything


class CountValidationPasses(Callback):
    def __init__(self):
        self.passes = 0

    def before_validate(self):
        self.passes += 1


@pytest.fixture(scope="module")
def learn():
    seed_everything(3)
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"x": rng.normal(size=300), "g": rng.choice(list("abc"), size=300)})
    # Three classes the features only partly explain, so some validation rows are wrong.
    frame["y"] = np.where(frame["x"] + rng.normal(scale=0.8, size=300) > 0.3, "hi", "lo")
    frame.loc[frame["g"] == "c", "y"] = "mid"
    table = TabularPandas(frame, procs=[Categorify, Normalize], cat_names=["g"],
                          cont_names=["x"], y_names="y", y_block=CategoryBlock(),
                          splits=IndexSplitter(list(range(240, 300)))(list(range(300))))
    learn = tabular_learner(table.dataloaders(bs=16), layers=[8], metrics=accuracy)
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(1, 1e-2)
    return learn


def test_the_scores_make_one_pass_and_agree_with_fastai(learn):
    counter = CountValidationPasses()
    learn.add_cb(counter)
    try:
        with learn.no_bar(), learn.no_logging():
            scores = score_classifier(learn)
    finally:
        learn.remove_cb(counter)
    assert counter.passes == 1

    with learn.no_bar(), learn.no_logging():
        valid_loss, valid_accuracy = learn.validate()
        interp = ClassificationInterpretation.from_learner(learn)
        matrix = interp.confusion_matrix()
    assert scores.accuracy == pytest.approx(float(valid_accuracy), abs=1e-6)
    assert 0 < scores.accuracy < 1  # some right, some wrong: the comparison means something
    assert scores.loss == pytest.approx(float(valid_loss), rel=1e-5)
    assert scores.confusion.tolist() == matrix.tolist()
    assert scores.confusion.sum() == 60
    assert torch.equal(scores.interp.top_losses(5)[1], interp.top_losses(5)[1])
