"""A closed compound typed as a query finds the text that writes it spaced, hyphenated or closed.

The paragraphs are from the UN parallel corpus's development set (``../shared/corpus-pool``).
Its text writes ``health care`` and ``healthcare``; it never writes ``nongovernmental`` or
``peacekeeping`` spaced, so two of its paragraphs are edited to (marked EDITED below).
"""

from __future__ import annotations

import pytest
from whoosh import query as Q

from analyzers.compounds import spaced
from indexer.build.pipeline import build
from indexer.search import highlight, ranking
from indexer.search import query as query_language
from indexer.search.query_words import group_word, spelled_apart
from indexer.search.request import SearchRequest, search
from indexer.storage.generations import open_index

# word -> its two words written apart, or None: not split
SPLITS = """
peacekeeping        peace keeping
nongovernmental     non governmental
interagency         -
international       -
healthcare          health care
timeframe           time frame
decisionmaking      decision making
counterterrorism    counter terrorism
landmines           land mine
stakeholders        stake holder
trafficking         -
available           -
missions            -
partnership         -
understanding       -
therefore           -
organization        -
development         -
cooperation         -
peace               -
Peacekeeping        -
peace-keeping       -
государства-члены   -
"""

PARAGRAPHS = {
    "spaced care": "We need affordable and quality health care that takes into account the specific needs of women "
                   "and girls.",
    "closed care": "Limiting access to comprehensive information on sexual and reproductive health combined with "
                   "obstacles in accessing healthcare services hinder adolescents' and young people's safe and healthy "
                   "transition into adulthood.",
    "apart care": "In 2013, the Ministry of Health produced and distributed educational materials on pregnancy, "
                  "childbirth, postpartum care and parenting in regions with the largest indigenous populations in "
                  "the country.",
    "hyphenated ngo": "Local authorities, members of parliament, mayors and human rights non-governmental "
                      "organizations (NGOs) should all play a part in ensuring a better understanding among parents "
                      "of the importance and benefits of respecting women's rights.",
    # EDITED: the development set writes "non-governmental non-profit organizations"
    "spaced ngo": "In the period since Uzbekistan achieved independence, a legal framework has been put in place that "
                  "creates the conditions necessary for the effective functioning of non governmental non-profit "
                  "organizations.",
    "closed peace": "Increasing the numbers of female personnel in peacekeeping is a priority for the United Nations, "
                    "and I am pleased to see UNFICYP leading the way across the military, police and civilian "
                    "components.",
    # EDITED: the development set writes "regional organizations in peacekeeping"
    "spaced peace": "I intend to explore those further in my report on the partnership between the United Nations and "
                    "regional organizations in peace keeping, to be issued by 31 March 2015, as requested by the "
                    "Council in resolution 2167 (2014).",
}


@pytest.mark.parametrize("word,written", [line.split(None, 1) for line in SPLITS.strip().splitlines()])
def test_a_closed_word_is_split_only_into_two_words(word, written):
    assert spaced(word) == (None if written == "-" else tuple(written.split()))


@pytest.fixture(scope="module")
def compounds_index(tmp_path_factory):
    """An index of the paragraphs above, one English text."""
    source = tmp_path_factory.mktemp("compounds-source")
    (source / "compounds.txt").write_text("\n\n".join(PARAGRAPHS.values()) + "\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("compounds-index")
    assert build([source], index_dir).ok
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        yield searcher
    ix.close()


def found(searcher, query: str) -> set[str]:
    """Return the names (keys of PARAGRAPHS) of the paragraphs a query finds."""
    names = {text: name for name, text in PARAGRAPHS.items()}
    return {names[hit["text"]] for hit in search(searcher, SearchRequest(query=query, limit=50))["hits"]}


@pytest.mark.parametrize("query,expected", [
    ("healthcare", {"spaced care", "closed care"}),
    ("health care", {"spaced care", "apart care"}),  # two words: the closed spelling is one other word
    ('"health care"', {"spaced care", "closed care"}),
    ("nongovernmental", {"hyphenated ngo", "spaced ngo"}),
    ("non-governmental", {"hyphenated ngo"}),  # a hyphenated word typed: its own spellings (the index's parts)
    ("peacekeeping", {"closed peace", "spaced peace"}),
    ("Peacekeeping personnel", {"closed peace"}),
    ("=peacekeeping", {"closed peace"}),
    ('"peacekeeping"', {"closed peace"}),
])
def test_a_closed_word_finds_its_spellings(compounds_index, query, expected):
    assert found(compounds_index, query) == expected


def test_the_closed_spelling_typed_comes_before_the_spaced_one(compounds_index):
    hits = search(compounds_index, SearchRequest(query="peacekeeping"))["hits"]
    assert [hit["text"] for hit in hits] == [PARAGRAPHS["closed peace"], PARAGRAPHS["spaced peace"]]


def test_the_words_written_apart_are_highlighted(compounds_index):
    schema = compounds_index.schema
    terms = highlight.query_terms(query_language.parse_query("healthcare", schema))["text_en"]
    text = PARAGRAPHS["spaced care"]
    assert [text[a:b] for a, b in highlight.spans(text, schema["text_en"].analyzer, terms)] == ["health care"]


def test_a_closed_word_is_one_word_of_the_query(compounds_index):
    """Its spelling apart is no words of the query: translation and the order of hits read the word typed."""
    schema = compounds_index.schema
    parsed = query_language.parse_query("peacekeeping", schema, normalize=False)
    assert [group_word(word) for word in parsed.subqueries] == [("en", ("peacekeeping",))]
    apart = [q for q in parsed.leaves() if spelled_apart(q)]
    assert [(type(q), q.fieldname, list(q.words)) for q in apart] == [(Q.Phrase, "text_en", ["peace", "keep"])]
    assert ranking.query_words(schema, "peacekeeping personnel", "any") == (
        ranking.Word((("text_en", "peacekeeping"), ("text_ru", "peacekeeping")), ("peacekeeping",)),
        ranking.Word((("text_en", "personnel"), ("text_ru", "personnel")), ("personnel",)))
