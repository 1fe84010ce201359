"""Reading helpers (Flask-free): counterparts, documents side by side, anchors, "did you mean"."""

from __future__ import annotations

import pytest

from indexer.engine import engine
from indexer.search import reading
from indexer.search import request as search_module
from indexer.search.request import SearchRequest, counterparts, search
from indexer.storage.generations import open_index
from tests.test_web_data import EN_ID, RU_ID, SYMBOL, web_index  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def searcher(web_index):  # noqa: F811
    ix = open_index(web_index)
    with ix.searcher() as s:
        yield s
    ix.close()


def test_counterparts_by_id(searcher):
    found = counterparts(searcher, [f"{RU_ID}#2", f"{RU_ID}#3", f"{EN_ID}#1", "nowhere#1", f"{RU_ID}#2"])
    assert sorted(found) == [f"{EN_ID}#1", f"{RU_ID}#2", f"{RU_ID}#3"]
    assert found[f"{EN_ID}#1"]["number"] == "26"
    assert counterparts(searcher, []) == {}


@pytest.fixture()
def batches(monkeypatch) -> list:
    """The batches of ids the search looks counterparts up by, each sorted, as they come."""
    seen = []

    def spy(searcher, ids):
        seen.append(sorted(set(ids)))
        return counterparts(searcher, ids)

    monkeypatch.setattr(search_module, "counterparts", spy)
    return seen


def test_search_looks_up_a_page_of_counterparts_at_once(searcher, batches):
    result = search(searcher, SearchRequest("мигранты", lang="ru", limit=10))
    aligned = sorted({a["id"] for h in result["hits"] for a in h["aligned"]})
    assert len(aligned) >= 2
    assert batches == [aligned]  # one look-up for every counterpart of the page


@pytest.mark.parametrize("query, hit_id, aligned_ids", [
    ("=мигранты безнаказанными", f"{RU_ID}#1", [f"{EN_ID}#1"]),
    ("корректируют", f"{RU_ID}#2", [f"{EN_ID}#2"]),
    ('"smugglers adjust their fees"', f"{EN_ID}#2", [f"{RU_ID}#2", f"{RU_ID}#3"]),
    ("Переиздано", f"{RU_ID}#5", []),
    ("временная межправительственная", "001_a4c9014b07e334a9@ru#8", []),
])
def test_search_page_shows_each_hit_with_its_counterparts(searcher, query, hit_id, aligned_ids):
    hit = reading.search_page(searcher, SearchRequest(query))["hits"][0]
    assert hit["id"] == hit_id
    assert [a["id"] for a in hit["aligned"]] == aligned_ids
    assert "<mark>" in hit["html"]
    for record in (hit, *hit["aligned"]):
        assert record["anchor"] and record["html"]
        assert record.get("confidence", 1) is None or 0 < record.get("confidence", 1) <= 1


def test_a_bilingual_query_marks_both_sides(searcher):
    result = reading.search_page(searcher, SearchRequest('"незаконно ввезенных мигрантов" OR "smuggled migrants"',
                                                         symbol=SYMBOL, lang="ru"))
    hit = next(h for h in result["hits"] if h["number"] == "93")
    assert "<mark>незаконно ввезенных мигрантов</mark>" in hit["html"]
    assert "<mark>smuggled migrants</mark>" in hit["aligned"][0]["html"]


@pytest.mark.parametrize("key, lang, versions", [
    (SYMBOL, "en", [EN_ID, RU_ID]),
    ("a/conf.222/11", "en", [EN_ID, RU_ID]),
    (RU_ID, "ru", [EN_ID, RU_ID]),
    ("a/conf.222/11@RU", "ru", [EN_ID, RU_ID]),
    ("001_a4c9014b07e334a9", "ru", ["001_a4c9014b07e334a9@ru"]),
    ("001_a4c9014b07e334a9@ru", "ru", ["001_a4c9014b07e334a9@ru"]),
    ("CTOC/COP/2012/15", "en", ["CTOC/COP/2012/15@en"]),
    ("CTOC/COP/2012/15@ru", "en", ["CTOC/COP/2012/15@en"]),  # no Russian version: the document all the same
])
def test_document_by_symbol_or_id(searcher, key, lang, versions):
    view = reading.document_view(searcher, key)
    assert view["lang"] == lang
    assert [v["doc_id"] for v in view["versions"]] == versions
    for version in view["versions"]:
        positions = [p["position"] for p in version["paragraphs"]]
        assert positions == sorted(positions) == list(range(len(positions)))


@pytest.mark.parametrize("key", ["nope", "", "   ", "@", "@en", "A/CONF.222/99", "#1", "x" * 500])
def test_unknown_documents(searcher, key):
    assert reading.document_view(searcher, key) is None


def test_aligned_document_rows(searcher):
    view = reading.document_view(searcher, SYMBOL)
    assert view["aligned"] is True
    rows = [([i.rpartition("#")[2] for i in row["en"]], [i.rpartition("#")[2] for i in row["ru"]])
            for row in view["rows"]]
    assert rows == [(["0"], ["0"]), (["1"], ["1"]), (["2"], ["2", "3"]), (["3"], ["4"]), ([], ["5"])]
    assert view["rows"][2]["confidence"] > 0.9
    ru = view["versions"][1]["paragraphs"]
    assert [p["anchor"] for p in ru] == ["pos0", "p26", "p59", "pos3", "p93", "pos5"]
    assert ru[2]["aligned_ids"] == [f"{EN_ID}#2"]


def test_single_language_document_has_no_rows(searcher):
    view = reading.document_view(searcher, "001_a4c9014b07e334a9@ru")
    assert (view["aligned"], view["rows"], len(view["versions"])) == (False, [], 1)


def test_crossing_links_keep_both_orders():
    en = {"lang": "en", "paragraphs": [{"id": "e0", "aligned_ids": ["r1"]}, {"id": "e1", "aligned_ids": ["r0"]}]}
    ru = {"lang": "ru", "paragraphs": [{"id": "r0", "aligned_ids": ["e1"]}, {"id": "r1", "aligned_ids": ["e0"]}]}
    assert [(r["en"], r["ru"]) for r in reading.align_rows([en, ru])] == [(["e0"], ["r1"]), (["e1"], ["r0"])]


def test_a_link_recorded_on_one_side_only_still_pairs():
    en = {"lang": "en", "paragraphs": [{"id": "e0", "aligned_ids": []}, {"id": "e1", "aligned_ids": ["r0"]}]}
    ru = {"lang": "ru", "paragraphs": [{"id": "r0", "aligned_ids": []}]}
    assert [(r["en"], r["ru"]) for r in reading.align_rows([en, ru])] == [(["e0"], []), (["e1"], ["r0"])]


def test_links_to_paragraphs_elsewhere_are_ignored():
    en = {"lang": "en", "paragraphs": [{"id": "e0", "aligned_ids": ["gone"]}]}
    assert reading.align_rows([en, {"lang": "ru", "paragraphs": []}]) == []


@pytest.mark.parametrize("query", ["Conference", "(b) Protocol", "мигрантов", "Report"])
def test_hit_anchors_match_the_document_page(searcher, query):
    """A hit's anchor is where its document page puts it, numbers repeated or not."""
    result = reading.search_page(searcher, SearchRequest(query, limit=100))
    views = {}
    for hit in result["hits"]:
        view = views.get(hit["doc_id"]) or views.setdefault(hit["doc_id"], reading.document_view(searcher, hit["doc_id"]))
        anchors = {p["id"]: p["anchor"] for v in view["versions"] for p in v["paragraphs"]}
        assert hit["anchor"] == anchors[hit["id"]]
    assert any("-" in hit["anchor"] for hit in result["hits"]) or query != "Conference"


def test_hit_anchors_read_each_document_once(searcher, monkeypatch):
    """The anchors of a page read each document's paragraphs once, for its numbers and its format alike, and a
    document read for an earlier page is not read again."""
    result = reading.search_page(searcher, SearchRequest("Conference", limit=100))
    records = [r for hit in result["hits"] for r in (hit, *hit["aligned"], *hit["also_in"])]
    numbered = {(r["doc_id"], r["number"]) for r in records if r.get("number")}
    assert len(numbered) > len({doc_id for doc_id, _ in numbered}) >= 2  # documents with several numbers shown
    reading._DOCUMENTS.clear()
    reading._NUMBERED.clear()
    read = []
    term_docs = engine().term_docs

    def counted(searcher, fieldname, text):
        if fieldname == "doc_id":
            read.append(text)
        return term_docs(searcher, fieldname, text)

    monkeypatch.setattr(engine(), "term_docs", counted)
    anchors = reading.hit_anchors(searcher, result["hits"])
    assert sorted(read) == sorted({doc_id for doc_id, _ in numbered})
    assert {r["id"]: r["anchor"] for r in records} == {r["id"]: anchors[r["id"]] for r in records}
    reading._NUMBERED.clear()
    assert reading.hit_anchors(searcher, result["hits"]) == anchors and len(read) == len(set(read))


@pytest.mark.parametrize("number, position, occurrence, expected", [
    ("12", 40, 1, "p12"), ("12", 90, 3, "p12-3"), ("(b)", 5, 1, "pb"), ("6/1", 7, 1, "p6_1"),
    ("IV", 3, 1, "pIV"), (None, 7, 1, "pos7"), ("", 8, 1, "pos8"), ("()", 9, 1, "pos9"),
])
def test_anchor(number, position, occurrence, expected):
    assert reading.anchor(number, position, occurrence) == expected


@pytest.mark.parametrize("query, suggestion", [
    ("smugglng", "smuggling"),
    ("Smugglng of migrants", "Smuggling of migrants"),
    ("мигрантв", "мигрантов"),
    ("Конференцыи", "Конференции"),  # one edit, before the commoner "Конференция" two edits away (another case)
    ("migrants", None),  # every word is known
    ("xqzvwk", None),  # nothing close
    ("smugg*", None),  # patterns are left alone
    ("lang:ru smugglng", None),  # the correction finds nothing in Russian
])
def test_did_you_mean(searcher, query, suggestion):
    assert reading.did_you_mean(searcher, SearchRequest(query)) == suggestion


@pytest.mark.parametrize("query, lang, translate, suggestion", [
    ("smugglng", "ru", False, None),  # nothing in Russian
    ("smugglng", "ru", True, "smuggling"),  # across languages the correction finds Russian through translations
    ("мигрантв", "en", True, "мигрантов"),
    ("smugglng", "en", True, "smuggling"),
])
def test_did_you_mean_with_a_language_and_across_languages(searcher, query, lang, translate, suggestion):
    assert reading.did_you_mean(searcher, SearchRequest(query, lang=lang, translate=translate)) == suggestion


def test_search_page_suggests_only_when_nothing_is_found(searcher):
    assert reading.search_page(searcher, SearchRequest("smugglng"))["did_you_mean"] == "smuggling"
    assert "did_you_mean" not in reading.search_page(searcher, SearchRequest("smuggling"))


@pytest.mark.parametrize("module", ["indexer.search.highlight", "indexer.search.reading"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


# --- counterparts from the generation's links: the same records as by id -------------------------------

LINKED_QUERIES = ["Генеральная Ассамблея", "human rights", "устойчивого развития", "Security Council", "женщин и девочек"]


def _wrong(links: dict) -> dict:
    """Links that point every paragraph at the next paragraph's counterparts (as a stale map would)."""
    keys = sorted(links)
    return {n: links[keys[(k + 1) % len(keys)]] for k, n in enumerate(keys)}


@pytest.mark.parametrize("query", LINKED_QUERIES)
@pytest.mark.parametrize("kind", ["links", "wrong links"])
def test_counterparts_from_the_links_equal_those_by_id(parallel_index, query, kind):
    from indexer.storage import crosslang

    ix = open_index(parallel_index)
    data = crosslang.for_index(ix)
    with ix.searcher() as s:
        request = SearchRequest(query, limit=50)
        by_id = search(s, request)
        links = data.counterparts if kind == "links" else _wrong(data.counterparts)
        assert len(links) > 1000
        with_links = search(s, request, crosslang=crosslang.CrossData(data.lexicon, links))
    ix.close()
    assert sum(len(h["aligned"]) for h in by_id["hits"]) >= 20
    assert [h["aligned"] for h in with_links["hits"]] == [h["aligned"] for h in by_id["hits"]]


def test_links_save_the_look_up_by_id(parallel_index, batches):
    from indexer.storage import crosslang

    ix = open_index(parallel_index)
    with ix.searcher() as s:
        result = search(s, SearchRequest("human rights", limit=20), crosslang=crosslang.for_index(ix))
    ix.close()
    assert sum(len(h["aligned"]) for h in result["hits"]) >= 10 and batches == [[]]
