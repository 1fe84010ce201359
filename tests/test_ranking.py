"""The order of the hits (:mod:`indexer.search.ranking`) and their folding (:mod:`indexer.search.collapse`), on real text."""

from __future__ import annotations

import re

import pytest

from indexer.deadline import CURRENT, Deadline
from indexer.search import ranking
from indexer.search.collapse import title_key
from indexer.search.request import SearchRequest, search
from indexer.storage.generations import searching

LINE_TEXTS = {"Technical assistance", "Technical assistance.", "VII. Technical assistance", "(e) Technical assistance needs"}


def hits(index_dir, query: str, lang: str = "any", limit: int = 100, offset: int = 0) -> list[dict]:
    with searching(index_dir) as searcher:
        return search(searcher, SearchRequest(query=query, lang=lang, limit=limit, offset=offset))["hits"]


def first_without(found: list[dict], has) -> int:
    """Return the rank of the first hit without what ``has`` tells (the number of hits if all have it)."""
    return next((k for k, h in enumerate(found) if not has(h["text"])), len(found))


def last_with(found: list[dict], has) -> int:
    return max((k for k, h in enumerate(found) if has(h["text"])), default=-1)


# --- paragraphs before lines --------------------------------------------------------------------------

def test_technical_assistance_gives_paragraphs_before_agenda_lines_headings_and_contents_rows(relevance_index):
    found = hits(relevance_index, "technical assistance") + hits(relevance_index, "technical assistance", offset=100)
    lines = [k for k, h in enumerate(found) if h["text"] in LINE_TEXTS or h["kind"] != "paragraph"]
    assert len(lines) >= 4 and min(lines) >= 10
    assert all(len(h["text"].split()) > ranking.LINE_WORDS for h in found[:10])


def test_the_lines_told_once_per_reader_are_those_told_of_the_hits(relevance_index, search_engine):
    import numpy as np

    with searching(relevance_index) as searcher:
        every = np.arange(searcher.reader().doc_count_all(), dtype=np.int64)
        some = every[::-7]
        expected = ranking._lines(searcher, some)
        assert ranking.lines(searcher, some).tolist() == expected.tolist() and 0 < expected.sum() < len(some)
        kept = ranking._LINES.get(searcher.reader())["lines"]  # every paragraph's, kept with its reader
        assert kept.dtype == bool and kept.tolist() == ranking._lines(searcher, every).astype(bool).tolist()


def test_a_heading_comes_after_the_paragraphs_with_the_form_typed(relevance_index):
    found = hits(relevance_index, "сессии")
    assert [h["text"] for h in found][-1] == "Шестая сессия"
    assert all("сессии" in h["text"] for h in found[:4])


@pytest.mark.parametrize("query", ["Opening of the session", "Financial and budgetary matters", "Election of officers",
                                   "Deliberations", "Provisional agenda"])
def test_a_contents_row_is_never_listed_with_the_heading_it_repeats(relevance_index, query):
    found = hits(relevance_index, query)
    headings = {(h["doc_id"], title_key(h["text"])) for h in found if h["kind"] == "heading"}
    rows = [h for h in found if h["kind"] == "contents"]
    assert not [h["text"] for h in rows if (h["doc_id"], title_key(h["text"])) in headings]
    assert headings


# --- identical paragraphs -----------------------------------------------------------------------------

DONORS = "Invites Member States and other donors to provide extrabudgetary resources for these purposes in accordance"


def test_the_same_paragraph_in_two_reports_is_one_hit_that_lists_the_other(relevance_index):
    found = hits(relevance_index, DONORS)
    same = [h for h in found if h["text"].startswith(DONORS)]
    assert len(same) == 1
    assert (same[0]["citation"], same[0]["also_documents"]) == ("CTOC/COP/2012/15, para. 22", 1)
    [other] = same[0]["also_in"]
    assert other["doc_id"] == "003_3ab3fca3f0fa6499@en" and other["number"] == "18"
    assert set(other) == {"id", "doc_id", "symbol", "lang", "number", "position", "kind", "title", "citation"}


@pytest.mark.parametrize("query", ["Deliberations", "Action taken by the Conference", DONORS, "Member States",
                                   "United Nations publication"])
def test_no_two_hits_have_the_same_text(relevance_index, query):
    found = hits(relevance_index, query)
    texts = [(h["lang"], h["text"]) for h in found]
    assert len(texts) == len(set(texts))
    assert any(h["also_in"] for h in found)
    for h in found:
        assert h["also_documents"] == len({a["doc_id"] for a in h["also_in"]}) or len(h["also_in"]) == 5


def test_a_heading_repeated_in_one_document_is_one_hit(relevance_index):
    found = hits(relevance_index, "Deliberations")
    [heading] = [h for h in found if h["text"] == "Deliberations"]
    assert heading["kind"] == "heading" and len(heading["also_in"]) == 5 and heading["also_documents"] == 2


# --- words together, in the order typed -----------------------------------------------------------------

def _has(pattern: str):
    compiled = re.compile(pattern)
    return lambda text: compiled.search(text) is not None


@pytest.mark.parametrize("query, lang, together", [
    ("Member States", "any", r"\bMember States\b"),
    ("правам человека", "ru", r"(?i)\bправ\w*\s+человека\b"),
    ("права человека", "any", r"(?i)\bправ\w*\s+человека\b"),
    ("human rights", "any", r"(?i)\bhuman rights\b"),
    ("Security Council", "any", r"\bSecurity Council\b"),
    ("capacity building", "any", r"capacity-building|capacity building"),
])
def test_the_words_next_to_each_other_in_the_order_typed_come_first(relevance_index, query, lang, together):
    found = hits(relevance_index, query, lang)
    has = _has(together)
    assert first_without(found, has) > last_with(found, has) >= 0


def test_member_states_before_states_members(relevance_index):
    found = hits(relevance_index, "Member States")
    reversed_only = [k for k, h in enumerate(found) if "States Members" in h["text"] and "Member States" not in h["text"]]
    assert reversed_only and min(reversed_only) > last_with(found, _has(r"\bMember States\b"))


def test_the_collocation_comes_before_every_person_has_the_right(relevance_index):
    found = hits(relevance_index, "правам человека", "ru")
    everyone = [k for k, h in enumerate(found) if h["text"].startswith("Каждый человек")]
    assert len(everyone) > 10 and min(everyone) > last_with(found, _has(r"(?i)\bправ\w*\s+человека\b"))
    assert "правам человека" in found[0]["text"]


@pytest.mark.parametrize("query, typed, other", [
    ("Совет Безопасности", "Совет Безопасности", r"Совет[аеуом]+ Безопасности"),
    ("международного мира и безопасности", "международного мира и безопасности", r"международн\w+ мир\w*"),
])
def test_the_words_in_the_forms_typed_come_before_other_forms(relevance_index, query, typed, other):
    found = hits(relevance_index, query)
    assert first_without(found, lambda text: typed in text) > 5
    assert any(re.search(other, h["text"]) and typed not in h["text"] for h in found)


# --- the form typed ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, form, others", [
    ("проведенных", "проведенных", ("проведет", "провела")),
    ("сессии", "сессии", ("сессия", "сессию")),
    ("Ассамблеи", "Ассамблеи", ("Ассамблея", "Ассамблеей")),
])
def test_the_form_typed_comes_before_other_forms_of_its_lemma(relevance_index, query, form, others):
    found = hits(relevance_index, query)
    has = _has(rf"(?i)\b{form}\b")
    assert first_without(found, has) > last_with(found, has) >= 0
    assert any(o in h["text"] for h in found for o in others)


# --- what the window leaves, what a deadline leaves --------------------------------------------------------

def test_pages_follow_each_other_without_gaps_or_repeats(relevance_index):
    every = [h["id"] for h in hits(relevance_index, "Convention", limit=100)]
    with searching(relevance_index) as searcher:
        paged = [h["id"] for offset in range(0, 100, 7)
                 for h in search(searcher, SearchRequest(query="Convention", offset=offset, limit=7))["hits"]]
    assert paged[:100] == every and len(set(every)) == 100


def test_past_the_window_the_hits_follow_by_score(relevance_index, monkeypatch):
    monkeypatch.setattr(ranking, "WINDOW", 5)
    found = hits(relevance_index, "Convention", limit=30)
    assert [h["score"] for h in found[5:]] == sorted((h["score"] for h in found[5:]), reverse=True)
    assert len({h["id"] for h in found}) == 30


def test_past_the_deadline_the_hits_come_by_score_and_the_result_says_so(relevance_index):
    times = iter([0.0] + [10.0] * 1000)
    token = CURRENT.set(Deadline(1.0, clock=lambda: next(times)))
    try:
        with searching(relevance_index) as searcher:
            result = search(searcher, SearchRequest(query="сессии"))
    finally:
        CURRENT.reset(token)
    assert result["partial"] and [h["text"] for h in result["hits"]] == ["Шестая сессия"]  # the best score


@pytest.mark.parametrize("query, expected", [
    ("Member States", [("member",), ("states",)]),
    ('"ввоза мигрантов" -оружия', [("ввоза",), ("мигрантов",)]),
    ("=мигрантов lang:ru", [("мигрантов",)]),
    ("migra* smuggling", [(), ("smuggling",)]),
    ("lang:en", []),
    ('"ввоз мигрантов" OR "smuggling of migrants"', [("ввоз",), ("мигрантов",), ("smuggling",), ("migrants",)]),
    ("migrants OR refugees вен", [("migrants",), ("refugees",), ("вен",)]),
])
def test_the_words_of_a_query_are_read_in_order(relevance_index, query, expected):
    with searching(relevance_index) as searcher:
        words = ranking.query_words(searcher.schema, query, "any")
    assert [w.forms for w in words] == expected


@pytest.mark.parametrize("query, apart", [
    ('"of nongovernmental organizations"', '"nongovernmental organizations"'),
    ('"nongovernmental organizations and"', '"nongovernmental organizations"'),
    ('"capacity building and"', '"capacity building"'),
    ('"the Secretary General shall"', '"Secretary General shall"'),
])
def test_a_compound_in_a_longer_phrase_gives_its_words_as_in_a_shorter_one(relevance_index, query, apart):
    """The spellings with two words joined (one position fewer) do not hide the phrase's words from the order."""
    with searching(relevance_index) as searcher:
        words, shorter = (ranking.query_words(searcher.schema, text, "any") for text in (query, apart))
    assert words == shorter and all(w.terms for w in words)
