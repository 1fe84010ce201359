"""What a reader gets on the cluster beside the hits: "did you mean" in one request, and the same marked words.

The parity sources are built into both engines (``tests/conftest.py``); the
corrections the cluster offers are those Whoosh offers, its words all looked
up in one request (and the corrected query counted in a second), and every
record a results page shows is marked as Whoosh marks it.
"""

from __future__ import annotations

import pytest

from indexer.analysis import Analysis
from indexer.search import on_opensearch, reading
from indexer.search.request import SearchRequest


def counting(monkeypatch, searcher) -> list[tuple[str, str]]:
    """Return the list that the requests ``searcher`` sends to the cluster are added to, as (method, path)."""
    sent: list[tuple[str, str]] = []
    transport = searcher.client.transport
    perform = transport.perform_request

    def counted(method, url, *args, **kwargs):
        sent.append((method, url))
        return perform(method, url, *args, **kwargs)

    monkeypatch.setattr(transport, "perform_request", counted)
    return sent


@pytest.mark.opensearch
@pytest.mark.parametrize("query, suggestion, requests", [
    ("smugglng", "smuggling", 2),
    ("Smugglng of migrnts", "Smuggling of migrants", 2),  # two words looked up at once, then the count
    ("мигрантв", "мигрантов", 2),
    ("Конференцыи", "Конференции", 2),  # one edit, before the commoner "Конференция" two edits away
    ("migrants smuggling", None, 1),  # every word is known: nothing to count
    ("xqzvwk", None, 1),  # nothing close
    ("smugg*", None, 0),  # patterns are left alone: nothing asked
    ("lang:ru smugglng", None, 2),  # the correction finds nothing in Russian
])
def test_did_you_mean_asks_every_word_in_one_request(parity_whoosh, parity_cluster, monkeypatch, query, suggestion,
                                                      requests):
    request = SearchRequest(query)
    sent = counting(monkeypatch, parity_cluster)
    assert on_opensearch.did_you_mean(parity_cluster, request) == suggestion
    assert len(sent) == requests, sent
    assert reading.did_you_mean(parity_whoosh, request) == suggestion


@pytest.mark.opensearch
@pytest.mark.parametrize("query", ["smugglng", "Smugglng of migrnts", "мигрантв"])
def test_a_page_that_finds_nothing_suggests_in_two_requests_more(parity_cluster, monkeypatch, query):
    request = SearchRequest(query)
    sent = counting(monkeypatch, parity_cluster)
    found = on_opensearch.search_page(parity_cluster, request)
    assert found["total"] == 0 and found["did_you_mean"]
    searched = len(sent)
    monkeypatch.setattr(on_opensearch, "did_you_mean", lambda searcher, request: None)
    sent.clear()
    on_opensearch.search_page(parity_cluster, request)
    assert searched - len(sent) == 2


@pytest.mark.opensearch
@pytest.mark.parametrize("query, filters", [
    ("мигрантов", {}), ("migrants", {}), ('"human rights"', {}), ("права человека", {}), ("migra*", {}),
    ("smugling~", {}), ("=Conference", {}), ("peace -security", {}), ("Конвенции", {"lang": "ru"}),
    ("right to life", {"lang": "en"}), ("Конференции", {}),
])
def test_the_shown_records_are_marked_as_on_whoosh(parity_whoosh, parity_cluster, query, filters):
    request = SearchRequest(query, **filters)
    whoosh, found = reading.search_page(parity_whoosh, request), on_opensearch.search_page(parity_cluster, request)
    marked = {r["id"]: r["html"] for hit in whoosh["hits"] for r in (hit, *hit["aligned"])}
    shown = {r["id"]: r["html"] for hit in found["hits"] for r in (hit, *hit["aligned"])}
    both = marked.keys() & shown.keys()  # equal scores may be ordered apart
    assert len(both) >= 5 and any("<mark>" in marked[pid] for pid in both)
    assert {pid: shown[pid] for pid in both} == {pid: marked[pid] for pid in both}


@pytest.mark.opensearch
@pytest.mark.parametrize("query", ["мигрантов", "права человека", "migrants", '"прав человека"'])
def test_the_words_are_marked_from_the_terms_the_cluster_keeps(parity_whoosh, parity_cluster, monkeypatch, query):
    """The hits and their counterparts are read with their language fields' terms: none is analyzed again."""
    request = SearchRequest(query)
    expected = reading.search_page(parity_whoosh, request)
    marked = {r["id"]: r["html"] for hit in expected["hits"] for r in (hit, *hit["aligned"])}

    def analyzed(self, text, *args):
        raise AssertionError(f"analyzed again: {text[:60]}")

    monkeypatch.setattr(Analysis, "words", analyzed)
    monkeypatch.setattr(Analysis, "positions", analyzed)
    found = on_opensearch.search_page(parity_cluster, request)
    shown = {r["id"]: r["html"] for hit in found["hits"] for r in (hit, *hit["aligned"])}
    assert len(shown) > len(found["hits"]) >= 5  # with counterparts
    assert sum("<mark>" in html for html in shown.values()) >= 5
    both = marked.keys() & shown.keys()
    assert len(both) >= 5 and {pid: shown[pid] for pid in both} == {pid: marked[pid] for pid in both}
