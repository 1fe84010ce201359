"""The lexicon learned from the UNPC dev set, the Charter and the UDHR, checked against common UN terms.

Each row is an English term, its Russian equivalent in UN usage, and
renderings that are equally right: UN usage has two words for it (``meeting``:
``заседание``, ``совещание``), one language leaves out a word the other
needs (``United Nations``: ``Объединенных Наций``), or an English noun used
as an attribute is a Russian adjective (``food``: ``продовольственный``).  A
term's first translation must be one of them, both ways.  The lexicon is the
one learned from the index's aligned paragraphs, without the glossary (which
would answer for it), alone and with the general dictionary's pairs added
(which must not change a first translation).
"""

from __future__ import annotations

import pytest

from indexer.storage import crosslang

from indexer.lexicon import dictionary

from indexer.storage import generations as store
from indexer.search.lookup import term_units

# English, Russian, other right Russian renderings, other right English renderings.
UN_TERMS = [
    ("General Assembly", "Генеральная Ассамблея", (), ()),
    ("Security Council", "Совет Безопасности", (), ()),
    ("Secretary-General", "Генеральный секретарь", (), ()),
    ("Member States", "государства-члены", (), ()),
    ("United Nations", "Организация Объединенных Наций", ("Объединенных Наций",), ()),
    ("human rights", "права человека", (), ()),
    ("resolution", "резолюция", (), ()),
    ("Charter", "Устав", (), ()),
    ("session", "сессия", (), ()),
    ("agenda", "повестка дня", ("повестка",), ()),
    ("report", "доклад", (), ()),
    ("Committee", "Комитет", (), ()),
    ("Commission", "Комиссия", (), ()),
    ("Council", "Совет", (), ()),
    ("Conference", "Конференция", (), ()),
    ("Convention", "Конвенция", (), ()),
    ("Protocol", "Протокол", (), ()),
    ("international law", "международное право", (), ()),
    ("development", "развитие", (), ()),
    ("sustainable development", "устойчивое развитие", (), ()),
    ("peace", "мир", (), ()),
    ("security", "безопасность", (), ()),
    ("women", "женщины", (), ()),
    ("children", "дети", (), ("child",)),
    ("education", "образование", (), ()),
    ("health", "здравоохранение", ("здоровье",), ()),
    ("poverty", "нищета", ("бедность",), ()),
    ("Government", "правительство", (), ()),
    ("States", "государства", (), ()),
    ("organization", "организация", (), ()),
    ("delegations", "делегации", (), ()),
    ("meeting", "заседание", ("совещание",), ()),
    ("cooperation", "сотрудничество", (), ()),
    ("implementation", "осуществление", (), ()),
    ("recommendations", "рекомендации", (), ()),
    ("decision", "решение", (), ()),
    ("Secretariat", "Секретариат", (), ()),
    ("Economic and Social Council", "Экономический и Социальный Совет", (), ()),
    ("freedom", "свобода", (), ()),
    ("violence", "насилие", (), ()),
    ("terrorism", "терроризм", (), ()),
    ("climate change", "изменение климата", (), ()),
    ("refugees", "беженцы", (), ()),
    ("migrants", "мигранты", (), ()),
    ("crime", "преступность", ("преступление",), ()),
    ("justice", "правосудие", (), ()),
    ("equality", "равенство", (), ()),
    ("discrimination", "дискриминация", (), ()),
    ("environment", "окружающая среда", ("среда",), ()),
    ("water", "вода", (), ()),
    ("food", "продовольствие", ("продовольственный",), ()),
    ("employment", "занятость", (), ()),
    ("nuclear weapons", "ядерное оружие", (), ()),
    ("disarmament", "разоружение", (), ()),
    ("budget", "бюджет", (), ()),
    ("programme", "программа", (), ()),
    ("assistance", "помощь", (), ()),
    ("technical assistance", "техническая помощь", (), ()),
    ("civil society", "гражданское общество", (), ()),
    ("non-governmental organizations", "неправительственные организации", (), ()),
    ("developing countries", "развивающиеся страны", (), ()),
    ("international community", "международное сообщество", (), ()),
    ("Working Group", "Рабочая группа", (), ()),
    ("rule of law", "верховенство права", ("верховенство",), ()),
    ("gender equality", "гендерное равенство", (), ()),
    ("indigenous peoples", "коренные народы", (), ("indigenous",)),
    ("peacekeeping", "поддержание мира", (), ()),
    ("organized crime", "организованная преступность", (), ()),
    ("Vienna", "Вена", (), ()),
]


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
    assert len(UN_TERMS) >= 50 and len({en for en, *_ in UN_TERMS}) == len(UN_TERMS)


@pytest.mark.parametrize("lexicon", LEXICONS)
@pytest.mark.parametrize("en, ru, ru_also, en_also", UN_TERMS)
def test_english_term_translates_first_to_its_russian(request, lexicon, en, ru, ru_also, en_also):
    assert first_translation(request.getfixturevalue(lexicon), "en", en) in keys("ru", (ru, *ru_also))


@pytest.mark.parametrize("lexicon", LEXICONS)
@pytest.mark.parametrize("en, ru, ru_also, en_also", UN_TERMS)
def test_russian_term_translates_first_to_its_english(request, lexicon, en, ru, ru_also, en_also):
    assert first_translation(request.getfixturevalue(lexicon), "ru", ru) in keys("en", (en, *en_also))


def test_the_dictionary_adds_translations_the_corpus_lacks(learned_lexicon, learned_with_dictionary):
    assert len(learned_with_dictionary) > len(learned_lexicon) + 5000
    assert learned_with_dictionary.lookup("ru", ["влиять"])[-1][1].source == "dictionary"
