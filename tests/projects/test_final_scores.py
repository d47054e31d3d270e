"""A classifier's final scores are what the fit's own last validation pass predicted, and say
what fastai's validate(), ClassificationInterpretation and its confusion matrix say, each of
which predicts the whole set again (a plain script's validate() makes one pass more)."""

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

from projects.recipes._fastai import LastValidationPass, score_classifier, seed_everything


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
    table = TabularPandas(
        frame,
        procs=[Categorify, Normalize],
        cat_names=["g"],
        cont_names=["x"],
        y_names="y",
        y_block=CategoryBlock(),
        splits=IndexSplitter(list(range(240, 300)))(list(range(300))),
    )
    last_pass = LastValidationPass()
    learn = tabular_learner(table.dataloaders(bs=16), layers=[8], metrics=accuracy, cbs=[last_pass])
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(2, 1e-2)
    learn.remove_cb(last_pass)
    return learn, last_pass


def test_the_scores_predict_nothing_again_and_agree_with_fastai(learn):
    learn, last_pass = learn
    counter = CountValidationPasses()
    learn.add_cb(counter)
    try:
        with learn.no_bar(), learn.no_logging():
            scores = score_classifier(learn, last_pass)
    finally:
        learn.remove_cb(counter)
    assert counter.passes == 0

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


def test_only_the_last_epoch_is_kept(learn):
    _, last_pass = learn
    # Two epochs of 60 validation rows each: the first epoch's pass was dropped.
    assert sum(len(t) for t in last_pass.targs) == 60
    assert sum(len(t) for t in last_pass.losses) == 60


def test_a_fit_without_a_last_pass_is_an_error_not_a_score(learn):
    learn, _ = learn
    with pytest.raises(RuntimeError, match="no validation pass"):
        score_classifier(learn, LastValidationPass())
