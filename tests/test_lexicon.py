"""The lexicon: units of text, learning from aligned pairs, storage and glossaries."""

from __future__ import annotations

import dataclasses

import pytest

from bench import alignment_gold
from indexer.engine import engine
from indexer.storage import crosslang
from indexer.lexicon import glossary
from indexer.lexicon import learn
from indexer.lexicon import store as lexicon_store
from indexer.errors import GlossaryError, LexiconError
from indexer.lexicon.glossary import GLOSSARY_ENV
from indexer.lexicon.model import Bead
from indexer.lexicon.model import Lexicon
from indexer.lexicon.units import UnitReader, run_keys, term_units


# --- units -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, text, terms", [
    ("ru", "Незаконный ввоз мигрантов", [("незаконный",), ("ввоз",), ("мигрант",)]),
    ("ru", "государства-члены и Вена", [("государство-член", "государство", "член"), ("вена", "вено")]),
    ("ru", "в 2012 году СТОС/COP/2012/1", [None, ("год",), None]),
    ("en", "Smuggling of Migrants, 2012", [("smuggle",), ("migrant",), None]),
    ("en", "Генеральная Ассамблея and the Council", [None, None, ("council",)]),
    ("en", "", []),
])
def test_tokens_are_word_positions_of_one_language(lang, text, terms):
    tokens = UnitReader(lang).tokens(text)
    assert [t.terms if t else None for t in tokens] == terms
    for t in tokens:
        if t:
            assert text[t.start:t.end].strip() == text[t.start:t.end]


def test_runs_stop_at_numbers_and_foreign_words():
    tokens = UnitReader("en").tokens("Member States in 2012 adopted the General Assembly resolution")
    assert list(run_keys(tokens, 2)) == ["member state", "adopt general", "general assembly", "assembly resolution"]
    assert list(run_keys(tokens, 3)) == ["adopt general assembly", "general assembly resolution"]


@pytest.mark.parametrize("term, units", [
    ("мигрантов", [("ru", "мигрант")]),
    ("Secretary-General", [("en", "secretary-general")]),
    ("государства-члены", [("ru", "государство-член")]),
    ("Member States", [("en", "member state")]),
    ("2012", []),
    ("UNODC", [("en", "unodc")]),
])
def test_term_units(term, units):
    assert term_units(term) == units


# --- learning ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def charter_beads(pool) -> list[Bead]:
    """The Charter's aligned lines (the gold alignment)."""
    case = alignment_gold.charter(pool)
    return [Bead((case.en.paragraphs[e].text,), (case.ru.paragraphs[r].text,)) for e, r in sorted(case.gold)]


@pytest.fixture(scope="module")
def charter_lexicon(charter_beads) -> Lexicon:
    """The lexicon of the Charter's aligned lines."""
    return learn.learn(charter_beads)


@pytest.fixture(scope="module")
def dice_lexicon(charter_beads) -> Lexicon:
    """The lexicon of the Charter's aligned lines scored by co-occurrence alone (no link counts)."""
    return learn.learn(charter_beads, dataclasses.replace(learn.DEFAULT, link_rounds=0))


@pytest.mark.parametrize("lang, term, first", [
    ("en", "Charter", "устав"),
    ("ru", "Генеральная Ассамблея", "general assembly"),
    ("ru", "Генеральный Секретарь", "secretary-general"),
    ("en", "Secretary-General", "генеральный секретарь"),
    ("en", "Security Council", "совет безопасность"),
    ("ru", "Совет Безопасности", "security council"),
    ("en", "General Assembly", "генеральный ассамблея"),
    ("en", "Trusteeship Council", "совет опека"),
    ("ru", "Международный Суд", "international court justice"),
    ("ru", "Совет по Опеке", "trusteeship council"),
    ("en", "Members", "член"),
])
def test_charter_lexicon(charter_lexicon, lang, term, first):
    keys = [k for unit_lang, k in term_units(term) if unit_lang == lang]
    found = charter_lexicon.lookup(lang, keys)
    assert found and found[0][1].key == first


# Term, its first candidate (by Dice of co-occurrence), a later one that the link counts keep, and one
# that only keeps the term company (an indirect association), which they leave out.
LINKED = [
    ("en", "article", "статья", None, "организация"),
    ("en", "any", "любой", None, "совет безопасность"),
    ("en", "action", "действие", "предпринимать", "поддержание"),
    ("en", "assistance", "помощь", None, "военно-штабной комитет"),  # not assist (помогать): another word
    ("en", "application", "применение", "затрагивать", "не затрагивать"),
    ("en", "attention", "сведение", "довести", "сведение совет безопасность"),
]


@pytest.mark.parametrize("lang, term, first, kept, left_out", LINKED)
def test_later_candidates_follow_link_counts(charter_lexicon, lang, term, first, kept, left_out):
    keys = [k for unit_lang, k in term_units(term) if unit_lang == lang]
    found = [c.key for _, c in charter_lexicon.lookup(lang, keys)]
    assert found[0] == first and left_out not in found
    assert kept is None or kept in found[1:]


@pytest.mark.parametrize("lang, term, left_out", [(lang, term, left_out) for lang, term, _, _, left_out in LINKED])
def test_without_link_counts_the_company_a_term_keeps_is_a_candidate(dice_lexicon, lang, term, left_out):
    keys = [k for unit_lang, k in term_units(term) if unit_lang == lang]
    assert left_out in [c.key for _, c in dice_lexicon.lookup(lang, keys)]


def test_scores_are_smoothed_dice_and_counts_are_pairs(charter_lexicon, charter_beads):
    (c, *_) = charter_lexicon.candidates("en", "charter")
    n_en, n_ru = charter_lexicon.count("en", "charter"), charter_lexicon.count("ru", "устав")
    assert c.key == "устав" and c.source == "corpus" and 0 < c.count <= min(n_en, n_ru)
    assert c.score == round(2 * c.count / (n_en + n_ru + 1), 3)
    assert charter_lexicon.pairs == len(charter_beads) == 376
    assert charter_lexicon.display("en", "security council") == "security council"


@pytest.mark.parametrize("count, most, expected", [
    (10, 4, [0, 2, 5, 7]), (4, 4, [0, 1, 2, 3]), (3, 5, [0, 1, 2]), (0, 3, []), (9, 3, [0, 3, 6]), (5, 1, [0]),
])
def test_spread(count, most, expected):
    assert learn.spread(list(range(count)), most) == expected


def test_a_lexicon_is_learned_from_at_most_max_pairs_spread_over_the_index(charter_beads, charter_lexicon):
    capped = learn.learn(charter_beads, dataclasses.replace(learn.DEFAULT, max_pairs=100))
    assert capped.pairs == 100
    assert capped.candidates("en", "charter")[0].key == "устав"  # "Charter" is in pairs all over it
    assert 0 < capped.count("en", "charter") < charter_lexicon.count("en", "charter")


def test_learning_nothing_gives_an_empty_lexicon():
    found = learn.learn([])
    assert (found.pairs, len(found), found.max_length) == (0, 0, 1)


def test_the_stored_lexicon_reads_as_the_learned_one(charter_lexicon, tmp_path):
    lexicon_store.save(charter_lexicon, tmp_path)
    back = lexicon_store.load(tmp_path)
    assert (back.pairs, len(back), back.max_length) == (charter_lexicon.pairs, len(charter_lexicon),
                                                        charter_lexicon.max_length)
    whole = back.to_lexicon()
    assert whole.translations == charter_lexicon.translations and whole.units == charter_lexicon.units
    for lang, table in charter_lexicon.translations.items():
        for key in list(table)[:300]:
            assert back.candidates(lang, key) == charter_lexicon.candidates(lang, key)
            assert back.lookup(lang, [key, "zz"]) == charter_lexicon.lookup(lang, [key, "zz"])
    assert back.candidates("ru", "zzz") == () and back.display("ru", "zzz") == "zzz" and back.count("en", "z") == 0


def _sqlite(path, statements):
    import sqlite3

    db = sqlite3.connect(path)
    db.executescript(statements)
    db.commit()
    db.close()


@pytest.mark.parametrize("write, reason", [
    (lambda path: path.write_text("not sqlite", encoding="utf-8"), "not a usable lexicon"),
    (lambda path: _sqlite(path, "CREATE TABLE meta (name TEXT, value TEXT); INSERT INTO meta VALUES ('format', '9');"),
     "a lexicon of format 9, written by an older version"),
    (lambda path: _sqlite(path, "CREATE TABLE other (x);"), "not a usable lexicon"),
])
def test_an_unreadable_lexicon_names_the_file(tmp_path, write, reason):
    write(tmp_path / lexicon_store.FILE_NAME)
    with pytest.raises(LexiconError, match=reason) as err:
        lexicon_store.load(tmp_path)
    assert str(tmp_path / lexicon_store.FILE_NAME) in str(err.value)


def test_no_lexicon_file_is_none(tmp_path):
    assert lexicon_store.load(tmp_path) is None and crosslang.load(tmp_path) is None


# --- glossaries ----------------------------------------------------------------------------------

def test_the_shipped_glossary():
    found = glossary.shipped()
    assert len(found.entries) >= 80 and all(e.note for e in found.entries)
    pairs = {(e.en_key, e.ru_key) for e in found.entries}
    assert ("smuggle migrant", "незаконный ввоз мигрант") in pairs
    assert ("general assembly", "генеральный ассамблея") in pairs and ("member state", "государство-член") in pairs


@pytest.mark.parametrize("text, message", [
    ("migrants\n", "line 1: expected English<TAB>Russian"),
    ("# c\n\nmigrants\tмигранты\tnote\textra\n", "line 3: expected English<TAB>Russian"),
    ("migrants\t\n", "line 1: expected English<TAB>Russian"),
    ("2012\t2012\n", "line 1: '2012' has no English words"),
    ("migrants\tmigrants\n", "line 1: 'migrants' has no Russian words"),
])
def test_bad_glossary_lines(text, message):
    with pytest.raises(GlossaryError, match=message):
        glossary.parse(text, "mine.tsv")


def test_glossary_file_errors(tmp_path):
    with pytest.raises(GlossaryError, match="no such glossary file"):
        glossary.read(tmp_path / "missing.tsv")
    (tmp_path / "bad.tsv").write_bytes("мигрант".encode("cp1251"))
    with pytest.raises(GlossaryError, match="not UTF-8"):
        glossary.read(tmp_path / "bad.tsv")
    (tmp_path / "ok.tsv").write_text("\ufeffVienna Centre\tВенский центр\n", encoding="utf-8")
    assert [e.ru_key for e in glossary.read(tmp_path / "ok.tsv").entries] == ["венский центр"]


@pytest.mark.parametrize("option, env, recorded, expected", [
    ("mine.tsv", "env.tsv", [{"path": "/built.tsv"}], "mine.tsv"),
    (None, "env.tsv", [{"path": "/built.tsv"}], "env.tsv"),
    (None, None, [{"path": None}, {"path": "/built.tsv"}], "/built.tsv"),
    (None, None, [{"path": None}], None),
    (None, None, None, None),
])
def test_user_glossary_is_resolved_in_order(monkeypatch, option, env, recorded, expected):
    if env:
        monkeypatch.setenv(GLOSSARY_ENV, env)
    else:
        monkeypatch.delenv(GLOSSARY_ENV, raising=False)
    found = glossary.user_glossary(option, recorded)
    assert (str(found) if found else None) == expected


def test_glossary_pairs_go_first_the_users_before_the_shipped(charter_lexicon):
    mine = glossary.parse("Charter\tХартия\tmine\nUnited Nations Radio\tРадио ООН\tmine\n", "mine")
    seeded = glossary.seeded(charter_lexicon, [mine, glossary.shipped()])
    rows = seeded.translations["en"]["charter"]
    assert rows[0] == ("хартия", 1.0, 0, "glossary") and rows[1:] == charter_lexicon.translations["en"]["charter"]
    learned = charter_lexicon.translations["en"]["security council"]
    rows = seeded.translations["en"]["security council"]  # the shipped glossary repeats a learned pair
    assert rows[0][:4] == ("совет безопасность", 1.0, learned[0][2], "glossary") and rows[1:] == learned[1:]
    assert rows[0][4:6] == learned[0][4:6]  # the glossary pair keeps the evidence of the learned one
    assert seeded.display("en", "unite nation radio") == "United Nations Radio" and seeded.count("ru", "радио оон") == 0
    assert [g["name"] for g in seeded.glossaries] == ["mine", glossary.SHIPPED_NAME]
