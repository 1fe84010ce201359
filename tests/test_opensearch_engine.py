"""The product on OpenSearch: the seeds built into a real cluster and into Whoosh answer every query alike.

Each query of :data:`QUERIES` must find the same number of paragraphs on both
engines; the top ten may differ where scores differ (OpenSearch's BM25 is not
Whoosh's BM25F, and in an index this small Whoosh gives every match of a
prefix or fuzzy term the same score), so their overlap is reported per kind
of query, not required.  A second build moves the alias while searches run;
a cluster out of reach is one line and exit code 2, with no credentials.
"""

from __future__ import annotations

import os
import statistics
import threading
import time

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.build.on_opensearch import build
from indexer.engine.opensearch import connection, writing
from indexer.engine.opensearch.mapping import Documents
from indexer.engine.opensearch.searching import Searcher
from indexer.engine.opensearch.translate import to_dsl
from indexer.engine.schema import build_schema
from indexer.errors import ClusterUnavailable, UnsupportedQuery
from indexer.search import on_opensearch
from indexer.search.request import SearchRequest, search
from indexer.storage.generations import open_index
from tests.conftest import CORPUS, SEED_002, SEED_003

INDEX = "seeds-engine"
ALIAS_TEST = "seeds-alias"

# (kind, query, filters of the request): every row finds something in the seeds.
QUERIES = [
    ("word", "migrants", {}),
    ("word", "smuggled", {}),
    ("word", "Convention", {}),
    ("word", "conventions", {}),
    ("word", "organized", {}),
    ("word", "trafficking", {}),
    ("word", "Parties", {}),
    ("word", "implementation", {}),
    ("word", "governmental", {}),
    ("word", "non-governmental", {}),
    ("word", "Конвенции", {}),
    ("word", "конвенция", {}),
    ("word", "мигрантов", {}),
    ("word", "организованной", {}),
    ("word", "вен", {}),  # two lemmas, either
    ("words", "smuggling migrants", {}),
    ("words", "transnational organized crime", {}),
    ("words", "ввоз мигрантов", {}),
    ("phrase", '"the Conference of the Parties"', {}),
    ("phrase", '"Conference of Parties"', {}),
    ("phrase", '"organized crime"', {}),
    ("phrase", '"such tools and"', {}),
    ("phrase", '"smuggling of migrants"', {}),
    ("phrase", '"non-governmental organizations"', {}),
    ("phrase", '"Member States"', {}),
    ("phrase", '"technical assistance"~3', {}),
    ("phrase", '"против транснациональной организованной преступности"', {}),
    ("phrase", '"Организации Объединенных Наций"', {}),
    ("phrase", '"transnational organized crime"~2', {}),  # each word at most two positions after the last
    ("phrase", '"Conference Parties Convention"~5', {}),
    ("phrase", '"Вена 15"', {}),  # a word with alternative lemmas in a phrase
    ("exact", "=migrants", {}),
    ("exact", "=Convention", {}),
    ("exact", "=конвенции", {}),
    ("exact", '="organized crime"', {}),
    ("prefix", "migra*", {}),
    ("prefix", "traffick*", {}),
    ("prefix", "implement*", {}),
    ("prefix", "конвенц*", {}),
    ("fuzzy", "smugling~", {}),
    ("fuzzy", "developmnt~", {}),
    ("fuzzy", "migrnts~", {}),
    ("fuzzy", "protocol~2", {}),
    ("fuzzy", "конвенцыи~", {}),
    ("fuzzy", "un~2", {}),  # short: two edits reach many terms
    ("filter", "symbol:CTOC/COP/2012/*", {}),
    ("filter", "crime year:2012", {}),
    ("filter", "crime year:[2010 TO 2011]", {}),
    ("filter", "kind:footnote", {}),
    ("filter", "lang:ru", {}),
    ("filter", "crime lang:en", {}),
    ("filter", "convention", {"symbol": "CTOC/COP/2012/15"}),
    ("filter", "Конвенции", {"lang": "ru"}),
    ("filter", "crime", {"kind": "heading"}),
    ("filter", "crime", {"year_from": 2011}),
    ("or", "migrants OR firearms", {}),
    ("or", "мигрантов OR firearms", {}),
    ("not", "smuggling -migrants", {}),
    ("not", "crime NOT (organized OR transnational)", {}),
    ("not", 'crime NOT "organized crime"', {}),
]


@pytest.fixture(scope="module")
def cluster_url(request) -> str:
    """The cluster's URL: ``$UN_SEARCH_TEST_OPENSEARCH`` (a cluster already running), else the test cluster."""
    return os.environ.get("UN_SEARCH_TEST_OPENSEARCH") or request.getfixturevalue("opensearch_cluster")


@pytest.fixture(scope="module")
def os_searcher(cluster_url):
    """A searcher of the seeds built into OpenSearch (the old generations of earlier runs dropped first)."""
    client = connection.connect(cluster_url)
    client.indices.delete(index=f"{INDEX}-*", ignore_unavailable=True)
    summary = build([CORPUS], INDEX, url=cluster_url)
    assert summary.ok and summary.paragraphs > 1000
    yield Searcher(cluster_url, INDEX)
    client.indices.delete(index=f"{INDEX}-*", ignore_unavailable=True)


@pytest.fixture(scope="module")
def whoosh_searcher(seed_index):
    ix = open_index(seed_index)
    with ix.searcher() as searcher:
        yield searcher
    ix.close()


def both(whoosh_searcher, os_searcher, query: str, filters: dict) -> tuple[dict, dict, float]:
    """The result of a request on Whoosh and on OpenSearch, and OpenSearch's time in ms."""
    request = SearchRequest(query=query, **filters)
    started = time.perf_counter()
    found = on_opensearch.search(os_searcher, request)
    return search(whoosh_searcher, request), found, (time.perf_counter() - started) * 1000


@pytest.mark.opensearch
@pytest.mark.parametrize("kind, query, filters", QUERIES)
def test_both_engines_find_the_same_paragraphs(whoosh_searcher, os_searcher, kind, query, filters):
    whoosh, found, _ = both(whoosh_searcher, os_searcher, query, filters)
    assert whoosh["total"] > 0, f"{query!r} finds nothing in the seeds: choose another query"
    assert found["total"] == whoosh["total"]


@pytest.mark.opensearch
def test_top_ten_overlap_and_times_are_reported(whoosh_searcher, os_searcher, capsys):
    overlap, times = {}, []
    for kind, query, filters in QUERIES:
        whoosh, found, ms = both(whoosh_searcher, os_searcher, query, filters)
        times.append(ms)
        ids = {hit["id"] for hit in whoosh["hits"]}
        overlap.setdefault(kind, []).append(len(ids & {hit["id"] for hit in found["hits"]}) / len(ids))
    quantiles = statistics.quantiles(times, n=20)
    with capsys.disabled():
        print(f"\nOpenSearch query times over {len(times)} queries: p50 {statistics.median(times):.1f} ms, "
              f"p95 {quantiles[18]:.1f} ms; top-10 overlap with Whoosh by kind: "
              + ", ".join(f"{kind} {statistics.mean(v):.2f}" for kind, v in overlap.items()))
    assert statistics.mean(overlap["word"]) >= 0.8  # BM25 on one term ranks as BM25F does, nearly


@pytest.mark.opensearch
def test_hits_keep_the_contract_with_their_counterparts(whoosh_searcher, os_searcher):
    whoosh, found, _ = both(whoosh_searcher, os_searcher, "lang:ru Конвенции", {})
    assert [sorted(hit) for hit in found["hits"]] == [sorted(hit) for hit in whoosh["hits"]]
    by_id = {hit["id"]: hit for hit in whoosh["hits"]}
    for hit in found["hits"]:
        expected = by_id[hit["id"]]
        assert {k: v for k, v in hit.items() if k != "score"} == {k: v for k, v in expected.items() if k != "score"}


@pytest.mark.opensearch
def test_the_command_line_searches_the_cluster(os_searcher, cluster_url, monkeypatch):
    monkeypatch.setenv("UN_SEARCH_OPENSEARCH", cluster_url)
    result = CliRunner().invoke(cli, ["search", '"organized crime"', "--index", INDEX, "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert '"total": 356' in result.output and '"citation": "CTOC/COP/2012/15' in result.output
    across = CliRunner().invoke(cli, ["search", "crime", "--index", INDEX, "--translate"])
    assert (across.exit_code, across.output.strip()) == (
        2, "Error: searching across languages (--translate) is not yet on OpenSearch")


@pytest.mark.opensearch
def test_a_second_build_moves_the_alias_while_searches_run(cluster_url):
    client = connection.connect(cluster_url)
    client.indices.delete(index=f"{ALIAS_TEST}-*", ignore_unavailable=True)
    searcher = Searcher(cluster_url, ALIAS_TEST, client)
    request = SearchRequest(query="crime")
    build([CORPUS], ALIAS_TEST, url=cluster_url)
    old = on_opensearch.search(searcher, request)["total"]
    seen, errors, done = set(), [], threading.Event()

    def keep_searching():
        while not done.is_set():
            try:
                seen.add(on_opensearch.search(searcher, request)["total"])
            except Exception as error:  # every failure is collected and shown by the assertion below
                errors.append(repr(error))

    watcher = threading.Thread(target=keep_searching)
    watcher.start()
    try:
        second = build([SEED_002, SEED_003], ALIAS_TEST, url=cluster_url)
    finally:
        done.set()
        watcher.join()
    new = on_opensearch.search(searcher, request)["total"]
    assert (errors, second.generation, old != new) == ([], 2, True)
    assert seen <= {old, new} and old in seen
    build([SEED_002], ALIAS_TEST, url=cluster_url)
    assert writing.generations(client, ALIAS_TEST) == [2, 3]  # the previous one kept, the older one dropped
    assert list(client.indices.get_alias(name=ALIAS_TEST)) == [f"{ALIAS_TEST}-000003"]
    client.indices.delete(index=f"{ALIAS_TEST}-*")


@pytest.mark.opensearch
def test_a_red_cluster_is_refused(cluster_url):
    client = connection.connect(cluster_url)
    client.indices.create(index="red-probe", params={"wait_for_active_shards": "0"}, body={"settings": {
        "number_of_shards": 1, "number_of_replicas": 0, "index.routing.allocation.require._name": "no-such-node"}})
    try:
        result = CliRunner().invoke(cli, ["search", "crime", "--opensearch", cluster_url, "--index", INDEX])
    finally:
        client.indices.delete(index="red-probe")
    assert (result.exit_code, result.output.strip()) == (
        2, f"Error: the OpenSearch cluster at {cluster_url} is red (some data is unavailable)")


@pytest.mark.parametrize("field, text, tokens", [
    ("text_en", "The Conference of the Parties", "the conference of the party"),  # every word at its position
    ("text_en", "non-governmental organizations",
     "non-governmental\ue000nongovernmental\ue000non\ue000governmental organization"),  # and its closed spelling
    ("text_ru", "Государства-члены и вопрос", "государство-член\ue000государство\ue000член и вопрос"),
    ("exact", "The Conference's Parties", "conference's parties"),  # the exact forms leave stop words out
    ("text_en", "the of and", "the of and"),
])
def test_the_index_holds_the_product_terms_a_token_per_position(field, text, tokens):
    assert Documents().tokens(field, text) == tokens


@pytest.mark.parametrize("url, shown", [
    ("http://127.0.0.1:9201", "http://127.0.0.1:9201"),
    ("https://admin:s3cret@search.example.org:9200", "https://***@search.example.org:9200"),
    ("https://admin:p@ss@word@host:9200/prefix", "https://***@host:9200/prefix"),
    ("https://token@host", "https://***@host"),
    ("admin:s3cret@host:9200", "***@host:9200"),
    ("https://host:9200/a@b", "https://host:9200/a@b"),
])
def test_urls_are_shown_without_credentials(url, shown):
    assert connection.redact(url) == shown


@pytest.mark.parametrize("url, message", [
    ("https://admin:s3cret@127.0.0.1:1", "Error: OpenSearch at https://***@127.0.0.1:1: cannot connect "
                                         "(is the cluster running, and is the host and port right?)"),
    ("ftp://admin:s3cret@127.0.0.1:1", "Error: not an OpenSearch URL: ftp://***@127.0.0.1:1 "
                                       "(use http://host:port or https://host:port)"),
    ("http://admin:s3cret@127.0.0.1:port", "Error: not an OpenSearch URL: http://***@127.0.0.1:port (a bad port?)"),
])
@pytest.mark.parametrize("command", [["search", "crime"], ["build", str(SEED_002)]])
def test_a_cluster_out_of_reach_is_one_line_without_credentials(command, url, message):
    result = CliRunner().invoke(cli, [*command, "--opensearch", url, "--index", "x"])
    assert (result.exit_code, result.output.strip()) == (2, message)
    assert "s3cret" not in result.output and "admin" not in result.output


@pytest.mark.opensearch
def test_no_index_of_that_name_is_a_usage_error(cluster_url):
    result = CliRunner().invoke(cli, ["search", "crime", "--opensearch", cluster_url, "--index", "no-such-index"])
    assert result.exit_code == 2 and "no index 'no-such-index' on OpenSearch" in result.output


_SCHEMA = build_schema()


@pytest.mark.parametrize("query, dsl", [
    ('"organized crime"', {"bool": {"should": [  # the phrase, or the words joined: organized-crime
        {"span_near": {"clauses": [{"span_term": {"text_en": "organize"}}, {"span_term": {"text_en": "crime"}}],
                       "slop": 0, "in_order": True}},
        {"term": {"text_en": {"value": "organized-crime"}}}, {"term": {"text_en": {"value": "organizedcrime"}}},
        {"span_near": {"clauses": [{"span_term": {"text_ru": "organized"}}, {"span_term": {"text_ru": "crime"}}],
                       "slop": 0, "in_order": True}},
        {"term": {"text_ru": {"value": "organized-crime"}}}, {"term": {"text_ru": {"value": "organizedcrime"}}}],
        "minimum_should_match": 1}}),
    ("=мигрантов", {"term": {"exact": {"value": "мигрантов"}}}),
    ("year:2012", {"term": {"year": {"value": 2012}}}),
    ("symbol:CTOC/COP/2012/*", {"prefix": {"symbol_norm": {"value": "ctoc/cop/2012/", "boost": 1.0}}}),
    ("NOT crime", {"bool": {"must_not": [{"bool": {"should": [
        {"term": {"text_en": {"value": "crime"}}}, {"term": {"text_ru": {"value": "crime"}}}],
        "minimum_should_match": 1}}]}}),
])
def test_parsed_queries_translate_to_the_query_dsl(query, dsl):
    from indexer.search.query import parse_query

    assert to_dsl(parse_query(query, _SCHEMA, "any"), _SCHEMA) == dsl


def test_a_fuzzy_term_counts_edits_as_the_product_does():
    from whoosh.query import FuzzyTerm

    assert to_dsl(FuzzyTerm("text_en", "smugl", maxdist=1, prefixlength=0), _SCHEMA) == {"fuzzy": {"text_en": {
        "value": "smugl", "fuzziness": 1, "prefix_length": 0, "transpositions": False, "max_expansions": 1024,
        "boost": 1.0}}}


def test_a_query_without_a_translation_says_so():
    from whoosh.query import TermRange

    with pytest.raises(UnsupportedQuery, match="TermRange has no translation"):
        to_dsl(TermRange("id", "a", "b"), _SCHEMA)


def test_a_bad_url_is_refused_before_any_request():
    with pytest.raises(ClusterUnavailable, match=r"^not an OpenSearch URL: \*\*\*@host \(use http://host:port"):
        connection.client_for("user:pw@host")
