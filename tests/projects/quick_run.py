"""Train a recipe once, directly (no worker), on its bundled data set: for recipe tests."""

from pathlib import Path

from django.conf import settings

from projects.recipes import validate_params
from projects.recipes._local import LocalContext


def train_quickly(recipe, params: dict, tmp_path_factory):
    """(context, metrics) of one run of `recipe` with `params` on its default data set, prepared
    once a test run where the worker prepares it (each preparation is atomic)."""
    root = Path(settings.VAR_DIR) / "datasets"
    root.mkdir(parents=True, exist_ok=True)
    data_dir = recipe.default_dataset.prepare(root)
    ctx = LocalContext(
        data_dir=data_dir,
        artifact_dir=tmp_path_factory.mktemp("artifacts"),
        params=validate_params(recipe, params),
    )
    return ctx, recipe.train(ctx)
