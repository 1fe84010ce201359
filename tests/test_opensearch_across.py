"""Across languages on the cluster: the lexicon learned from the aligned pairs in the cluster, and searches with it.

The seeds, the Charter, the UDHR and the SDG texts are built into Whoosh and
into the cluster (:func:`tests.conftest.parity_whoosh_index`, :func:`tests.conftest.parity_cluster`):
the lexicon the cluster keeps beside its generation is the one Whoosh learns
from the same pairs, entry for entry; a search with ``--translate`` uses the
same translations, lists them alike, and shows the paragraphs the query's own
words find first.  What differs from Whoosh is said in :mod:`indexer.search.cluster_across`.
"""

from __future__ import annotations

import json

import pytest

from indexer.build.on_opensearch import build
from indexer.engine.opensearch import connection
from indexer.engine.opensearch.generation_data import LEXICON, data_name
from indexer.search import on_opensearch
from indexer.search.request import SearchRequest
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
