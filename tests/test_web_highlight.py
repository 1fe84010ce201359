"""Highlighting, table-driven: a query, a paragraph's language, and its text with the [marked] spans."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import analysis as analysis_mod
from indexer.analysis import Analysis, Forms, _positions, token_spans
from indexer.caches.dict_cache import DictCache
from indexer.search.highlight import FieldTerms, Highlighter, mark, merge, query_terms
from indexer.search.query import parse_query
from indexer.engine.schema import build_schema

SCHEMA = build_schema()

# query | lang | text, [brackets] around what must be marked (and nothing else)
CASES = """
мигрант                      | ru | Незаконный ввоз [мигрантов] и помощь [мигрантам]
мигрантам                    | ru | Права [мигрантов], [мигранты] и [мигрант]
=мигрантов                   | ru | Незаконный ввоз [мигрантов] и помощь мигрантам
=Мигрантов                   | ru | [МИГРАНТОВ] и мигранты
"в Вене"                     | ru | Совещание [в Вене] 30 мая
"ввоз мигрантов"             | ru | по незаконному [ввозу мигрантов] и ввоз оружия, мигрантов
незаконный ввоз мигрантов    | ru | Группа по [незаконному ввозу мигрантов] провела
smuggled                     | en | The [smuggling] of migrants and [smuggled] persons
"such tools and to continue" | en | disseminate [such tools and to continue] facilitating; tools
migra*                       | en | [Migrants] and [migration] but not emigrants
traffick*                    | en | [Trafficking] and [trafficked] persons, [traffickers]; not traffic
организаци*                  | ru | [Организация] и [организации], не организованный
mig?ant                      | en | [migrants] and migration (wildcards meet stems)
smugling~                    | en | [smuggling] but not smuggled or struggling
developmnt~                  | en | the [development] of tools and [developments]
migrants -smuggling          | en | [migrants] and smuggling
migrants NOT smuggling       | en | [migrants] and smuggling
firearms OR explosives       | en | [firearms], [explosives] and ammunition
CTOC/COP/2012/1              | ru | См. [СТОС/COP/2012/1].
сайт                         | ru | на [интернет-сайте] и на [сайте]
symbol:CTOC/* lang:ru        | ru | Nothing to mark in CTOC/COP/2012/1 here
мигрантов OR smuggling       | en | [Smuggling] of migrants
мигрантов OR smuggling       | ru | Ввоз [мигрантов]
organs                       | en | trafficking in [organs] and an [organ], not organized organizations
children women               | en | [Children] and [women], a [child] and a [woman]
"trafficking in persons"     | en | [trafficking in persons], not trafficking of persons
1 734 600                    | en | a total of $[1,734,600], [1 734 600] or [1734600], not 1 or 734
$1,734,600                   | ru | в размере [1 734 600] долл. США или [1.734.600]
"capacity building"          | en | [capacity-building], [capacity building] and [capacitybuilding]
nongovernmental              | en | [non-governmental] and [nongovernmental] organizations
Secretary-General            | en | the [Secretary‑General] and the [SecretaryGeneral]
Ibanez                       | en | Marisela Morales [Ibáñez] and [Ibanez]
L.7/Rev.1                    | en | draft resolution [CTOC/COP/2010/L.7/Rev.1], not L.8/Rev.1
A/RES/64/293                 | en | General Assembly resolution [64/293] and [A/RES/64/293]
2000-2001                    | en | the biennium [2000–2001] and [2000-2001]
"""


def parse_cases(table: str):
    for line in table.strip().splitlines():
        query, lang, marked = (part.strip() for part in line.split("|"))
        text = marked.replace("[", "").replace("]", "")
        expected = re.sub(r"\[([^\]]*)\]", r"<mark>\1</mark>", marked)
        yield pytest.param(query, lang, text, expected, id=f"{query}-{lang}")


@pytest.mark.parametrize("query, lang, text, expected", list(parse_cases(CASES)))
def test_highlight(query, lang, text, expected):
    assert str(Highlighter(parse_query(query, SCHEMA), SCHEMA).html(text, lang)) == expected


def test_everything_else_is_escaped():
    html = str(Highlighter(parse_query("migrants", SCHEMA), SCHEMA).html('<b>"migrants"</b> & <script>', "en"))
    assert html == "&lt;b&gt;&#34;<mark>migrants</mark>&#34;&lt;/b&gt; &amp; &lt;script&gt;"


def test_no_query_only_escapes():
    assert str(Highlighter(None, SCHEMA).html("a < b", "en")) == "a &lt; b"


def test_language_comes_from_the_document_or_the_script():
    highlighter = Highlighter(parse_query("мигрант", SCHEMA), SCHEMA)
    assert "<mark>" in highlighter.html("мигрантов", None, "ru")
    assert "<mark>" in highlighter.html("мигрантов", "es")  # Cyrillic script: the Russian analyzer


def test_terms_under_not_are_not_collected():
    terms = query_terms(parse_query("migrants -smuggling NOT firearms", SCHEMA))
    assert terms["text_en"].terms == {"migrant"}


@pytest.mark.parametrize("spans, text, expected", [
    ([(5, 9), (0, 3), (2, 4)], "", [(0, 4), (5, 9)]),
    ([(0, 3), (4, 7)], "abc def", [(0, 7)]),
    ([(0, 3), (5, 8)], "abc, def", [(0, 3), (5, 8)]),
    ([], "abc", []),
])
def test_merge(spans, text, expected):
    assert merge(spans, text) == expected


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200), start=st.integers(0, 200), length=st.integers(0, 50))
def test_mark_keeps_the_text(text, start, length):
    html = str(mark(text, [(min(start, len(text)), min(start + length, len(text)))]))
    unmarked = html.replace("<mark>", "").replace("</mark>", "")
    assert unmarked == str(mark(text, []))
    assert "<" not in unmarked


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("мигрантов smuggled <>&\"' -–ёЁ/1"), max_size=80))
def test_highlighting_is_total_on_text(text):
    highlighter = Highlighter(parse_query("мигрант OR smuggled OR =мигрантов", SCHEMA), SCHEMA)
    for lang in ("en", "ru", None):
        html = str(highlighter.html(text, lang))
        assert re.sub(r"</?mark>", "", html) == str(mark(text, []))


WORDS = ["the", "of", "Migrants", "мигрантов", "в", "и", "интернет-сайте", "money-laundering", "СТОС/COP/2012/1",
         "Office's", "ещё", "15-19", "5.3", "smuggled", "не", "¹", "—", "(a)", "Вене", "e/cn.15/2015/18"]


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=25), seps=st.sampled_from([" ", ", ", " – ", "\n"]))
def test_word_by_word_analysis_equals_the_whole_analyzer(words, seps):
    text = seps.join(words)
    for name in ("text_en", "text_ru", "exact"):
        analyzer = SCHEMA[name].analyzer
        whole = _positions(analyzer, text)
        first = whole[0][0] if whole else 0
        assert Analysis(analyzer).positions(text) == [(pos - first, *rest) for pos, *rest in whole]


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=25), seps=st.sampled_from([" ", ", ", " – ", "\n"]))
@pytest.mark.parametrize("query", ["мигрант OR smuggled OR сайт", "migra* OR =мигрантов OR ВЕНА", "smugling~ Office"])
def test_marks_word_by_word_equal_marks_by_position(query, words, seps):
    """The spans taken word by word (kept per text) are those of the words read position by position."""
    text = seps.join(words)
    for name, table in query_terms(parse_query(query, SCHEMA)).items():
        analysis = Analysis(SCHEMA[name].analyzer)
        by_position = token_spans(analysis.positions(text), table)
        assert analysis.marked(text, [table, None]) == [by_position, []]
        analysis_mod._TEXT_WORDS.clear()
        assert analysis.marked(text, [None, table]) == [[], by_position]


def test_the_words_of_the_texts_last_read_are_bounded_by_their_bytes(seed_docs, monkeypatch):
    """Each text's words weigh what they take (their sets shared), and past the bound the oldest texts go."""
    kept = analysis_mod._TEXT_WORDS
    kept.clear()
    monkeypatch.setattr(kept, "limit", 60_000)
    analysis = Analysis(SCHEMA["text_en"].analyzer)
    texts = list(dict.fromkeys(p.text for doc in seed_docs.values() for p in doc.paragraphs if p.lang == "en"))
    weights = []
    for text in texts:
        sets, spans = analysis.words(text)
        assert len(sets) == len(spans) // 2 == len(analysis.positions(text))
        assert sys.getsizeof(sets) + sys.getsizeof(spans) <= analysis_mod.words_bytes(sets, spans)
        weights.append(analysis_mod.words_bytes(sets, spans))
        assert kept.weight <= 60_000
    newest = len(weights) - next(n for n in range(len(weights)) if sum(weights[-n - 1:]) > 60_000)
    assert sum(weights) > 3 * 60_000 and kept.weight == sum(weights[newest:])
    assert [kept.get((analysis.key, t)) is not None for t in texts[newest - 1:]] == [False] + [True] * len(
        texts[newest:])


def test_marking_keeps_a_words_terms_once(seed_docs):
    """Marking keeps each word's set of terms, not its terms again as a tuple."""
    analysis = Analysis(SCHEMA["text_ru"].analyzer)
    analysis_mod._WORD_TERMS.clear()
    text = seed_docs["001"].paragraphs[-1].text
    marked = analysis.marked(text, [query_terms(parse_query("мигрант", SCHEMA))["text_ru"]])
    assert marked == [[m.span() for m in re.finditer("мигрантов", text)]] and len(marked[0]) == 2
    assert len(analysis_mod._WORD_TERMS) == 0 and analysis.word_set("мигрантов") == frozenset({"мигрант"})


@pytest.mark.parametrize("name, several", [("text_en", True), ("text_ru", True), ("exact", False)])
def test_a_words_terms_from_the_memoizing_chain_are_the_whole_analyzers(seed_docs, name, several):
    """Every word of the seeds gets, from the chain's kept texts, the terms the analyzer makes of it alone."""
    analyzer = build_schema()[name].analyzer  # empty caches
    analysis = Analysis(analyzer)
    assert analysis._memo is not None  # the fast path is taken for this schema's analyzers
    words = {m.group() for doc in seed_docs.values() for p in doc.paragraphs
             for m in analysis.expression.finditer(p.text)}
    analysis_mod._WORD_TERMS.clear()
    mine = {w: analysis.word_terms(w) for w in words}
    assert mine == {w: tuple(dict.fromkeys(t.text for t in analyzer(w, mode="index"))) for w in words}
    # every word is indexed in the language fields, stop words too; the exact field leaves them out
    assert len(words) > 2000 and all(mine.values()) == (name != "exact")
    assert any(len(terms) > 1 for terms in mine.values()) == several  # compounds, ambiguous forms


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=25), seps=st.sampled_from([" ", ", ", " – ", "\n"]))
@pytest.mark.parametrize("own, translated", [("мигрант OR smuggled", "сайт OR Office"), ("migra*", "мигрант")])
def test_marks_of_two_tables_read_once_equal_marks_by_position(own, translated, words, seps):
    """A text's words are read once for the query's words and their translations, met before or not, and each
    table marks what it marks alone, position by position; once its words are met, a table of whole terms judges
    none of them alone."""
    text = seps.join(words)
    own_terms, translated_terms = query_terms(parse_query(own, SCHEMA)), query_terms(parse_query(translated, SCHEMA))
    takes = FieldTerms.takes

    def judged(self, group):
        assert not self.whole_terms, f"{sorted(group)} judged alone"
        return takes(self, group)

    for name in own_terms.keys() & translated_terms.keys():
        analysis = Analysis(SCHEMA[name].analyzer)
        tables = [own_terms[name], translated_terms[name]]
        expected = [token_spans(analysis.positions(text), table) for table in tables]
        assert analysis.marked(text, tables) == expected
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(FieldTerms, "takes", judged)
            assert analysis.marked(text, tables) == expected  # every word met now


def test_words_met_before_are_marked_by_the_forms_of_the_terms(monkeypatch):
    """Once a text's words are all met, the words a query's whole terms take are those the terms' forms name,
    none judged alone; a word met since (by any reader of the analyzer) is among them."""
    analysis = Analysis(SCHEMA["text_ru"].analyzer)
    table = query_terms(parse_query("мигрант", SCHEMA))["text_ru"]
    assert analysis.marked("помощь мигрантам и беженцам", [table]) == [[(7, 16)]]

    def judged(self, group):
        raise AssertionError(f"{sorted(group)} judged alone")

    monkeypatch.setattr(type(table), "takes", judged)
    assert analysis.marked("беженцам и мигрантам", [table]) == [[(11, 20)]]
    assert Analysis(SCHEMA["text_ru"].analyzer).word_set("мигранта") == frozenset({"мигрант"})  # met elsewhere
    assert analysis.marked("мигранта и беженцам", [table]) == [[(0, 8)]]


def test_the_forms_name_every_word_of_the_word_sets_by_its_terms(monkeypatch):
    """Each word kept with its terms is kept among each term's forms, and the forms are dropped with the words."""
    analysis = Analysis(SCHEMA["text_en"].analyzer)
    monkeypatch.setattr(analysis, "_sets", DictCache(5))  # this reader's own, empty
    monkeypatch.setattr(analysis, "_forms", Forms())
    words = ["migrants", "smuggled", "offices", "children", "women", "running", "the", "Migrants", "persons"]
    for k, word in enumerate(words):
        analysis.word_set(word)
        kept = analysis._sets._items
        forms = analysis._forms.by_term
        assert all(word in forms[term] for word, terms in kept.items() for term in terms)
        assert {word for named in forms.values() for word in named} == {word for word, terms in kept.items() if terms}
        assert len(kept) <= 5 and word in kept
    assert analysis._forms.learned == len(words) + 1  # each word counted, and the drop
