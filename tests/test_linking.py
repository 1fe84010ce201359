"""Linking language versions: by symbol, by content above a threshold, never between unrelated seeds."""

from __future__ import annotations

import pytest

from indexer.documents import Block, assemble
from indexer.align.linking import LINK_THRESHOLD, content_score, fingerprint, link_versions


def charter(pool, lang, symbol=None):
    lines = (pool / "un-charter" / f"raw_un_charter_{lang}.txt").read_text(encoding="utf-8").splitlines()
    blocks = [Block(line.strip()) for line in lines if line.strip()]
    return assemble(blocks, doc_id=f"{symbol or 'charter'}@{lang}", lang=lang, symbol=symbol)


def test_no_seed_is_linked_to_another(seed_docs):
    groups, decisions = link_versions(list(seed_docs.values()))
    assert len(groups) == 4
    assert not any(d.linked for d in decisions)


def test_seed_scores_stay_well_below_the_threshold(seed_docs):
    ru = fingerprint(seed_docs["001"])
    for key in ("002", "003", "004"):
        assert content_score(fingerprint(seed_docs[key]), ru) < LINK_THRESHOLD - 0.15


@pytest.mark.parametrize("en_symbol, ru_symbol", [(None, None), ("ST/CHARTER/1945", None), (None, "ST/CHARTER/1945")])
def test_charter_versions_without_a_shared_symbol_are_linked_by_content(pool, en_symbol, ru_symbol):
    en, ru = charter(pool, "en", en_symbol), charter(pool, "ru", ru_symbol)
    groups, decisions = link_versions([en, ru])
    assert len(groups) == 1
    [decision] = decisions
    assert decision.linked and decision.how == "content" and decision.score > 0.8


def test_same_symbol_links_without_looking_at_content(seed_docs):
    en = seed_docs["002"]
    ru = assemble([Block("Совсем другой текст.")], doc_id="CTOC/COP/2012/15@ru", lang="ru", symbol="СТОС/COP/2012/15")
    groups, decisions = link_versions([en, ru])
    assert [d.how for d in decisions] == ["symbol"]
    assert len(groups) == 1


def test_charter_is_not_linked_to_an_unrelated_russian_seed(pool, seed_docs):
    groups, decisions = link_versions([charter(pool, "en"), seed_docs["001"]])
    assert len(groups) == 2
    assert not any(d.linked for d in decisions)


def test_many_unlinked_versions_are_compared_with_their_likeliest_candidates_only(pool):
    """Past ALL_PAIRS pairs, blocking on shared distinctive numbers keeps the true pair among the candidates."""
    from indexer.align import linking

    en, ru = charter(pool, "en"), charter(pool, "ru")
    noise = [assemble([Block(f"Report {k} of {1990 + k % 30} on item {k * 7}: {k * 13} cases.")],
                      doc_id=f"noise{k}@{lang}", lang=lang) for k in range(120) for lang in ("en", "ru")]
    english = [en] + [d for d in noise if d.lang == "en"]
    russian = [d for d in noise if d.lang == "ru"] + [ru]
    assert len(english) * len(russian) > linking.ALL_PAIRS
    prints = {d.doc_id: fingerprint(d) for d in english + russian}
    pairs = linking.candidate_pairs(english, russian, prints)
    assert (en, ru) in pairs
    assert len(pairs) <= 2 * linking.CANDIDATES * len(english)
    groups, decisions = link_versions(english + russian)
    assert any(d.linked and d.en == en.doc_id and d.ru == ru.doc_id for d in decisions)


@pytest.mark.parametrize("text, symbols", [
    ("as requested in resolution A/RES/70/1 and in S/2015/1", ["A/RES/70/1", "S/2015/1"]),
    ("доклад СТОС/СОР/2012/1 (в кириллице) и CTOC/COP/2012/1", ["CTOC/COP/2012/1"]),
    ("The Conference of the Parties decided, without a vote", []),
    ("half of them (1/2) and the years 2010-2015", []),
])
def test_the_symbols_a_text_cites(text, symbols):
    from indexer.symbols import find_symbols

    assert find_symbols(text) == symbols
