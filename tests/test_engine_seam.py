"""The seam between the product and Whoosh: only ``indexer/engine/`` knows Whoosh's insides, and nothing is
patched until the engine is created."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from unittest import mock

import pytest

from indexer.build.pipeline import build
from indexer.engine import engine, insides, posting_blocks
from indexer.engine.schema import SymbolFilter, build_schema
from indexer.errors import IndexGone
from indexer.search.request import SearchRequest, search
from indexer.storage.generations import searching
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "indexer" / "engine"
PRODUCT = ("analyzers", "indexer", "search_app")
# Whoosh's public modules (and their submodules): what the product may import outside the engine.
PUBLIC = ("whoosh.fields", "whoosh.analysis", "whoosh.query", "whoosh.qparser", "whoosh.index", "whoosh.searching",
          "whoosh.scoring", "whoosh.lang")


def product_files() -> list[Path]:
    return sorted(path for package in PRODUCT for path in (ROOT / package).rglob("*.py")
                  if ENGINE not in path.parents)


def private_attributes(tree) -> set[str]:
    """The ``x._name`` accesses of a module (``self._name`` and ``cls._name`` aside: an object's own)."""
    return {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))}


def whoosh_imports(tree) -> set[str]:
    """The Whoosh modules a module imports (``from whoosh import x`` imports ``whoosh.x``)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "whoosh"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "whoosh":
            found |= {f"{node.module}.{alias.name}" for alias in node.names} if node.module == "whoosh" \
                else {node.module}
    return found


def engine_private_names() -> frozenset[str]:
    """The private Whoosh names the engine uses: those its modules read, and those it checks before patching."""
    used = set().union(*(private_attributes(ast.parse(path.read_text(encoding="utf-8")))
                         for path in ENGINE.glob("*.py")))
    return frozenset(used | insides.names())


def defined_private_names(paths) -> set[str]:
    """The private functions, methods and classes that modules define."""
    return {node.name for path in paths for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name.startswith("_")
            and not node.name.startswith("__")}


def whoosh_private_names() -> frozenset[str]:
    """The private methods of Whoosh that the product does not define itself, and every private name the engine
    uses (the attributes of Whoosh's objects too, whose names are too common to forbid all of them)."""
    import whoosh

    ours = defined_private_names(product_files())
    whooshs = defined_private_names(Path(whoosh.__file__).parent.rglob("*.py")) - ours - OTHER_LIBRARIES
    return frozenset(whooshs) | engine_private_names()


# Private names Whoosh has too, read by the product of other libraries' objects (a process pool's pipe reader).
OTHER_LIBRARIES = {"_reader"}


def test_the_engine_private_names_are_collected():
    names = engine_private_names()
    assert {"_perdoc", "_segment", "_finalize_segment", "_commit_toc", "_read_data", "_struct"} <= names
    assert all(name.startswith("_") for name in names)
    assert {"_offset_for_subsearcher", "_perdoc", "_commit_toc"} <= WHOOSH_PRIVATE


# What the product read of Whoosh's insides before the seam, and what the test finds in it.
@pytest.mark.parametrize("source, found", [
    ("deleted = set(leaf._perdoc.deleted_docs()) if leaf.has_deletions() else ()", {"_perdoc"}),
    ("path = gen_path / SEGMENT_FILE.format(leaf._segment.segment_id())", {"_segment"}),
    ("segment = writer._finalize_segment() if writer._added else None", {"_finalize_segment", "_added"}),
    ("writer._commit_toc(finalsegments)\nwriter._finish()", {"_commit_toc", "_finish"}),
    ("offset = parent._offset_for_subsearcher(searcher) or 0", {"_offset_for_subsearcher"}),
    ("self._perdoc = perdoc\nreturn self._segment", set()),  # an object's own
    ("return [self._change_notifier._reader]", set()),  # not Whoosh's
])
def test_the_private_names_whoosh_has_are_found(source, found):
    assert private_attributes(ast.parse(source)) & WHOOSH_PRIVATE == found


WHOOSH_PRIVATE = whoosh_private_names()


@pytest.mark.parametrize("path", product_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_outside_the_engine_uses_whooshs_insides(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private_modules = {m for m in whoosh_imports(tree) if not any(m == p or m.startswith(p + ".") for p in PUBLIC)}
    assert not private_modules, f"imports Whoosh modules outside the public ones: {sorted(private_modules)}"
    used = private_attributes(tree) & WHOOSH_PRIVATE
    assert not used, f"reads Whoosh's private names {sorted(used)}: ask indexer.engine instead"


@pytest.mark.parametrize("source, expected", [
    ("from whoosh import matching", {"whoosh.matching"}),
    ("from whoosh.reading import SegmentReader", {"whoosh.reading"}),
    ("import whoosh.support.levenshtein", {"whoosh.support.levenshtein"}),
    ("from whoosh import query as Q", {"whoosh.query"}),
    ("from whoosh.query.compound import DefaultOr", {"whoosh.query.compound"}),
    ("import numpy", set()),
])
def test_the_imports_of_whoosh_modules_are_found(source, expected):
    assert whoosh_imports(ast.parse(source)) == expected


def run_python(code: str, timeout: int = 240) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter with the worktree on its path; fail with its output unless it exits 0."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


IMPORT_EVERYTHING = """
    import importlib, pkgutil
    import analyzers, indexer, search_app
    for package in (analyzers, indexer, search_app):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not module.name.endswith("__main__"):
                importlib.import_module(module.name)
"""

REPLACED = """
    from indexer.engine import insides
    def replaced():
        out = {}
        for owner, name in insides.REPLACED:
            method = getattr(insides._owner(owner), name)
            out[f"{owner}.{name}"] = method.__module__
        return out
"""


def test_importing_the_product_patches_nothing_until_the_engine_is_created():
    done = run_python(IMPORT_EVERYTHING + REPLACED + """
    import json
    from indexer.engine import engine, speedups
    before = replaced(), speedups.APPLIED
    created = engine()
    print(json.dumps({"before": before, "after": (replaced(), speedups.APPLIED), "same": engine() is created}))
    """)
    found = json.loads(done.stdout)
    (before, applied_before), (after, applied_after) = found["before"], found["after"]
    assert len(before) == len(insides.REPLACED) == 9
    assert all(module.startswith("whoosh.") for module in before.values()), before
    assert all(module.startswith("indexer.engine.") for module in after.values()), after
    assert (applied_before, applied_after, found["same"]) == (False, True, True)


def hits(result: dict) -> list:
    return [result["total"], [(hit["id"], round(hit["score"], 9)) for hit in result["hits"]]]


QUERIES = ["migrants", "smuggling of migrants", "мигрантов", '"human rights"', "migrnts~", "Convention -Protocol",
           "migra*"]
# In an index of fewer than 5,000 paragraphs Whoosh scores every match of a pattern alike, and the engine's
# fast path as in larger ones (indexer.engine.fastsearch): of those, only the matches are compared.
PATTERNS = {"migra*"}


@pytest.fixture(scope="module")
def whooshs_blocks_index(tmp_path_factory) -> Path:
    """An index of the seeds whose posting blocks are Whoosh's own (pickled), which Whoosh reads without the engine."""
    index_dir = tmp_path_factory.mktemp("seed-index-whoosh-blocks")
    with mock.patch.object(posting_blocks, "COMPACT", False):
        summary = build([CORPUS], index_dir)
    assert summary.ok, summary.failures
    return index_dir


# What breaks the speed-ups: a private name Whoosh no longer has (one only writing needs, so that
# searching still works without it), or another Whoosh version.
@pytest.mark.parametrize("breaking, missing", [
    ("from whoosh.codec import whoosh3\ndelattr(whoosh3.W3PostingsWriter, '_write_block')",
     "whoosh.codec.whoosh3:W3PostingsWriter._write_block"),
    ("import whoosh\nwhoosh.__version__ = (2, 7, 5)", "Whoosh 2.7.4 (this is 2.7.5)"),
])
def test_without_what_the_speedups_need_they_stay_off_and_searches_give_the_same(whooshs_blocks_index, breaking,
                                                                                  missing):
    seed_index = whooshs_blocks_index
    expected = {}
    with searching(seed_index) as searcher:
        for text in QUERIES:
            expected[text] = hits(search(searcher, SearchRequest(query=text, limit=20)))
    assert engine().speedups and all(total for total, _ in expected.values())
    breaking = textwrap.indent(breaking, "    ")
    done = run_python(f"""
    import json, logging
    logging.basicConfig(format="%(name)s %(levelname)s %(message)s")
{breaking}
    """ + IMPORT_EVERYTHING + REPLACED + f"""
    from whoosh import query as Q
    from indexer.engine import engine, fastsearch, speedups
    from indexer.search.request import SearchRequest, search
    from indexer.storage.generations import searching
    found = {{}}
    with searching({str(seed_index)!r}) as searcher:
        assert fastsearch.evaluate(searcher, Q.Term("text_en", "migrant")) is None
        for text in {QUERIES!r}:
            result = search(searcher, SearchRequest(query=text, limit=20))
            found[text] = [result["total"], [(hit["id"], round(hit["score"], 9)) for hit in result["hits"]]]
    print(json.dumps({{"found": found, "applied": speedups.APPLIED, "engine": engine().speedups,
                      "replaced": replaced()}}))
    """)
    out = json.loads(done.stdout)
    assert (out["applied"], out["engine"]) == (False, False)
    assert all(module.startswith("whoosh.") for module in out["replaced"].values())
    found = {text: [total, [tuple(hit) for hit in page]] for text, (total, page) in out["found"].items()}
    for text in PATTERNS:
        assert found[text][0] == expected[text][0] > 20
        found[text], expected[text] = found[text][0], expected[text][0]
    assert found == expected
    logged = [line for line in done.stderr.splitlines() if line.startswith("indexer.engine")]
    assert len(logged) == 1 and missing in logged[0] and "speed-ups off" in logged[0], done.stderr


def test_an_index_of_compact_blocks_read_without_the_speedups_asks_for_a_rebuild(seed_index):
    # compact posting blocks (indexer.engine.compact_blocks) are read by the engine only: Whoosh's own code finds
    # the index damaged, and says how to build it again
    done = run_python(f"""
    import whoosh
    whoosh.__version__ = (2, 7, 5)
    from indexer.engine import engine, speedups
    from indexer.errors import IndexDamaged
    from indexer.search.request import SearchRequest, search
    from indexer.storage.generations import searching
    try:
        with searching({str(seed_index)!r}) as searcher:
            search(searcher, SearchRequest(query="migrants", limit=20))
    except IndexDamaged as exc:
        print("damaged:", exc)
    print("applied:", speedups.APPLIED, engine().speedups)
    """)
    lines = done.stdout.splitlines()
    assert lines[-1] == "applied: False False"
    assert lines[0].startswith("damaged: ") and f"run: python -m indexer build {CORPUS} --index {seed_index}" in lines[0]


def test_an_index_naming_the_old_path_of_the_symbol_filter_opens_and_searches(tmp_path, monkeypatch):
    import indexer.schema  # noqa: F401 - the old path must be importable for pickle to write it

    monkeypatch.setattr(SymbolFilter, "__module__", "indexer.schema")
    ix = engine().create_index(tmp_path, build_schema())
    writer = engine().writer(ix, limitmb=32)
    for n, symbol in enumerate(["A/RES/70/1", "S/RES/2240 (2015)", "А/RES/71/1"]):  # the last with a Cyrillic А
        writer.add_document(id=f"p{n}", doc_id=f"d{n}", symbol=symbol, symbol_key=symbol, lang="en",
                            kind="paragraph", text="Transforming our world", text_en="Transforming our world")
    writer.commit()
    ix.close()
    monkeypatch.undo()
    toc = b"".join(path.read_bytes() for path in tmp_path.glob("*.toc"))
    assert b"indexer.schema" in toc and b"indexer.engine.schema" not in toc
    ix = engine().open_index(tmp_path)
    try:
        assert type(ix.schema["symbol"].analyzer.items[-1]) is SymbolFilter
        with engine().searcher(ix) as searcher:
            from whoosh import query as Q

            def ids(docnums) -> list[str]:
                return [searcher.stored_fields(int(n))["id"] for n in docnums]

            assert ids(engine().matching_docs(searcher, Q.Term("symbol", "a/res/71/1"))) == ["p2"]
            assert ids(engine().term_docs(searcher, "symbol", "s/res/2240(2015)")) == ["p1"]
    finally:
        ix.close()


def test_a_folder_without_an_index_is_an_index_gone(tmp_path):
    with pytest.raises(IndexGone):
        engine().open_index(tmp_path)
