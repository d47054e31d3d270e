"""The image classifier trains on an uploaded zip of image folders, and the generic tabular
recipe on an uploaded CSV with a chosen target column (tiny data, one epoch), and their demo
predictions answer with a label and a confidence."""

import io

import pytest

from projects.recipes import get_recipe, validate_params
from projects.recipes._local import LocalContext
from projects.services import dataset_upload
from tests.projects.uploads import image_zip_bytes, png_bytes, table_csv_bytes

pytestmark = pytest.mark.django_db


def uploaded(owner, content, filename):
    return dataset_upload(
        learner=owner, name="mine", upload=io.BytesIO(content), filename=filename, size=len(content)
    )


def context(tmp_path, recipe, dataset, **params):
    clean = validate_params(recipe, {"epochs": 1, **params})
    clean["columns"] = dict(dataset.columns)
    clean["column_types"] = dict(dataset.preview.get("column_types", {}))
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    return LocalContext(data_dir=dataset.training_path, artifact_dir=artifacts, params=clean)


def test_the_image_classifier_trains_on_an_uploaded_zip_and_predicts(owner, tmp_path):
    recipe = get_recipe("image-classifier")
    dataset = uploaded(owner, image_zip_bytes(per_class=8), "squares.zip")
    ctx = context(tmp_path, recipe, dataset, batch_size=8)

    metrics = recipe.train(ctx)

    assert metrics["classes"] == 2
    assert "majority class" in ctx.baselines
    from projects.recipes.image_classifier import load_model, predict

    answer = predict(load_model(ctx.artifact_dir / "model.pkl"), {"image": png_bytes((20, 20, 20))})
    assert answer["label"] in {"dark", "light"}
    assert 0.5 <= answer["confidence"] <= 1


def test_the_tabular_recipe_trains_on_an_uploaded_csv_with_a_chosen_target(owner, tmp_path):
    recipe = get_recipe("tabular-csv")
    dataset = uploaded(owner, table_csv_bytes(rows=60, encoding="latin-1"), "cities.csv")
    ctx = context(tmp_path, recipe, dataset, batch_size=16)

    metrics = recipe.train(ctx)

    assert 0 <= metrics["accuracy"] <= 1 and metrics["classes"] == 2
    assert ctx.baselines["majority class"] > 0
    from projects.recipes.tabular_csv import load_model, predict

    answer = predict(load_model(ctx.artifact_dir), {"city": "Lyon", "size": "80", "colour": "red"})
    assert answer["label"] in {"yes", "no"}
    with pytest.raises(Exception, match="must be a number"):
        predict(load_model(ctx.artifact_dir), {"size": "big"})
