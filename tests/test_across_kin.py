"""A query word's kin across languages (:mod:`indexer.search.kin`), on the Charter and the UDHR."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import query as Q

from indexer.engine import engine
from indexer.search import across, budget, cluster_across, kin
from indexer.search.query import parse_query
from indexer.search.request import SearchRequest, search
from indexer.search.translate import WEIGHT, QueryTranslator
from tests.conftest import searching_across


@pytest.fixture(scope="module")
def charter(pool_pair_index):
    """A searcher of the Charter and the UDHR (a lexicon learned without the general dictionary), and its data."""
    yield from searching_across(pool_pair_index)


def alternatives(index, query: str, derived: bool = False) -> dict:
    """Return what the one word of ``query`` matches across languages: ``{str(query): weight}``."""
    searcher, data = index
    translator = QueryTranslator(data.lexicon, derived=derived)
    [word] = translator.word_alternatives(parse_query(query, searcher.schema, "any", normalize=False))
    return {str(q): round(weight, 4) for q, weight in word.alternatives}


def test_a_reflexive_verb_the_lexicon_lacks_takes_its_active_verbs_translations(charter):
    searcher, data = charter
    assert not data.lexicon.candidates("ru", "выполняться")
    [(_, perform)] = [(c, w) for c, w in QueryTranslator(data.lexicon).weighted("ru", ["выполнять"])
                      if c.key == "perform"]
    found = alternatives(charter, "выполняются")
    assert found["text_en:perform"] == round(perform, 4)  # all of its weight: the word has none of its own
    result = search(searcher, SearchRequest("выполняются", lang="en", translate=True), crosslang=data)
    assert "ru:выполнять>en:perform" in {t["key"] for t in result["translations"]}


def test_a_russian_rendering_also_matches_its_verbs_partners(charter):
    found = alternatives(charter, "perform")
    assert found["text_ru:выполнять"] == round(WEIGHT * 0.259, 4)
    for partner in ("выполнить", "выполняться"):
        assert found[f"text_ru:{partner}"] == round(found["text_ru:выполнять"] * kin.TARGET, 4)


PASSAGE = "tribunals agreements existence"  # Charter, Art. 95: "agreements already in existence"


def passage_word(index, query: str, derived: bool) -> dict:
    """Return what the last word of ``query`` matches across languages: ``{str(query): weight}``."""
    searcher, data = index
    words = QueryTranslator(data.lexicon, derived=derived).word_alternatives(
        parse_query(query, searcher.schema, "any", normalize=False))
    return {str(q): round(weight, 4) for q, weight in words[-1].alternatives}


def test_without_derived_words_a_rendering_matches_itself_only(charter):
    assert passage_word(charter, PASSAGE, derived=False) == {"text_ru:существование": 0.5336}


def test_the_words_derived_from_a_rendering_are_one_alternative_of_a_share_of_its_weight(charter):
    found = passage_word(charter, PASSAGE, derived=True)
    assert found == {"text_ru:существование": 0.5336, "text_ru:существова*": round(0.5336 * kin.DERIVED, 4)}


def test_a_query_of_one_or_two_words_gives_no_derived_words(charter):
    assert alternatives(charter, "existence", derived=True) == {"text_ru:существование": 0.5336}
    assert passage_word(charter, "agreements existence", derived=True) == {"text_ru:существование": 0.5336}


def test_derived_words_find_the_paragraphs_with_the_verb_of_a_noun(charter):
    searcher, data = charter

    def docs(term):
        return set(engine().term_docs(searcher, "text_ru", term).tolist())

    verb_only = docs("существовать") - docs("существование")
    [article_95] = verb_only & docs("соглашение") & docs("суд")  # "судам в силу уже существующих соглашений"

    def matches(derived):
        translator = QueryTranslator(data.lexicon, derived=derived)
        words = translator.word_alternatives(parse_query(PASSAGE, searcher.schema, "any", normalize=False))
        return across.translated_matches(searcher, data, words)

    before, after = matches(False), matches(True)
    assert max(before, key=before.get) == article_95 == max(after, key=after.get)
    assert after[article_95] > 1.5 * before[article_95]  # all three words matched, not two of them
    assert all(after[n] > before.get(n, 0.0) for n in verb_only)  # every paragraph with the verb gains


def test_a_prefix_alternative_matches_every_word_it_begins(charter):
    searcher, _ = charter
    field, docs = across.alternative_docs(searcher, Q.Prefix("text_ru", "существова"))
    words = list(engine().expand_prefix(searcher.reader(), "text_ru", "существова"))
    assert field == "text_ru" and sorted(words) == ["существование", "существовать"]
    assert docs.tolist() == sorted(set().union(*(engine().term_docs(searcher, "text_ru", w).tolist() for w in words)))
    assert across.alternative_docs(searcher, Q.Prefix("text_ru", "щщщ"))[1].tolist() == []
    assert across.alternative_terms(Q.Prefix("text_ru", "существова")) == []  # not a term (OpenSearch: not used)


@pytest.mark.parametrize("key, stem", [("удовлетворение", "удовлетворе"), ("существование", "существова"),
                                       ("статья", "стать"), ("право", None), ("права человека", None)])
def test_stems(key, stem):
    assert kin.stem(key) == stem


def test_a_prefix_alternative_reads_at_most_the_first_words_of_the_expansion(charter, monkeypatch):
    searcher, _ = charter
    monkeypatch.setattr(across, "MAX_EXPANSION", 1)
    first, _ = sorted(engine().expand_prefix(searcher.reader(), "text_ru", "существова"))  # the lexicon's order
    _, docs = across.alternative_docs(searcher, Q.Prefix("text_ru", "существова"))
    assert docs.tolist() == engine().term_docs(searcher, "text_ru", first).tolist() != []


def test_a_prefix_alternative_stops_at_the_deadline_and_is_not_kept_cut_short(charter):
    searcher, data = charter
    words = list(engine().expand_prefix(searcher.reader(), "text_ru", "пр"))
    assert len(words) > 64
    whole = np.unique(np.concatenate([engine().term_docs(searcher, "text_ru", w) for w in words]))
    first = np.unique(np.concatenate([engine().term_docs(searcher, "text_ru", w) for w in words[:64]]))
    assert len(first) < len(whole)
    with budget.within(1e-6) as deadline:
        _, docs = across.alternative_docs(searcher, Q.Prefix("text_ru", "пр"), data)
    assert deadline.cut and docs.tolist() == first.tolist()
    assert across._PREFIXED.get(data).get(("text_ru", "пр")) is None  # a result cut short is not kept
    _, docs = across.alternative_docs(searcher, Q.Prefix("text_ru", "пр"), data)
    assert docs.tolist() == whole.tolist()
    kept = across._PREFIXED.get(data).get(("text_ru", "пр"))
    assert kept is docs and not kept.flags.writeable  # kept, and no caller can change it
    with pytest.raises(ValueError):
        kept[0] = -1


def translated(index, query: str, exclude=(), derived: bool = False) -> tuple[dict, dict]:
    """Return what the last word of ``query`` matches across languages, and the translations noted: ``{key:
    excluded}``."""
    searcher, data = index
    translator = QueryTranslator(data.lexicon, exclude=exclude, derived=derived)
    words = translator.word_alternatives(parse_query(query, searcher.schema, "any", normalize=False))
    return {str(q): round(w, 4) for q, w in words[-1].alternatives}, {t.key: t.excluded for t in translator.used}


def test_a_renderings_partner_the_user_turned_off_is_left_out_and_shown_turned_off(charter):
    found, used = translated(charter, "perform")
    assert "text_ru:выполнить" in found and used["en:perform>ru:выполнить"] is False  # shown, to be turned off
    found, used = translated(charter, "perform", exclude={"en:perform>ru:выполнить"})
    assert "text_ru:выполнить" not in found and used["en:perform>ru:выполнить"] is True
    assert found["text_ru:выполняться"] == round(found["text_ru:выполнять"] * kin.TARGET, 4)  # the others stay


def test_a_stem_that_begins_a_rendering_the_user_turned_off_gives_no_derived_words(charter):
    found, used = translated(charter, PASSAGE, exclude={"en:existence>ru:существовать"}, derived=True)
    assert found == {"text_ru:существование": 0.5336}  # существова… would match существовать
    assert used == translated(charter, PASSAGE, derived=True)[1]  # существовать is no rendering of existence


YEAR = 'text_en:r"(19|20)[0-9]{2}"'


def test_a_word_for_a_year_in_a_longer_query_also_matches_a_year_written_in_digits(charter):
    assert passage_word(charter, "Устав подписан году", derived=True) == {
        "text_en:year": 0.5336, 'text_en:r"yearly"': round(0.5336 * kin.RELATED, 4), YEAR: round(0.5336 * kin.YEAR, 4)}
    assert alternatives(charter, "году", derived=True) == {"text_en:year": 0.5336}  # alone: every year is no clue


def test_a_year_written_in_digits_is_a_four_digit_number_of_the_1900s_or_2000s(charter):
    searcher, data = charter
    field, docs = across.alternative_docs(searcher, kin.Years("text_en"), data)
    assert field == "text_en" and docs.tolist() == [30, 358]  # "1 January 1942", "30 October 1943"
    assert "1942" in searcher.stored_fields(30)["text"] and "1943" in searcher.stored_fields(358)["text"]
    nineteen = set(engine().term_docs(searcher, "text_en", "19").tolist())  # Article 19
    assert nineteen and not nineteen & set(docs.tolist())
    assert across._PREFIXED.get(data).get(("text_en", "19", kin.YEARS)).tolist() == [30, 358]


def test_on_opensearch_a_year_is_a_regular_expression_and_a_words_weight_its_boost(charter):
    searcher, _ = charter
    [*_, year] = QueryTranslator(charter[1].lexicon, derived=True).word_alternatives(
        parse_query("Устав подписан году", searcher.schema, "any", normalize=False))
    body = cluster_across._word(year)
    assert [clause["bool"]["must"] for clause in body["bool"]["should"]] == [
        [{"term": {"text_en": "year"}}], [{"regexp": {"text_en": "yearly"}}],
        [{"regexp": {"text_en": "(19|20)[0-9]{2}"}}]]
    assert body["bool"]["boost"] == year.weight == 4 / 6  # "year" in 4 of the 6 pairs with "год"


RELATED_PASSAGE = "участвовать в работе Совета"  # participate: participation


def first_word(index, query: str, derived: bool) -> dict:
    """Return what the first word of ``query`` matches across languages: ``{str(query): weight}``."""
    searcher, data = index
    words = QueryTranslator(data.lexicon, derived=derived).word_alternatives(
        parse_query(query, searcher.schema, "any", normalize=False))
    return {str(q): round(weight, 4) for q, weight in words[0].alternatives}


def test_an_english_rendering_also_matches_the_words_a_suffix_away_as_one_alternative(charter):
    own = {'text_en:"make majority"': 0.0608, "text_en:participate": 0.0576, "text_en:decision": 0.0464,
           "text_en:majority": 0.0432, "text_en:make": 0.032, "text_en:vote": 0.0264}  # the Charter's company
    assert first_word(charter, RELATED_PASSAGE, derived=True) == {
        **own, 'text_en:r"participation"': round(0.0576 * kin.RELATED, 4)}  # of its first three renderings
    assert first_word(charter, RELATED_PASSAGE, derived=False) == own
    assert alternatives(charter, "участвовать", derived=True) == own  # a word alone: none


def test_the_words_a_suffix_away_find_the_paragraphs_with_the_noun_of_a_verb(charter):
    searcher, data = charter

    def docs(term):
        return set(engine().term_docs(searcher, "text_en", term).tolist())

    noun_only = docs("participation") - docs("participate") - docs("make") - docs("vote")
    assert noun_only

    def matched(derived):
        translator = QueryTranslator(data.lexicon, derived=derived)
        words = translator.word_alternatives(parse_query(RELATED_PASSAGE, searcher.schema, "any", normalize=False))
        return set(across.translated_matches(searcher, data, words[:1]))

    before, after = matched(False), matched(True)
    assert not noun_only & before and noun_only <= after  # "the right to participate" and "participation" alike


def test_the_words_a_suffix_away_are_one_regular_expression_on_opensearch(charter):
    searcher, data = charter
    words = QueryTranslator(data.lexicon, derived=True).word_alternatives(
        parse_query(RELATED_PASSAGE, searcher.schema, "any", normalize=False))
    assert [clause["bool"]["must"] for clause in cluster_across._word(words[0])["bool"]["should"]][-1] == [
        {"regexp": {"text_en": "participation"}}]
    field, found = across.alternative_docs(searcher, kin.Forms("text_en", ("participation", "participate")))
    assert field == "text_en"
    assert found.tolist() == sorted(set(engine().term_docs(searcher, "text_en", "participation").tolist())
                                    | set(engine().term_docs(searcher, "text_en", "participate").tolist()))


def test_a_rendering_the_user_turned_off_is_no_word_a_suffix_away(charter):
    searcher, data = charter
    translator = QueryTranslator(data.lexicon, exclude={"ru:участвовать>en:participation"}, derived=True)
    words = translator.word_alternatives(parse_query(RELATED_PASSAGE, searcher.schema, "any", normalize=False))
    assert "participate" in str(words[0].alternatives) and "participation" not in str(words[0].alternatives)
