"""The format importers (TMX, UDHR XML, SDG YAML, UNPC test sets, paragraph lines): sniffing, discovery, offsets, TMX.

The corpora are parsed from the pool by the fixtures of :mod:`tests.importer_corpora`;
their contents are checked in ``tests/test_importers_pool.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import InputError
from indexer.ingest.formats import discover, importer_for, lines, sdg, tmx, udhr, unpc, untext, xmlfiles
from tests.conftest import SEEDS
from tests.importer_corpora import (CHARTER, CHARTER_ALIGNED_LINES, DEVSET, SDG, UDHR,  # noqa: F401 - fixtures
                                    charter_docs, charter_lines, devset, sdg_docs, udhr_docs, unpc_docs)

MINE = (tmx, udhr, sdg, unpc, lines)


# --- sniffing -----------------------------------------------------------------------------------

@pytest.mark.parametrize("rel, importer", [
    (UDHR["en"], udhr),
    (UDHR["ru"], udhr),
    *[(SDG.format(lang=lang, kind=kind), sdg) for lang in ("en", "ru") for kind in ("goals", "targets", "indicators")],
    (f"{DEVSET}.ids", unpc),
    (CHARTER["en"], lines),
    (CHARTER["ru"], lines),
])
def test_real_files_go_to_their_importer(pool, rel, importer):
    assert importer_for(pool / rel) is importer


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seeds_are_left_to_the_un_text_importer(seed):
    head = seed.read_bytes()[:4096]
    assert [m.NAME for m in MINE if m.sniff(seed, head)] == []
    assert importer_for(seed) is untext


@pytest.mark.parametrize("name, content, importer", [
    ("memory.tmx", "not XML at all", tmx),
    ("memory.xml", '<?xml version="1.0"?>\n<!-- a TM -->\n<tmx version="1.4"><header/><body/></tmx>', tmx),
    ("other.xml", '<udhr xmlns="http://example.org/other"/>', None),
    ("en/goals.yml", "1-short: No poverty\n1-title: End poverty\n", sdg),
    ("en/goals.yml", "title: Goals\n1-title: End poverty\n", None),
    ("goals/goals.yml", "1-short: No poverty\n1-title: End poverty\n", None),
    ("set.ids", "2015/a/70/1 en:1:1 ru:1:1\n", unpc),
    ("set.ids", "a/70/1 1 1\n", None),
    ("para.txt", ("A paragraph long enough to be a whole paragraph rather than a wrapped line.\n" * 5), lines),
    ("para.txt", "Distr.: General\n" + ("A paragraph long enough to be a whole paragraph, not a wrapped line.\n" * 5),
     untext),
    ("para.txt", "Short lines\n\nof a wrapped\n\ntext\n\nwith blanks\n", untext),
], ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_sniffing_small_files(tmp_path, name, content, importer):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    assert importer_for(path) is importer


_UDHR_HEAD = '<?xml version="1.0"?>\n<udhr xmlns="http://efele.net/udhr" key="eng"/>'


@pytest.mark.parametrize("head, tag", [
    (b"Distr.: General\n25 December 2005\n", None),
    (b"", None),
    (b"1 > 0 and no element", None),
    (b"<tmx version='1.4'><header/></tmx>", "tmx"),
    (b"  \n<tmx/>", "tmx"),
    ('\ufeff<tmx version="1.4"/>'.encode("utf-8"), "tmx"),
    ('<?xml version="1.0" encoding="UTF-16"?><tmx/>'.encode("utf-16"), "tmx"),
    ("<tmx/>".encode("utf-16-le"), "tmx"),
    ("<tmx/>".encode("utf-16-be"), "tmx"),
    (b"<?xml version='1.0'?>\n<!-- a comment -->\n<body/>", "body"),
    (b"a < b", None),
    (_UDHR_HEAD.encode("utf-8"), udhr.ROOT_TAG),
])
def test_root_tags_of_heads(head, tag):
    """Heads without a ``<`` are no XML; the others are parsed as before."""
    assert xmlfiles.root_tag(head) == tag


def test_importers_are_imported_once_in_their_order():
    from indexer.ingest import formats as parsing

    assert [m.__name__.rsplit(".", 1)[1] for m in parsing.importers()] == list(parsing.IMPORTERS)
    assert parsing.importers() == parsing.importers() and parsing.importers() is not parsing.importers()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_importer_and_companions_of_a_seed(seed):
    from indexer.ingest import formats as parsing

    assert parsing.importer_and_companions(seed) == (untext, [])
    assert parsing.importer_and_companions(seed.parent / "gone.txt") == (None, [])


def test_unpc_sentence_files_are_companions_of_the_ids_file(pool, devset):
    assert unpc.companions(devset) == [devset.with_suffix(".en"), devset.with_suffix(".ru")]
    assert discover([devset.parent]) == [devset]


def _linked_tree(root: Path, pool: Path) -> None:
    """A folder with the Charter twice (a file and a link to it), a linked folder, and a UN text with its sidecar."""
    (root / "docs").mkdir(parents=True)
    charter = root / "docs" / "charter_en.txt"
    charter.write_bytes((pool / CHARTER["en"]).read_bytes())
    (root / "docs" / "charter_copy_en.txt").symlink_to(charter)
    (root / "mirror").symlink_to(root / "docs", target_is_directory=True)
    seed = SEEDS[0]
    (root / "docs" / seed.name).write_bytes(seed.read_bytes())
    (root / "docs" / untext.sidecar_path(Path(seed.name)).name).write_text('{"symbol": "A/1"}', encoding="utf-8")


@pytest.mark.parametrize("sources, expected", [
    (["docs"], ["docs/{seed}", "docs/charter_copy_en.txt"]),  # the link and its target are one file
    (["docs", "mirror"], ["docs/{seed}", "docs/charter_copy_en.txt"]),  # a linked folder adds nothing
    (["mirror/charter_en.txt", "docs"], ["mirror/charter_en.txt", "docs/{seed}"]),  # first named, first kept
    (["docs/{seed}", "docs/{sidecar}"], ["docs/{seed}"]),  # a sidecar named explicitly is still a companion
    (["docs/missing_en.txt", "docs/{seed}"], ["docs/missing_en.txt", "docs/{seed}"]),  # reading will say it is gone
])
def test_discover_lists_each_file_once_without_companions(tmp_path, pool, sources, expected):
    _linked_tree(tmp_path, pool)
    seed = SEEDS[0].name
    names = {"seed": seed, "sidecar": untext.sidecar_path(Path(seed)).name}
    found = discover([tmp_path / s.format(**names) for s in sources])
    assert [str(f.relative_to(tmp_path)) for f in found] == [e.format(**names) for e in expected]


# --- every importer: offsets ---------------------------------------------------------------------

@pytest.mark.parametrize("corpus", ["udhr_docs", "sdg_docs", "unpc_docs", "charter_docs"])
def test_paragraph_offsets_point_into_the_text(request, corpus):
    docs = request.getfixturevalue(corpus).values()
    for doc in docs:
        assert [p.position for p in doc.paragraphs] == list(range(len(doc.paragraphs)))
        for p in doc.paragraphs:
            assert doc.text[p.start:p.end] == p.text, (doc.doc_id, p.position)
            assert p.doc_id == doc.doc_id and p.lang == doc.lang


# --- TMX ----------------------------------------------------------------------------------------

def charter_pairs(charter_lines) -> list[tuple[str, str, None, str]]:
    """EN line i ↔ RU line i of the Charter, for the aligned lines that are non-blank on both sides."""
    pairs = []
    for i in range(CHARTER_ALIGNED_LINES):
        en, ru = charter_lines["en"][i].strip(), charter_lines["ru"][i].strip()
        if en and ru:
            pairs.append((en, ru, None, str(i + 1)))
    return pairs


def test_tmx_round_trip_of_the_charter(tmp_path, charter_lines):
    pairs = charter_pairs(charter_lines)
    path = tmp_path / "charter.tmx"
    assert tmx.write_tmx(pairs, path) == len(pairs) == 376  # blank lines agree on both sides
    assert importer_for(path) is tmx
    en, ru = tmx.parse(path)
    assert (en.doc_id, ru.doc_id, en.symbol) == ("charter@en", "charter@ru", None)
    read_back = [(e.text, r.text, None, e.number) for e, r in zip(en.paragraphs, ru.paragraphs, strict=True)]
    assert read_back == pairs
    assert [r.number for r in ru.paragraphs] == [number for *_, number in pairs]


def test_tmx_groups_units_by_symbol(tmp_path):
    pairs = [
        ("Recalls its resolution 70/1", "ссылается на свою резолюцию 70/1", "A/RES/70/1", "1"),
        ("Decides to remain seized", "постановляет продолжать заниматься", "s/res/2213 (2015)", "2"),
        ("Welcomes the report", "приветствует доклад", "A/RES/70/1", "2"),
        ("A loose pair", "Отдельная пара", None, None),
    ]
    path = tmp_path / "mixed.tmx"
    tmx.write_tmx(pairs, path)
    docs = {d.doc_id: d for d in tmx.parse(path)}
    assert list(docs) == ["A/RES/70/1@en", "A/RES/70/1@ru", "S/RES/2213 (2015)@en", "S/RES/2213 (2015)@ru",
                          "mixed@en", "mixed@ru"]
    assert [(p.number, p.text) for p in docs["A/RES/70/1@ru"].paragraphs] == [
        ("1", "ссылается на свою резолюцию 70/1"), ("2", "приветствует доклад")]


HAND_WRITTEN_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en-US"
          srclang="en-US" datatype="plaintext"><prop type="x-document">CTOC/COP/2012/15</prop></header>
  <body>
    <tu><prop type="x-number">3</prop>
      <tuv xml:lang="EN-GB"><seg>The <hi>Conference</hi> of the Parties<ph>&lt;br/&gt;</ph>   adopted</seg></tuv>
      <tuv xml:lang="ru-RU"><seg>Конференция Участников приняла</seg></tuv>
    </tu>
    <tu><tuv xml:lang="en"><seg>Only English here</seg></tuv><tuv xml:lang="fr"><seg>Seulement</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>An empty Russian side</seg></tuv><tuv xml:lang="ru"><seg> </seg></tuv></tu>
  </body>
</tmx>
"""


def test_tmx_written_by_another_tool(tmp_path):
    path = tmp_path / "cop.tmx"
    path.write_text(HAND_WRITTEN_TMX, encoding="utf-8")
    en, ru = tmx.parse(path)
    assert (en.doc_id, ru.doc_id, en.symbol) == ("CTOC/COP/2012/15@en", "CTOC/COP/2012/15@ru", "CTOC/COP/2012/15")
    assert [(p.number, p.text) for p in en.paragraphs] == [("3", "The Conference of the Parties adopted")]
    assert [p.text for p in ru.paragraphs] == ["Конференция Участников приняла"]
    assert en.warnings == ("skipped 2 translation units without both an English and a Russian segment",)


@pytest.mark.parametrize("content, reason", [
    ('<?xml version="1.0"?>\n<tmx version="1.4"><body><tu></body></tmx>', "not well-formed XML: mismatched tag: line 2"),
    ("", "not well-formed XML: no element found: line 1"),
    ("<html><body/></html>", "not a TMX file (root element <html>)"),
    ('<tmx version="1.4"><header/><body/></tmx>', "no translation units with both an English and a Russian segment"),
])
def test_tmx_errors(tmp_path, content, reason):
    path = tmp_path / "broken.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        tmx.parse(path)
    assert caught.value.reason.startswith(reason)
    assert caught.value.path == str(path)
