"""The format importers on the real corpus pool: the UDHR, the SDG files, the UNPC dev set, the Charter's lines.

The files are read in place from ``../shared/corpus-pool`` (the ``pool``
fixture skips when it is absent); the parsed corpora are the fixtures of
:mod:`tests.importer_corpora`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.align.pairing import links_of
from indexer.documents import HEADING, PARAGRAPH
from indexer.ingest.formats import discover, lines, sdg, unpc
from tests.importer_corpora import (CHARTER, CHARTER_ALIGNED_LINES, SDG, by_number,  # noqa: F401 - fixtures
                                    charter_docs, charter_lines, devset, sdg_docs, udhr_docs, unpc_docs, unpc_lines)


# --- UDHR ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, title, paragraphs, headings, preamble", [
    ("en", "Universal Declaration of Human Rights", 60, 32, 10),
    ("ru", "Всеобщая декларация прав человека", 60, 32, 9),
])
def test_udhr_document(udhr_docs, lang, title, paragraphs, headings, preamble):
    doc = udhr_docs[lang]
    kinds = [p.kind for p in doc.paragraphs]
    assert (doc.doc_id, doc.lang, doc.symbol, doc.date, doc.title) == (
        f"A/RES/217 (III)@{lang}", lang, "A/RES/217 (III)", dt.date(1948, 12, 10), title)
    assert (kinds.count(PARAGRAPH), kinds.count(HEADING)) == (paragraphs, headings)
    assert sum(1 for p in doc.paragraphs if p.section == "Preamble" and p.kind == PARAGRAPH) == preamble


@pytest.mark.parametrize("lang, number, section, start", [
    ("en", "1", "Article 1", "All human beings are born free and equal"),
    ("ru", "1", "Article 1", "Все люди рождаются свободными и равными"),
    ("en", "11(2)", "Article 11", "No one shall be held guilty of any penal offence"),
    ("ru", "11(2)", "Article 11", "Никто не может быть осужден за преступление"),
    ("en", "26(3)", "Article 26", "Parents have a prior right to choose"),
    ("ru", "26(3)", "Article 26", "Родители имеют право приоритета"),
    ("en", "30", "Article 30", "Nothing in this Declaration may be interpreted"),
])
def test_udhr_paragraphs(udhr_docs, lang, number, section, start):
    p = by_number(udhr_docs[lang])[number]
    assert (p.kind, p.section) == (PARAGRAPH, section)
    assert p.text.startswith(start)


@pytest.mark.parametrize("lang, position, section, start", [
    ("en", 15, "Article 2", "Everyone is entitled to all the rights and freedoms"),
    ("en", 16, "Article 2", "Furthermore, no distinction shall be made"),
])
def test_udhr_article_paragraphs_outside_a_list_have_the_article_number(udhr_docs, lang, position, section, start):
    p = udhr_docs[lang].paragraphs[position]
    assert (p.kind, p.number, p.section) == (PARAGRAPH, "2", section)
    assert p.text.startswith(start)


def test_udhr_article_headings_are_not_numbered(udhr_docs):
    for doc in udhr_docs.values():
        headings = [p for p in doc.paragraphs if p.kind == HEADING and (p.section or "").startswith("Article")]
        assert len(headings) == 30 and all(p.number is None for p in headings)


@pytest.mark.parametrize("lang, position, kind, section, start", [
    ("en", 0, HEADING, None, "Universal Declaration of Human Rights"),
    ("en", 1, HEADING, "Preamble", "Preamble"),
    ("en", 2, PARAGRAPH, "Preamble", "Whereas recognition of the inherent dignity"),
    ("ru", 1, PARAGRAPH, None, "Принята и провозглашена резолюцией 217 А (III)"),  # the <note>
    ("ru", 2, HEADING, "Preamble", "ПРЕАМБУЛА"),
])
def test_udhr_front_matter(udhr_docs, lang, position, kind, section, start):
    p = udhr_docs[lang].paragraphs[position]
    assert (p.kind, p.number, p.section) == (kind, None, section)
    assert p.text.startswith(start)


def test_udhr_articles_align_by_number(udhr_docs):
    numbers = {lang: [p.number for p in doc.paragraphs if p.number] for lang, doc in udhr_docs.items()}
    assert numbers["en"] == numbers["ru"]
    assert len(numbers["en"]) == 50  # every article paragraph: 30 articles, some with numbered paragraphs
    assert len(set(numbers["en"])) == 49  # article 2 has two unnumbered paragraphs


# --- SDG ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, entries, doc_name, resolution, date", [
    ("goals", 34 + 169, "sdg-goals", "A/RES/70/1", dt.date(2015, 9, 25)),  # read with the targets file
    ("targets", 169, "sdg-targets", "A/RES/70/1", dt.date(2015, 9, 25)),  # read alone
    ("indicators", 252, "sdg-indicators", "A/RES/71/313", dt.date(2017, 7, 6)),
])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_sdg_documents(sdg_docs, lang, kind, entries, doc_name, resolution, date):
    doc = sdg_docs[lang, kind]
    assert (doc.doc_id, doc.lang, doc.symbol, doc.date, doc.original_lang) == (
        f"{doc_name}@{lang}", lang, resolution, date, "en")
    assert len(doc.paragraphs) == entries
    assert resolution not in doc.title
    assert [p.kind for p in doc.paragraphs].count(HEADING) == (17 if kind == "goals" else 0)  # the short names


@pytest.mark.parametrize("lang, title", [
    ("en", "Sustainable Development Goals and targets"),
    ("ru", "Цели и задачи в области устойчивого развития"),
])
def test_sdg_goals_title(sdg_docs, lang, title):
    assert sdg_docs[lang, "goals"].title == title


@pytest.mark.parametrize("lang, kind, number, start", [
    ("en", "targets", "16.4", "By 2030, significantly reduce illicit financial and arms flows"),
    ("ru", "targets", "16.4", "К 2030 году значительно уменьшить незаконные финансовые потоки и потоки оружия"),
    ("en", "goals", "1 (short)", "No poverty"),
    ("ru", "goals", "1 (short)", "Ликвидация нищеты"),
    ("en", "goals", "16", "Promote peaceful and inclusive societies"),
    ("en", "indicators", "16.4.1", "Total value of inward and outward illicit financial flows"),
    ("ru", "indicators", "16.4.2", "Доля изъятого, обнаруженного или сданного оружия"),
    # Embedded line breaks (PDF copy-paste) are made single spaces.
    ("ru", "targets", "10.c", "К 2030 году сократить операционные затраты, связанные с переводом мигрантами денежных "
                             "средств, до менее 3 процентов"),
])
def test_sdg_entries(sdg_docs, lang, kind, number, start):
    assert by_number(sdg_docs[lang, kind])[number].text.startswith(start)


@pytest.mark.parametrize("kind, links", [("goals", 34 + 169), ("targets", 169), ("indicators", 252)])
def test_sdg_versions_pair_one_to_one_by_number(sdg_docs, kind, links):
    en, ru = sdg_docs["en", kind], sdg_docs["ru", kind]
    found = links_of(en, ru)
    assert len(found) == links
    # every entry's counterpart has its number: no two indicators run together (3.7.2 + 3.8.1, 4.7.1 + 4.a.1)
    assert [(en.paragraphs[link.en[0]].number, len(link.en), len(link.ru), link.confidence) for link in found] == [
        (ru.paragraphs[link.ru[0]].number, 1, 1, 1.0) for link in found]


@pytest.mark.parametrize("kind", ["goals", "targets", "indicators"])
def test_sdg_languages_align_by_number_in_numeric_order(sdg_docs, kind):
    en, ru = ([p.number for p in sdg_docs[lang, kind].paragraphs] for lang in ("en", "ru"))
    assert en == ru
    assert len(set(en)) == len(en)
    first = {"goals": ["1 (short)", "1", "1.1", "1.2"], "targets": ["1.1", "1.2", "1.3", "1.4"],
             "indicators": ["1.1.1", "1.2.1", "1.2.2", "1.3.1"]}
    assert en[:4] == first[kind]  # not the YAML file's string order (1, 10, 11 …)


@pytest.mark.parametrize("before, after", [("1.b", "2 (short)"), ("9", "9.1"), ("9.c", "10 (short)"), ("17.1", "17.19")])
def test_sdg_goals_in_numeric_order(sdg_docs, before, after):
    numbers = [p.number for p in sdg_docs["en", "goals"].paragraphs]
    assert numbers.index(before) < numbers.index(after)


def test_sdg_goals_file_reads_the_targets_file_beside_it(pool):
    goals = pool / SDG.format(lang="en", kind="goals")
    assert sdg.companions(goals) == [pool / SDG.format(lang="en", kind="targets")]
    assert sdg.companions(pool / SDG.format(lang="en", kind="targets")) == []
    assert [p.name for p in discover([goals.parent])] == ["global_goals.yml", "global_indicators.yml"]


def test_sdg_texts_have_no_line_breaks_or_double_spaces(sdg_docs):
    for doc in sdg_docs.values():
        assert not [p.number for p in doc.paragraphs if "\n" in p.text or "  " in p.text]


# --- UNPC (dev set) -----------------------------------------------------------------------------

def test_unpc_every_symbol_in_both_languages(unpc_docs):
    symbols = {lang: {d.symbol for d in unpc_docs.values() if d.lang == lang} for lang in ("en", "ru")}
    assert len(unpc_docs) == 2 * 732
    assert symbols["en"] == symbols["ru"] and len(symbols["en"]) == 732
    assert all(d.doc_id == f"{d.symbol}@{d.lang}" for d in unpc_docs.values())


@pytest.mark.parametrize("symbol", [
    "E/CN.15/2015/12",  # 2015/e/cn_15/2015/12
    "E/CN.7/2015/13",  # 2015/e/cn_7/2015/13
    "A/AC.182/L.139",  # 2015/a/ac_182/l_139
    "S/RES/2196 (2015)",  # 2015/s/res/2196__2015_
    "A/69/308 (Part II)",  # 2015/a/69/308__part_ii_
    "A/69/102/Add.2",  # 2015/a/69/102/add_2
])
def test_unpc_symbols_from_paths(unpc_docs, symbol):
    assert f"{symbol}@en" in unpc_docs and f"{symbol}@ru" in unpc_docs


# Dev-set lines (1-based) whose sentences make up one paragraph, in S order.
@pytest.mark.parametrize("symbol, lang, line_numbers", [
    ("S/2015/10/Add.7", "en", (1727, 11)),  # en:7:1 comes after en:7:2 in the file
    ("E/CN.15/2015/12", "ru", (1273, 2066)),  # ru:103:2 and ru:103:5: two EN paragraphs in one RU paragraph
])
def test_unpc_sentences_joined_in_p_s_order(unpc_docs, unpc_lines, symbol, lang, line_numbers):
    paragraph = " ".join(unpc_lines[lang][n - 1] for n in line_numbers)
    assert paragraph in [p.text for p in unpc_docs[f"{symbol}@{lang}"].paragraphs]


def test_unpc_paragraphs_in_p_order(unpc_docs, unpc_lines):
    # E/CN.15/2015/12 en: P 27, 56, 59, 96, 104, 105, 119, 132, 140 (dev-set lines below).
    by_p = [1274, 2065, 2773, 3427, 1273, 2066, 428, 3426, 427]
    doc = unpc_docs["E/CN.15/2015/12@en"]
    assert [p.text for p in doc.paragraphs] == [unpc_lines["en"][n - 1] for n in by_p]
    assert len(unpc_docs["E/CN.15/2015/12@ru"].paragraphs) == 8


@pytest.mark.parametrize("doc_id, start, number", [
    ("E/CN.15/2015/12@en", "50. Following the expert group meeting", "50"),
    ("E/CN.15/2015/12@ru", "50. После совещания группы экспертов", "50"),
    ("E/CN.15/2015/12@en", "34. The objective in this thematic area", "34"),
    ("E/CN.15/2015/12@en", "Its aim was to step up the fight", None),
])
def test_unpc_un_paragraph_numbers(unpc_docs, doc_id, start, number):
    (p,) = [p for p in unpc_docs[doc_id].paragraphs if p.text.startswith(start)]
    assert p.number == number


def test_unpc_russian_look_alike_markers_fold_to_latin(unpc_docs):
    numbers = {p.number for d in unpc_docs.values() for p in d.paragraphs if p.number}
    assert "(a)" in numbers and "(а)" not in numbers  # Cyrillic а → Latin a


def test_unpc_line_links_agree_with_sentence_files(devset, unpc_docs, unpc_lines):
    links = unpc.line_links(devset)
    assert len(links) == len(unpc_lines["en"]) == len(unpc_lines["ru"]) == 4000
    for i, link in enumerate(links):
        assert unpc_lines["en"][i] in unpc_docs[f"{link.symbol}@en"].paragraphs[link.en].text, i
        assert unpc_lines["ru"][i] in unpc_docs[f"{link.symbol}@ru"].paragraphs[link.ru].text, i
    assert len(set(links)) == 3714  # distinct gold paragraph pairs


@pytest.mark.parametrize("line, link", [
    (1273, ("E/CN.15/2015/12", 4, 4)),
    (2066, ("E/CN.15/2015/12", 5, 4)),  # a second EN paragraph in the same RU paragraph
    (3426, ("E/CN.15/2015/12", 7, 6)),
])
def test_unpc_line_links_examples(devset, line, link):
    assert tuple(unpc.line_links(devset)[line - 1]) == link


# --- Charter (paragraph lines) ------------------------------------------------------------------

@pytest.mark.parametrize("lang, doc_id, title, paragraphs, headings", [
    ("en", "raw_un_charter_en@en", "Charter of the United Nations", 377, 19 + 111 + 16),
    ("ru", "raw_un_charter_ru@ru", "Устав Организации Объединенных Наций", 378, 19 + 111 + 16),
])
def test_charter_document(charter_docs, charter_lines, lang, doc_id, title, paragraphs, headings):
    doc = charter_docs[lang]
    assert (doc.doc_id, doc.lang, doc.symbol, doc.title, doc.date, doc.fmt) == (
        doc_id, lang, None, title, dt.date(1945, 6, 26), "charter")
    assert len(doc.paragraphs) == paragraphs == sum(1 for line in charter_lines[lang] if line.strip())
    assert sum(1 for p in doc.paragraphs if p.kind == HEADING) == headings  # chapters, articles, COMPOSITION …


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_charter_line_numbers_map_positions_to_lines(pool, charter_docs, charter_lines, lang):
    numbers = lines.line_numbers(pool / CHARTER[lang])
    assert len(numbers) == len(charter_docs[lang].paragraphs)
    assert [p.text for p in charter_docs[lang].paragraphs] == [charter_lines[lang][n - 1].strip() for n in numbers]


@pytest.mark.parametrize("lang, line, kind, number, section, text", [
    ("en", 1, PARAGRAPH, None, "Preamble", "WE THE PEOPLES OF THE UNITED NATIONS DETERMINED"),
    ("en", 22, HEADING, "I", "Chapter I", "Chapter I: Purposes and Principles"),
    ("ru", 22, HEADING, "I", "Chapter I", "Глава I: Цели и Принципы"),
    ("en", 23, HEADING, None, "Chapter I > Article 1", "Article 1"),
    ("ru", 23, HEADING, None, "Chapter I > Article 1", "Статья 1"),
    ("en", 24, PARAGRAPH, "1", "Chapter I > Article 1", "The Purposes of the United Nations are:"),
    ("en", 61, HEADING, None, "Chapter IV", "COMPOSITION"),
    ("ru", 65, HEADING, None, "Chapter IV", "ФУНКЦИИ и ПОЛНОМОЧИЯ"),
    ("ru", 228, HEADING, "IX", "Chapter IX", "ГЛАВА IX: Международное экономическое и социальное сотрудничество"),
    ("en", 442, HEADING, "XIX", "Chapter XIX", "Chapter XIX: Ratification and Signature"),
    ("en", 451, PARAGRAPH, None, "Signature", "In Faith Whereof the representatives of the Governments"),
])
def test_charter_lines(pool, charter_docs, lang, line, kind, number, section, text):
    position = lines.line_numbers(pool / CHARTER[lang]).index(line)
    p = charter_docs[lang].paragraphs[position]
    assert (p.kind, p.number, p.section) == (kind, number, section)
    assert p.text.startswith(text)


# The paragraph numbers of the authentic text, rebuilt from the layout (lines of the EN file; RU has the same).
@pytest.mark.parametrize("line, number", [
    (26, "1(1)"), (29, "1(4)"),  # Article 1: an introduction, then paragraphs 1-4
    (31, "2"), (39, "2(7)"),
    (42, "3"),  # one paragraph: no paragraph number
    (45, "4(1)"), (46, "4(2)"),
    (78, "13(1)"), (79, "13(1)(a)"), (80, "13(1)(b)"), (81, "13(2)"),  # items after "for the purpose of:"
    (214, "51"),
    (230, "55"), (232, "55(a)"), (234, "55(c)"),  # an introduction, then lettered items
    (320, "77(1)"), (323, "77(1)(c)"), (324, "77(2)"),
    (362, "87(a)"), (365, "87(d)"),
    (449, "111"),
])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_charter_paragraph_numbers(pool, charter_docs, lang, line, number):
    position = lines.line_numbers(pool / CHARTER[lang]).index(line)
    assert charter_docs[lang].paragraphs[position].number == number


def test_charter_aligned_lines_share_structure(pool, charter_docs):
    anchors = {}
    for lang, doc in charter_docs.items():
        numbers = lines.line_numbers(pool / CHARTER[lang])
        anchors[lang] = {n: (p.kind, p.number, p.section)
                         for n, p in zip(numbers, doc.paragraphs) if n <= CHARTER_ALIGNED_LINES}
    assert anchors["en"] == anchors["ru"]


