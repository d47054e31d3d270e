"""The plain fastai scripts bench/ measures Exhale against stay independent: they import
nothing of Exhale (so a bug in a recipe cannot hide in its yardstick), and every recipe has
one, so the note can give every recipe's ratio."""

import ast
from pathlib import Path

from bench.bench_recipe_scripts import SCRIPT_PARAMS, SCRIPTS
from projects.recipes import all_recipes

ROOT = Path(__file__).resolve().parents[2]
SCRIPT_DIR = ROOT / "bench" / "scripts"
EXHALE_PACKAGES = {
    p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file() and p.name != "bench"
} | {"config", "core"}


def imported_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_scripts_import_no_exhale_code():
    scripts = sorted(SCRIPT_DIR.glob("*.py"))
    assert len(scripts) >= 6  # five scripts and what they share
    assert {"projects", "training_jobs", "config"} <= EXHALE_PACKAGES
    for script in scripts:
        leaked = imported_packages(script) & EXHALE_PACKAGES
        assert not leaked, f"{script.name} imports Exhale's {sorted(leaked)}"


def test_every_recipe_has_a_script_and_its_own_parameters_reach_it():
    assert set(SCRIPTS) == {recipe.slug for recipe in all_recipes()}
    for slug, name in SCRIPTS.items():
        source = (SCRIPT_DIR / f"{name}.py").read_text()
        for param in SCRIPT_PARAMS.get(slug, ()):
            assert f"{param}=" in source, f"{name} takes no --{param}"
