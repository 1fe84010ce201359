"""Learning's array steps against plain Python counting and scoring, on the Charter's aligned lines and at random."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import alignment_gold
from indexer.lexicon import cooccur
from indexer.lexicon import learn
from indexer.lexicon import links as links_mod
from indexer.lexicon import sides as sides_mod
from indexer.lexicon.candidates import Table, best, mutual_first
from indexer.lexicon.learn import DEFAULT, _least_links
from indexer.lexicon.sides import Side
from indexer.lexicon.model import Bead
from indexer.lexicon.links import PRUNE_FROM, link_counts
from indexer.lexicon.significance import llr, significant

SLICES = [(0, 40), (100, 160), (0, 400)]  # parts of the Charter's aligned lines


@pytest.fixture(scope="module")
def charter_beads(pool) -> list[Bead]:
    """The Charter's aligned lines (the gold alignment)."""
    case = alignment_gold.charter(pool)
    return [Bead((case.en.paragraphs[e].text,), (case.ru.paragraphs[r].text,)) for e, r in sorted(case.gold)]


def read(beads: list[Bead]) -> tuple[dict, dict]:
    """Return the two sides of ``beads`` and each bead's units, as learning reads them."""
    sides = {lang: Side(lang) for lang in learn.LANGS}
    for bead in beads:
        sides["en"].read(bead.en, DEFAULT.max_run)
        sides["ru"].read(bead.ru, DEFAULT.max_run)
    return sides, {lang: side.index(side.kept_runs(DEFAULT), DEFAULT) for lang, side in sides.items()}


def plain_counts(bead_units: dict) -> Counter:
    """Count the pairs each English and Russian unit share, pair by pair."""
    out: Counter = Counter()
    for en, ru in zip(bead_units["en"], bead_units["ru"]):
        out.update((e, r) for e in en for r in ru)
    return out


@pytest.mark.parametrize("dense", [0, cooccur.DENSE, 1 << 40])  # sorted only, either, counted in tables only
@pytest.mark.parametrize("block", [cooccur.BLOCK, 64, 1])
@pytest.mark.parametrize("first, last", SLICES)
def test_cooccurrences_are_the_plain_counts(charter_beads, first, last, block, dense, monkeypatch):
    monkeypatch.setattr(cooccur, "BLOCK", block)
    monkeypatch.setattr(cooccur, "DENSE", dense)
    sides, bead_units = read(charter_beads[first:last])
    found = cooccur.counts(sides["en"].beads, bead_units["ru"], len(sides["ru"].keys))
    pairs = list(zip(found.en.tolist(), found.ru.tolist()))
    assert pairs == sorted(plain_counts(bead_units))
    assert dict(zip(pairs, found.count.tolist())) == plain_counts(bead_units)


@pytest.mark.parametrize("dense", [0, 1 << 40])
@pytest.mark.parametrize("procs", [1, 2])
def test_cooccurrences_below_each_units_floor_are_left_out(charter_beads, procs, dense, monkeypatch):
    monkeypatch.setattr(cooccur, "BLOCK", 4096)  # many blocks, shared between the processes
    monkeypatch.setattr(cooccur, "DENSE", dense)
    sides, bead_units = read(charter_beads)
    floor = np.maximum(2, sides["en"].total // 8)
    found = cooccur.counts(sides["en"].beads, bead_units["ru"], len(sides["ru"].keys), floor, procs)
    expected = {pair: n for pair, n in plain_counts(bead_units).items() if n >= floor[pair[0]]}
    pairs = list(zip(found.en.tolist(), found.ru.tolist()))
    assert pairs == sorted(expected) and dict(zip(pairs, found.count.tolist())) == expected
    assert len(expected) < len(plain_counts(bead_units)) / 2


@pytest.mark.parametrize("dense", [0, 1 << 40])
@pytest.mark.parametrize("procs", [1, 2])
def test_cooccurrences_scoring_below_the_dice_floor_are_left_out(charter_beads, procs, dense, monkeypatch):
    monkeypatch.setattr(cooccur, "BLOCK", 4096)
    monkeypatch.setattr(cooccur, "DENSE", dense)
    sides, bead_units = read(charter_beads)
    en_total, ru_total = sides["en"].total, sides["ru"].total
    found = cooccur.counts(sides["en"].beads, bead_units["ru"], len(sides["ru"].keys), None, procs,
                           learn.DiceFloor(en_total, ru_total, 1.0, 0.2))
    expected = {(e, r): n for (e, r), n in plain_counts(bead_units).items()
                if 2 * n / (en_total[e] + ru_total[r] + 1.0) >= 0.2}
    pairs = list(zip(found.en.tolist(), found.ru.tolist()))
    assert pairs == sorted(expected) and dict(zip(pairs, found.count.tolist())) == expected
    assert 0 < len(expected) < len(plain_counts(bead_units)) / 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 6), unique=True), min_size=1, max_size=12), st.data())
def test_cooccurrences_at_random(en_units, data):
    ru_units = [data.draw(st.lists(st.integers(0, 4), unique=True)) for _ in en_units]
    en_beads = [[b for b, units in enumerate(en_units) if e in units] for e in range(7)]
    found = cooccur.counts(en_beads, ru_units, 5)
    expected = plain_counts({"en": en_units, "ru": ru_units})
    assert dict(zip(zip(found.en.tolist(), found.ru.tolist()), found.count.tolist())) == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5000), st.data())
def test_significance_is_that_of_llr(n, data):
    n1, n2 = data.draw(st.integers(1, n)), data.draw(st.integers(1, n))
    k = data.draw(st.integers(max(1, n1 + n2 - n), min(n1, n2)))
    floor = data.draw(st.sampled_from([DEFAULT.min_llr, llr(k, n1, n2, n), 0.0]))
    assert significant(np.array([k]), np.array([n1]), np.array([n2]), n, floor).tolist() == [llr(k, n1, n2, n) >= floor]


@pytest.mark.parametrize("first, last", SLICES)
def test_significance_of_the_charter_pairs(charter_beads, first, last):
    sides, bead_units = read(charter_beads[first:last])
    n = last - first
    pairs = plain_counts(bead_units)
    tables = [(k, len(sides["en"].beads[e]), len(sides["ru"].beads[r])) for (e, r), k in pairs.items()]
    k, n1, n2 = (np.array(column) for column in zip(*tables))
    assert significant(k, n1, n2, n, DEFAULT.min_llr).tolist() == [llr(*t, n) >= DEFAULT.min_llr for t in tables]
    assert significant(k, n2, n1, n, DEFAULT.min_llr).tolist() == [llr(a, c, b, n) >= DEFAULT.min_llr
                                                                   for a, b, c in tables]
    asked = (k > 1) | (n1 == 1)  # what learning asks of: the pairs seen more than once, and units seen once
    assert significant(k, n1, n2, n, DEFAULT.min_llr, where=asked).tolist() == [
        bool(a) and llr(*t, n) >= DEFAULT.min_llr for a, t in zip(asked, tables)]
    assert 0 < asked.sum() < len(asked)


def charter_table(sides: dict, bead_units: dict) -> Table:
    """Return the English-to-Russian candidates of the Charter pairs, scored by Dice."""
    pairs = plain_counts(bead_units)
    en, ru = (np.array(column) for column in zip(*pairs))
    count = np.array(list(pairs.values()))
    dice = 2.0 * count / (sides["en"].total[en] + sides["ru"].total[ru] + 1.0)
    return Table(en, ru, dice, count)


@pytest.mark.parametrize("keep", [1, 3, 8])
@pytest.mark.parametrize("first, last", SLICES)
def test_best_candidates_are_those_of_a_plain_sort(charter_beads, first, last, keep):
    sides, bead_units = read(charter_beads[first:last])
    table = charter_table(sides, bead_units)
    sizes = sides["ru"].sizes
    plain: dict[int, list] = {}
    for s, t, d, k in zip(table.source.tolist(), table.target.tolist(), table.dice.tolist(), table.count.tolist()):
        plain.setdefault(s, []).append((-d, -k, -int(sizes[t]), t))
    expected = [(s, t) for s in sorted(plain) for *_, t in sorted(plain[s])[:keep]]
    chosen = best(table, sizes, keep)
    assert list(zip(table.source[chosen].tolist(), table.target[chosen].tolist())) == expected


@pytest.mark.parametrize("rank, share", [(3, 0.5), (1, 0.0), (8, 0.9)])
def test_mutual_candidates_go_first_as_in_a_plain_test(charter_beads, rank, share):
    sides, bead_units = read(charter_beads[:200])
    table = charter_table(sides, bead_units)
    reverse = Table(table.target, table.source, table.dice, table.count)
    ranked = table.subset(best(table, sides["ru"].sizes, 8))
    reverse = reverse.subset(best(reverse, sides["en"].sizes, 8))
    scores = np.round(ranked.dice, 3)
    backs: dict[int, list] = {}
    for s, t in zip(reverse.source.tolist(), reverse.target.tolist()):
        backs.setdefault(s, []).append(t)
    rows: dict[int, list] = {}
    for i, (s, t) in enumerate(zip(ranked.source.tolist(), ranked.target.tolist())):
        rows.setdefault(s, []).append((i, t))
    expected = []
    for s, found in rows.items():
        floor = share * scores[found[0][0]]
        mutual = [scores[i] >= floor and s in backs.get(t, [])[:rank] for i, t in found]
        expected += sorted((i for i, _ in found), key=lambda i: not mutual[[j for j, _ in found].index(i)])
    assert mutual_first(ranked, scores, reverse, rank, share).tolist() == expected
    assert expected != sorted(expected)  # some candidates moved ahead


def plain_least_links(links, mine: list, theirs: list, k: int) -> float:
    """The least link count of a word of either unit with the best linked word of the other, unit pair by unit pair."""
    mine, theirs = [w for w in mine if w >= 0], [w for w in theirs if w >= 0]
    if not mine:
        return 0.0
    each = [[links.count(e, r) for r in theirs] for e in mine]
    return min([float(k)] + [max(row) for row in each] + [max(column) for column in zip(*each)])


def test_least_links_are_those_of_a_plain_search(charter_beads):
    sides, bead_units = read(charter_beads[:150])
    words = {lang: [[u for u in units if " " not in side.keys[u]] for units in bead_units[lang]]
             for lang, side in sides.items()}
    links = link_counts(words["en"], words["ru"], len(sides["en"].keys), len(sides["ru"].keys), 5)
    table = charter_table(sides, bead_units)
    mine, theirs = sides["en"].word_ids()[table.source], sides["ru"].word_ids()[table.target]
    mine[0] = -1  # a unit whose words are too rare to be units
    found = _least_links(links, mine, theirs, table.count)
    expected = [plain_least_links(links, m, t, k) for m, t, k in zip(mine.tolist(), theirs.tolist(),
                                                                      table.count.tolist())]
    assert found.tolist() == expected
    assert found[0] == 0 and 0 < np.count_nonzero(found < table.count) < len(found)


def plain_link_layout(en_words: list, ru_words: list) -> tuple[list, list, list, list]:
    """Lay out the word pairs of aligned pairs one pair after another (English words, each with the Russian ones)."""
    es, rs, e_groups, r_groups = [], [], [], []
    e_base = r_base = 0
    for en, ru in zip(en_words, ru_words):
        if en and ru:
            for i, e in enumerate(en):
                for j, r in enumerate(ru):
                    es.append(e)
                    rs.append(r)
                    e_groups.append(e_base + i)
                    r_groups.append(r_base + j)
            e_base += len(en)
            r_base += len(ru)
    return es, rs, e_groups, r_groups


def plain_link_counts(en_words: list, ru_words: list, ru_units: int, rounds: int) -> dict:
    """Model 1 both ways over the plain layout: the link count of each word pair."""
    es, rs, e_groups, r_groups = (np.array(a, dtype=np.int64) for a in plain_link_layout(en_words, ru_words))
    keys, pair = np.unique(es * ru_units + rs, return_inverse=True)
    both = []
    for group, source in ((r_groups, keys // ru_units), (e_groups, keys % ru_units)):
        t = np.ones(len(keys))
        for _ in range(rounds):
            weight = t[pair]
            share = weight / np.bincount(group, weights=weight)[group]
            links = np.bincount(pair, weights=share, minlength=len(keys))
            t = links / np.bincount(source, weights=links)[source]
        both.append(links)
    return dict(zip(keys.tolist(), ((both[0] + both[1]) / 2).tolist()))


@pytest.mark.parametrize("block", [links_mod.BLOCK, 64, 1])
@pytest.mark.parametrize("first, last", SLICES)
def test_link_counts_are_those_of_the_plain_layout(charter_beads, first, last, block, monkeypatch):
    monkeypatch.setattr(links_mod, "BLOCK", block)
    sides, bead_units = read(charter_beads[first:last])
    words = {lang: [[u for u in units if " " not in side.keys[u]] for units in bead_units[lang]]
             for lang, side in sides.items()}
    words["ru"][0] = []  # a pair with no words on one side links none
    ru_units = len(sides["ru"].keys)
    links = link_counts(words["en"], words["ru"], len(sides["en"].keys), ru_units, 5, prune_from=None)
    assert dict(zip(links.keys.tolist(), links.counts.tolist())) == plain_link_counts(words["en"], words["ru"],
                                                                                     ru_units, 5)


def charter_words(charter_beads) -> tuple[dict, int, int]:
    """Return the word ids of each of the Charter's aligned lines per language, and how many units each side has."""
    sides, bead_units = read(charter_beads)
    words = {lang: [[u for u in units if " " not in side.keys[u]] for units in bead_units[lang]]
             for lang, side in sides.items()}
    return words, len(sides["en"].keys), len(sides["ru"].keys)


def test_two_processes_give_the_link_counts_of_one(charter_beads):
    words, en_units, ru_units = charter_words(charter_beads)
    one = link_counts(words["en"], words["ru"], en_units, ru_units, 5)
    two = link_counts(words["en"], words["ru"], en_units, ru_units, 5, procs=2)
    assert one.keys.tolist() == two.keys.tolist() and one.counts.tolist() == two.counts.tolist()


@pytest.mark.parametrize("prune_from", [10, PRUNE_FROM])
def test_pruning_leaves_out_the_chance_pairs_of_frequent_words_and_moves_the_others_little(charter_beads, prune_from):
    words, en_units, ru_units = charter_words(charter_beads)
    exact = link_counts(words["en"], words["ru"], en_units, ru_units, 5, prune_from=None)
    pruned = link_counts(words["en"], words["ru"], en_units, ru_units, 5, prune_from=prune_from)
    shared = plain_counts({"en": words["en"], "ru": words["ru"]})
    en_total = Counter(e for ids in words["en"] for e in ids)
    ru_total = Counter(r for ids in words["ru"] for r in ids)
    left_out = {e * ru_units + r for (e, r), n in shared.items()
                if n == 1 and en_total[e] >= prune_from and ru_total[r] >= prune_from}
    assert left_out and set(exact.keys.tolist()) - set(pruned.keys.tolist()) == left_out
    assert np.all(exact.lookup(pruned.keys // ru_units, pruned.keys % ru_units) > 0)
    moved = np.abs(pruned.counts - exact.lookup(pruned.keys // ru_units, pruned.keys % ru_units))
    assert moved.max() < 0.5 and moved.mean() < 0.02


def test_two_processes_learn_the_lexicon_of_one(charter_beads):
    one = learn.learn(charter_beads)
    two = learn.learn(charter_beads, procs=2)
    assert len(one) > 2000 and one.units == two.units and one.translations == two.translations


def test_a_side_keeps_the_places_of_the_runs_it_kept_only(charter_beads):
    sides, bead_units = read(charter_beads[:100])
    en = sides["en"]
    runs = [key for key in en.keys if " " in key]
    assert runs and not en._met and not en._names  # the provisional ids are forgotten
    assert set(en._kept_spans[:, 1].tolist()) == {en.ids[key] for key in runs}
    forms = en.run_forms({"general assembly", "unite nation"}, lambda b: charter_beads[b].en)
    assert en.total[en.ids["general assembly"]] == 30 and en.total[en.ids["unite nation"]] == 26
    assert forms["general assembly"].most_common(1)[0][0] == "general assembly"
    assert forms["unite nation"].most_common(1)[0][0] == "united nations"
    assert sum(forms["general assembly"].values()) >= 30 and sum(forms["unite nation"].values()) >= 26


def test_run_forms_counted_a_part_at_a_time_are_those_counted_at_once(charter_beads, monkeypatch):
    sides, _ = read(charter_beads[:100])
    en = sides["en"]
    wanted = {key for key in en.keys if " " in key}
    at_once = en.run_forms(wanted, lambda b: charter_beads[b].en)
    monkeypatch.setattr(sides_mod, "SPANS_AT_ONCE", 3)
    assert en.run_forms(wanted, lambda b: charter_beads[b].en) == at_once
    assert at_once["unite nation"] == {"united nations": 33} and at_once["general assembly"] == {"general assembly": 34}
    en.forget_occurrences()
    assert not len(en.beads.values) and not len(en._kept_spans) and not en.forms
    assert en.total[en.ids["unite nation"]] == 26  # the counts stay
