"""Every hit citable: the citation rules, and the Charter, UDHR and SDG sources with their metadata, in an index.

The index of the Charter, the UDHR and the SDG files is built once (from the
pool, read in place) and searched as a translator does: by the search
contract, the web API and the pages.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from indexer.build.pipeline import build
from indexer.cli import cli
from indexer.search import citation, reading
from indexer.search.request import SearchRequest, search
from indexer.storage.generations import searching
from search_app import create_app

# --- the rules, as a table ---------------------------------------------------------------------------

CITATIONS = [
    # (fmt, symbol, number, section, citation, anchor)
    ("text", "CTOC/COP/2010/17", "12", None, "CTOC/COP/2010/17, para. 12", "p12"),
    ("unpc", "E/CN.15/2015/12", "(b)", None, "E/CN.15/2015/12, para. (b)", "pb"),
    ("pdf", "A/HRC/30/1", "6/1", None, "A/HRC/30/1, para. 6/1", "p6_1"),
    ("text", "CTOC/COP/2010/17", None, "I > A", "CTOC/COP/2010/17", None),
    ("charter", None, "51", "Chapter VII > Article 51", "Charter, Art. 51", "art51"),
    ("charter", None, "1(2)", "Chapter I > Article 1", "Charter, Art. 1(2)", "art1(2)"),
    ("charter", None, "13(1)(a)", "Chapter IV > Article 13", "Charter, Art. 13(1)(a)", "art13(1)(a)"),
    ("charter", None, "VII", "Chapter VII", "Charter, Chapter VII", "chVII"),
    ("charter", None, None, "Preamble", "Charter, Preamble", None),
    ("charter", None, None, "Chapter VII > Article 51", "Charter, Article 51", None),  # the article's heading
    ("udhr", "A/RES/217 (III)", "18", "Article 18", "A/RES/217 (III), art. 18", "art18"),
    ("udhr", "A/RES/217 (III)", "29(1)", "Article 29", "A/RES/217 (III), art. 29(1)", "art29(1)"),
    ("sdg", "A/RES/70/1", "4", None, "A/RES/70/1, goal 4", "g4"),
    ("sdg", "A/RES/70/1", "4 (short)", None, "A/RES/70/1, goal 4 (short)", "g4(short)"),
    ("sdg", "A/RES/70/1", "4.1", None, "A/RES/70/1, target 4.1", "t4.1"),
    ("sdg", "A/RES/70/1", "4.a", None, "A/RES/70/1, target 4.a", "t4.a"),
    ("sdg", "A/RES/71/313", "4.1.1", None, "A/RES/71/313, indicator 4.1.1", "i4.1.1"),
    ("lines", None, "1", None, "notes, para. 1", "p1"),  # no symbol: the document's name
]


@pytest.mark.parametrize("fmt, symbol, number, section, expected, anchor", CITATIONS)
def test_citation_rules(fmt, symbol, number, section, expected, anchor):
    record = {"fmt": fmt, "symbol": symbol, "number": number, "section": section, "doc_id": "notes@en"}
    assert citation.cite(record) == expected
    assert citation.anchor_base(record) == anchor


@pytest.mark.parametrize("number, position, occurrence, fmt, expected", [
    ("12", 30, 1, None, "p12"),
    ("(a)", 31, 2, "text", "pa-2"),
    (None, 7, 1, "charter", "pos7"),
    ("51", 223, 1, "charter", "art51"),
    ("2", 16, 2, "udhr", "art2-2"),  # article 2's second unnumbered paragraph
    ("4.1", 40, 1, "sdg", "t4.1"),
])
def test_anchors(number, position, occurrence, fmt, expected):
    assert reading.anchor(number, position, occurrence, fmt) == expected


# --- the sources in an index -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sources_index(tmp_path_factory, pool):
    index_dir = tmp_path_factory.mktemp("charter-udhr-sdg")
    summary = build([pool / "un-charter", pool / "udhr", pool / "sdg-goals-targets-indicators"], index_dir)
    assert summary.ok, summary.failures
    return index_dir


@pytest.fixture(scope="module")
def client(sources_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(sources_index)}).test_client()


def first_hit(index_dir, query, **filters) -> dict:
    with searching(index_dir) as searcher:
        return search(searcher, SearchRequest(query=query, **filters))["hits"][0]


@pytest.mark.parametrize("query, filters, doc_id, symbol, title, date, cited", [
    ('"inherent right of individual or collective self-defence"', {"lang": "en"}, "raw_un_charter_en@en", None,
     "Charter of the United Nations", "1945-06-26", "Charter, Art. 51"),
    ('"право на индивидуальную или коллективную самооборону"', {"lang": "ru"}, "raw_un_charter_ru@ru", None,
     "Устав Организации Объединенных Наций", "1945-06-26", "Charter, Art. 51"),
    ('"equal rights and self-determination of peoples"', {"lang": "en"}, "raw_un_charter_en@en", None,
     "Charter of the United Nations", "1945-06-26", "Charter, Art. 1(2)"),
    ('"freedom of thought, conscience and religion"', {"lang": "en"}, "A/RES/217 (III)@en", "A/RES/217 (III)",
     "Universal Declaration of Human Rights", "1948-12-10", "A/RES/217 (III), art. 18"),
    ('"Elementary education shall be compulsory"', {"lang": "en"}, "A/RES/217 (III)@en", "A/RES/217 (III)",
     "Universal Declaration of Human Rights", "1948-12-10", "A/RES/217 (III), art. 26(1)"),
    ('"free, equitable and quality primary and secondary education"', {"lang": "en"}, "sdg-goals@en", "A/RES/70/1",
     "Sustainable Development Goals and targets", "2015-09-25", "A/RES/70/1, target 4.1"),
    ('"Proportion of children and young people"', {"lang": "en"}, "sdg-indicators@en", "A/RES/71/313",
     "Global indicator framework for the Sustainable Development Goals and targets", "2017-07-06",
     "A/RES/71/313, indicator 4.1.1"),
])
def test_hits_carry_their_source_and_citation(sources_index, query, filters, doc_id, symbol, title, date, cited):
    hit = first_hit(sources_index, query, **filters)
    assert (hit["doc_id"], hit["symbol"], hit["title"], hit["date"], hit["citation"]) == (
        doc_id, symbol, title, date, cited)
    [counterpart] = hit["aligned"]
    assert counterpart["citation"] == cited and counterpart["lang"] != hit["lang"]


def test_search_json_has_citations(sources_index):
    result = CliRunner().invoke(cli, ["search", "self-defence", "--index", str(sources_index), "--json"])
    hits = json.loads(result.output)["hits"]
    assert hits[0]["citation"] == "Charter, Art. 51"
    assert all(r["citation"] for h in hits for r in (h, *h["aligned"]))


@pytest.mark.parametrize("params, doc_ids", [
    ({"q": "education", "symbol": "A/RES/70/1"}, {"sdg-goals@en", "sdg-goals@ru"}),
    ({"q": "education", "symbol": "a/res/71/313"}, {"sdg-indicators@en", "sdg-indicators@ru"}),
    ({"q": "peace", "year_from": 1945, "year_to": 1945}, {"raw_un_charter_en@en", "raw_un_charter_ru@ru"}),
    ({"q": "peace", "year_from": 1948, "year_to": 1948}, {"A/RES/217 (III)@en", "A/RES/217 (III)@ru"}),
])
def test_filters_find_the_sources(client, params, doc_ids):
    body = client.get("/api/search", query_string={**params, "limit": 50}).get_json()
    assert body["total"] > 0
    assert {h["doc_id"] for h in body["hits"]} <= doc_ids
    assert all(h["citation"] for h in body["hits"])


@pytest.mark.parametrize("key, anchor, number", [
    ("sdg-goals@en", "t4.1", "4.1"),
    ("sdg-goals@ru", "g17", "17"),
    ("raw_un_charter_en@en", "art51", "51"),
    ("raw_un_charter_ru@ru", "art1(2)", "1(2)"),
    ("A/RES/217 (III)@en", "art29(1)", "29(1)"),
])
def test_document_pages_have_number_anchors(client, key, anchor, number):
    response = client.get(f"/doc/{key}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<a class="anchor" id="{anchor}"></a>' in html
    assert re.search(rf'<a class="num" href="#{re.escape(anchor)}"[^>]*>{re.escape(number)}</a>', html)


def test_document_page_shows_citations_and_keeps_positional_anchors(client):
    html = client.get("/doc/raw_un_charter_en@en").get_data(as_text=True)
    assert '<cite class="cite" title="How to quote it">Charter, Art. 51</cite>' in html
    assert html.count('id="pos223"') == 1  # a link made when paragraphs had only their position


def test_results_page_shows_citations_and_links_by_number(client):
    html = client.get("/", query_string={"q": "self-defence"}).get_data(as_text=True)
    assert '<cite class="cite" title="How to quote it">Charter, Art. 51</cite>' in html
    assert "/doc/raw_un_charter_en@en?q=self-defence#art51" in html


def test_api_doc_paragraphs_have_citations(client):
    view = client.get("/api/doc/sdg-goals@en").get_json()
    by_number = {p["number"]: p for v in view["versions"] if v["lang"] == "en" for p in v["paragraphs"]}
    assert (by_number["4.1"]["citation"], by_number["4.1"]["anchor"]) == ("A/RES/70/1, target 4.1", "t4.1")
    numbers = [p["number"] for p in view["versions"][0]["paragraphs"]]
    assert numbers[:4] == ["1 (short)", "1", "1.1", "1.2"] and numbers.index("2") < numbers.index("10")


@pytest.mark.parametrize("key", ["sdg-goals@en", "sdg-indicators@en"])
def test_sdg_versions_are_linked_by_symbol(sources_index, key):
    from indexer.align import report

    with searching(sources_index) as searcher:
        view = reading.document_view(searcher, key)
    assert report.linked_by(view) == f"versions linked by symbol {view['symbol']}"


def test_sdg_goals_and_targets_align_one_to_one_by_number(sources_index):
    with searching(sources_index) as searcher:
        view = reading.document_view(searcher, "sdg-goals@en")
    by_id = {p["id"]: p for v in view["versions"] for p in v["paragraphs"]}
    assert len(view["rows"]) == 17 * 2 + 169
    for row in view["rows"]:
        assert len(row["en"]) == len(row["ru"]) == 1, row
        assert by_id[row["en"][0]]["number"] == by_id[row["ru"][0]]["number"]


@pytest.mark.parametrize("fmt", ["csv", "tmx"])
def test_exports_carry_the_citation(client, fmt):
    data = client.get(f"/export.{fmt}", query_string={"q": '"self-defence"', "lang": "en"}).get_data(as_text=True)
    if fmt == "csv":
        assert "Charter, Art. 51" in data and ",1945-06-26" in data
    else:
        assert '<prop type="x-citation">Charter, Art. 51</prop>' in data


@pytest.mark.parametrize("name, module, sidecar, expected", [
    ("un-charter/raw_un_charter_en.txt", "lines", {"title": "Charter (amended)", "date": "1973-09-24"},
     ("raw_un_charter_en@en", None, "Charter (amended)", "1973-09-24")),
    ("udhr/udhr_eng.xml", "udhr", {"symbol": "A/RES/217(III)A", "original_lang": "fr"},
     ("A/RES/217 (III)A@en", "A/RES/217 (III)A", "Universal Declaration of Human Rights", "1948-12-10")),
    ("sdg-goals-targets-indicators/en/global_indicators.yml", "sdg", {"symbol": "A/RES/71/313/Add.1"},
     ("A/RES/71/313/Add.1@en", "A/RES/71/313/Add.1", "Global indicator framework for the Sustainable Development Goals "
      "and targets", "2017-07-06")),
])
def test_a_sidecar_still_overrides(tmp_path, pool, name, module, sidecar, expected):
    from indexer.ingest.formats import discover, importer_for
    from tests.indexes import link_into

    folder = tmp_path / "en"
    [path] = link_into(folder, pool / name)
    (folder / f"{path.stem}.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    assert discover([tmp_path], follow_links=True) == [path]  # the sidecar is read with its file
    [doc] = importer_for(path).parse(path)
    assert importer_for(path).__name__.endswith(module)
    assert (doc.doc_id, doc.symbol, doc.title, doc.date.isoformat()) == expected
    assert doc.original_lang == sidecar.get("original_lang", doc.original_lang)
