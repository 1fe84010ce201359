"""The general dictionary: reading dictd files, Mueller's entries, the pairs of units, the fallback in the lexicon."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.lexicon import dictd

from indexer.lexicon import dictionary

from indexer.lexicon import mueller
from indexer.errors import DictionaryError
from indexer.lexicon.model import CORPUS, DICTIONARY, GLOSSARY, Lexicon
from tests.conftest import with_dictionary

# Entries of Mueller's English–Russian dictionary (mueller7-dict), as its .dict file has them.
IMPLEMENT = """implement
   1. _n. [↗ɪmplɪmɜnt] орудие; инструмент, прибор; (особ. _pl.)
   принадлежности, утварь; инвентарь
   2. _v. [↗ɪmplɪmɛnt]
      1) выполнять, осуществлять; обеспечивать выполнение; to implement a
      decision проводить постановление в жизнь
      2) снабжать инструментами
"""
IMPLEMENTATION = """implementation
   [↘ɪmplɪmɛn↗tɛɪʃɜn] _n. осуществление, выполнение
"""
ACKNOWLEDGE = """acknowledge
   [ɜk↗nɘlɪdʒ] г
   1) сознавать; признавать, допускать
   2) подтверждать; to acknowledge the receipt подтверждать получение
   3) быть признательным (за что-л.); награждать (за услугу)
"""
INFLUENCE = """influence
   [↗ɪnflʊɜns]
   1. _n.
      1) влияние, действие, воздействие (on, upon, over - на); a person of
      influence влиятельное лицо; to exercise one's influence пустить в ход
      своё влияние; under the influence of smth. под влиянием чего-л.
      2) лицо, фактор, оказывающие влияние; environment is an influence on
      character среда влияет на формирование характера
   2. _v. оказывать влияние, влиять; the weather influences crops погода
   влияет на урожай
"""
STATE = """state
   _I  [stɛɪt]
      1. _n.
         1) состояние; state of mind душевное состояние; state of health
         состояние здоровья
         2) строение, структура, форма
      3. _v.
         1) заявлять, утверждать
   _II [stɛɪt]
      1. _n. (тж. S.)
         1) государство
         2) штат
"""
BLOB = """blob
   [blɘb]
   1. _n.
      1) капля
      2) маленький шарик (земли, глины и т.п.)
      3) _разг. нуль (при счёте в крикете); on the blob _жарг. устно, на
      словах
   2. _v. делать кляксы
"""
AIR_FORCE = """air force
   военно-воздушные силы
"""
MAIL_COACH = """mail-coach
   [↗mɛɪl↗kɜʊtʃ] = mail-cart 1
"""
DEVELOPMENT = """development
   [dɪ↗vɛlɜpmɜnt] _n.
   1) развитие; эволюция; рост; расширение
   9) _горн. подготовительные работы, подготовка месторождения
   10)_attr. development theory эволюционная теория; development battalion
   учебный батальон
"""
DRUG = """drug
   [drʌg]
   1. _n.
      1) лекарство, медикамент
      2) наркотик
"""
AMERICAN = """Am.
   _сокр. американский
"""

# Entry, its renderings as (text, rank of the sense, place in the sense).
RENDERINGS = [
    (IMPLEMENT, [("орудие", 0, 0), ("инструмент", 0, 1), ("прибор", 0, 2), ("принадлежности", 0, 3),
                 ("утварь", 0, 4), ("инвентарь", 0, 5), ("выполнять", 0, 0), ("осуществлять", 0, 1),
                 ("обеспечивать выполнение", 0, 2), ("снабжать инструментами", 1, 0)]),
    (IMPLEMENTATION, [("осуществление", 0, 0), ("выполнение", 0, 1)]),
    (ACKNOWLEDGE, [("сознавать", 0, 0), ("признавать", 0, 1), ("допускать", 0, 2), ("подтверждать", 1, 0),
                   ("быть признательным", 2, 0), ("награждать", 2, 1)]),
    (INFLUENCE, [("влияние", 0, 0), ("действие", 0, 1), ("воздействие", 0, 2), ("лицо", 1, 0), ("фактор", 1, 1),
                 ("оказывающие влияние", 1, 2), ("оказывать влияние", 0, 0), ("влиять", 0, 1)]),
    (STATE, [("состояние", 0, 0), ("строение", 1, 0), ("структура", 1, 1), ("форма", 1, 2), ("заявлять", 0, 0),
             ("утверждать", 0, 1), ("государство", 0, 0), ("штат", 1, 0)]),
    (BLOB, [("капля", 0, 0), ("маленький шарик", 1, 0), ("нуль", 2, 0), ("делать кляксы", 0, 0)]),
    (AIR_FORCE, [("военно-воздушные силы", 0, 0)]),
    (MAIL_COACH, []),
    (DEVELOPMENT, [("развитие", 0, 0), ("эволюция", 0, 1), ("рост", 0, 2), ("расширение", 0, 3),
                   ("подготовительные работы", 8, 0), ("подготовка месторождения", 8, 1)]),
    ("", []),
    ("headword only", []),
]


@pytest.mark.parametrize("entry, expected", RENDERINGS)
def test_renderings_of_real_entries(entry, expected):
    assert [(r.text, r.sense, r.order) for r in mueller.renderings(entry)] == expected


@pytest.mark.parametrize("entry, parts", [
    (STATE, [0, 0, 0, 0, 1, 1, 2, 2]),  # _I 1. _n., _I 3. _v., _II 1. _n.
    (INFLUENCE, [0, 0, 0, 0, 0, 0, 1, 1]),
    (AIR_FORCE, [0]),
])
def test_parts_of_speech_and_homonyms_are_counted(entry, parts):
    assert [r.part for r in mueller.renderings(entry)] == parts


def test_examples_labels_and_remarks_never_become_renderings():
    texts = {r.text for entry, _ in RENDERINGS for r in mueller.renderings(entry)}
    assert not texts & {"проводить постановление в жизнь", "подтверждать получение", "влиятельное лицо",
                        "за услугу", "разг", "горн", "учебный батальон", "устно", "на словах"}


def write_dictd(folder, entries: list[str], name: str = "mueller7") -> os.PathLike:
    """Write ``entries`` (each an entry's text, headword line first) as a dictd dictionary; return its .index."""
    data, lines = b"", []
    for text in entries:
        raw = text.encode("utf-8")
        lines.append(f"{text.split(chr(10))[0]}\t{dictd.encode_number(len(data))}\t{dictd.encode_number(len(raw))}")
        data += raw
    index = folder / f"{name}.index"
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(folder / f"{name}.dict.dz", "wb") as fh:
        fh.write(data)
    return index


@given(st.integers(min_value=0, max_value=2 ** 40))
def test_dictd_numbers_round_trip(n):
    assert dictd.decode_number(dictd.encode_number(n)) == n


def test_reading_a_dictd_dictionary(tmp_path):
    index = write_dictd(tmp_path, [IMPLEMENT, STATE])
    assert [(e.headword, e.text) for e in dictd.read(index)] == [("implement", IMPLEMENT), ("state", STATE)]
    (tmp_path / "mueller7.dict.dz").rename(tmp_path / "plain.gz")
    with gzip.open(tmp_path / "plain.gz") as fh:
        (tmp_path / "mueller7.dict").write_bytes(fh.read())
    assert [e.headword for e in dictd.read(index)] == ["implement", "state"]


@pytest.mark.parametrize("line, reason", [
    ("implement\tA", "mueller7.index, line 2: not a dictd index line (2 fields, not 3)"),
    ("implement\tA\t!", "mueller7.index, line 2: not a dictd index line ('!' is not a base-64 digit)"),
    ("implement\tA\t", "mueller7.index, line 2: not a dictd index line (empty number)"),
    ("implement\tA\tBAAA", "mueller7.index, line 2: not a dictd index line (points past the end of mueller7.dict.dz)"),
])
def test_a_bad_index_line_is_named(tmp_path, line, reason):
    index = write_dictd(tmp_path, [IMPLEMENT])
    index.write_text(index.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as exc:
        dictd.read(index)
    assert str(exc.value) == f"{index.parent}/{reason}"


def test_missing_dictionary_files_are_named(tmp_path):
    with pytest.raises(DictionaryError, match=r"nothing\.index: no such dictionary index"):
        dictd.read(tmp_path / "nothing.index")
    index = write_dictd(tmp_path, [IMPLEMENT])
    (tmp_path / "mueller7.dict.dz").unlink()
    with pytest.raises(DictionaryError, match=r"mueller7\.index: no mueller7\.dict\.dz or mueller7\.dict beside it"):
        dictd.read(index)
    (tmp_path / "mueller7.dict.dz").write_bytes(b"not gzip at all")
    with pytest.raises(DictionaryError, match=r"mueller7\.dict\.dz: cannot be read"):
        dictd.read(index)


# --- pairs of units -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small():
    """The pairs of a few real entries."""
    entries = [dictd.Entry(text.split("\n")[0], text) for text in
               (IMPLEMENT, IMPLEMENTATION, INFLUENCE, STATE, AIR_FORCE, MAIL_COACH, AMERICAN)]
    return dictionary.analyze(entries, "mueller7", "mueller7.index")


def test_pairs_are_units_of_the_index(small):
    english = dict.fromkeys(en for en, _, _ in small.pairs)
    # Am. is no English word; implement and implementation are two words (lemmas, not one stem)
    assert list(english) == ["air force", "implement", "implementation", "influence", "state"]
    assert [(ru, w) for en, ru, w in small.pairs if en == "implement"][:4] == [
        ("орудие", 0.2), ("выполнять", 0.19), ("инструмент", 0.17), ("осуществлять", 0.1615)]
    assert [(ru, w) for en, ru, w in small.pairs if en == "implementation"] == [
        ("осуществление", 0.2), ("выполнение", 0.17)]
    assert ("air force", "военно-воздушный сила", 0.2) in small.pairs
    assert small.written["en"]["influence"] == "influence" and small.written["ru"]["влиять"] == "влиять"


def test_first_senses_weigh_more(small):
    weights = {(en, ru): w for en, ru, w in small.pairs}
    assert weights[("state", "состояние")] == 0.2 and weights[("state", "строение")] == 0.14
    assert weights[("state", "форма")] == 0.1011  # 0.14 × 0.85²
    assert weights[("state", "заявлять")] == 0.19 and weights[("state", "государство")] == 0.1805  # later parts
    assert weights[("influence", "влияние")] > weights[("influence", "воздействие")] > weights[("influence", "фактор")]


def test_both_ways(small):
    assert small.translations("ru", "осуществление") == [("implementation", 0.2)]
    assert small.translations("en", "influence")[:2] == [("влияние", 0.2), ("оказывать влияние", 0.19)]
    assert small.translations("en", "nothing") == []


LEARNED = Lexicon(
    pairs=10,
    units={"en": {"implementation": (5, "implementation"), "influence": (3, "influence")},
           "ru": {"осуществление": (5, "осуществление"), "влияние": (2, "влияние")}},
    translations={"en": {"implementation": [("осуществление", 0.7, 4, CORPUS)]},
                  "ru": {"осуществление": [("implementation", 0.7, 4, CORPUS)]}})


def test_the_dictionary_confirms_learned_candidates_and_fills_in_what_the_corpus_lacks(small):
    vocabulary = {"en": {"implementation", "influence", "state"}, "ru": {"осуществление", "выполнение", "выполнять",
                                                                   "влияние", "влиять", "государство", "орудие"}}
    seeded = dictionary.seeded(LEARNED, small, vocabulary)
    # confirmed by the dictionary: raised, and the unit's sense is settled (no other sense added)
    assert [(c.key, c.score, c.source, c.prior) for c in seeded.candidates("en", "implementation")] == [
        ("осуществление", 1.0, CORPUS, 0.2)]
    assert [(c.key, c.score, c.count) for c in seeded.candidates("en", "influence")] == [
        ("влияние", 0.2, 0), ("влиять", 0.1615, 0)]  # not in the index: оказывать влияние, воздействие …
    assert [c.key for c in seeded.candidates("ru", "влиять")] == ["influence"]
    assert seeded.candidates("ru", "осуществление")[0].evidence == "corpus + dictionary"
    assert seeded.display("ru", "влиять") == "влиять" and seeded.display("en", "influence") == "influence"
    assert seeded.dictionary == small.describe() and LEARNED.dictionary is None


def test_at_most_a_few_dictionary_candidates_per_unit(small):
    vocabulary = {"en": set(), "ru": {r for _, r, _ in small.pairs for r in r.split()}}
    seeded = dictionary.seeded(Lexicon(), small, vocabulary, dictionary.Weights(most=2))
    assert [c.key for c in seeded.candidates("en", "state")] == ["состояние", "заявлять"]
    assert dictionary.seeded(LEARNED, None, vocabulary).candidates("en", "implement") == LEARNED.candidates(
        "en", "implement")


def test_a_word_of_several_lemmas_takes_the_learned_candidates_of_each_before_the_dictionary():
    lexicon = Lexicon(translations={"ru": {"вена": [("vienna", 0.9, 9, CORPUS)],
                                           "вено": [("dowri", 0.2, 0, DICTIONARY)]},
                                    "en": {}})
    assert [(key, c.key) for key, c in lexicon.lookup("ru", ["вено", "вена"])] == [
        ("вена", "vienna"), ("вено", "dowri")]
    glossary = Lexicon(translations={"ru": {"вена": [("vienna", 1.0, 0, GLOSSARY)]}, "en": {}})
    assert glossary.lookup("ru", ["вена"])[0][1].source == GLOSSARY


# --- where the dictionary is --------------------------------------------------------------------------

def test_locating_the_dictionary(tmp_path):
    index = write_dictd(tmp_path, [IMPLEMENT])
    env = dictionary.DICTIONARY_ENV
    assert dictionary.locate({env: ""}) is None
    assert dictionary.locate({env: str(index)}) == index
    assert dictionary.locate({env: str(tmp_path)}) == index
    with pytest.raises(DictionaryError, match=rf"{tmp_path}/none\.index \(\${env}\): no such dictionary file"):
        dictionary.locate({env: str(tmp_path / "none.index")})
    (tmp_path / "empty").mkdir()
    with pytest.raises(DictionaryError, match=r"empty \(\$UN_SEARCH_DICTIONARY\): no dictd \.index file in this folder"):
        dictionary.locate({env: str(tmp_path / "empty")})


def test_without_a_dictionary_the_status_says_how_to_get_one(tmp_path):
    with with_dictionary(""):
        assert dictionary.status() == {"path": None, "note": dictionary.HOW_TO_INSTALL}
        assert dictionary.configured() is None
        assert dictionary.summary("state") == {"path": None, "note": dictionary.HOW_TO_INSTALL, "pairs": 0,
                                               "entries": []}
    with with_dictionary(tmp_path / "gone.index"):
        assert dictionary.status()["note"].endswith("gone.index ($UN_SEARCH_DICTIONARY): no such dictionary file")


def test_the_pairs_are_analyzed_once_and_kept(tmp_path):
    index = write_dictd(tmp_path, [IMPLEMENT, INFLUENCE])
    with with_dictionary(index):
        first = dictionary.configured()
        assert dictionary.cache_path(index.resolve(), first.stamp).is_file()
        dictionary.load.cache_clear()
        (tmp_path / "mueller7.dict.dz").unlink()  # read from the cache, not from the dictionary
        again = dictionary.configured()
    assert again == first and again.pairs == first.pairs and again.written == first.written
    assert ("implement", "осуществлять", 0.1615) in again.pairs


def test_installs_that_analyze_a_shared_dictionary_differently_keep_a_cache_each(tmp_path, monkeypatch):
    index = write_dictd(tmp_path, [IMPLEMENT, INFLUENCE])
    with with_dictionary(index):
        first = dictionary.configured()
        monkeypatch.setattr(dictionary, "CACHE_FORMAT", dictionary.CACHE_FORMAT + 1)  # another version's analysis
        dictionary.load.cache_clear()
        other = dictionary.configured()
        assert other.stamp != first.stamp and other.pairs == first.pairs
        monkeypatch.undo()
        dictionary.load.cache_clear()
        (tmp_path / "mueller7.dict.dz").unlink()  # the first analysis is still kept: read, not analyzed again
        again = dictionary.configured()
    assert again == first and again.pairs == first.pairs
    assert sorted(p.name for p in tmp_path.glob("*.json.gz")) == sorted(
        f"mueller7.un-search-{stamp}.json.gz" for stamp in (first.stamp, other.stamp))


def test_the_same_dictionary_installed_again_or_elsewhere_keeps_its_stamp_and_its_lexicons(tmp_path):
    from indexer.search.backoff import weighed_with

    first_place, second_place = tmp_path / "a", tmp_path / "b"
    first_place.mkdir(), second_place.mkdir()
    index = write_dictd(first_place, [IMPLEMENT, INFLUENCE])
    with with_dictionary(index):
        first = dictionary.configured()
        described = first.describe()
        os.utime(index, ns=(10**18, 10**18))  # installed again: the same files, a new time
        dictionary.load.cache_clear()
        again = dictionary.configured()
        assert again.stamp == first.stamp and dictionary.is_configured(described)
        assert weighed_with(described) is again  # the lexicon weighed with it still backs off to it
    moved = write_dictd(second_place, [IMPLEMENT, INFLUENCE])
    changed = write_dictd(tmp_path, [IMPLEMENT])
    with with_dictionary(moved):
        assert dictionary.configured().stamp == first.stamp and weighed_with(described) is not None
    with with_dictionary(changed):
        assert dictionary.configured().stamp != first.stamp
        assert not dictionary.is_configured(described) and weighed_with(described) is None


def test_a_lexicon_that_recorded_the_files_place_and_time_keeps_its_dictionary_while_the_file_is_unchanged(tmp_path):
    from indexer.search.backoff import weighed_with

    index = write_dictd(tmp_path, [IMPLEMENT, INFLUENCE])
    with with_dictionary(index):
        found = dictionary.configured()
        stat = Path(found.path).stat()
        earlier = {**found.describe(), "stamp": dictionary._stamp(Path(found.path), stat.st_size, stat.st_mtime_ns,
                                                                  contents=False)}
        assert earlier["stamp"] != found.stamp
        assert dictionary.is_configured(earlier) and weighed_with(earlier) is found
        os.utime(index, ns=(10**18, 10**18))
        dictionary.load.cache_clear()
        assert not dictionary.is_configured(earlier) and weighed_with(earlier) is None


# --- the real dictionary ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, key, translation", [
    ("en", "implementation", "осуществление"),
    ("en", "implement", "осуществлять"),
    ("en", "influence", "влияние"),
    ("ru", "влиять", "influence"),
    ("en", "state", "государство"),
    ("ru", "государство", "state"),
    ("en", "development", "развитие"),
    ("en", "develop", "развивать"),
    ("ru", "сотрудничество", "cooperation"),
])
def test_the_real_dictionary_gives(mueller_pairs, lang, key, translation):
    assert translation in [t for t, _ in mueller_pairs.translations(lang, key)]


def test_the_real_dictionary_is_big(mueller_pairs):
    assert len(mueller_pairs.pairs) > 100_000 and len(mueller_pairs.by_source["en"]) > 30_000
