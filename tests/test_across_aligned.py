"""The paragraph links as arrays (:mod:`indexer.search.aligned`) against the links read one paragraph at a time."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import query as Q

from indexer.search import across, aligned
from indexer.search.query import parse_query
from indexer.storage import crosslang
from indexer.storage import generations as store


@pytest.fixture(scope="module")
def opened(parallel_index):
    ix = store.open_index(parallel_index)
    with ix.searcher() as searcher:
        yield searcher, crosslang.for_index(ix)
    ix.close()


def reference_best(data, docs, values) -> dict[int, float]:
    """Each counterpart of ``docs`` with the highest ``value × confidence`` of its links, one link at a time."""
    best: dict[int, float] = {}
    for n, value in zip(docs, values):
        others, confidence = data.counterparts.get(n, ((), 0.0))
        for other in others:
            if value * confidence > best.get(other, 0.0):
                best[other] = value * confidence
    return best


@pytest.mark.parametrize("text, lang", [("мигрантов", "ru"), ("human rights", "en"), ("Совет Безопасности", "ru"),
                                        ("sustainable development goals", "en")])
def test_the_counterparts_of_a_querys_matches_are_those_of_each(opened, text, lang):
    searcher, data = opened
    found = across._scored(searcher, parse_query(text, searcher.schema, lang))
    assert len(found) > 10
    ids, values = aligned.best_through(data, found.ids, across.ALIGNED_WEIGHT * found.scores)
    expected = reference_best(data, found.ids.tolist(), (across.ALIGNED_WEIGHT * found.scores).tolist())
    assert len(expected) > 10 and dict(zip(ids.tolist(), values.tolist())) == expected
    assert ids.tolist() == sorted(expected)
    linked = {other for n in found.ids.tolist() for other in data.counterparts.get(n, ((), 0.0))[0]}
    assert aligned.counterparts(data, found.ids).tolist() == sorted(linked)


def test_paragraphs_without_links_have_no_counterparts(opened):
    searcher, data = opened
    table = aligned.links(data)
    alone = [n for n in range(table.size) if n not in data.counterparts][:5]
    beyond = [table.size, table.size + 7]
    assert len(alone) == 5
    assert aligned.counterparts(data, np.array(alone + beyond)).tolist() == []
    assert [a.tolist() for a in aligned.best_through(data, np.array(beyond), np.ones(2))] == [[], []]
    linked = next(iter(data.counterparts))
    assert aligned.best_through(data, np.array([linked]), np.zeros(1))[0].tolist() == []  # no positive score
    assert aligned.links(data) is table and not table.starts.flags.writeable


def test_a_generation_without_links(opened):
    _, data = opened
    empty = crosslang.CrossData(data.lexicon, {})
    assert aligned.links(empty).size == 0
    assert aligned.counterparts(empty, np.array([0, 1, 2])).tolist() == []


def test_the_filters_allow_their_documents(opened):
    searcher, data = opened
    filters = Q.And([Q.Term("lang", "en")])
    allowed = data.docs_for(searcher, filters)
    assert allowed.dtype == bool and len(allowed) == searcher.doc_count_all() and not allowed.flags.writeable
    assert np.flatnonzero(allowed).tolist() == sorted(filters.docs(searcher))
    assert data.docs_for(searcher, filters) is allowed and data.docs_for(searcher, None) is None
