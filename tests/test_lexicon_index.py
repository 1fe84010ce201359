"""The lexicon in each generation: built, updated or kept, its paragraph links, glossaries, looking terms up."""

from __future__ import annotations

import os

import pytest

from indexer.storage import crosslang
from indexer.lexicon import store as lexicon_store
from indexer.storage import generations as store
from indexer.build.pipeline import build
from indexer.build.update import update
from indexer.errors import GlossaryError, IndexNotFound, LexiconError
from indexer.lexicon.glossary import GLOSSARY_ENV
from indexer.align.counterparts import with_links
from indexer.engine import engine
from indexer.search.lookup import entry, live_lexicon
from tests.conftest import CORPUS, SEED_002
from tests.test_web_data import web_index  # noqa: F401


# --- in the index ----------------------------------------------------------------------------------------

def test_a_build_stores_the_lexicon_in_its_generation(seed_index):
    gen = store.current_generation(seed_index)
    assert {lexicon_store.FILE_NAME, crosslang.COUNTERPARTS_FILE} <= {p.name for p in gen.path.iterdir()}
    data = crosslang.load(gen.path)
    assert data.lexicon.pairs == 0 and data.counterparts == {}  # the seeds have no aligned versions
    assert data.lexicon.candidates("ru", "незаконный ввоз мигрант")[0].key == "smuggle migrant"
    assert store.read_meta(gen)["lexicon"]["units"] == len(data.lexicon)


def test_update_learns_anew_and_leaves_the_old_generation_alone(tmp_path, pool):
    charter = pool / "un-charter"
    (tmp_path / "src").mkdir()
    os.symlink(charter / "raw_un_charter_en.txt", tmp_path / "src" / "raw_un_charter_en.txt")
    index_dir = tmp_path / "ix"
    build([tmp_path / "src"], index_dir, follow_links=True)
    first = store.current_generation(index_dir)
    before = lexicon_store.load(first.path).to_lexicon()
    assert before.pairs == 0
    os.symlink(charter / "raw_un_charter_ru.txt", tmp_path / "src" / "raw_un_charter_ru.txt")
    summary = update([], index_dir)
    assert summary.generation == first.number + 1
    assert store.read_meta(store.current_generation(index_dir))["lexicon"]["learned"] is True
    after = crosslang.load(store.current_generation(index_dir).path)
    assert after.lexicon.pairs > 350 and len(after.counterparts) > 700
    assert after.lexicon.candidates("en", "charter")[0].key == "устав"
    assert lexicon_store.load(first.path).to_lexicon() == before  # what searchers of it still read
    with store.open_index(index_dir).searcher() as searcher:  # both ways: the English version stores no links
        for n, (others, confidence) in after.counterparts.items():
            [fields] = with_links(searcher, [searcher.stored_fields(n)])
            assert [searcher.stored_fields(o)["id"] for o in others] == fields["aligned"], fields["id"]
            assert confidence == fields["align_conf"], fields["id"]


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="paragraph" adminlang="en"
 creationtool="t" creationtoolversion="1" o-tmf="t"><prop type="x-symbol">A/RES/70/1</prop></header><body>
<tu><tuv xml:lang="en"><seg>Transforming our world</seg></tuv><tuv xml:lang="ru"><seg>Преобразование нашего мира</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The 2030 Agenda for Sustainable Development</seg></tuv>
<tuv xml:lang="ru"><seg>Повестка дня в области устойчивого развития на период до 2030 года</seg></tuv></tu>
</body></tmx>
"""


def test_an_update_with_few_new_pairs_keeps_the_lexicon_and_finds_them_through_the_alignment(tmp_path, pool):
    (tmp_path / "src").mkdir()
    for lang in ("en", "ru"):
        os.symlink(pool / "un-charter" / f"raw_un_charter_{lang}.txt", tmp_path / "src" / f"raw_un_charter_{lang}.txt")
    index_dir = tmp_path / "ix"
    build([tmp_path / "src"], index_dir, follow_links=True)
    before = live_lexicon(index_dir)
    (tmp_path / "src" / "agenda.tmx").write_text(TMX, encoding="utf-8")
    update([], index_dir)
    meta = store.read_meta(store.current_generation(index_dir))["lexicon"]
    assert meta["learned"] is False and meta["aligned_pairs"] == before.pairs  # 2 new pairs of some 380
    ix = store.open_index(index_dir)
    with ix.searcher() as searcher:
        from indexer.search.request import SearchRequest, search

        result = search(searcher, SearchRequest("Преобразование", lang="en", translate=True),
                        crosslang=crosslang.for_index(ix))
        assert [h["text"] for h in result["hits"]] == ["Transforming our world"]
    ix.close()


def stored_paragraphs(gen_path) -> dict:
    """The English and Russian paragraphs of a generation read from every live document's stored fields
    (with the links of those that store none: :func:`indexer.align.counterparts.with_links`)."""
    ix = engine().open_index(gen_path)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        numbers = [n for n, _ in reader.iter_docs()]
        stored = with_links(searcher, [fields for _, fields in reader.iter_docs()])
        found = {f["id"]: (n, f["lang"], f.get("text") or "", tuple(f.get("aligned") or ()), f.get("align_conf") or 0.0)
                 for n, f in zip(numbers, stored) if f.get("lang") in ("en", "ru")}
        segments = {crosslang.SEGMENT_FILE.format(engine().segment_id(leaf)) for leaf, _ in engine().segments(reader)}
    ix.close()
    return found, segments


def test_paragraph_links_are_read_from_files_kept_per_segment(tmp_path, pool, monkeypatch):
    (tmp_path / "src").mkdir()
    os.symlink(pool / "un-charter" / "raw_un_charter_en.txt", tmp_path / "src" / "raw_un_charter_en.txt")
    index_dir = tmp_path / "ix"
    build([tmp_path / "src"], index_dir, follow_links=True)
    os.symlink(pool / "un-charter" / "raw_un_charter_ru.txt", tmp_path / "src" / "raw_un_charter_ru.txt")
    update([], index_dir)  # the Russian version, in a segment of its own; it stores the links both ways
    gen = store.current_generation(index_dir).path
    expected, segments = stored_paragraphs(gen)
    assert len(segments) >= 2 and {p.name for p in gen.glob("paragraphs-*.json")} == segments
    from whoosh.reading import SegmentReader

    monkeypatch.setattr(SegmentReader, "stored_fields", lambda *a, **k: pytest.fail("read the stored fields again"))
    found = crosslang._read(gen)
    assert {pid: (p.docnum, p.lang, p.text, p.aligned, p.confidence) for pid, p in found.items()} == expected
    assert sum(1 for _, lang, _, aligned, _ in expected.values() if lang == "en" and aligned) > 300


@pytest.mark.parametrize("procs, segments", [(1, 1), (3, 2)])  # one of three processes learns the lexicon
def test_the_writers_keep_the_rows_of_their_segments(tmp_path, pool, monkeypatch, procs, segments):
    (tmp_path / "src").mkdir()
    for lang in ("en", "ru"):
        os.symlink(pool / "un-charter" / f"raw_un_charter_{lang}.txt", tmp_path / "src" / f"raw_un_charter_{lang}.txt")
    monkeypatch.setattr(type(engine()), "stored_rows", lambda self, leaf: pytest.fail("read the rows back from the segment"))
    build([tmp_path / "src"], tmp_path / "ix", procs=procs, follow_links=True)
    monkeypatch.undo()
    gen = store.current_generation(tmp_path / "ix").path
    expected, kept = stored_paragraphs(gen)
    assert {p.name for p in gen.glob("paragraphs-*.json")} == kept and len(kept) == segments
    found = crosslang._read(gen)
    assert {pid: (p.docnum, p.lang, p.text, p.aligned, p.confidence) for pid, p in found.items()} == expected
    assert len(expected) > 700


def test_an_index_with_no_paragraphs_has_no_paragraph_links(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    build([tmp_path / "in"], tmp_path / "ix")
    gen = store.current_generation(tmp_path / "ix").path
    assert crosslang._read(gen, keep=True) == {} and not list(gen.glob("paragraphs-*.json"))
    with store.searching(tmp_path / "ix") as searcher:
        assert len(engine().term_docs(searcher, "id", "anything")) == 0


def test_a_users_glossary_is_built_in_and_kept_by_update(tmp_path, monkeypatch):
    monkeypatch.delenv(GLOSSARY_ENV, raising=False)
    mine = tmp_path / "mine.tsv"
    mine.write_text("Model Law\tтиповой закон\tmine\n", encoding="utf-8")
    index_dir = tmp_path / "ix"
    build([SEED_002], index_dir, glossary=mine)
    assert live_lexicon(index_dir).candidates("en", "model law")[0].key == "типовой закон"
    update([SEED_002, CORPUS / "004_5055f8fc54f410dc.txt"], index_dir)
    found = live_lexicon(index_dir)
    assert found.candidates("ru", "типовой закон")[0].key == "model law"
    assert found.glossaries[0]["path"] == str(mine.resolve())
    # no new aligned pairs and the same glossaries: the lexicon is kept, not learned again
    assert store.read_meta(store.current_generation(index_dir))["lexicon"]["learned"] is False
    mine.write_text("Model Law\tтиповой закон\tmine\nmodel provisions\tтиповые положения\tmine\n", encoding="utf-8")
    update([SEED_002, CORPUS / "004_5055f8fc54f410dc.txt", CORPUS / "003_3ab3fca3f0fa6499.txt"], index_dir)
    assert store.read_meta(store.current_generation(index_dir))["lexicon"]["learned"] is True
    assert live_lexicon(index_dir).candidates("en", "model provision")[0].key == "типовой положение"


def test_a_bad_glossary_stops_a_build_before_it_starts(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("one column only\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="bad.tsv, line 1"):
        build([SEED_002], tmp_path / "ix", glossary=bad)
    assert store.current_generation(tmp_path / "ix") is None


def test_looking_up_a_term(seed_index):
    found = entry(live_lexicon(seed_index), "smuggling of migrants")
    assert found["pairs"] == 0
    (only,) = found["entries"]
    assert (only["lang"], only["key"], only["text"]) == ("en", "smuggle migrant", "smuggling of migrants")
    assert [c["text"] for c in only["candidates"]] == ["незаконный ввоз мигрантов", "незаконно ввезенные мигранты"]
    assert entry(live_lexicon(seed_index), "zzzz")["entries"] == []


def test_looking_up_without_a_lexicon(tmp_path, web_index):
    with pytest.raises(IndexNotFound, match="no index"):
        live_lexicon(tmp_path / "none")
    with pytest.raises(LexiconError, match="has no lexicon"):
        live_lexicon(web_index)
