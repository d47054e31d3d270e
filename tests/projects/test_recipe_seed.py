"""Same seed, same run: the split, the sample, the weights and so the metric repeat exactly.
And a small balanced sample's validation split keeps every class."""

from collections import Counter

from projects.recipes import get_recipe
from projects.recipes._fastai import STRATIFY_BELOW, seeded_split
from tests.projects.quick_run import train_quickly


def test_the_same_seed_twice_gives_the_same_metric(tmp_path_factory):
    recipe = get_recipe("tabular-titanic")
    params = {"sample": 0.3, "epochs": 2, "seed": 7}
    first_ctx, first = train_quickly(recipe, params, tmp_path_factory)
    second_ctx, second = train_quickly(recipe, params, tmp_path_factory)
    assert first["accuracy"] == second["accuracy"]
    assert first_ctx.baselines == second_ctx.baselines
    assert [e[1] for e in first_ctx.epochs] == [e[1] for e in second_ctx.epochs]


def test_a_small_balanced_sample_validates_on_every_class():
    labels = [str(d) for d in range(10) for _ in range(4)]  # 1% of the digits: 4 a class
    train, valid = seeded_split(len(labels), 0.2, 42, labels)
    assert sorted(train + valid) == list(range(40))
    assert Counter(labels[i] for i in valid) == {str(d): 1 for d in range(10)}
    assert set(Counter(labels[i] for i in train).values()) == {3}


def test_large_classes_keep_the_plain_seeded_split():
    labels = ["a", "b"] * STRATIFY_BELOW
    assert seeded_split(len(labels), 0.2, 42, labels) == seeded_split(len(labels), 0.2, 42)
