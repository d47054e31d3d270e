"""The recipe contract: discovery, and the one parameter check the form, the API and the CLI
share, with messages a learner can act on."""

import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError

from projects.recipes import all_recipes, get_recipe, validate_params
from tests.support.worker import ROOT


def errors_of(slug, raw) -> dict:
    with pytest.raises(ValidationError) as caught:
        validate_params(get_recipe(slug), raw)
    return caught.value.message_dict


def test_registry_finds_both_bundled_recipes():
    assert {"image-classifier", "tabular-titanic"} <= {r.slug for r in all_recipes()}


@pytest.mark.parametrize("slug", ["image-classifier", "tabular-titanic"])
def test_every_recipe_declares_what_the_run_form_needs(slug):
    recipe = get_recipe(slug)
    names = [p.name for p in recipe.params]
    assert names == ["epochs", "lr", "batch_size", "valid_share", "seed", "sample"]
    assert recipe.datasets and recipe.metric and recipe.baseline_help and recipe.lesson
    assert callable(recipe.train) and callable(recipe.predict)
    assert validate_params(recipe, {}) == recipe.defaults()


def test_empty_values_mean_the_defaults():
    recipe = get_recipe("tabular-titanic")
    assert validate_params(recipe, {"epochs": "", "lr": None}) == recipe.defaults()


def test_values_arrive_as_text_or_numbers():
    params = validate_params(
        get_recipe("image-classifier"), {"epochs": "3", "lr": 0.003, "sample": "0.05"}
    )
    assert params["epochs"] == 3 and params["lr"] == 0.003 and params["sample"] == 0.05


@pytest.mark.parametrize("epochs", [0, "0", 10_000, "10000", -3])
def test_epochs_outside_the_bounds_are_refused(epochs):
    assert errors_of("image-classifier", {"epochs": epochs}) == {
        "epochs": [f"Epochs must be between 1 and 50; you gave {epochs}."]
    }


def test_a_negative_learning_rate_is_refused():
    assert errors_of("tabular-titanic", {"lr": -1}) == {
        "lr": ["Learning rate must be more than 0 and at most 1; you gave -1."]
    }


@pytest.mark.parametrize("sample", [0, 2, "2", "-0.5"])
def test_a_sample_outside_zero_to_one_is_refused(sample):
    assert errors_of("tabular-titanic", {"sample": sample}) == {
        "sample": [f"Sample share must be more than 0 and at most 1; you gave {sample}."]
    }


@pytest.mark.parametrize("value", ["many", "1.5", True, [3], "nan", "inf"])
def test_epochs_must_be_a_whole_number(value):
    assert errors_of("image-classifier", {"epochs": value}) == {
        "epochs": ["Epochs must be a whole number."]
    }


def test_learning_rate_must_be_a_number():
    assert errors_of("image-classifier", {"lr": "fast"}) == {
        "lr": ["Learning rate must be a number."]
    }


def test_every_bad_parameter_is_reported_at_once():
    errors = errors_of("image-classifier", {"epochs": 0, "lr": -1, "sample": 2})
    assert set(errors) == {"epochs", "lr", "sample"}


def test_an_unknown_parameter_is_named():
    assert errors_of("image-classifier", {"momentum": 0.9}) == {
        "__all__": [
            "Image classifier has no parameter momentum; it takes epochs, lr, batch_size, "
            "valid_share, seed, sample."
        ]
    }


def test_an_unknown_recipe_is_refused_with_the_choices():
    with pytest.raises(ValidationError) as caught:
        get_recipe("gpt-5")
    choices = ", ".join(sorted(r.slug for r in all_recipes()))
    assert caught.value.message_dict == {
        "recipe": [f"There is no project called “gpt-5”. Pick one of: {choices}."]
    }


def test_an_unknown_dataset_is_refused():
    with pytest.raises(ValidationError) as caught:
        get_recipe("image-classifier").dataset("cats")
    assert "is not a data set of Image classifier" in caught.value.message_dict["dataset"][0]


def test_the_web_side_never_imports_torch_or_fastai():
    code = (
        "import django, os, sys;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        "django.setup();"
        "import config.urls, projects.views, projects.forms, training_jobs.views,"
        " training_jobs.api, training_jobs.services, training_jobs.tasks;"
        "from projects.recipes import all_recipes, validate_params;"
        "[validate_params(r, {}) for r in all_recipes()];"
        "from django.urls import reverse; reverse('projects:catalogue');"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in"
        " {'torch', 'fastai', 'sklearn', 'pandas', 'matplotlib'});"
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
