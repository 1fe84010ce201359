"""The registry of caches: every cache of the product declared, counted, evicting as declared, and reported."""

from __future__ import annotations

import ast
import gc
import importlib
import json
import os
from functools import lru_cache

import pytest
from click.testing import CliRunner

from indexer.caches import catalog, registry
from indexer.caches.dict_cache import DictCache
from indexer.caches.lru import LRUCache
from indexer.caches.per_object import PerObject
from indexer.cli import cli
from search_app import create_app
from tests.conftest import ROOT
from tests.test_web_data import web_index  # noqa: F401

# Every cache of the product: its name and eviction (a new one is declared here too).
CACHES = {
    "analyzers.aspects.infinitives": registry.LRU,
    "analyzers.aspects.partners": registry.LRU,
    "analyzers.compounds.splits": registry.LRU,
    "analyzers.derivation.relatives": registry.LRU,
    "analyzers.english.lemmas": registry.CLEAR_WHEN_FULL,
    "analyzers.filters.folded": registry.LRU,
    "analyzers.language.guesses": registry.LRU,
    "analyzers.memo.words": registry.CLEAR_WHEN_FULL,
    "analyzers.russian.lemmas": registry.CLEAR_WHEN_FULL,
    "analyzers.russian.participles": registry.BY_KEYS,
    "crosslang.filters": registry.CLEAR_WHEN_FULL,
    "crosslang.lengths": registry.BY_KEYS,
    "crosslang.postings": registry.CLEAR_WHEN_FULL,
    "engine.contents": registry.PER_OBJECT,
    "engine.decoded_positions": registry.CLEAR_WHEN_FULL,
    "engine.evaluated": registry.LRU,
    "engine.field_lengths": registry.PER_OBJECT,
    "engine.field_sets": registry.BY_KEYS,
    "engine.fuzzy_terms": registry.LRU_BY_WEIGHT,
    "engine.layouts": registry.PER_OBJECT,
    "engine.length_bytes": registry.PER_OBJECT,
    "engine.numbers": registry.CLEAR_WHEN_FULL,
    "engine.one_position": registry.BY_KEYS,
    "engine.postings": registry.LRU_BY_WEIGHT,
    "engine.positions_asked": registry.CLEAR_WHEN_FULL,
    "engine.reader_lengths": registry.PER_OBJECT,
    "engine.row_names": registry.BY_KEYS,
    "engine.stored_rows": registry.LRU,
    "ingest.importers": registry.BY_KEYS,
    "lexicon.default_schema": registry.LRU,
    "lexicon.dictionary": registry.LRU,
    "lexicon.dictionary_contents": registry.LRU,
    "lexicon.entries": registry.CLEAR_WHEN_FULL,
    "lexicon.unit_words": registry.CLEAR_WHEN_FULL,
    "search.aligned": registry.PER_OBJECT,
    "search.cluster_plans": registry.LRU,
    "search.cluster_versions": registry.LRU,
    "search.descriptions": registry.PER_OBJECT,
    "search.facet_columns": registry.LRU,
    "search.kind_docs": registry.PER_OBJECT,
    "search.lines": registry.PER_OBJECT,
    "search.norms": registry.PER_OBJECT,
    "search.numbered": registry.LRU,
    "search.documents": registry.LRU_BY_WEIGHT,
    "search.parsed": registry.LRU,
    "search.prefix_docs": registry.LRU,
    "search.parsers": registry.PER_OBJECT,
    "search.text_words": registry.LRU_BY_WEIGHT,
    "search.word_forms": registry.CLEAR_WHEN_FULL,
    "search.word_sets": registry.CLEAR_WHEN_FULL,
    "search.word_terms": registry.CLEAR_WHEN_FULL,
    "search_app.results": registry.LRU,
    "symbols.symbol_key": registry.LRU,
}

PACKAGES = ("analyzers", "indexer", "search_app")
CACHE_CLASSES = {"LRUCache", "PerObject", "DictCache", "Members"}
# Module-level tables filled once as the module is imported: constants, not caches.
TABLES = {("analyzers.scripts", "TO_LATIN"), ("analyzers.scripts", "TO_CYRILLIC"),
          ("indexer.caches.registry", "_DECLARED"),
          ("indexer.lexicon.learn", "_FORKED")}  # what a learning hands its forked process, taken away after it
# Hand-made caches that stay, and why.
HAND_MADE = {
    "analyzers/memo.py": "analyzers/ cannot use indexer's classes (the catalog declares its caches from outside)",
    "analyzers/russian.py": "the same",
    "analyzers/english.py": "the same",
    "indexer/engine/posting_blocks.py": "a memo of one call (blocks met twice while writing a segment), not kept",
}


def sources():
    """Yield ``(path relative to the root, module name, parsed source)`` of every module of the product."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "__main__.py":  # runs a command when imported; makes no cache
                continue
            relative = path.relative_to(ROOT).as_posix()
            module = relative.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            yield relative, module, ast.parse(path.read_text(encoding="utf-8"))


def with_parents(tree):
    """Yield each node of ``tree`` with the chain of its ancestors, innermost first."""
    stack = [(tree, ())]
    while stack:
        node, parents = stack.pop()
        yield node, parents
        stack.extend((child, (node, *parents)) for child in ast.iter_child_nodes(node))


def called(node) -> str | None:
    """Return the name a call calls (``f`` of ``f(...)`` and of ``x.f(...)``), None if not a call."""
    if not isinstance(node, ast.Call):
        return None
    return getattr(node.func, "id", None) or getattr(node.func, "attr", None)


@pytest.fixture(scope="module")
def everything():
    """Every module that declares a cache imported, and an app made (it declares its result cache)."""
    catalog.load()
    create_app({"TESTING": True, "INDEX_DIR": "/nonexistent"})
    return {d.name: d for d in registry.declared()}


def test_every_cache_of_the_product_is_declared_with_its_eviction(everything):
    assert {name: d.eviction for name, d in everything.items()} == CACHES


def test_the_catalog_imports_every_module_that_declares_a_cache():
    declaring = {module for relative, module, tree in sources() if not relative.startswith("indexer/caches/")
                 and any(called(node) == "declare" for node in ast.walk(tree))}
    assert declaring - {"search_app.results"} == set(catalog.MODULES)


def test_every_cache_made_is_made_in_a_declaration():
    undeclared = []
    for relative, _, tree in sources():
        if relative.startswith("indexer/caches/"):
            continue
        for node, parents in with_parents(tree):
            if called(node) in CACHE_CLASSES and not any(called(p) in {"declare", "add", "setdefault"}
                                                         for p in parents):
                undeclared.append(f"{relative}:{node.lineno}")
    assert undeclared == []


def test_module_level_dictionaries_and_lru_caches_are_declared(everything):
    undeclared = []
    for _, module_name, tree in sources():
        module = importlib.import_module(module_name)
        for node in tree.body:
            target, value = (node.targets[0], node.value) if isinstance(node, ast.Assign) else \
                (node.target, node.value) if isinstance(node, ast.AnnAssign) else (None, None)
            empty = isinstance(value, ast.Dict) and not value.keys or called(value) == "defaultdict" or \
                called(value) == "dict" and not value.args and not value.keywords
            if empty and isinstance(target, ast.Name) and (module_name, target.id) not in TABLES:
                if not registry.is_declared(getattr(module, target.id)):
                    undeclared.append(f"{module_name}.{target.id}")
            if isinstance(node, ast.FunctionDef) and any("cache" in ast.unparse(d) for d in node.decorator_list):
                if not registry.is_declared(getattr(module, node.name)):
                    undeclared.append(f"{module_name}.{node.name}")
    assert undeclared == []


def test_no_cache_is_hand_made():
    """A dictionary emptied when it grows, or one hung on another library's object, is a cache to declare."""
    found = []
    for relative, _, tree in sources():
        if relative.startswith("indexer/caches/") or relative in HAND_MADE:
            continue
        for node in ast.walk(tree):
            source = ast.unparse(node) if isinstance(node, (ast.If, ast.Call)) else ""
            if isinstance(node, ast.If) and "len(" in ast.unparse(node.test) and ".clear()" in source:
                found.append(f"{relative}:{node.lineno}")
            elif called(node) == "setdefault" and "__dict__" in source:
                found.append(f"{relative}:{node.lineno}")
    assert found == []


def test_every_hand_made_cache_left_in_analyzers_is_declared_from_outside(everything):
    from analyzers import russian

    assert everything["analyzers.russian.lemmas"].cache is russian._cache
    assert everything["analyzers.russian.participles"].cache is russian._participles
    assert everything["analyzers.memo.words"].cache is None and everything["analyzers.memo.words"].note


def _double(n: int) -> int:
    return 2 * n


def _asked(cache, keys) -> None:
    """Look up each key in ``cache`` (call it, if a function), putting what was missing."""
    for key in keys:
        if callable(cache):
            cache(key)
        elif cache.get(key) is None and not isinstance(cache, PerObject):
            cache.put(key, key.upper())


class Thing:
    pass


THINGS = [Thing(), Thing()]

# (cache, keys asked in turn, size, hits, misses after)
COUNTED = [
    (lambda: LRUCache(2), ["a", "b", "a", "c", "b"], 2, 1, 4),  # "b" was dropped for "c"
    (lambda: DictCache(), ["a", "b", "a", "a"], 2, 2, 2),
    (lambda: DictCache(2), ["a", "b", "c", "a"], 2, 0, 4),  # "c" dropped both; "a" made again
    (lambda: PerObject(lambda thing: []), [THINGS[0], THINGS[1], THINGS[0]], 2, 1, 2),
    (lambda: lru_cache(maxsize=2)(_double), [1, 2, 1, 3, 2], 2, 1, 4),
]


@pytest.mark.parametrize("make, keys, size, hits, misses", COUNTED)
def test_the_counters_count(make, keys, size, hits, misses):
    cache = make()
    _asked(cache, keys)
    assert registry.figures(cache) | {"weight": None, "objects": None} == \
        {"size": size, "hits": hits, "misses": misses, "weight": None, "objects": None}


# (limit, keys put in turn, keys kept after)
CLEARED = [
    (3, "abc", "abc"),
    (3, "abcd", "d"),  # the fourth finds the cache full: all dropped, then kept
    (3, "abcdefg", "g"),
    (None, "abcdefg", "abcdefg"),  # no limit: bounded by its keys
    (2, "aaaa", "a"),  # putting a key kept again keeps one
]


@pytest.mark.parametrize("limit, keys, kept", CLEARED)
def test_a_dict_cache_drops_everything_when_full(limit, keys, kept):
    cache = DictCache(limit)
    for key in keys:
        cache.put(key, key)
    assert sorted(k for k in set(keys) if cache.get(k) is not None) == sorted(kept) and len(cache) == len(kept)


def test_members_are_counted_while_they_live():
    members = registry.Members()
    first, second = members.add(DictCache()), members.add(DictCache())
    first.put("a", 1), second.put("b", 2), second.put("c", 3)
    first.get("a"), second.get("x")
    assert registry.figures(members) == {"size": 3, "hits": 1, "misses": 1, "objects": 2}
    del second
    gc.collect()
    assert registry.figures(members) == {"size": 1, "hits": 1, "misses": 0, "objects": 1}


def test_a_cache_of_caches_per_object_sums_theirs():
    kept = PerObject(lambda thing: LRUCache(10))
    kept.get(THINGS[0]).put("a", 1)
    kept.get(THINGS[1]).get("a")
    assert registry.figures(kept) == {"size": 1, "hits": 0, "misses": 1, "objects": 2}


def test_the_snapshot_reads_each_declaration(everything):
    rows = {row["name"]: row for row in registry.snapshot()}
    assert set(rows) == set(CACHES)
    postings = rows["engine.postings"]
    assert (postings["bound"], postings["unit"], postings["invalidated_by"]) == (256 << 20, "bytes", registry.NOTHING)
    assert all({"size", "bound", "hits", "misses", "hit_rate", "eviction", "invalidated_by"} <= set(row)
               for row in rows.values())


def test_stats_json_reports_the_caches_after_a_search(seed_index):
    runner = CliRunner()
    found = runner.invoke(cli, ["search", "smuggling of migrants", "--index", str(seed_index), "--json"])
    assert found.exit_code == 0, found.output
    figures = json.loads(runner.invoke(cli, ["stats", "--index", str(seed_index), "--json"]).output)
    caches = figures["caches"]
    rows = {row["name"]: row for row in caches["caches"]}
    assert caches["process"] == os.getpid() and set(rows) >= set(CACHES) - {"search_app.results"}
    assert rows["engine.postings"]["misses"] > 0 and rows["engine.postings"]["size"] > 0
    assert rows["search.parsed"]["size"] > 0 and rows["symbols.symbol_key"]["hits"] > 0


def test_api_stats_reports_this_workers_caches(web_index):  # noqa: F811
    client = create_app({"TESTING": True, "INDEX_DIR": str(web_index)}).test_client()
    for _ in range(3):
        assert client.get("/api/search?q=smuggling").status_code == 200
    caches = client.get("/api/stats").get_json()["caches"]
    rows = {row["name"]: row for row in caches["caches"]}
    assert caches["process"] == os.getpid() and set(rows) == set(CACHES)
    assert (rows["search_app.results"]["hits"], rows["search_app.results"]["misses"]) == (2, 1)
    assert rows["search_app.results"]["hit_rate"] == pytest.approx(2 / 3, abs=1e-4)
