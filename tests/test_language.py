"""Language detection: remembered langdetect guesses are the guesses a fresh detector makes."""

from __future__ import annotations

import pytest
from langdetect.lang_detect_exception import LangDetectException

from analyzers import language

_LONG = "La Conférence des Parties a adopté les résolutions suivantes. " * 40


def _fresh_guesses(text: str) -> list[tuple[str, float]]:
    """Return langdetect's guesses for ``text`` from a new detector, nothing remembered."""
    detector = language._detector_factory().create()
    detector.append(text[:language.LANGDETECT_CHARS])
    try:
        return [(p.lang, p.prob) for p in detector.get_probabilities()]
    except LangDetectException:
        return []


@pytest.mark.parametrize("text", [
    "La Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée",
    "Afghanistan, Iran (Islamic Republic of), Philippines, Saudi Arabia, Bolivia (Plurinational State of)",
    "Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia Organizada",
    "Конференция участников Конвенции Организации Объединенных Наций",
    "inter alia", "5/3", "", "   ",
    _LONG, _LONG + "Something else after the part that langdetect reads",
])
def test_remembered_guesses_are_fresh_guesses(text):
    first, again = language.langdetect_probabilities(text), language.langdetect_probabilities(text)
    assert first == again == _fresh_guesses(text)
    assert first is not again and isinstance(first, list)


def test_a_caller_changing_the_guesses_changes_nothing_remembered():
    text = "Bolivia (Plurinational State of), Venezuela (Bolivarian Republic of), Micronesia (Federated States of)"
    language.langdetect_probabilities(text).clear()
    assert language.langdetect_probabilities(text) == _fresh_guesses(text) != []


@pytest.mark.parametrize("text, expected", [
    ("The Conference of the Parties adopted the report of the Working Group on its session", True),
    ("Conference Parties adopted report Working Group session", False),
    ("the of and to in", True),
    ("the of and", False),  # fewer than five words
    ("La Conférence des Parties a adopté le rapport du Groupe de travail", False),
    ("", False),
])
def test_looks_english(text, expected):
    assert language.looks_english(text) is expected


@pytest.mark.parametrize("text", [
    "The Conference of the Parties adopted the report of the Working Group on its session",
    "the of and", "",
    "İstanbul is the city of the Conference and of the Parties",  # not ASCII: lowercasing splits a word
    "The Working Group on the smuggling of migrants " * 60,  # past what langdetect reads
])
def test_looks_english_with_the_words_given_is_looks_english(text):
    words = language._WORD_RE.findall(text)
    assert language.looks_english(text, words) is language.looks_english(text)


def test_looks_english_with_the_words_given_on_the_seeds():
    from tests.conftest import CORPUS

    paragraphs = [p for f in sorted(CORPUS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n") if p]
    assert len(paragraphs) > 300
    given = [language.looks_english(p, language._WORD_RE.findall(p)) for p in paragraphs]
    assert given == [language.looks_english(p) for p in paragraphs] and True in given and False in given
