"""Searching across languages on real text: translations, the alignment, ranking, turning a translation off, marks."""

from __future__ import annotations

import math

import re

import numpy as np
import pytest
from whoosh import query as Q

from indexer.search import across

from indexer.storage import crosslang

from indexer.engine import fastsearch

from indexer.storage import generations as store

from indexer.search import translate
from indexer.search.across import PARTIAL_MOST, DocScores
from indexer.errors import QueryError
from indexer.lexicon.model import CORPUS, DICTIONARY, Lexicon
from indexer.search.query import parse_query
from indexer.search.reading import search_page
from indexer.engine.schema import build_schema
from indexer.search.request import MAX_EXCLUDE, SearchRequest, search
from indexer.lexicon.units import UnitReader
from tests.test_web_data import EN_ID, RU_ID, cross_index, web_index  # noqa: F401

pytestmark = pytest.mark.usefixtures("search_engine")  # the speed-ups in place


SMUGGLING = "ru:незаконный ввоз мигрант>en:smuggle migrant"
MIGRANT = "ru:мигрант>en:migrant"


def _searching(index_dir):
    """Yield a searcher of the index at ``index_dir`` and its cross-language data; close them after."""
    ix = store.open_index(index_dir)
    with ix.searcher() as searcher:
        yield searcher, crosslang.for_index(ix)
    ix.close()


@pytest.fixture(scope="module")
def seeds(seed_index):
    """A searcher of the seed index and its cross-language data."""
    yield from _searching(seed_index)


@pytest.fixture(scope="module")
def seeds_dictionary(seed_index_with_dictionary):
    """A searcher of the seed index whose lexicon has the general dictionary's pairs, and its cross-language data."""
    yield from _searching(seed_index_with_dictionary)


@pytest.fixture(scope="module")
def aligned(cross_index):  # noqa: F811
    """A searcher of the seeds with the hand-aligned sample, and their cross-language data."""
    yield from _searching(cross_index)


def run(index, query, **kw):
    searcher, data = index
    return search(searcher, SearchRequest(query, limit=kw.pop("limit", 100), **kw), crosslang=data)


def page(index, query, **kw):
    searcher, data = index
    return search_page(searcher, SearchRequest(query, limit=kw.pop("limit", 100), **kw), data)


# --- the seeds: three of the four exist only in English -------------------------------------------------

@pytest.mark.parametrize("index", ["seeds", "seeds_dictionary"])
def test_a_russian_term_finds_the_english_seeds_through_the_glossary(request, index):
    seeds = request.getfixturevalue(index)
    assert run(seeds, "незаконный ввоз мигрантов", lang="en")["total"] == 0
    result = run(seeds, "незаконный ввоз мигрантов", lang="en", translate=True)
    about = [h for h in result["hits"] if "smuggling of migrants" in h["text"].lower()]
    assert {h["doc_id"] for h in about} == {"CTOC/COP/2012/15@en", "003_3ab3fca3f0fa6499@en"}
    assert len(about) > 60 and all("migrant" in h["text"].lower() for h in result["hits"])
    full = [i for i, h in enumerate(result["hits"]) if "smuggl" in h["text"].lower()]
    assert full == list(range(len(full)))  # the whole term (in any order) first, then "migrants" alone
    used = {t["key"]: t for t in result["translations"]}
    assert used[SMUGGLING]["to"] == "smuggling of migrants" and used[SMUGGLING]["source"] == "glossary"
    assert used[MIGRANT]["from"] == "мигрант" and not any(t["excluded"] for t in result["translations"])


def test_with_any_language_the_russian_originals_stay(seeds):
    alone = run(seeds, "незаконный ввоз мигрантов")
    across = run(seeds, "незаконный ввоз мигрантов", translate=True)
    assert {h["id"] for h in alone["hits"]} < {h["id"] for h in across["hits"]}
    assert {h["lang"] for h in across["hits"]} == {"en", "ru"}


def test_turning_translations_off(seeds):
    one_off = run(seeds, "незаконный ввоз мигрантов", lang="en", translate=True, exclude=(SMUGGLING,))
    assert {t["key"]: t["excluded"] for t in one_off["translations"]} == {MIGRANT: False, SMUGGLING: True}
    both_off = run(seeds, "незаконный ввоз мигрантов", lang="en", translate=True, exclude=(SMUGGLING, MIGRANT))
    assert both_off["total"] == 0 and all(t["excluded"] for t in both_off["translations"])


def test_with_the_term_turned_off_its_words_fall_back_on_the_dictionary(seeds_dictionary):
    on = run(seeds_dictionary, "незаконный ввоз мигрантов", lang="en", translate=True)
    assert {t["key"] for t in on["translations"]} == {SMUGGLING, MIGRANT}  # a term: not its words' senses
    off = run(seeds_dictionary, "незаконный ввоз мигрантов", lang="en", translate=True, exclude=(SMUGGLING,))
    used = {t["key"]: t for t in off["translations"]}
    assert used[SMUGGLING]["excluded"] and used[MIGRANT]["source"] == "glossary"
    assert {key for key, t in used.items() if t["source"] == "dictionary"} >= {
        "ru:незаконный>en:illegal", "ru:ввоз>en:import"}
    assert all(t["score"] < 0.25 for t in used.values() if t["source"] == "dictionary")


def test_a_word_only_the_dictionary_translates(seeds, seeds_dictionary):
    assert run(seeds, "влияние", lang="en", translate=True)["total"] == 0
    result = run(seeds_dictionary, "влияние", lang="en", translate=True)
    assert result["translations"][0]["to"] == "influence" and result["translations"][0]["source"] == "dictionary"
    assert result["total"] >= 10 and all(t["source"] == "dictionary" for t in result["translations"])
    assert any("influence" in hit["text"] for hit in result["hits"])


@pytest.mark.parametrize("query, lang", [("мигрант", "any"), ("migrant", "any"), ("незаконного ввоза мигрантов", "any")])
def test_every_original_ranks_above_every_translated_match(seeds, query, lang):
    own_hits = run(seeds, query, lang=lang, limit=100)["hits"]
    own = {i for h in own_hits for i in same_text(h)}  # which of identical paragraphs stands for them may differ
    found = run(seeds, query, lang=lang, translate=True, limit=100)["hits"]
    originals = [i for i, h in enumerate(found) if set(same_text(h)) & own]
    assert 0 < len(own_hits) < 100 and len(found) > len(own_hits) and originals == list(range(len(own_hits)))
    assert {i for h in found[:len(own_hits)] for i in same_text(h)} == own
    assert all(a["score"] > b["score"] for a, b in zip(found[len(own_hits) - 1:len(own_hits)], found[len(own_hits):]))


def same_text(hit: dict) -> list[str]:
    """Return the ids of a hit and of the identical paragraphs folded into it."""
    return [hit["id"], *(also["id"] for also in hit["also_in"])]


def test_a_query_of_several_words_also_finds_partial_matches(seeds):
    result = run(seeds, "мигрантов безопасность Вена", lang="en", translate=True, limit=100)
    full = [h for h in result["hits"] if all(w in h["text"].lower() for w in ("migrant", "secur", "vienna"))]
    assert 0 < result["total"] <= len(full) + PARTIAL_MOST
    assert result["hits"][:len(full)] == full
    strict = run(seeds, '"мигрантов безопасность" Вена', lang="en", translate=True)
    assert strict["total"] < result["total"]  # a phrase keeps the query strict


# --- through the alignment ---------------------------------------------------------------------------

def test_an_english_paragraph_is_found_through_its_russian_counterpart(aligned):
    result = page(aligned, "безнаказанными", lang="en", translate=True)
    assert result["translations"] == []  # the lexicon does not know the word
    (hit,) = result["hits"]
    assert (hit["doc_id"], hit["number"]) == (EN_ID, "26")
    assert hit["aligned"][0]["doc_id"] == RU_ID and "<mark>безнаказанными</mark>" in hit["aligned"][0]["html"]
    assert run(aligned, "безнаказанными", lang="en")["total"] == 0


def test_with_any_language_a_pair_is_shown_once(aligned):
    result = run(aligned, "мигрант", translate=True)
    hits = {h["id"] for h in result["hits"]}
    beside = {c["id"] for h in result["hits"] for c in h["aligned"]}
    assert hits & beside == set()
    assert {f"{EN_ID}#0", f"{RU_ID}#0"} & hits == {f"{RU_ID}#0"}


def test_translations_are_marked_beside_the_query_words(aligned):
    result = page(aligned, "smuggled migrants", lang="ru", translate=True)
    hit = next(h for h in result["hits"] if h["doc_id"] == RU_ID and h["number"] == "93")
    assert '<mark class="tr">незаконно ввезенных мигрантов</mark>' in hit["html"]
    assert "<mark>smuggled migrants</mark>" in hit["aligned"][0]["html"]


def test_renderings_of_a_single_term(aligned):
    result = page(aligned, "мигрант", translate=True)
    found = result["renderings"]
    assert (found["term"], found["lang"], found["aligned"], found["other"]) == ("мигрант", "ru", 5, 0)
    (first,) = found["renderings"]
    assert (first["text"], first["count"], first["source"], first["mark"]) == ("migrant", 5, "glossary",
                                                                               "мигрант OR migrant")
    pairs = [(ex["hit"]["anchor"], ex["counterpart"]["doc_id"]) for ex in first["examples"]]
    assert pairs == [("pos0", EN_ID), ("p26", EN_ID), ("p59", EN_ID)]
    assert "renderings" not in page(aligned, "мигрант безнаказанными", translate=True)
    assert "renderings" not in page(aligned, "мигрант")


def test_renderings_in_the_corpus(parallel_index):
    ix = store.open_index(parallel_index)
    with ix.searcher() as searcher:
        result = search_page(searcher, SearchRequest("Генеральная Ассамблея", translate=True, limit=5),
                             crosslang.for_index(ix))
    found = result["renderings"]
    first = found["renderings"][0]
    assert (first["key"], first["source"]) == ("general assembly", "glossary") and first["count"] > 100
    assert found["aligned"] >= first["count"] + found["other"] - sum(r["count"] for r in found["renderings"][1:])
    for example in first["examples"]:
        assert "Генеральн" in example["hit"]["text"] and "General Assembly" in example["counterpart"]["text"]
    assert all(set(r["key"].split()) - {"general", "assembl"} for r in found["renderings"][1:])  # no sub-units


# --- the rewriting itself ----------------------------------------------------------------------------------

SCHEMA = build_schema()


def test_patterns_and_exact_forms_are_not_translated(seeds):
    _, data = seeds
    translator = translate.QueryTranslator(data.lexicon)
    q = parse_query("migra* =мигрантов мигрант~ 2012", SCHEMA, "any", normalize=False)
    rewritten = translator.rewrite(q)
    assert set(rewritten.iter_all_terms()) == set(q.normalize().iter_all_terms()) and translator.used == []


NESTED = Lexicon(translations={"en": {}, "ru": {
    "сообщество": [("international community", 0.5, 9, CORPUS), ("community", 0.4, 8, CORPUS), ("international", 0.1, 3, CORPUS)],
    "государство-член": [("member state", 0.9, 9, CORPUS), ("state", 0.5, 9, CORPUS)],
    "права человек": [("human right", 0.9, 9, CORPUS), ("right", 0.5, 9, CORPUS)],
    "влиять": [("influence", 0.3, 2, CORPUS), ("affect", 0.2, 0, DICTIONARY)],
}})


@pytest.mark.parametrize("key, fallback, chosen", [
    ("сообщество", True, ["international community", "community", "international"]),  # a plain word keeps the nested ones
    ("государство-член", True, ["member state"]),  # a term does not
    ("права человек", True, ["human right"]),
    ("влиять", True, ["influence", "affect"]),
    ("влиять", False, ["influence"]),  # the words of a translated term: no dictionary
])
def test_which_candidates_are_chosen(key, fallback, chosen):
    found, excluded = translate.QueryTranslator(NESTED).choose("ru", [key], fallback)
    assert [c.key for _, c in found] == chosen and excluded == []


def test_doc_scores_across_segments(tmp_path, pool):
    from indexer.build.pipeline import build

    build([pool / "un-charter"], tmp_path / "ix", procs=2)
    ix = store.open_index(tmp_path / "ix")
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) > 1 if not searcher.reader().is_atomic() else True
        total = searcher.doc_count_all()
        chosen = {0: 1.0, total // 2: 2.0, total - 1: 3.0}
        results = searcher.search(DocScores(chosen), limit=None)
        assert {(hit.docnum, hit.score) for hit in results} == set(chosen.items())
        assert sorted(DocScores(chosen).docs(searcher)) == sorted(chosen)
        both = Q.Or([Q.Term("text_en", "charter"), DocScores(chosen)])
        fast = fastsearch.evaluate(searcher, both)
        slow = searcher.search(both, limit=None, optimize=False)
        assert fast is not None and len(fast) == len(slow)
        assert [(n, round(s, 6)) for n, s in fast.top(20)] == [(h.docnum, round(h.score, 6)) for h in slow[:20]]


@pytest.mark.parametrize("kw, message", [
    ({"exclude": ("x",) * (MAX_EXCLUDE + 1)}, "at most"),
    ({"exclude": ("x" * 400,)}, "at most 300 characters"),
])
def test_bad_exclusions(kw, message):
    with pytest.raises(QueryError, match=message):
        SearchRequest("x", translate=True, **kw).validated()


def test_without_a_lexicon_translations_are_null(web_index):
    ix = store.open_index(web_index)
    with ix.searcher() as searcher:
        assert crosslang.for_index(ix) is None
        result = search(searcher, SearchRequest("мигрант", translate=True))
        assert result["translations"] is None and result["total"] == search(searcher, SearchRequest("мигрант"))["total"]
    ix.close()


# --- matching word by word through translations: the arrays against one paragraph at a time ---------------


def reference_translated_matches(searcher, data, words, allowed=None, most=PARTIAL_MOST) -> dict[int, float]:
    """The definition of :func:`indexer.search.across.translated_matches`, one paragraph at a time."""
    matched, score, translated = {}, {}, set()
    reader = searcher.reader()
    total = max(reader.doc_count(), 1)
    for word in words:
        found = []
        for q, weight in word.alternatives:
            terms = across.alternative_terms(q)
            if not terms:
                continue
            docs = frozenset.intersection(*(data.docs_with(reader, term) for term in terms))
            if docs:
                found.append((terms, docs, weight * q.boost))
        if not found:
            continue
        mass = sum(weight for _, _, weight in found)
        tf, df = {}, 0.0
        for _, docs, weight in found:
            for n in docs:
                if allowed is None or allowed[n]:
                    tf[n] = tf.get(n, 0.0) + weight / mass
            df += weight / mass * len(docs)
        idf = (math.log(total / (df + 1.0)) + 1.0) * word.weight
        field = found[0][0][0][0]
        lengths, average = data.lengths(reader, field), searcher.avg_field_length(field) or 1.0
        for n, f in tf.items():
            norm = (across.K1 + 1) / (1 + across.K1 * (1 - across.B + across.B * (lengths[n] or 1) / average))
            spread = (across.K1 + 1) / norm - 1.0
            matched[n] = matched.get(n, 0) + 1
            score[n] = score.get(n, 0.0) + idf * f * (across.K1 + 1) / (f + spread)
            if word.terms:
                translated.add(n)
    every = {n: score[n] for n, count in matched.items() if count == len(words)}
    share = 1.0 / len(words)
    some = sorted(((score[n] * count * share, n) for n, count in matched.items()
                   if count < len(words) and n in translated), reverse=True)[:most]
    return {**every, **{n: value for value, n in some}}


WORD_QUERIES = [
    "незаконный ввоз мигрантов", "Генеральная Ассамблея", "права человека женщин", "sustainable development",
    "Security Council members resolution", "мигрант", "2030 development agenda", "оружие 1325 женщины мир",
    "human rights education children", "Устав Организации Объединенных Наций",
]


@pytest.mark.parametrize("query", WORD_QUERIES)
@pytest.mark.parametrize("most, filtered", [(PARTIAL_MOST, False), (3, False), (PARTIAL_MOST, True), (0, False)])
def test_translated_matches_equal_their_definition(parallel_index, query, most, filtered):
    ix = store.open_index(parallel_index)
    data = crosslang.for_index(ix)
    with ix.searcher() as searcher:
        words = translate.QueryTranslator(data.lexicon).word_alternatives(
            parse_query(query, searcher.schema, "any", normalize=False))
        other = "en" if re.search("[а-я]", query, re.I) else "ru"  # the language of the translations
        allowed = None
        if filtered:  # which paragraphs the filters allow, by number
            allowed = np.zeros(searcher.doc_count_all(), dtype=bool)
            allowed[[n for n in Q.Term("lang", other).docs(searcher) if n % 2]] = True
        found = across.translated_matches(searcher, data, words, allowed, most)
        expected = reference_translated_matches(searcher, data, words, allowed, most)
    assert found == expected and (found or most == 0)
    assert all(type(n) is int and type(v) is float for n, v in found.items())


@pytest.mark.parametrize("most, expected", [(2, [0, 4]), (4, [0, 4, 3, 2]), (6, [0, 4, 3, 2, 1, 5]),
                                              (9, [0, 4, 3, 2, 1, 5]), (0, [])])
def test_the_best_partial_matches_of_equal_scores_the_later_paragraph_first(most, expected):
    values, docs = np.array([3.0, 1.0, 2.0, 2.0, 2.0, 0.5]), np.array([10, 11, 12, 13, 14, 15])
    assert across._best(values, docs, most).tolist() == expected
    assert across._best(values[:0], docs[:0], most).tolist() == []


def alternatives_of(index_dir, query: str) -> list:
    """Return what each word of ``query`` matches across languages on the index at ``index_dir``."""
    ix = store.open_index(index_dir)
    data = crosslang.for_index(ix)
    with ix.searcher() as searcher:
        found = translate.QueryTranslator(data.lexicon).word_alternatives(
            parse_query(query, searcher.schema, "any", normalize=False))
    ix.close()
    return found


@pytest.mark.parametrize("query, words", [
    ("human rights", [("text_ru", "право"), ("text_ru", "человек")]),  # the unit's rendering, in its own order
    ("незаконного ввоза мигрантов", [("text_en", "smuggle"), ("text_en", "migrant")]),
])
def test_a_unit_gives_the_words_of_its_rendering_to_order_the_translated_hits(relevance_index, query, words):
    found = alternatives_of(relevance_index, query)
    assert [w.terms for w in across.translated_words(found)] == [(pair,) for pair in words]
    assert all(w.forms == () for w in across.translated_words(found))  # no form typed in the other language


def test_a_word_gives_its_renderings_together_and_a_query_not_of_words_none(relevance_index):
    found = alternatives_of(relevance_index, "torture")
    [word] = across.translated_words(found)
    assert ("text_ru", "пытка") in word.terms and all(field == "text_ru" for field, _ in word.terms)
    assert across.translated_words(None) == ()


@pytest.mark.parametrize("query, words", [
    ("torture slavery", [{"пытка"}, set(), {"рабство"}]),  # two words: apart, the scores order them
    ("human rights torture", [{"право"}, {"человек"}, set(), {"пытка"}]),  # the unit's words together
])
def test_the_renderings_of_two_words_stand_apart(relevance_index, query, words):
    found = alternatives_of(relevance_index, query)
    ordered = across.translated_words(found)
    assert len(ordered) == len(words) and ordered[len(words) - 2] is across.APART
    assert all(want <= {term for _, term in w.terms} for w, want in zip(ordered, words))
    assert [w.terms == () for w in ordered] == [not want for want in words]
