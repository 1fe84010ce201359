"""Export of aligned pairs as TMX and CSV: the library, the command, the download links, and the round trip."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search import export

from indexer.storage import generations as store
from indexer.build.pipeline import build
from indexer.build.update import update
from indexer.cli import cli
from indexer.search.export import Pair, collect_pairs, export_bytes
from indexer.ingest.formats import tmx, udhr
from indexer.search.request import SearchRequest
from search_app import CONTENT_SECURITY_POLICY, create_app
from tests.conftest import SEED_004
from tests.pdf_maker import font_files, pdf_from_document
from tests.test_web_api import HOSTILE
from tests.test_web_data import EN_ID, RU_ID, SAMPLE, SYMBOL, web_index  # noqa: F401

EN_59, RU_59, RU_59_REST = SAMPLE[2][2], SAMPLE[3][3], SAMPLE[4][3]  # one English paragraph, two Russian


def pairs_of(index_dir, query, cap: int = export.DEFAULT_CAP, **filters) -> export.Export:
    with store.searching(index_dir) as searcher:
        return collect_pairs(searcher, SearchRequest(query=query, **filters), cap)


def as_tuples(pairs):
    return [(p.en, p.ru, p.symbol, p.number) for p in pairs]


# --- which pairs ----------------------------------------------------------------------------------

def test_pairs_of_hits_with_counterparts(web_index):  # noqa: F811
    result = pairs_of(web_index, "smugglers", lang="en")
    assert {p.number for p in result.pairs} == {"26", "59"}
    [one_to_two] = [p for p in result.pairs if p.number == "59"]
    assert (one_to_two.en, one_to_two.ru) == (EN_59, f"{RU_59} {RU_59_REST}")
    assert one_to_two.ru_ids == (f"{RU_ID}#2", f"{RU_ID}#3") and one_to_two.en_ids == (f"{EN_ID}#2",)
    assert (one_to_two.symbol, one_to_two.date) == (SYMBOL, "2015-01-21")


def test_a_pair_found_from_both_sides_is_given_once(web_index):  # noqa: F811
    result = pairs_of(web_index, '"smuggled migrants" OR "незаконно ввезенных мигрантов"')
    keys = [(p.en_ids, p.ru_ids) for p in result.pairs]
    assert len(keys) == len(set(keys)) and {p.number for p in result.pairs} >= {"93"}
    assert result.total_hits > len(result.pairs)  # hits in the seeds have no counterpart: left out


def test_cap(web_index):  # noqa: F811
    result = pairs_of(web_index, "migrants OR мигранты", cap=1)
    assert len(result.pairs) == 1 and result.capped
    assert not pairs_of(web_index, "migrants OR мигранты").capped


@pytest.mark.parametrize("query, filters", [("(", {}), ("", {}), ("x", {"lang": "de"})])
def test_bad_requests(web_index, query, filters):  # noqa: F811
    from indexer.errors import QueryError

    with pytest.raises(QueryError):
        pairs_of(web_index, query, **filters)


# --- formats --------------------------------------------------------------------------------------

SAMPLE_PAIRS = (
    Pair("=SUM(A1) is no formula", "+7 (495) 000", "A/RES/70/1", "1", "2015-09-25", ("e",), ("r",),
         "A/RES/70/1, goal 1"),
    Pair("Recalling its resolution, \"Ensuring\" effective", "Ссылаясь на свою резолюцию «Обеспечение»", None, None,
         None, ("e2",), ("r2",)),
)


def test_csv_has_a_bom_columns_and_defused_formulas():
    data = export_bytes(SAMPLE_PAIRS, "csv")
    assert data.startswith(b"\xef\xbb\xbfsymbol,number,citation,English,Russian,date\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["symbol", "number", "citation", "English", "Russian", "date"],
        ["A/RES/70/1", "1", "A/RES/70/1, goal 1", "'=SUM(A1) is no formula", "'+7 (495) 000", "2015-09-25"],
        ["", "", "", 'Recalling its resolution, "Ensuring" effective', "Ссылаясь на свою резолюцию «Обеспечение»", ""],
    ]


def test_tmx_is_tmx_1_4_with_props(tmp_path):
    data = export_bytes(SAMPLE_PAIRS, "tmx")
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<tmx version=\"1.4\">")
    text = data.decode("utf-8")
    assert '<prop type="x-symbol">A/RES/70/1</prop>' in text and '<prop type="x-number">1</prop>' in text
    assert '<tuv xml:lang="en">' in text and '<tuv xml:lang="ru">' in text and text.count("<tu>") == 2
    path = tmp_path / "pairs.tmx"
    path.write_bytes(data)
    docs = tmx.parse(path)
    got = [(e.text, r.text, en.symbol, e.number) for en, ru in zip(docs[0::2], docs[1::2])
           for e, r in zip(en.paragraphs, ru.paragraphs)]
    assert sorted(got, key=str) == sorted(as_tuples(SAMPLE_PAIRS), key=str)


def test_unknown_format():
    with pytest.raises(ValueError, match="format must be one of tmx, csv"):
        export_bytes(SAMPLE_PAIRS, "xlsx")


# --- round trip through the index -----------------------------------------------------------------

def _read_back(path):
    """The pairs a TMX file gives when imported: (en, ru, symbol, number) in file order, per symbol."""
    docs = tmx.parse(path)
    return [(e.text, r.text, en.symbol, e.number)
            for en, ru in zip(docs[0::2], docs[1::2]) for e, r in zip(en.paragraphs, ru.paragraphs)]


def _by_symbol(pairs):
    out: dict = {}
    for pair in pairs:
        out.setdefault(pair[2], []).append(pair)
    return out


def test_tmx_round_trip_through_an_index(web_index, tmp_path):  # noqa: F811
    exported = pairs_of(web_index, "migrants OR мигранты OR smugglers")
    assert len(exported.pairs) == 4  # the heading and paragraphs 26, 59 (one to two) and 93
    path = tmp_path / "out.tmx"
    export.write_tmx(exported.pairs, path)
    assert _by_symbol(_read_back(path)) == _by_symbol(as_tuples(exported.pairs))
    summary = build([path], tmp_path / "again")  # and indexed again, then exported again: the same pairs
    assert summary.ok and summary.aligned_groups == 1
    again = pairs_of(tmp_path / "again", "migrants OR мигранты OR smugglers")
    assert sorted(as_tuples(again.pairs)) == sorted(as_tuples(exported.pairs))


# --- a PDF pair dropped into the corpus, updated, exported --------------------------------------------

@pytest.fixture(scope="module")
def pdf_pair_index(tmp_path_factory, pool):
    """A corpus of one seed, built; then the UDHR in English and Russian as PDFs dropped in, and updated."""
    if font_files() is None:
        pytest.skip("no TrueType font with Cyrillic letters installed")
    root = tmp_path_factory.mktemp("pdf-pair")
    corpus, index = root / "corpus", root / "index"
    corpus.mkdir()
    (corpus / SEED_004.name).write_bytes(SEED_004.read_bytes())
    first = build([corpus], index)
    for source, lang in (("udhr_eng.xml", "EN"), ("udhr_rus.xml", "RU")):
        [doc] = udhr.parse(pool / "udhr" / source)
        pdf_from_document(doc, corpus / f"A_RES_217(III)-{lang}.pdf", job="V.48-00001")
    second = update([], index)
    return index, first, second


def test_update_takes_the_pdf_pair_and_aligns_it(pdf_pair_index):
    index, first, second = pdf_pair_index
    assert (first.documents, second.documents) == (1, 3)
    assert (second.added, second.updated, second.removed, second.failures) == (2, 0, 0, ())
    assert second.aligned_groups == 1
    result = pairs_of(index, '"inherent dignity"')
    [pair] = result.pairs
    assert pair.en.startswith("Whereas recognition of the inherent dignity")
    assert pair.ru.startswith("Принимая во внимание, что признание достоинства")
    assert pair.symbol == "A/RES/217 (III)"


def test_export_command_and_round_trip_of_the_pdf_pair(pdf_pair_index, tmp_path):
    index, _, _ = pdf_pair_index
    runner = CliRunner()
    out = tmp_path / "udhr.tmx"
    result = runner.invoke(cli, ["export", "права человека", "--index", str(index), "-o", str(out)])
    assert result.exit_code == 0, result.output
    exported = pairs_of(index, "права человека")
    assert result.stderr == (f"{len(exported.pairs)} aligned pairs from {exported.total_hits} hits written to {out} "
                             "as TMX.\n")
    assert len(exported.pairs) >= 10
    assert _read_back(out) == as_tuples(exported.pairs)  # one symbol: the file's order is the export's
    csv_out = tmp_path / "udhr.csv"
    result = runner.invoke(cli, ["export", "права человека", "--index", str(index), "-o", str(csv_out), "--limit", "2"])
    assert result.exit_code == 0 and "(the first 2; --limit gives more)" in result.stderr
    rows = list(csv.reader(io.StringIO(csv_out.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 3 and rows[1][0] == "A/RES/217 (III)" and rows[1][5] == "1948-12-10"


@pytest.mark.parametrize("args, code, message", [
    (["export", "(", "--index", "{index}"], 2, "a parenthesis is not closed"),
    (["export", "", "--index", "{index}"], 2, "the query is empty"),
    (["export", "x", "--index", "{missing}"], 2, "no index in"),
    (["export", "x", "--index", "{index}", "--format", "xlsx"], 2, "Invalid value for '--format'"),
    (["export", "x", "--index", "{index}", "--limit", "0"], 2, "Invalid value for '--limit'"),
    (["export", "x", "--index", "{index}", "-o", "{missing}/sub/out.tmx"], 2, "cannot write"),
])
def test_export_command_errors(web_index, tmp_path, args, code, message):  # noqa: F811
    args = [a.format(index=web_index, missing=tmp_path / "missing") for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_export_to_stdout(web_index):  # noqa: F811
    result = CliRunner().invoke(cli, ["export", "smugglers", "--index", str(web_index), "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfsymbol,number,citation,English,Russian,date")
    assert f"{SYMBOL},26," in result.stdout


# --- the web app ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(web_index):  # noqa: F811
    return create_app({"TESTING": True, "INDEX_DIR": str(web_index), "EXPORT_CAP": 2}).test_client()


def test_search_page_links_the_downloads(client):
    body = client.get("/?q=smugglers&lang=en&page=1").get_data(as_text=True)
    assert '<a href="/export.tmx?q=smugglers&amp;lang=en" download>TMX</a>' in body
    assert '<a href="/export.csv?q=smugglers&amp;lang=en" download>CSV</a>' in body
    assert "the first 2 pairs at most" in body
    assert "export.tmx" not in client.get("/?q=zzzzqqq").get_data(as_text=True)  # nothing found, nothing to take


def test_download_links_escape_the_query(client):
    body = client.get('/?q="<script>alert(1)</script>" OR migrants').get_data(as_text=True)
    assert "<script>alert" not in body
    assert "/export.tmx?q=%22%3Cscript%3Ealert(1)%3C/script%3E%22+OR+migrants" in body


@pytest.mark.parametrize("fmt, mimetype, starts", [
    ("tmx", "application/x-tmx+xml", b"<?xml version='1.0' encoding='UTF-8'?>\n<tmx version=\"1.4\">"),
    ("csv", "text/csv", b"\xef\xbb\xbfsymbol,number,citation,English,Russian,date"),
])
def test_downloads(client, fmt, mimetype, starts):
    response = client.get(f"/export.{fmt}", query_string={"q": "migrants OR мигранты"})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=\"migrants-or-en-ru.{fmt}\"; "
        f"filename*=UTF-8''migrants-or-%D0%BC%D0%B8%D0%B3%D1%80%D0%B0%D0%BD%D1%82%D1%8B-en-ru.{fmt}")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.data.startswith(starts)
    units = len(ET.fromstring(response.data).find("body")) if fmt == "tmx" else response.data.count(b"\n") - 1
    assert units == 2  # the cap


# --- any text survives the trip -------------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=80)
_PAIR = st.tuples(_TEXT.map(lambda t: " ".join(t.split())).filter(bool),
                  _TEXT.map(lambda t: " ".join(t.split())).filter(bool),
                  st.sampled_from([None, "A/RES/70/1", "CTOC/COP/2012/15"]),
                  st.one_of(st.none(), st.from_regex(r"\A(\d{1,3}|\([a-z]\))\Z")))


@settings(max_examples=60, deadline=None)
@given(st.lists(_PAIR, min_size=1, max_size=6))
def test_tmx_round_trip_of_any_text(tmp_path_factory, pairs):
    path = tmp_path_factory.mktemp("tmx") / "pairs.tmx"
    export.write_tmx([Pair(en, ru, symbol, number, None, (), ()) for en, ru, symbol, number in pairs], path)
    assert _by_symbol(_read_back(path)) == _by_symbol(pairs)


@settings(max_examples=120, deadline=None)
@given(q=HOSTILE, fmt=st.sampled_from(["tmx", "csv"]), lang=st.sampled_from(["any", "en", "ru", "", "xx"]),
       symbol=st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["A/CONF.222/*", "*", "["])))
def test_downloads_never_fail_on_hostile_input(client, q, fmt, lang, symbol):
    params = {k: v for k, v in dict(q=q, lang=lang, symbol=symbol).items() if v is not None}
    response = client.get(f"/export.{fmt}", query_string=params)
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    if response.status_code == 200 and fmt == "tmx":
        tmx_root = ET.fromstring(response.data)  # well-formed whatever the texts hold
        assert tmx_root.tag == "tmx" and len(tmx_root.find("body")) <= int(response.headers["X-Total-Hits"])
