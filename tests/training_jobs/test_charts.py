"""The loss chart is plain SVG built from numbers."""

from training_jobs.charts import loss_chart_svg


def test_no_epochs_draws_nothing():
    assert loss_chart_svg([]) == ""
    assert loss_chart_svg([{"epoch": 1, "train_loss": None, "valid_loss": None}]) == ""


def test_one_polyline_per_series_and_a_point_per_epoch():
    rows = [
        {"epoch": 1, "train_loss": 2.0, "valid_loss": 1.5},
        {"epoch": 2, "train_loss": 1.0, "valid_loss": 0.8},
        {"epoch": 3, "train_loss": 0.5, "valid_loss": None},
    ]
    svg = loss_chart_svg(rows)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 5
    assert "valid loss epoch 2: 0.8000" in svg
    assert "style=" not in svg  # the CSP forbids inline styles


def test_one_or_two_epochs_are_bars_with_their_values_not_scattered_dots():
    one = loss_chart_svg([{"epoch": 1, "train_loss": 1.0, "valid_loss": 0.5}])
    assert one.count("<rect") == 2 and "<polyline" not in one and "<circle" not in one
    assert ">1.000</text>" in one and ">0.500</text>" in one and "epoch 1</text>" in one
    two = loss_chart_svg(
        [
            {"epoch": 1, "train_loss": 0.7, "valid_loss": 0.6},
            {"epoch": 2, "train_loss": 0.5, "valid_loss": None},
        ]
    )
    assert two.count("<rect") == 3 and "valid loss epoch 1: 0.6000" in two
    assert "style=" not in two  # the CSP forbids inline styles


def test_a_bar_is_as_tall_as_its_share_of_the_largest_value():
    svg = loss_chart_svg([{"epoch": 1, "train_loss": 1.0, "valid_loss": 0.5}])
    heights = [float(part.split('"')[0]) for part in svg.split('height="')[2:]]
    assert heights[0] == 2 * heights[1]
