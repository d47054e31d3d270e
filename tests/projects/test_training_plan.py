"""Training adapts to the data it is given: the batch size is capped so every epoch makes
optimiser steps, the majority baseline is fair on balanced samples, and too little data is
refused before a run starts, with the sample share to use instead."""

import pytest
from django.core.exceptions import ValidationError

from projects.recipes import get_recipe, validate_params
from projects.recipes._baselines import majority_baseline
from projects.recipes._contract import (
    MIN_STEPS_PER_EPOCH,
    MIN_TRAIN_ROWS,
    DataTooSmall,
    check_data_size,
    plan_training,
    split_sizes,
)


def params(**overrides):
    return validate_params(get_recipe("tabular-titanic"), {"batch_size": 64, **overrides})


def test_the_quick_titanic_run_of_the_issue_gets_batches_that_fit():
    # 5% of Titanic: 54 training rows, batch size 64 -> fastai made zero steps an epoch.
    plan = plan_training(params(), 54, 12)
    assert plan.batch_size == 2 and plan.steps_per_epoch == 27
    assert "lowered from 64" in plan.describe()


@pytest.mark.parametrize("train_rows", [10, 11, 54, 63, 64, 65, 315, 1050, 2047, 80_000])
def test_every_epoch_makes_optimiser_steps(train_rows):
    plan = plan_training(params(), train_rows, 10)
    assert 2 <= plan.batch_size <= 64
    assert plan.steps_per_epoch == train_rows // plan.batch_size >= 1
    if train_rows >= 2 * MIN_STEPS_PER_EPOCH:
        assert plan.steps_per_epoch >= MIN_STEPS_PER_EPOCH


def test_a_batch_size_that_already_fits_is_kept():
    plan = plan_training(params(batch_size=1024), 80_000, 20_000)
    assert plan.batch_size == 1024 and "lowered" not in plan.describe()


def test_too_few_training_rows_are_refused_in_the_worker_too():
    with pytest.raises(DataTooSmall, match="too little data"):
        plan_training(params(), MIN_TRAIN_ROWS - 1, 5)
    with pytest.raises(DataTooSmall, match="and 2 to validate"):
        plan_training(params(), 40, 1)


def test_split_sizes_round_like_the_recipes_split():
    assert split_sizes(66, 0.2) == (53, 13)
    assert split_sizes(1313, 0.2) == (1050, 263)
    assert split_sizes(1, 0.2) == (1, 0)


def test_a_sample_too_small_is_refused_before_the_run_with_the_sample_named():
    with pytest.raises(ValidationError) as caught:
        check_data_size(params(sample=0.005), 1313)
    message = caught.value.message_dict["sample"][0]
    # 0.5% of 1,313 is 7 rows: 6 to train on, 1 to validate.
    assert "7 examples (0% of 1,313)" not in message  # the share is printed readably
    assert "7 examples (0.5% of 1,313) leave 6 to train on and 1 to score" in message
    assert "Use a larger sample share." in message


def test_a_whole_data_set_too_small_is_refused_on_the_data_set():
    with pytest.raises(ValidationError) as caught:
        check_data_size(params(), 8)
    assert "Add more examples" in caught.value.message_dict["dataset"][0]


def test_enough_data_and_unknown_sizes_pass():
    check_data_size(params(sample=0.01), 1313)
    check_data_size(params(sample=0.001), 0)


def test_the_majority_baseline_answers_the_most_common_training_class():
    answer, score = majority_baseline(["a", "a", "b"], ["a", "b", "b", "b"])
    assert answer == "“a”" and score == 1 / 4


def test_tied_majority_classes_score_their_average_not_zero():
    # A balanced 1% image sample: every class ties in training; one is missing from validation.
    train = [str(d) for d in range(10) for _ in range(3)]
    valid = [str(d) for d in range(1, 10)]
    answer, score = majority_baseline(train, valid)
    assert answer == "one of the 10 tied classes"
    assert score == pytest.approx(sum(valid.count(str(d)) for d in range(10)) / (10 * 9))
    assert score == pytest.approx(0.1)
