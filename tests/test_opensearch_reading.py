"""What a reader gets on the cluster beside the hits: "did you mean" in one request.

The parity sources are built into both engines (``tests/conftest.py``); the
corrections the cluster offers are those Whoosh offers, its words all looked
up in one request (and the corrected query counted in a second).
"""

from __future__ import annotations

import pytest

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
