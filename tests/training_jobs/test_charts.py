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


def test_a_single_epoch_sits_in_the_middle():
    svg = loss_chart_svg([{"epoch": 1, "train_loss": 1.0, "valid_loss": 1.0}])
    assert 'cx="240.0"' in svg
