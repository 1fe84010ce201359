"""The lexicon learned from the UNPC dev set, the Charter and the UDHR, checked against a table of UN terms.

The table (:mod:`tests.lexicon_term_table`) gives each term's right renderings.
The lexicon is the one learned from the index's aligned paragraphs, without the
glossary (which would answer for it), alone and weighed against the general
dictionary.  Each core term's first translation must be right both ways in
both; of the whole table, at least 95 % with the dictionary.
"""

from __future__ import annotations

import pytest

from indexer.storage import crosslang

from indexer.lexicon import dictionary

from indexer.storage import generations as store
from indexer.search.lookup import term_units
from tests.lexicon_term_table import CORE_TERMS, UN_TERMS



@pytest.fixture(scope="session")
def learned_lexicon(parallel_index):
    """The lexicon learned from the parallel index, without the glossary."""
    lexicon, _ = crosslang.learned(store.current_generation(parallel_index).path)
    return lexicon


@pytest.fixture(scope="session")
def learned_with_dictionary(learned_lexicon, parallel_index, mueller_pairs):
    """The learned lexicon with the general dictionary's pairs, as a build adds them."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(store.current_generation(parallel_index).path))
    with ix.reader() as reader:
        vocabulary = crosslang.vocabulary(reader)
    ix.close()
    return dictionary.seeded(learned_lexicon, mueller_pairs, vocabulary)


LEXICONS = ["learned_lexicon", "learned_with_dictionary"]


def units(lang: str, term: str) -> list[str]:
    """Return the units ``term`` may be in ``lang`` (a word: each of its lemmas)."""
    return [key for unit_lang, key in term_units(term) if unit_lang == lang]


def first_translation(lexicon, lang: str, term: str) -> str | None:
    """Return the key of the first candidate translation of ``term``."""
    found = lexicon.lookup(lang, units(lang, term))
    return found[0][1].key if found else None


def keys(lang: str, terms) -> set[str]:
    return {key for term in terms for key in units(lang, term)}


def test_the_table_is_big_enough():
    assert len(UN_TERMS) >= 150 and len({en for en, *_ in UN_TERMS}) == len(UN_TERMS)


@pytest.mark.parametrize("lexicon", LEXICONS)
@pytest.mark.parametrize("en, ru, ru_also, en_also", CORE_TERMS)
def test_english_term_translates_first_to_its_russian(request, lexicon, en, ru, ru_also, en_also):
    assert first_translation(request.getfixturevalue(lexicon), "en", en) in keys("ru", (ru, *ru_also))


@pytest.mark.parametrize("lexicon", LEXICONS)
@pytest.mark.parametrize("en, ru, ru_also, en_also", CORE_TERMS)
def test_russian_term_translates_first_to_its_english(request, lexicon, en, ru, ru_also, en_also):
    assert first_translation(request.getfixturevalue(lexicon), "ru", ru) in keys("en", (en, *en_also))


def misses(lexicon) -> list[tuple]:
    """Return the terms of the table whose first translation is not one of its right renderings, both ways."""
    out = []
    for en, ru, ru_also, en_also in UN_TERMS:
        for lang, term, right in (("en", en, keys("ru", (ru, *ru_also))), ("ru", ru, keys("en", (en, *en_also)))):
            found = first_translation(lexicon, lang, term)
            if found not in right:
                out.append((term, found))
    return out


def test_the_first_translation_is_right_for_95_percent_of_the_table(learned_with_dictionary):
    wrong = misses(learned_with_dictionary)
    assert 1 - len(wrong) / (2 * len(UN_TERMS)) >= 0.95, wrong


def test_the_dictionary_adds_translations_the_corpus_lacks(learned_lexicon, learned_with_dictionary):
    assert len(learned_with_dictionary) > len(learned_lexicon) + 5000
    assert [c.source for _, c in learned_with_dictionary.lookup("ru", ["вероисповедание"])] == ["dictionary"] * 2
    assert learned_with_dictionary.lookup("ru", ["влиять"])[0][1].evidence == "corpus + dictionary"
