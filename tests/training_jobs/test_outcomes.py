"""How a result reads: margins in points, figures with their precision, one card a baseline."""

import pytest

from training_jobs.outcomes import (
    baseline_cards,
    format_figure,
    format_metric,
    margin_phrase,
    readable_figures,
)


def phrase(value, baseline, metric="accuracy", higher=True, name="majority class"):
    return margin_phrase(
        name=name, metric_name=metric, value=value, baseline=baseline, higher_is_better=higher
    )


def test_a_beaten_baseline_reads_in_points():
    assert phrase(0.816, 0.692) == "beats the majority class by 12.4 points"


def test_an_unbeaten_baseline_says_how_far_short_as_a_positive_number():
    assert phrase(0.728, 0.759) == "does not beat the majority class yet: 3.1 points short"
    assert "-" not in phrase(0.308, 0.692)


def test_equal_scores_tie():
    assert phrase(0.6962, 0.6962) == "ties with the majority class"


def test_one_point_is_singular():
    assert phrase(0.70, 0.69) == "beats the majority class by 1.0 point"


def test_a_lower_is_better_metric_counts_the_other_way_with_its_relative_change():
    # RMSE 0.86 against the movie mean's 0.98: 0.12 lower, 12.2% of 0.98.
    assert phrase(0.86, 0.98, metric="rmse", higher=False, name="movie mean") == (
        "beats the movie mean by 0.120 (12.2% lower RMSE)"
    )
    assert phrase(1.0, 0.98, metric="rmse", higher=False, name="movie mean") == (
        "does not beat the movie mean yet: 0.020 short (2.0% higher RMSE)"
    )


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("train_rows", 1050.0, "1,050"),
        ("valid_rows", 263, "263"),
        ("classes", 10.0, "10"),
        ("vocabulary", 12345, "12,345"),
        ("steps_per_epoch", 35, "35"),
        ("valid_loss", 0.41234567, "0.4123"),
        ("survival_rate_train", 0.3812, "38.1%"),
        ("note", "text", "text"),
    ],
)
def test_figures_print_with_the_precision_they_deserve(name, value, text):
    assert format_figure(name, value) == text


def test_metrics_are_percentages_or_four_decimals():
    assert format_metric("accuracy", 0.84030) == "84.0%"
    assert format_metric("rmse", 0.873449) == "0.8734"
    assert format_metric("accuracy", None) == "–"


def test_readable_figures_leave_out_the_main_metric_and_name_every_figure():
    figures = readable_figures(
        {"accuracy": 0.8, "valid_rows": 263.0, "train_rows": 1050.0, "classes": 10.0},
        "accuracy",
    )
    assert figures == [
        ("training examples", "1,050"),
        ("validation examples", "263"),
        ("classes", "10"),
    ]


def test_cards_put_the_strong_model_last_and_say_whether_each_is_beaten():
    cards = baseline_cards(
        baselines={"random forest": 0.848, "majority class": 0.684, "sex": 0.799},
        metric_name="accuracy",
        value=0.8403,
        higher_is_better=True,
        strong=("random forest",),
    )
    assert [c.name for c in cards] == ["majority class", "sex", "random forest"]
    assert [c.beaten for c in cards] == [True, True, False]
    assert cards[-1].strong and not cards[0].strong
    assert cards[-1].phrase == "does not beat the random forest yet: 0.8 points short"
    assert cards[0].text == "68.4%"


def test_cards_before_the_model_has_a_score_have_no_phrase():
    (card,) = baseline_cards(
        baselines={"majority class": 0.5}, metric_name="accuracy", value=None,
        higher_is_better=True,
    )  # fmt: skip
    assert card.phrase is None and card.beaten is None
