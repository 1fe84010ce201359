"""A translation's strength in words, a hit as keyword in context, a rendering in the text's capitals."""

from __future__ import annotations

import pytest

from search_app.reading_aids import Line, as_written, by_strength, headline, kwic, strength


@pytest.mark.parametrize("source, score, expected", [
    ("glossary", 1.0, "strong"),
    ("glossary", 0.01, "strong"),  # a glossary entry is a translation whatever the corpus says
    ("dictionary", 0.2, "likely"),
    ("cognate", 0.9, "likely"),
    ("corpus", 0.82, "strong"),
    ("corpus", 0.5, "strong"),
    ("corpus", 0.49, "likely"),
    ("corpus", 0.15, "likely"),
    ("corpus", 0.149, "weak"),
    ("corpus", 0.04, "weak"),
    ("corpus", None, "weak"),
])
def test_strength_in_words(source, score, expected):
    assert strength({"source": source, "score": score}) == expected


def test_translations_grouped_by_strength_and_the_folded_line():
    used = [{"to": "rights", "to_lang": "en", "source": "corpus", "score": 0.82, "excluded": False},
            {"to": "law", "to_lang": "en", "source": "corpus", "score": 0.09, "excluded": False},
            {"to": "rights", "to_lang": "en", "source": "corpus", "score": 0.66, "excluded": False},
            {"to": "human", "to_lang": "en", "source": "corpus", "score": 0.19, "excluded": True},
            {"to": "human rights", "to_lang": "en", "source": "glossary", "score": 1.0, "excluded": False}]
    groups = by_strength(used)
    assert [[t["to"] for t in groups[name]] for name in ("strong", "likely", "weak")] == [
        ["rights", "rights", "human rights"], ["human"], ["law"]]
    assert headline(groups["strong"] + groups["likely"]) == [("rights", "en"), ("human rights", "en")]


@pytest.mark.parametrize("marked, chars, expected", [
    ("The <mark>smuggling</mark> of migrants", 60, Line("The ", "smuggling", " of migrants", False, False)),
    ("<mark>Everyone</mark> has the right", 60, Line("", "Everyone", " has the right", False, False)),
    ("one two three four <mark>five</mark> six seven eight nine", 10,
     Line("four ", "five", " six seven", True, True)),  # " six seven" fits the 10 characters whole
    ("no mark at all here", 8, Line("", "", "no mark", False, True)),
    ("a &lt;b&gt; &amp; <mark>c</mark>", 60, Line("a <b> & ", "c", "", False, False)),  # entities read as text
    ('<mark class="tr">human rights</mark> and <mark>rights</mark>', 60,
     Line("", "human rights", " and rights", False, False)),  # the first mark, translation or not
])
def test_keyword_in_context(marked, chars, expected):
    assert kwic(marked, chars) == expected


@pytest.mark.parametrize("rendering, texts, expected", [
    ("совет безопасности", ["Члены Совета Безопасности решают", "по просьбе Совета Безопасности"], "Совет Безопасности"),
    ("human rights", ["Human rights are universal", "respect for human rights"], "human rights"),
    ("general assembly", ["the General Assembly shall", "The General Assembly may"], "General Assembly"),
    ("unesco", ["with UNESCO and", "UNESCO's work"], "UNESCO"),
    ("freedoms", [], "freedoms"),  # no example: as the lexicon writes it
    ("charter", ["Charter of the United Nations"], "charter"),  # a paragraph's first word says nothing
])
def test_renderings_in_the_capitals_of_the_text(rendering, texts, expected):
    assert as_written(rendering, texts) == expected
