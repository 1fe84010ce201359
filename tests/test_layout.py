"""The code's layout, read from the sources: one-way imports, layers, module sizes, deferred imports, domain errors.

The import graph is built with :mod:`ast` from every product module
(``analyzers``, ``indexer``, ``search_app``), counting the imports inside
functions as well as those at the top: a cycle through a function is a
cycle all the same.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from indexer import errors
from indexer.cli.failures import EXIT_CODES

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("analyzers", "indexer", "search_app")
MAX_LINES = 400

# The shared top-level modules of indexer/ (indexer.analysis keeps its caches in indexer.caches: a row of its own).
SHARED = {"documents", "errors", "choices", "symbols", "parallel", "workers", "files", "deadline", "timing"}

# layer -> the layers it may import (besides itself).  Lower layers never import higher ones.
ALLOWED = {
    "analyzers": set(),
    "caches": set(),
    "catalog": {"analyzers", "caches"},  # indexer.caches.catalog: imports every module that declares a cache, by name
    "shared": {"analyzers", "caches"},
    "analysis": {"analyzers", "caches"},
    "engine": {"analyzers", "shared", "caches"},
    "ingest": {"analyzers", "shared", "caches"},
    "compat": {"engine"},  # indexer.schema: the path older indexes pickled SymbolFilter under
    "align": {"analyzers", "shared", "analysis", "caches", "engine", "ingest"},
    "lexicon": {"analyzers", "shared", "analysis", "caches", "engine", "ingest"},
    "storage": {"analyzers", "shared", "analysis", "caches", "engine", "ingest", "align", "lexicon"},
    "build": {"analyzers", "shared", "analysis", "caches", "engine", "ingest", "align", "lexicon", "storage"},
    "search": {"analyzers", "shared", "analysis", "caches", "engine", "ingest", "align", "lexicon", "storage"},
    "cli": {"analyzers", "shared", "analysis", "caches", "engine", "ingest", "align", "lexicon", "storage",
            "build", "search", "catalog"},
    "main": {"cli"},  # python -m indexer
    "search_app": {"analyzers", "shared", "analysis", "caches", "engine", "ingest", "align", "lexicon", "storage",
                   "search", "catalog"},
}

def layer(module: str) -> str:
    """Return the layer a product module belongs to."""
    parts = module.split(".")
    if parts[0] != "indexer":
        return parts[0]
    if len(parts) == 1 or parts[1] in SHARED:
        return "shared"
    if module == "indexer.caches.catalog":
        return "catalog"
    return {"analysis": "analysis", "schema": "compat", "__main__": "main"}.get(parts[1], parts[1])


@cache
def sources() -> dict[str, Path]:
    """Return every product module by dotted name (a package by its own name)."""
    found = {}
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


@cache
def trees() -> dict[str, ast.Module]:
    return {module: ast.parse(path.read_text(encoding="utf-8")) for module, path in sources().items()}


def imported(module: str, node) -> list[str]:
    """Return the modules an import statement of ``module`` names, as dotted names (packages and names resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module if sources()[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if node.module else package
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in sources() else base for alias in node.names]


def product_module(name: str) -> str | None:
    """Return the product module an imported name is (or is in), or None for another library."""
    while name and name not in sources():
        name = name.rpartition(".")[0]
    return name or None


@cache
def import_graph() -> dict[str, set[str]]:
    """Return, per product module, the product modules it imports anywhere in it."""
    graph = {}
    for module, tree in trees().items():
        targets = {product_module(name) for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                   for name in imported(module, node)}
        graph[module] = {t for t in targets if t is not None and t != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one cycle of ``graph`` as the path of its nodes (first node repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node):
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


@pytest.mark.parametrize("graph, cycle", [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ({"a": {"b", "x"}, "b": set(), "x": {"y"}, "y": {"x"}}, ["x", "y", "x"]),
])
def test_find_cycle(graph, cycle):
    assert find_cycle(graph) == cycle


def test_the_import_graph_has_no_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_table_of_layers_has_no_cycle():
    assert find_cycle({name: set(allowed) for name, allowed in ALLOWED.items()}) is None


def test_the_graph_sees_the_modules_and_their_imports():
    graph = import_graph()
    assert {"indexer.cli", "indexer.build.pipeline", "search_app", "analyzers.scripts"} <= set(graph)
    assert "indexer.build.pipeline" in graph["indexer.build.incremental"]
    assert "indexer.search.across" in graph["indexer.search.request"]  # imported inside a function


@pytest.mark.parametrize("module, expected", [
    ("indexer.errors", "shared"), ("indexer", "shared"), ("indexer.analysis", "analysis"),
    ("indexer.engine.fastsearch", "engine"), ("indexer.ingest.formats.pdf", "ingest"), ("indexer.cli", "cli"),
    ("indexer.cli.options", "cli"), ("indexer.schema", "compat"), ("analyzers.memo", "analyzers"),
    ("search_app.views", "search_app"),
])
def test_layer(module, expected):
    assert layer(module) == expected


def test_imports_go_from_higher_layers_to_lower_ones():
    wrong = sorted(f"{module} ({layer(module)}) imports {target} ({layer(target)})"
                   for module, targets in import_graph().items() for target in targets
                   if layer(target) != layer(module) and layer(target) not in ALLOWED[layer(module)])
    assert not wrong, "\n".join(wrong)


def test_every_module_has_a_layer():
    assert {layer(module) for module in sources()} <= set(ALLOWED)


def test_no_module_is_over_400_lines():
    paths = [*sources().values(), *sorted((ROOT / "tests").glob("*.py"))]
    long = {str(p.relative_to(ROOT)): n for p in paths if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def in_function_imports(module: str):
    """Yield ``(line number, node)`` of each import inside a function of ``module``."""
    for node in ast.walk(trees()[module]):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    yield inner.lineno, inner


def commented(lines: list[str], lineno: int, import_lines: set[int]) -> bool:
    """Tell whether the import at ``lineno`` has a comment on its line or the line above, where a run of
    imports one after the other shares one comment (on one of them, or above the first)."""
    above = lineno
    while above - 1 in import_lines:
        above -= 1
    if any("#" in lines[n - 1] for n in range(above, lineno + 1)):
        return True
    return above >= 2 and lines[above - 2].strip().startswith("#")


def test_every_import_inside_a_function_says_why():
    bare = {}
    for module, path in sources().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        found = list(in_function_imports(module))
        spans = {n for _, node in found for n in range(node.lineno, node.end_lineno + 1)}
        for lineno, node in found:
            if not commented(lines, lineno, spans):
                bare[f"{module}:{lineno}"] = lines[lineno - 1].strip()
    assert not bare


@pytest.mark.parametrize("lines, lineno, expected", [
    (["def f():", "    import a  # slow", "    return a"], 2, True),
    (["def f():", "    # a is slow to load", "    import a"], 3, True),
    (["def f():", "    # both slow to load", "    import a", "    import b"], 4, True),
    (["def f():", "    import a  # both slow to load", "    import b"], 3, True),
    (["def f():", "    import a", "    return a"], 2, False),
    (["def f():", "    import a", "", "    import b  # slow"], 2, False),
    (["# a comment", "def f():", "    import a"], 3, False),
])
def test_commented(lines, lineno, expected):
    imports = {n for n, line in enumerate(lines, start=1) if line.strip().startswith("import")}
    assert commented(lines, lineno, imports) is expected


def domain_errors() -> list[type]:
    """Return every subclass of :class:`~indexer.errors.IndexerError`, however deep."""
    found, todo = [], [errors.IndexerError]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return sorted(found, key=lambda c: c.__name__)


def test_every_domain_error_is_declared_in_indexer_errors():
    names = {"IndexerError", *(c.__name__ for c in domain_errors())}
    elsewhere = sorted(f"{module}.{node.name}" for module, tree in trees().items() if module != "indexer.errors"
                       for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                       and any(isinstance(b, ast.Name) and b.id in names or isinstance(b, ast.Attribute)
                               and b.attr in names for b in node.bases))
    assert not elsewhere
    assert {c.__module__ for c in domain_errors()} == {"indexer.errors"}


@pytest.mark.parametrize("error", domain_errors(), ids=lambda c: c.__name__)
def test_every_domain_error_has_an_exit_code(error):
    assert EXIT_CODES.get(error) in (1, 2, 3, 4, 5)
