"""Across languages on the cluster: the lexicon learned from the aligned pairs in the cluster, and searches with it.

The seeds, the Charter, the UDHR and the SDG texts are built into Whoosh and
into the cluster (:func:`tests.conftest.parity_whoosh_index`, :func:`tests.conftest.parity_cluster`):
the lexicon the cluster keeps beside its generation is the one Whoosh learns
from the same pairs, entry for entry; a search with ``--translate`` uses the
same translations, lists them alike, finds the same paragraphs (those with
translations of some of a long query's words, the counterparts of the other
language's matches, not those shown beside their counterparts) and shows the
paragraphs the query's own words find first.  What differs from Whoosh (the
scores) is said in :mod:`indexer.search.cluster_across`.
"""

from __future__ import annotations

import json
import statistics

import pytest

from indexer.build.on_opensearch import build
from indexer.engine.opensearch import connection
from indexer.engine.opensearch.generation_data import LEXICON, data_name
from indexer.search import cluster_across, cluster_facets, on_opensearch
from indexer.search.across import PARTIAL_MOST
from indexer.search.cluster_across import generation_lexicon
from indexer.search.request import SearchRequest, search
from search_app import create_app
from tests.conftest import PARITY_INDEX, SEED_002
from tests.test_opensearch_commands import both, run

BARE = "no-lexicon"
TERMS = ["право", "human rights", "образование", "Security Council", "Генеральная Ассамблея", "migrants",
         "устав", "discrimination", "незаконный ввоз мигрантов", "sustainable development"]

# (query, language of the paragraphs, a word each of the first hits has in some form)
QUERIES = [
    ("право на образование", "en", "educat"),
    ("Совет Безопасности", "en", "security council"),
    ("human rights", "ru", "прав"),
    ("незаконный ввоз мигрантов", "en", "smuggl"),
    ("дискриминация", "en", "discriminat"),
    ("equal pay", "ru", "равн"),
    ("education", "any", "educat"),
]


@pytest.mark.opensearch
def test_the_lexicon_is_the_one_whoosh_learns(parity_whoosh_index, parity_cluster, cluster_url):
    learned = 0
    for term in TERMS:
        (code, whoosh, _), (cluster_code, cluster, _) = both(parity_whoosh_index, cluster_url, ["lexicon", term, "--json"])
        assert (code, cluster_code, cluster) == (0, 0, whoosh), term
        entries = json.loads(cluster)["entries"]
        learned += any(c["evidence"] == "corpus" for entry in entries for c in entry["candidates"])
        (_, whoosh, _), (_, cluster, _) = both(parity_whoosh_index, cluster_url, ["lexicon", term])
        assert cluster == whoosh
    assert learned >= len(TERMS) // 2  # learned from the aligned pairs, not only given by the glossary


def search_json(args: list[str], where: list[str]) -> dict:
    code, out, err = run(["search", *args, "--json", *where])
    assert code == 0, err
    return json.loads(out)


@pytest.mark.opensearch
@pytest.mark.parametrize("query, lang, word", QUERIES)
def test_a_search_across_languages(parity_whoosh_index, parity_cluster, cluster_url, query, lang, word):
    cluster = ["--opensearch", cluster_url, "--index", PARITY_INDEX]
    across = search_json([query, "--lang", lang, "--translate", "--limit", "20"], cluster)
    whoosh = search_json([query, "--lang", lang, "--translate", "--limit", "20"], ["--index", str(parity_whoosh_index)])
    own = search_json([query, "--lang", lang, "--limit", "100"], cluster)
    assert across["translations"] == whoosh["translations"] and across["translations"]
    assert across["total"] >= own["total"] and across["total"] > 0
    first = min(own["total"], 20)  # the query's own words' matches first, then the translations'
    texts = [(hit["doc_id"], hit["position"]) for hit in across["hits"]]
    assert set(texts[:first]) <= {(hit["doc_id"], hit["position"]) for hit in own["hits"]}
    assert all(hit["lang"] == lang for hit in across["hits"]) or lang == "any"
    assert sum(word in hit["text"].lower() for hit in across["hits"][:5]) >= min(3, len(across["hits"]))


# Searches across languages whose hits both engines must find alike: queries of words (every word translated;
# of three words or more, some of them too), phrases and OR (the query rewritten), one language (the counterparts
# of the other language's matches too) and any (a translated match shown beside its counterpart left out).
PARITY = [("право на образование", "en"), ("Совет Безопасности", "en"), ("human rights", "ru"),
          ("незаконный ввоз мигрантов", "en"), ("дискриминация", "en"), ("equal pay", "ru"), ("education", "any"),
          ("незаконный ввоз мигрантов", "any"), ("право на образование", "any"), ("human rights", "any"),
          ("sustainable development goals", "ru"), ("sustainable development goals", "any"),
          ("equal pay for equal work", "ru"), ("равная оплата за равный труд", "any"), ("migrants", "ru"),
          ("Security Council", "any"), ("права человека и основные свободы", "en"), ("smuggling of migrants", "ru"),
          ('"human rights"', "ru"), ("poverty OR hunger", "ru"), ("мигрантов", "any")]
MIN_ACROSS_OVERLAP = 0.8  # of the first ten hits, on average (0.84 now)


@pytest.fixture(scope="module")
def cluster_lexicon(parity_cluster, tmp_path_factory):
    """The lexicon of the parity sources' generation on the cluster."""
    return generation_lexicon(parity_cluster, tmp_path_factory.mktemp("lexicon"))


@pytest.mark.opensearch
def test_the_same_matches_across_languages_as_on_whoosh(parity_whoosh_across, parity_cluster, cluster_lexicon):
    overlaps = []
    for query, lang in PARITY:
        request = SearchRequest(query=query, lang=lang, translate=True, limit=100)
        expected = search(parity_whoosh_across[0], request, crosslang=parity_whoosh_across[1])
        found = on_opensearch.search(parity_cluster, request, cluster_lexicon)
        assert (found["total"], found["translations"]) == (expected["total"], expected["translations"]), query
        if expected["total"] <= 100:  # every hit on one page: the same paragraphs
            assert {hit["id"] for hit in found["hits"]} == {hit["id"] for hit in expected["hits"]}, query
        first = [{hit["id"] for hit in result["hits"][:10]} for result in (found, expected)]
        overlaps.append(len(first[0] & first[1]) / len(first[1]))
    assert statistics.mean(overlaps) >= MIN_ACROSS_OVERLAP


@pytest.mark.opensearch
def test_a_query_of_three_words_also_finds_paragraphs_with_some_of_them(parity_cluster, cluster_lexicon):
    request = SearchRequest(query="права человека и основные свободы", lang="en", translate=True, limit=100)
    planned = cluster_across.plan(parity_cluster, request, cluster_lexicon, parity_cluster.schema)
    routes = planned.query["bool"]["should"][2]["bool"]["should"]
    every = parity_cluster.run({"query": {"bool": {"must": [routes[0]], "filter": [{"term": {"lang": "en"}}]}},
                                "size": 0, "track_total_hits": True})["hits"]["total"]["value"]
    own = on_opensearch.search(parity_cluster, SearchRequest(query=request.query, lang="en"))["total"]
    found = on_opensearch.search(parity_cluster, request, cluster_lexicon)
    assert 0 < every and every + own < found["total"] <= every + own + PARTIAL_MOST + len(found["translations"])


@pytest.mark.opensearch
def test_a_pages_searches_by_language_translate_its_words_once(parity_cluster, cluster_lexicon, monkeypatch):
    """A page's search and the searches that count its facet of languages (the same words, each language as the
    filter) translate the words once, and make each word's query once, into the plans each makes alone."""
    request = SearchRequest(query="права человека и основные свободы", translate=True)
    requests = [request, *cluster_facets.by_language(request, cluster_lexicon)]
    alone = []
    for each in requests:
        cluster_across._PLANS.clear()
        alone.append(cluster_across.plan(parity_cluster, each, cluster_lexicon, parity_cluster.schema))
    cluster_across._PLANS.clear()
    made = []
    translator = cluster_across.QueryTranslator
    monkeypatch.setattr(cluster_across, "QueryTranslator", lambda *args, **options: made.append(args) or translator(
        *args, **options))
    words, querying = [], cluster_across._word
    monkeypatch.setattr(cluster_across, "_word", lambda word: words.append(id(word)) or querying(word))
    assert len(requests) == 3 and cluster_across.plans(parity_cluster, requests, cluster_lexicon,
                                                       parity_cluster.schema) == alone
    assert len(made) == 1 and alone[0].used and alone[1].query != alone[2].query
    assert len(words) == len(set(words)) >= 3


@pytest.mark.opensearch
def test_one_language_finds_the_counterparts_of_the_others_matches(parity_cluster, cluster_lexicon):
    """``poverty OR hunger`` in Russian: also the Russian counterparts of the English paragraphs it finds."""
    request = SearchRequest(query="poverty OR hunger", lang="ru", translate=True, limit=100)
    found = {hit["id"] for hit in on_opensearch.search(parity_cluster, request, cluster_lexicon)["hits"]}
    english = on_opensearch.search(parity_cluster, SearchRequest(query="poverty OR hunger", lang="en", limit=100))
    counterparts = {other["id"] for hit in english["hits"] for other in hit["aligned"]}
    assert counterparts and counterparts <= found


@pytest.mark.opensearch
def test_any_language_leaves_out_what_is_shown_beside_its_counterpart(parity_cluster, cluster_lexicon):
    request = SearchRequest(query="education", translate=True, limit=100)
    found = on_opensearch.search(parity_cluster, request, cluster_lexicon)
    own = on_opensearch.search(parity_cluster, SearchRequest(query="education", limit=100))
    shown = {hit["id"] for hit in own["hits"]}
    beside = {other["id"] for hit in own["hits"] for other in hit["aligned"]} - shown
    assert beside and not beside & {hit["id"] for hit in found["hits"]}
    assert found["total"] > own["total"]  # translated matches without a shown counterpart remain


@pytest.mark.opensearch
def test_a_translation_turned_off(parity_cluster, cluster_url):
    request = SearchRequest(query="право на образование", lang="en", translate=True)
    found = on_opensearch.search_cluster(cluster_url, PARITY_INDEX, request)
    key = next(t["key"] for t in found["translations"] if t["to"] == "education")
    without = on_opensearch.search_cluster(cluster_url, PARITY_INDEX, SearchRequest(
        query=request.query, lang="en", translate=True, exclude=(key,)))
    assert [t["excluded"] for t in without["translations"] if t["key"] == key] == [True]
    assert without["total"] < found["total"]


@pytest.mark.opensearch
def test_the_web_app_searches_across_languages_on_the_cluster(parity_whoosh_index, parity_cluster, cluster_url):
    query = "/api/search?q=%D0%BF%D1%80%D0%B0%D0%B2%D0%BE%20%D0%BD%D0%B0%20%D0%BE%D0%B1%D1%80%D0%B0%D0%B7%D0%BE%D0%B2%D0%B0%D0%BD%D0%B8%D0%B5&lang=en&translate=1"
    on_cluster = create_app({"OPENSEARCH": cluster_url, "INDEX_DIR": PARITY_INDEX}).test_client().get(query)
    on_whoosh = create_app({"INDEX_DIR": str(parity_whoosh_index)}).test_client().get(query)
    assert (on_cluster.status_code, on_whoosh.status_code) == (200, 200)
    found, expected = on_cluster.get_json(), on_whoosh.get_json()
    assert found["translations"] == expected["translations"] and found["total"] > 0
    assert all("educat" in hit["text"].lower() for hit in found["hits"][:3])


@pytest.mark.opensearch
def test_a_generation_without_a_lexicon(cluster_url):
    """A generation whose data keeps no lexicon (written before lexicons were kept on the cluster)."""
    client = connection.connect(cluster_url)
    client.indices.delete(index=f"{BARE}-*", ignore_unavailable=True)
    try:
        number = build([SEED_002], BARE, url=cluster_url).generation
        client.delete(index=data_name(BARE, number), id=LEXICON, refresh=True)
        where = ["--opensearch", cluster_url, "--index", BARE]
        assert run(["lexicon", "smuggling", *where]) == (
            2, "", f"Error: the index '{BARE}' on OpenSearch has no lexicon (it was built before lexicons were kept "
                   f"there): build it again with `python -m indexer build SOURCES --opensearch URL --index {BARE}`\n")
        assert search_json(["smuggling", "--translate"], where)["translations"] is None
    finally:
        client.indices.delete(index=f"{BARE}-*", ignore_unavailable=True)
