"""The bundled milestone projects: one module per recipe, found by walking this package.

Adding a project = adding a module here that defines `RECIPE`. Modules whose names start with
an underscore are helpers, not recipes. Importing this package never imports torch or fastai
(see _contract.py), so the web process can list recipes and check parameters.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from projects.recipes._contract import (
    DataSet,
    Param,
    Recipe,
    RecipeRegistry,
    RunContext,
    RunStopped,
    check_data_size,
    check_param,
    validate_params,
)

__all__ = [
    "DataSet",
    "Param",
    "Recipe",
    "RunContext",
    "RunStopped",
    "check_data_size",
    "all_recipes",
    "check_param",
    "find_recipe",
    "get_recipe",
    "higher_is_better",
    "registry",
    "validate_params",
]


@cache
def registry() -> RecipeRegistry:
    found = RecipeRegistry()
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        recipe = getattr(module, "RECIPE", None)
        if isinstance(recipe, Recipe):
            if recipe.slug in found.recipes:
                raise RuntimeError(f"Two recipes share the slug {recipe.slug!r}")
            found.recipes[recipe.slug] = recipe
    return found


def get_recipe(slug: str) -> Recipe:
    """The recipe with that slug, or a ValidationError the learner can read."""
    return registry().get(slug)


def find_recipe(slug: str) -> Recipe | None:
    """The recipe with that slug, or None (a recipe removed since a run was made)."""
    return registry().recipes.get(slug)


def higher_is_better(slug: str) -> bool:
    """Whether a bigger metric is a better run for this recipe (accuracy yes, RMSE no). A
    recipe removed since a run was made reads as the common case, higher is better."""
    recipe = find_recipe(slug)
    return recipe.higher_is_better if recipe else True


def all_recipes() -> list[Recipe]:
    return registry().all()
