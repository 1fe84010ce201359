"""A query of several words across languages seeks a passage: its lines are not last, and its words back off
on the general dictionary's senses (on the Charter and the UDHR, indexed with the dictionary)."""

from __future__ import annotations

import pytest

from indexer.engine import engine
from indexer.search import backoff
from indexer.search.backoff import FIRST, SHARE
from indexer.search.query import parse_query
from indexer.search.ranking import PASSAGE_WORDS
from indexer.search.request import SearchRequest, search
from indexer.search.translate import QueryTranslator
from indexer.storage import crosslang
from indexer.storage import generations as store
from tests.conftest import with_dictionary
from tests.test_fastsearch import updated_index  # noqa: F401

pytestmark = pytest.mark.usefixtures("search_engine")


@pytest.fixture(scope="module")
def charter(charter_udhr_dictionary, mueller):
    """A searcher of the Charter and the UDHR indexed with the dictionary, and its cross-language data; the
    dictionary configured while searching, as where the index was built."""
    ix = store.open_index(charter_udhr_dictionary)
    with with_dictionary(mueller), ix.searcher() as searcher:
        yield searcher, crosslang.for_index(ix)
    ix.close()


def run(charter, query: str, lang: str = "en") -> dict:
    searcher, data = charter
    return search(searcher, SearchRequest(query, lang=lang, limit=10, translate=True), crosslang=data)


def dictionary_senses(result: dict, word: str) -> list[tuple[str, float]]:
    """Return the dictionary's translations of ``word`` a search used, as ``(key, score)``."""
    return [(t["key"].split(":")[-1], t["score"]) for t in result["translations"]
            if t["from"] == word and t["source"] == "dictionary" and not t["excluded"]]


def test_a_line_with_all_the_words_of_a_longer_query_is_not_put_last(charter):
    # three words: the heading that says just them comes first (it came after the preamble's paragraph)
    assert run(charter, "декларация прав человека")["hits"][0]["text"] == "Universal Declaration of Human Rights"
    assert len("декларация прав человека".split()) == PASSAGE_WORDS


def test_a_word_of_a_longer_query_also_matches_its_dictionary_senses(charter):
    # жизнь: the lexicon settles "life"; in a query of three words the dictionary's other senses are alternatives
    found = dictionary_senses(run(charter, "социальному условий жизни"), "жизнь")
    assert found == [("existence", 0.17), ("being", 0.1445), ("living", 0.14), ("time", 0.048)]
    assert dictionary_senses(run(charter, "условий жизни"), "жизнь") == []  # two words: none


def test_a_backed_off_sense_is_listed_as_weak_and_the_lexicons_own_translations_are_not(charter):
    """The page folds weak translations away: a sense matched at a tenth of the weight is not a headline word."""
    used = [t for t in run(charter, "социальному условий жизни")["translations"] if t["from"] == "жизнь"]
    assert {t["to"]: t["weak"] for t in used} == {"life": False, "existence": True, "being": True, "living": True,
                                                  "time": True}


def test_a_backed_off_sense_weighs_a_share_of_the_first_translation(charter):
    searcher, data = charter
    translator = QueryTranslator(data.lexicon, backoff=backoff.for_search(data.lexicon, searcher))
    words = translator.word_alternatives(parse_query("социальному условий жизни", searcher.schema, "any",
                                                     normalize=False))
    weights = {q.text: weight for q, weight in words[2].alternatives}
    assert weights["existence"] == pytest.approx(SHARE * weights["life"] * 0.17 / FIRST)
    assert set(weights) == {"life", "existence", "being", "living", "time"}


def test_a_sense_frequent_in_the_index_is_left_out(charter):
    searcher, data = charter
    found = backoff.for_search(data.lexicon, searcher)
    assert ("member", 0.2) in found.dictionary.translations("ru", "член")  # a word of most of the Charter
    assert [(key, c.key, c.score, c.source) for key, c in found.senses("ru", ["член"])] == [
        ("член", "part", 0.0833, "dictionary")]


def test_equal_pay_for_equal_work_still_finds_its_article_first(charter):
    result = run(charter, "equal pay for equal work", "any")
    assert dictionary_senses(result, "pay")  # backed off, and still
    assert result["hits"][0]["text"] == "Everyone, without any discrimination, has the right to equal pay for equal work."


def test_without_the_dictionary_the_lexicon_was_weighed_with_nothing_is_backed_off(charter):
    searcher, data = charter
    with with_dictionary(""):  # the dictionary is gone since the build
        assert backoff.for_search(data.lexicon, searcher).senses("ru", ["жизнь"]) == []
        assert dictionary_senses(run(charter, "социальному условий жизни"), "жизнь") == []
    assert backoff.for_search(type("Weighed", (), {"dictionary": None})(), searcher) is None



def test_warming_reads_the_senses_of_the_dictionary_the_lexicon_was_weighed_with(charter):
    searcher, data = charter
    weighed = backoff.weighed_with(data.lexicon.dictionary)
    weighed.__dict__.pop("by_source", None)  # as read, before any search
    backoff.warm(data.lexicon)
    assert "by_source" in weighed.__dict__ and ("member", 0.2) in weighed.translations("ru", "член")
    assert backoff.for_search(data.lexicon, searcher).dictionary is weighed
    with with_dictionary(""):  # gone since the build: nothing to read
        assert backoff.weighed_with(data.lexicon.dictionary) is None
        backoff.warm(data.lexicon)
    backoff.warm(type("Weighed", (), {"dictionary": None})())  # weighed without one


def test_the_translated_matches_of_a_longer_query_follow_their_scores(charter):
    # four words: both Articles render them all; where the translations stand next to each other (Art. 1(3):
    # "international co-operation in solving international problems") no longer puts a lower score first
    hits = run(charter, "международного сотрудничества решении проблем")["hits"]
    assert [h["text"][:40] for h in hits[:2]] == ["solutions of international economic, soc",
                                                "To achieve international co-operation in"]
    scores = [h["score"] for h in hits]
    assert len(hits) == 10 and scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("index_name", ["seed_index", "updated_index"])
def test_a_senses_frequency_counts_the_live_paragraphs_that_have_it(request, index_name):
    ix = store.open_index(request.getfixturevalue(index_name))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        words = [text.decode("utf-8") for field, text in reader.all_terms() if field == "text_en"]
        counted = {w: backoff.live_frequency(searcher, "text_en", w) for w in words}
        live = {w: len(engine().term_docs(searcher, "text_en", w)) for w in words}
        stale = [w for w in words if reader.doc_frequency("text_en", w) != live[w]]  # in deleted paragraphs too
        assert len(words) > 100 and counted == live and bool(stale) == reader.has_deletions()
        assert backoff.live_frequency(searcher, "text_en", "qqqzzz") == 0
    ix.close()
