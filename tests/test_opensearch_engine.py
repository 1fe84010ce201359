"""The product on OpenSearch: hits keep the contract, the command line searches the cluster, builds move the alias.

The same sources are built into Whoosh and into the cluster
(:mod:`tests.test_opensearch_parity`, which also checks that every query
answers alike).  A second build moves the alias while searches run; a cluster
out of reach is one line and exit code 2, with no credentials.
"""

from __future__ import annotations

import json
import threading

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.build.on_opensearch import build
from indexer.engine.opensearch import connection, writing
from indexer.engine.opensearch.mapping import FILLER, Documents, terms_at
from indexer.engine.opensearch.searching import Searcher
from indexer.engine.opensearch.translate import to_dsl
from indexer.engine.schema import build_schema
from indexer.errors import ClusterUnavailable, UnsupportedQuery
from indexer.search import cluster_anchors, on_opensearch, reading
from indexer.engine import engine, using
from indexer.search.cluster_window import WINDOW_ENGINE, Terms, Window, tokens_of
from indexer.search.request import SearchRequest
from tests.conftest import CORPUS, PARITY_INDEX as INDEX, SEED_002, SEED_003
from tests.test_opensearch_parity import both

ALIAS_TEST = "seeds-alias"

@pytest.mark.opensearch
def test_hits_keep_the_contract_with_their_counterparts(parity_whoosh, parity_cluster):
    whoosh, found, _ = both(parity_whoosh, parity_cluster, "lang:ru Конвенции", {})
    assert len(found["hits"]) == 10 and [sorted(hit) for hit in found["hits"]] == [sorted(hit) for hit in whoosh["hits"]]
    # ordered and folded alike: the same records, their BM25 scores aside (two words: Lucene's idf is not Whoosh's)
    assert [{k: v for k, v in hit.items() if k != "score"} for hit in found["hits"]] == \
        [{k: v for k, v in hit.items() if k != "score"} for hit in whoosh["hits"]]


@pytest.mark.opensearch
@pytest.mark.parametrize("ahead", [True, False])
@pytest.mark.parametrize("query", ["lang:ru Конвенции", "lang:en Charter", "lang:ru права"])
def test_the_anchors_read_with_the_counterparts_are_those_of_whoosh(parity_whoosh, parity_cluster, monkeypatch,
                                                                     ahead, query):
    """The paragraphs that number a page's anchors are read with its counterparts (those of the hits' numbers, and
    near them, in their groups); the records those cannot number whole (here, without ``ahead``, all of them) are
    read after, in one request: the same anchors as on Whoosh for every record shown, hits and counterparts."""
    if not ahead:
        monkeypatch.setattr(cluster_anchors, "_near", lambda number: ["no such number"])
    read = []
    running = parity_cluster.run
    monkeypatch.setattr(parity_cluster, "run", lambda body, **params: read.append(body) or running(body, **params))
    request = SearchRequest(query=query)
    whoosh, found = reading.search_page(parity_whoosh, request), on_opensearch.search_page(parity_cluster, request)
    anchors = {r["id"]: r["anchor"] for hit in whoosh["hits"] for r in (hit, *hit["aligned"])}
    shown = {r["id"]: r["anchor"] for hit in found["hits"] for r in (hit, *hit["aligned"])}
    assert len(shown) > len(found["hits"]) >= 5 and any(shown.values())
    assert shown == {pid: anchors[pid] for pid in shown}
    assert len([body for body in read if body.get("_source") == cluster_anchors.SOURCE]) == (0 if ahead else 1)


@pytest.mark.opensearch
def test_the_command_line_searches_the_cluster(parity_whoosh, parity_cluster, cluster_url, monkeypatch):
    monkeypatch.setenv("UN_SEARCH_OPENSEARCH", cluster_url)
    result = CliRunner().invoke(cli, ["search", '"organized crime"', "--index", INDEX, "--json", "--limit", "3"])
    whoosh, _, _ = both(parity_whoosh, parity_cluster, '"organized crime"', {"limit": 3})
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["total"] == whoosh["total"] and len(answer["hits"]) == 3
    assert all(hit["citation"] and "organized crime" in hit["text"].lower() for hit in answer["hits"])
    across = CliRunner().invoke(cli, ["search", "преступность", "--index", INDEX, "--translate", "--lang", "en"])
    assert across.exit_code == 0 and "преступность → crime" in across.output


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


@pytest.mark.parametrize("path", [CORPUS / "001_a4c9014b07e334a9.txt", SEED_002, SEED_003])
def test_the_token_strings_are_those_of_the_analyzers_tokens(path):
    """A field's token string is made from its terms and positions without making the analyzer's tokens: the same
    string as from the tokens, for every paragraph of a real document in each field (stop words, hyphenated words,
    Russian lemmas, numbers)."""
    documents, schema = Documents(), build_schema()

    def from_tokens(name: str, text: str) -> str:
        at: dict[int, list[str]] = {}
        for t in schema[name].analyzer(text, mode="index", positions=True):
            terms = at.setdefault(t.pos, [])
            if t.text not in terms:
                terms.append(t.text)
        if not at:
            return ""
        return " ".join("\ue000".join(at[pos]) if pos in at else FILLER for pos in range(min(at), max(at) + 1))

    paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    assert len(paragraphs) > 20
    made = {name: [documents.tokens(name, text) for text in paragraphs] for name in ("text_en", "text_ru", "exact")}
    assert made == {name: [from_tokens(name, text) for text in paragraphs] for name in made}
    assert sum("\ue000" in string for strings in made.values() for string in strings) > 5


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
    ("symbol:CTOC/COP/2012/*", {"prefix": {"symbol_norm": {"value": "ctoc/cop/2012/", "boost": 1.0,
                                                           "rewrite": "top_terms_1000"}}}),
    ("migra*", {"bool": {"should": [  # the lemmas, and the forms as written, that start with it
        {"prefix": {"text_en": {"value": "migra", "boost": 1.0, "rewrite": "top_terms_1000"}}},
        {"prefix": {"exact": {"value": "migra", "boost": 1.0, "rewrite": "top_terms_1000"}}},
        {"prefix": {"text_ru": {"value": "migra", "boost": 1.0, "rewrite": "top_terms_1000"}}}],
        "minimum_should_match": 1}}),
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
        "boost": 1.0, "rewrite": "top_terms_1000"}}}


def test_a_query_without_a_translation_says_so():
    from whoosh.query import TermRange

    with pytest.raises(UnsupportedQuery, match="TermRange has no translation"):
        to_dsl(TermRange("id", "a", "b"), _SCHEMA)


def test_a_bad_url_is_refused_before_any_request():
    with pytest.raises(ClusterUnavailable, match=r"^not an OpenSearch URL: \*\*\*@host \(use http://host:port"):
        connection.client_for("user:pw@host")


def test_the_paragraphs_that_number_anchors_are_read_from_their_doc_values_alone():
    """What numbers a page's anchors is read from the doc values: no paragraph's stored fields (its id, its
    source) are read, nor sent."""
    (header, body), numbered = cluster_anchors.numbered_search([
        {"id": "A/70/1@en#4", "doc_id": "A/70/1@en", "symbol_key": "A/70/1", "number": "3", "position": 4}])
    assert header == {"routing": "A/70/1"}
    assert body["stored_fields"] == "_none_" and "_source" not in body
    assert body["docvalue_fields"] == ["doc_id", "number", "position"]
    assert numbered.searched == {("A/70/1", n) for n in ("1", "2", "3", "4", "5")}


class _Client:
    """A client that records what it is asked, and answers with no hits."""

    def __init__(self):
        self.asked: list[tuple[str, dict]] = []

    def search(self, **options):
        self.asked.append(("search", options))
        return {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}

    def msearch(self, **options):
        self.asked.append(("msearch", options))
        return {"responses": [{"hits": {"total": {"value": 0}, "hits": []}}] * (len(options["body"]) // 2)}

    def mget(self, **options):
        self.asked.append(("mget", options))
        return {"docs": []}


def test_the_node_reached_answers_from_its_own_copies():
    """Every search of the paragraphs, and every read by id, asks the copies of the shards on the node the client
    reaches (no hop to another node and back with the hits; the same copy for each search of a request)."""
    client = _Client()
    searcher = Searcher("http://127.0.0.1:9201", "un-000001", client)
    searcher.run({"query": {"match_all": {}}})
    searcher.aggregate({"match_all": {}}, {"lang": {"terms": {"field": "lang"}}}, seconds=1.0)
    searcher.msearch_each([{"size": 0}, {"size": 1}], [{"routing": "A/70/1"}, {}])
    searcher.by_ids(["A/70/1@en#4", "A/70/2@en#1"], {"A/70/1@en#4": "A/70/1"})
    assert [kind for kind, _ in client.asked] == ["search", "search", "msearch", "mget", "search"]
    assert all(options["preference"] == "_local" for kind, options in client.asked if kind != "msearch")
    (_, asked), = [(kind, options) for kind, options in client.asked if kind == "msearch"]
    assert asked["body"][0::2] == [{"preference": "_local", "routing": "A/70/1"}, {"preference": "_local"}]


def test_a_client_keeps_a_pool_of_connections_for_its_threads():
    """The threads of a web worker (and a build's writers) each keep their connection open: none is dropped
    after its request for want of room in the pool (the client's default keeps one)."""
    client = connection.client_for("http://127.0.0.1:9201")
    (node,) = client.transport.connection_pool.connections
    assert node.pool.pool.maxsize == connection.POOL == 8


@pytest.mark.parametrize("text, lang", [
    ("Everyone has the right to education. Education shall be free, at least in the elementary stages.", "en"),
    ("Каждый человек имеет право на образование. Образование должно быть бесплатным.", "ru"),
    ("Государства-члены и non-governmental organizations", "ru"),
])
def test_an_index_without_stored_terms_is_ordered_from_its_text(text, lang):
    """A generation written before the terms were stored: its best hits' terms are made again from their text,
    by the analysis that indexed them, the same as those stored."""
    documents = Documents()
    field = {"en": "text_en", "ru": "text_ru"}[lang]
    source = {"text": text, "lang": lang, "doc_lang": lang}
    stored = {"_source": source, "fields": {name: [documents.tokens(name, text)] for name in (field, "exact")}}
    made = Terms(tokens_of({"_source": source}, build_schema()))
    assert made == Terms(tokens_of(stored, build_schema()))
    assert made.length(field) >= len(text.split()) - 3 and made.length("exact") > 0


class _Cluster:
    """A searcher whose cluster holds ``paragraphs`` (real text, their terms as a build stores them): it answers a
    window's search with all of them, naming the forms each has, and a search by ids with their stored fields."""

    schema = build_schema()

    def __init__(self, paragraphs: list[str]):
        documents = Documents(self.schema)
        self.stored = {f"p{k}": {name: documents.tokens(name, text) for name in ("text_en", "exact")}
                       for k, text in enumerate(paragraphs)}
        self.texts = dict(zip(self.stored, paragraphs))
        self.bodies: list[dict] = []

    def run(self, body: dict, **params) -> dict:
        self.bodies.append(body)
        ids = body["query"]["ids"]["values"] if "ids" in body["query"] else list(self.stored)
        named = [clause["term"]["exact"] for clause in body.get("post_filter", {}).get("bool", {}).get("should", ())
                 if "term" in clause]
        hits = [{"_id": pid, "_score": 1.0, "_source": {"id": pid, "text": self.texts[pid], "lang": "en"},
                 "fields": {name: [self.stored[pid][name]] for name in body["stored_fields"]
                            if name in self.stored[pid]},
                 "matched_queries": [term["_name"] for term in named
                                     if term["value"] in self.stored[pid]["exact"].split(" ")]} for pid in ids]
        return {"hits": {"total": {"value": len(hits)}, "hits": hits}}


def test_the_forms_typed_are_told_by_the_cluster_not_read_from_each_hit():
    """A window's best hits are read without the token strings of their ``exact`` field: which of them have the
    forms typed the cluster tells with them (named queries of a filter that keeps every hit), and a form not asked
    for beforehand is read from that field, stored, in one more request; both answers are those of the terms."""
    paragraphs = [p.strip() for p in SEED_002.read_text(encoding="utf-8").split("\n") if len(p.split()) >= 8][:6]
    cluster = _Cluster(paragraphs)
    typed = [form for form in ("the", "rights", "migrants") if any(form in cluster.stored[pid]["exact"].split(" ")
                                                                   for pid in cluster.stored)]
    window = Window(cluster, None, 200, dsl={"match_all": {}}, forms=typed)
    (body,) = cluster.bodies
    assert body["stored_fields"] == ["text_en", "text_ru"] and body["_source"] is True
    assert body["post_filter"]["bool"]["should"][-1] == {"match_all": {}}
    having = {form: [n for n, pid in enumerate(cluster.stored) if form in cluster.stored[pid]["exact"].split(" ")]
              for form in (*typed, "states")}
    assert typed and any(having.values())
    with using(WINDOW_ENGINE):
        assert {form: engine().term_docs(window, "exact", form).tolist() for form in typed} == {
            form: having[form] for form in typed}
        assert len(cluster.bodies) == 1
        assert engine().term_docs(window, "exact", "states").tolist() == having["states"]
        assert len(cluster.bodies) == 2 and cluster.bodies[1]["stored_fields"] == ["exact"]
        assert engine().lengths_of(window, "exact", [0]).tolist() == [Terms(cluster.stored["p0"]).length("exact")]
        assert len(cluster.bodies) == 2


def test_a_generation_has_one_primary_unless_the_environment_says(monkeypatch):
    """One shard answers a search in one pass (the faster on a small machine); ``$UN_SEARCH_OPENSEARCH_SHARDS``
    gives more, and a value that is not a number of shards is refused before anything is written."""
    monkeypatch.delenv(writing.SHARDS_ENV, raising=False)
    assert writing.shards() == 1
    monkeypatch.setenv(writing.SHARDS_ENV, " 3 ")
    assert writing.shards() == 3
    for wrong in ("0", "three", "-2", "1025"):
        monkeypatch.setenv(writing.SHARDS_ENV, wrong)
        with pytest.raises(ClusterUnavailable, match=r"^\$UN_SEARCH_OPENSEARCH_SHARDS must be a whole number of "
                                                     rf"shards from 1 to 1024, not '{wrong}'$"):
            writing.shards()


@pytest.mark.parametrize("path", [CORPUS / "001_a4c9014b07e334a9.txt", SEED_002])
def test_a_hits_terms_read_as_asked_are_those_of_its_whole_token_strings(path):
    """A hit's terms are read from its token strings only as far as the ordering asks (a field's positions when
    a term of the query is in it, a length by counting): the same positions and lengths as reading every token of
    every field, for the paragraphs of a real document in each language."""
    documents = Documents()
    paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if len(p.split()) >= 3][:12]
    assert len(paragraphs) == 12
    for text in paragraphs:
        tokens = {name: documents.tokens(name, text) for name in ("text_en", "text_ru", "exact")}
        terms = Terms(tokens)
        for name, string in tokens.items():
            whole: dict[str, list[int]] = {}
            for k, term in terms_at(string):
                whole.setdefault(term, []).append(k)
            assert terms.length(name) == sum(len(at) for at in whole.values())
            assert {term: terms.at(name, term) for term in whole} == whole
            assert all(terms.has(name, term) for term in whole)
            parts = {piece for term in whole for piece in (term[:-1], term[1:]) if piece and piece not in whole}
            assert not any(terms.has(name, term) for term in [*parts, "nosuchterm", "\ue000", FILLER, ""])


@pytest.mark.opensearch
def test_the_cluster_names_the_best_hits_that_have_the_forms_typed(parity_cluster):
    """On the real cluster: the named queries of a window's filter tell the same hits for each form typed as the
    hits' own ``exact`` terms, read from the cluster in a request of their own."""
    forms = ("migrants", "rights", "states")
    dsl = {"terms": {"exact": list(forms)}}
    told = Window(parity_cluster, None, 200, dsl=dsl, forms=forms)
    read = Window(parity_cluster, None, 200, dsl=dsl)
    assert told.ids == read.ids and len(told.ids) == 200
    with using(WINDOW_ENGINE):
        named = {form: engine().term_docs(told, "exact", form).tolist() for form in forms}
        stored = {form: engine().term_docs(read, "exact", form).tolist() for form in forms}
    assert named == stored and all(named.values())
