"""The paragraph aligner: m–n cases in a one-line language, measured quality on real UN texts, invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import alignment_gold as gold
from indexer.align import anchors
from indexer.align import lattice as lattice_mod
from indexer.align.aligner import Link, align
from indexer.align.model import MODEL
from indexer.align.sides import number_key, read_side
from indexer.documents import FOOTNOTE, HEADING, PARAGRAPH, Block, assemble

# --- m–n cases, in a one-line language ---------------------------------------------------------------
#
# Letters are real English/Russian paragraph pairs: the UDHR's first ten article paragraphs (article 1,
# article 2's two, articles 3 to 9) in order (a, b, c …), their numbers left out, so only lengths and anchor tokens tell.  A side
# lists its paragraphs: "bc" is b and c merged into one paragraph, "b1 b2" the two halves of b.  The
# expected links name the paragraphs of each side: "b,c=bc" links English b and c to Russian bc,
# "c=" is an English paragraph with no counterpart, "=c" a Russian one.

LETTERS = "abcdefghij"

# Lengths (English/Russian characters): a 170/160, b 250/323, c 265/313, d 67/79, e 113/120, f 95/116,
# g 76/87, h 252/266.  Where two neighbours are about as long (b and c, e and f), which of them was
# left out cannot be told from lengths: the cases leave out paragraphs whose neighbours differ.
CASES = [
    ("a b c d", "a b c d", "a=a b=b c=c d=d"),
    ("a b c d", "a bc d", "a=a b,c=bc d=d"),  # two English paragraphs, one Russian
    ("a bc d", "a b c d", "a=a bc=b,c d=d"),  # one English paragraph, two Russian
    ("a d c e", "a d e", "a=a d=d c= e=e"),  # left out of the Russian version
    ("a d e", "a d c e", "a=a d=d =c e=e"),  # left out of the English version
    # A short paragraph left out beside a long one reads as merged into it: lengths cannot tell.
    ("a b c d e", "a b c e", "a=a b=b c,d=c e=e"),
    ("a b c d", "a b1 b2 c d", "a=a b=b1,b2 c=c d=d"),  # split in the Russian version
    ("a1 a2 b c", "a b c", "a1,a2=a b=b c=c"),  # split in the English version
    ("a b c d e f g h", "a bc d e1 e2 f h", "a=a b,c=bc d=d e=e1,e2 f=f g= h=h"),  # all at once
    ("a", "a", "a=a"),
    ("a h", "h", "a= h=h"),
]


@pytest.fixture(scope="module")
def letters(pool):
    """The paragraph pairs the letters name, as ``{letter: (english, russian)}``."""
    case = gold.udhr(pool)
    texts = {lang: [p.text for p in doc.paragraphs if p.number][:len(LETTERS)]
             for lang, doc in (("en", case.en), ("ru", case.ru))}
    return {letter: pair for letter, pair in zip(LETTERS, zip(texts["en"], texts["ru"]))}


def side(spec: str, letters, lang: int):
    """Return the paragraphs a side of a case describes, and their names."""
    names = spec.split()
    blocks = []
    for name in names:
        if name[-1].isdigit():
            blocks.append(Block(gold.halves(letters[name[0]][lang])[int(name[-1]) - 1]))
        else:
            blocks.append(Block(" ".join(letters[letter][lang] for letter in name)))
    doc = assemble(blocks, doc_id=f"case@{'en' if lang == 0 else 'ru'}", lang="en" if lang == 0 else "ru")
    return doc.paragraphs, names


def written(links: list[Link], en_names, ru_names) -> str:
    return " ".join(",".join(en_names[i] for i in link.en) + "=" + ",".join(ru_names[j] for j in link.ru)
                    for link in links)


@pytest.mark.parametrize("en_spec, ru_spec, expected", CASES)
def test_m_n_cases(letters, en_spec, ru_spec, expected):
    en, en_names = side(en_spec, letters, 0)
    ru, ru_names = side(ru_spec, letters, 1)
    assert written(align(en, ru), en_names, ru_names) == expected


# --- evidence other than length ---------------------------------------------------------------------

def paragraphs(lang, items):
    return assemble([Block(text, kind=kind, number=number) for kind, number, text in items],
                    doc_id=f"x@{lang}", lang=lang).paragraphs


def test_numbers_decide_where_lengths_cannot():
    """Equal lengths everywhere: only the UN numbers say that English 2 was left out of the Russian."""
    en = paragraphs("en", [(PARAGRAPH, str(k), "x" * 100) for k in (1, 2, 3, 4)])
    ru = paragraphs("ru", [(PARAGRAPH, str(k), "я" * 100) for k in (1, 3, 4)])
    assert [(link.en, link.ru) for link in align(en, ru)] == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]


def test_anchor_tokens_decide_where_lengths_cannot():
    """Three English paragraphs of one length, two Russian: the shared numbers say which one has no counterpart."""
    en = paragraphs("en", [(PARAGRAPH, None, "In 2010 the Office trained 1,200 officers from the UNODC partners."),
                           (PARAGRAPH, None, "The Conference adopted resolution 5/2 on 18 October 2010 in Vienna"),
                           (PARAGRAPH, None, "In 2012 the Office trained 300 prosecutors from the UNODC partners.")])
    ru = paragraphs("ru", [(PARAGRAPH, None, "В 2010 году Управление подготовило 1 200 сотрудников партнеров UNODC."),
                           (PARAGRAPH, None, "В 2012 году Управление подготовило 300 прокуроров партнеров UNODC.")])
    assert max(len(p.text) for p in en) - min(len(p.text) for p in en) <= 2
    assert [(link.en, link.ru) for link in align(en, ru)] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_a_heading_is_not_paired_with_a_footnote():
    en = paragraphs("en", [(HEADING, None, "Technical assistance"), (PARAGRAPH, "1", "x" * 300)])
    ru = paragraphs("ru", [(FOOTNOTE, None, "* Переиздано."), (HEADING, None, "Техническая помощь"),
                           (PARAGRAPH, "1", "я" * 320)])
    assert [(link.en, link.ru) for link in align(en, ru)] == [((), (0,)), ((0,), (1,)), ((1,), (2,))]


@pytest.mark.parametrize("number, key", [("(a)", "a"), ("(а)", "а"), ("12", "12"), ("IV", "iv"), ("6/1", "6/1"),
                                         (None, None), ("", None)])
def test_number_key(number, key):
    assert number_key(number) == key


# --- measured quality on real texts (bench/align.py prints the same figures) -----------------------------

@pytest.fixture(scope="module")
def real_cases(pool):
    return {"Charter": gold.charter(pool), "UDHR": gold.udhr(pool)}


@pytest.mark.parametrize("name, minimum", [("Charter", 0.99), ("UDHR", 0.99)])
def test_quality_on_real_texts(real_cases, name, minimum):
    case = real_cases[name]
    assert gold.score(align(case.en.paragraphs, case.ru.paragraphs), case.gold).f1 >= minimum


@pytest.mark.parametrize("name", ["Charter", "UDHR"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_quality_on_perturbed_texts(real_cases, name, seed):
    """5% merged, 5% split, 3% deleted on one side, half the numbers removed: F1 ≥ 0.95 (the target)."""
    case = gold.perturb(real_cases[name], seed)
    assert gold.score(align(case.en.paragraphs, case.ru.paragraphs), case.gold).f1 >= 0.95


def test_quality_on_the_unpc_dev_set(pool):
    total = gold.Score(0, 0, 0)
    for case in gold.unpc_dev(pool):
        total = total + gold.score(align(case.en.paragraphs, case.ru.paragraphs), case.gold)
    assert total.gold == 3714
    assert total.precision >= 0.99 and total.recall >= 0.99


def test_confidence_is_high_where_the_texts_agree_and_low_where_they_do_not(real_cases):
    case = real_cases["UDHR"]
    links = align(case.en.paragraphs, case.ru.paragraphs)
    by_en = {i: link for link in links for i in link.en}
    assert by_en[13].confidence > 0.99  # Article 1, paragraph 1
    # "Now, therefore," has no Russian counterpart: wherever it goes, the aligner is unsure.
    assert by_en[9].confidence < 0.6
    assert Link((), (1,), 1.0).shape == "0-1" and any(link.ru == (1,) and not link.en for link in links)  # the note


# --- invariants ------------------------------------------------------------------------------------

paragraph_specs = st.lists(st.tuples(st.integers(1, 400), st.sampled_from([None, "1", "2", "(a)"]),
                                     st.sampled_from([PARAGRAPH, HEADING, FOOTNOTE])), max_size=30)


@settings(max_examples=150, deadline=None)
@given(paragraph_specs, paragraph_specs)
def test_every_paragraph_is_in_exactly_one_link_in_order(en_spec, ru_spec):
    en = paragraphs("en", [(kind, number, "w " * (size // 2) + "x") for size, number, kind in en_spec])
    ru = paragraphs("ru", [(kind, number, "я " * (size // 2) + "ж") for size, number, kind in ru_spec])
    links = align(en, ru)
    assert [i for link in links for i in link.en] == list(range(len(en)))
    assert [j for link in links for j in link.ru] == list(range(len(ru)))
    assert all(link.shape in {"1-1", "1-0", "0-1", "2-1", "1-2"} for link in links)
    assert all(0.0 <= link.confidence <= 1.0 for link in links)


# --- shared anchor tokens of the beads, against a count by sets -------------------------------------

ANCHORED_EN = ["In 2010 the Office trained 1,200 officers from the UNODC partners.",
               "The Conference adopted resolution 5/2 on 18 October 2010 in Vienna (CTOC/COP/2010/17).",
               "In 2012 the Office trained 300 prosecutors from the UNODC partners.",
               "Technical assistance", "See www.unodc.org and UNODC."]
ANCHORED_RU = ["В 2010 году Управление подготовило 1 200 сотрудников партнеров UNODC.",
               "Конференция приняла резолюцию 5/2 18 октября 2010 года в Вене (CTOC/COP/2010/17).",
               "В 2012 году Управление подготовило 300 прокуроров партнеров UNODC.",
               "Техническая помощь", "См. www.unodc.org и UNODC."]


def lattice_of(en_texts, ru_texts, width=24):
    """Return the lattice of two versions given as paragraph texts."""
    numbers, kinds = {}, {}
    ru = read_side(paragraphs("ru", [(PARAGRAPH, None, t) for t in ru_texts]), numbers, kinds)
    vocabulary = frozenset().union(*(anchors.latin_words(t) for t in ru_texts))
    en = read_side(paragraphs("en", [(PARAGRAPH, None, t) for t in en_texts]), numbers, kinds, vocabulary)
    return lattice_mod.Lattice(en, ru, MODEL, width)


def shared_by_sets(lattice, di, dj, i, j) -> int:
    """Count the anchor tokens of bead ``(i, j, di, dj)`` on both sides, by set intersection."""
    en = frozenset().union(*lattice.en.anchors[i - di:i])
    ru = frozenset().union(*lattice.ru.anchors[j - dj:j])
    return len(en & ru)


@pytest.mark.parametrize("en_texts, ru_texts, block, width", [
    (ANCHORED_EN, ANCHORED_RU, 256, 24),  # one block of rows
    (ANCHORED_EN, ANCHORED_RU, 2, 24),  # rows counted two at a time
    (ANCHORED_EN, ANCHORED_RU, 1, 1),  # a narrow band, a row at a time
    (ANCHORED_EN * 3, ANCHORED_RU[::-1] * 2, 4, 3),  # repeated tokens, a band off the diagonal
    (ANCHORED_EN, ["Техническая помощь", "Без чисел и латиницы"], 256, 24),  # no token on both sides
    (["No numbers here."], ["Здесь чисел нет."], 256, 24),  # no tokens at all
])
def test_shared_anchors_count_the_tokens_both_sides_of_a_bead_have(monkeypatch, en_texts, ru_texts, block, width):
    monkeypatch.setattr(lattice_mod, "_ROW_BLOCK", block)
    lattice = lattice_of(en_texts, ru_texts, width)
    for di, dj in ((1, 1), (1, 2), (2, 1)):
        columns = np.array(lattice.lo)[:, None] + np.arange(max(lattice.widths))[None, :]
        shared = lattice._shared_anchors(di, dj, columns)
        for i in range(di, len(lattice.lo)):
            for j in range(max(lattice.lo[i], dj), lattice.hi[i] + 1):
                assert shared[i, j - lattice.lo[i]] == shared_by_sets(lattice, di, dj, i, j), (di, dj, i, j)


@pytest.mark.parametrize("en_texts, ru_texts, width", [
    (ANCHORED_EN, ANCHORED_RU, 24),  # the band is the whole grid
    (ANCHORED_EN * 3, ANCHORED_RU * 2, 2),  # a narrow band: cells outside it are gathered too
    (ANCHORED_EN * 2, ANCHORED_RU[:1], 1),  # one Russian paragraph
    (ANCHORED_EN[:1], ANCHORED_RU * 3, 1),  # one English paragraph, a band that jumps
    (["x" * 10, "x" * 2000, "x" * 10, "x" * 10], ["я" * 10] * 2 + ["я" * 700] * 3 + ["я" * 10] * 2, 1),
])
def test_a_row_store_gives_the_cells_beads_start_and_end_at(en_texts, ru_texts, width):
    """Each row's band cells are named by row and column; a cell outside the grid or the band reads -inf."""
    lattice = lattice_of(en_texts, ru_texts, width)
    store, pad = lattice._store(), lattice_mod._PAD
    for r, (lo, hi) in enumerate(zip(lattice.lo, lattice.hi)):
        store[r + pad, pad:pad + hi - lo + 1] = [1000 * r + j for j in range(lo, hi + 1)]
    for sign, neighbours in ((-1, lattice.up), (1, lattice.down)):
        for i, (lo, hi) in enumerate(zip(lattice.lo, lattice.hi)):
            found = store.take(neighbours[i, :, :hi - lo + 1])
            for k, (di, dj) in enumerate(lattice_mod._DOWN):
                r = i + sign * di
                for j in range(lo, hi + 1):
                    inside = 0 <= r < len(lattice.lo) and lattice.lo[r] <= j + sign * dj <= lattice.hi[r]
                    assert found[k, j - lo] == (1000 * r + j + sign * dj if inside else lattice_mod.NEG_INF)
