"""The apps depend on each other one way only, through each other's public modules.

Imports are read with ast (function-level, lazy imports included). The test fails when

- a cycle between apps appears that is not the one known, documented cycle below;
- an app imports another app's views (`views`, `views_*`, `api`, `api_*`, `urls`) or any name,
  module or package starting with `_`;
- the graph drawn in docs/architecture.md no longer matches the code.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every Django app of the project: a top-level folder with an apps.py. (config/ is the
# composition root and demo/, bench/ are scripts on top of everything: they may import anyone.)
APPS = tuple(sorted(path.parent.name for path in ROOT.glob("*/apps.py")))
# Cycles that exist today, each with why, to be folded later. Any other cycle fails.
KNOWN_CYCLES = {
    # The roadmap's pace reads the journal's sessions (curriculum/selectors.py, lazy import),
    # while sessions point at roadmap items.
    frozenset({"curriculum", "journal"}),
}
VIEW_MODULE = re.compile(r"^(views|api|urls)(_\w+)?$")


def _imports(path: Path):
    """(line, module, names) for every absolute import in a file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, [alias.name for alias in node.names]


def _app_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def app_graph() -> tuple[dict[str, set[str]], list[str]]:
    """Which app imports which, and every import of another app's views or private names."""
    edges: dict[str, set[str]] = defaultdict(set)
    offences = []
    for app in APPS:
        for path in _app_files(app):
            for line, module, names in _imports(path):
                parts = module.split(".")
                if parts[0] not in APPS or parts[0] == app:
                    continue
                edges[app].add(parts[0])
                where = f"{path.relative_to(ROOT)}:{line} imports {module}"
                if any(VIEW_MODULE.match(p) or p.startswith("_") for p in parts[1:]):
                    offences.append(f"{where} (a views module or a private module)")
                for name in names:
                    if name.startswith("_") or VIEW_MODULE.match(name):
                        offences.append(f"{where}.{name} (a views module or a private name)")
    return edges, offences


def cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.add(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for app in APPS:
        if app not in index:
            visit(app)
    return found


def test_no_new_cycle_between_apps():
    edges, _ = app_graph()

    assert set(cycles(edges)) <= KNOWN_CYCLES, cycles(edges)


def test_no_app_imports_another_apps_views_or_private_names():
    _, offences = app_graph()

    assert offences == []


def test_the_graph_in_the_architecture_page_is_the_code():
    text = (ROOT / "docs" / "architecture.md").read_text()
    block = text.split("<!-- app-graph -->", 2)[1]
    drawn = {}
    for line in block.splitlines():
        match = re.match(r"^\s*(\w+)\s+->\s+(.*)$", line)
        if match:
            targets = match.group(2).strip()
            drawn[match.group(1)] = set() if targets == "(nothing)" else set(targets.split(", "))
    edges, _ = app_graph()

    assert drawn == {app: edges.get(app, set()) for app in APPS}


# The checks above must be able to fail: they do on small made-up graphs and imports.


def test_the_cycle_finder_finds_cycles():
    assert cycles({"core": {"accounts"}, "accounts": {"core"}}) == [frozenset({"core", "accounts"})]
    assert cycles({"portfolio": {"training_jobs"}, "training_jobs": {"projects"}}) == []
    three = {
        "projects": {"training_jobs"},
        "training_jobs": {"portfolio"},
        "portfolio": {"projects"},
    }
    assert cycles(three) == [frozenset({"projects", "training_jobs", "portfolio"})]


def test_view_and_private_imports_are_caught(tmp_path, monkeypatch):
    app = tmp_path / "portfolio"
    app.mkdir()
    (app / "x.py").write_text(
        "from training_jobs.views import detail\n"
        "from training_jobs.pages import _job_context\n"
        "def f():\n    from projects.recipes._fastai import RunStopped\n"
        "from training_jobs import views_compare\n"
        "from training_jobs.pages import job_page_context\n"
    )
    for other in APPS:
        (tmp_path / other).mkdir(exist_ok=True)
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)

    edges, offences = app_graph()

    assert edges["portfolio"] == {"training_jobs", "projects"}
    assert len(offences) == 4
