"""A paragraph's language (:mod:`indexer.ingest.paragraph_language`): its document's unless it clearly says otherwise."""

from __future__ import annotations

import pytest

from indexer.ingest.paragraph_language import paragraph_language
from indexer.search.request import SearchRequest, search
from indexer.storage.generations import searching
from indexer.storage.stats import index_stats

FRENCH = ("La Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale "
          "organisée a adopté les résolutions suivantes lors de sa sixième session.")
SPANISH = ("La Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia Organizada "
           "Transnacional aprobó las siguientes resoluciones en su sexto período de sesiones.")


@pytest.mark.parametrize("text, doc_lang, expected", [
    ("Eugenio María Curia (Argentina) Carmen Buján Freire (Spain)", "en", "en"),  # names: never es
    ("Blanka Jamnišek (Slovenia) Alejandro Poiré Romero (Mexico)", "en", "en"),  # never pt
    ("Afghanistan, Iran (Islamic Republic of), Philippines, Saudi Arabia, Bolivia (Plurinational State of)", "en", "en"),
    ("inter alia", "en", "en"),
    ("Vienna, 6-10 October 2014", "en", "en"),
    ("5/3", "ru", "ru"), ("", "en", "en"), ("   ", "ru", "ru"),
    (FRENCH, "en", "fr"),  # long enough, lower-case words, langdetect sure
    (SPANISH, "en", "es"),
    ("Конференция участников Конвенции Организации Объединенных Наций", "en", "ru"),  # the other script
    ("Вена, 15-19 октября 2012 года", "en", "ru"),
    ("Distr.: General", "ru", "ru"),  # two Latin words in a Russian document: too few
    ("The Conference of the Parties adopted the report of the Working Group on its session", "ru", "en"),
    ("Рабочая группа (Working Group) провела совещание в Вене", "en", "ru"),
    ("Report of the Conference (Доклад Конференции)", "ru", "en"),
])
def test_paragraph_language(text, doc_lang, expected):
    assert paragraph_language(text, doc_lang) == expected


def test_rows_of_names_in_an_english_report_stay_english(seed_index):
    figures = index_stats(seed_index)
    assert set(figures["by_lang"]) == {"en", "ru"} and figures["by_lang_other"] == {}
    with searching(seed_index) as searcher:
        found = search(searcher, SearchRequest(query="lang:en Curia"))["hits"]
    assert {h["text"] for h in found} >= {"Eugenio María Curia (Argentina) Carmen Buján Freire (Spain)"}


def test_latin_words_are_the_words_with_a_latin_letter():
    from indexer.ingest import paragraph_language as module
    from tests.conftest import CORPUS

    texts = [p for f in sorted(CORPUS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n") if p]
    texts += ["Cоnvention (a Cyrillic о) Ünited Señor ёж x", "Доклад Конференции", "Ελλάδα and Ísland"]
    for text in texts:
        words = module._WORD.findall(text)
        assert module._latin_words(words) == sum(1 for w in words if module._LATIN.search(w)), text
