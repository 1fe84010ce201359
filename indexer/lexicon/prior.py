"""The general dictionary as a prior on the learned candidates: it raises, lowers and fills in, never floods.

For each unit, its learned candidates (:mod:`indexer.lexicon.learn`) and the
senses the dictionary gives it (:mod:`indexer.lexicon.dictionary`) are weighed together:

- a learned candidate the dictionary also gives is *confirmed*: its score is
  raised to ``max(score × confirm, score + weight)``, so of the words of a
  single aligned pair (``пытка``: ``inhuman``, ``degrading``, ``torture``) the
  one the dictionary knows goes first;
- a learned candidate seen in fewer than :data:`~indexer.lexicon.model.MIN_EVIDENCE`
  pairs and not confirmed is *weak*: its score is multiplied by ``weak``, so it
  is first only when nothing better exists (and is shown as weak);
- a learned candidate whose own first candidate is another unit, which the
  dictionary gives for it, is explained by that unit and left out (``человек``:
  not ``rights``, which is ``право``; ``religion``: not ``раса``, which is ``race``);
- a learned candidate of a word that a unit of several words with the word in it has first, in nearly
  all of the word's pairs with it, translates that unit and is left out when the word often stands
  without the unit (``человек``: not ``everyone``, which is ``каждый человек``; ``повестка`` keeps
  ``agenda``), and so is a word of a single word's best candidate, a unit of several words, seen in
  hardly more pairs (``everyone``: not ``человек``, a part of ``каждый человек``);
- a learned candidate after the first that the dictionary does not give is kept
  only if it is *mutual*: the unit is among its own first
  :attr:`Prior.mutual_rank` learned candidates (that another does not explain), or it has none
  (without a dictionary, all are kept: a lexicon weighed without one may be weighed again with one).  A word that only keeps the unit
  company in a formula is not (``right``: not ``человек`` or ``иметь``, which
  ``Everyone has the right`` — ``Каждый человек имеет право`` — puts beside it);
- of a unit whose sense is settled (a glossary candidate, or a learned one
  the dictionary confirms), nothing else is added; of any other, a sense is added with the dictionary's weight times the
  *rarity* of its translation in the index (``min(1, rare / share)²``, the share
  being the part of the index's paragraphs that have the translation's rarest
  word): ``гражданство`` → ``citizenship`` keeps its weight, ``гражданство`` →
  ``nations``, a word of one paragraph in six, weighs 2 % of that and is left out; a sense the corpus
  knows well and never linked is lowered the same way.

Candidates scoring less than ``floor``, or than ``share`` of the first, are dropped; each unit keeps
``keep`` learned or dictionary candidates, best first, after its glossary ones.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, replace

from indexer.lexicon.model import DICTIONARY, GLOSSARY, MIN_EVIDENCE, OTHER, SEPARATOR, Lexicon


@dataclass(frozen=True)
class Prior:
    """How the dictionary's senses and the corpus's evidence are weighed."""

    confirm: float = 2.5  # a learned candidate the dictionary gives: its score times this (at least)
    weak: float = 0.2  # a learned candidate seen in too few pairs: its score times this
    rare: float = 0.02  # a translation in more than this share of the paragraphs loses weight, as its square
    floor: float = 0.01  # candidates weighing less are dropped
    share: float = 0.1  # and those weighing less than this share of the unit's first
    keep: int = 8  # learned and dictionary candidates per unit
    most: int = 8  # of which from the dictionary alone
    mutual_rank: int = 3  # a later learned candidate must rank the unit this high among its own (or be confirmed)
    share_of_best: float = 0.5  # an unconfirmed candidate scoring the unit less than this share of its own best
    shared: float = 0.5  # and of whose pairs with the unit at least this share may be its pairs with that best
    unit_share: float = 0.8  # a word's candidate that a unit it is in has first, in this share of its pairs


DEFAULT_PRIOR = Prior()
KIN = 5  # letters two units share at their start to be forms of one word


def weighed(lexicon: Lexicon, senses: dict | None, shares: dict, written: dict | None = None,
            prior: Prior = DEFAULT_PRIOR) -> Lexicon:
    """Return ``lexicon`` with each unit's candidates weighed against the dictionary (see the module).

    ``senses`` is, per language, a unit's key → ``[(translation key, weight)]``
    (:attr:`indexer.lexicon.dictionary.Dictionary.by_source`; None: no dictionary);
    ``shares`` per language, each word term of the index → the share of the
    paragraphs that have it (a set: all rare), and only translations whose every
    word is a term of the index are added; ``written`` per language, how the
    dictionary writes a key (display forms of units the corpus lacks).
    """
    senses = _hyphenated(senses or {}, lexicon.units)
    written = written or {}
    learned = lexicon.translations
    translations = {lang: dict(table) for lang, table in learned.items()}
    units = {lang: dict(table) for lang, table in lexicon.units.items()}
    usable = {lang: _usable(senses.get(lang, {}), shares.get(OTHER[lang], {})) for lang in translations}
    unexplained = {}  # the learned candidates of each unit that another unit does not explain
    for lang, table in learned.items():
        theirs = lexicon.units.get(OTHER[lang], {})
        explained = _explained(learned.get(OTHER[lang], {}), senses.get(OTHER[lang], {}), theirs, prior)
        reverse = learned.get(OTHER[lang], {})
        in_unit = _in_unit(table, reverse, lexicon.units.get(lang, {}), prior)
        unexplained[lang] = {key: [row for row in rows if row[0] in usable[lang].get(key, {})
                                   or not (explained(row, key) or in_unit(key, row)
                                           or _part_of_best(key, rows, row, reverse, theirs, prior)
                                           or _elsewhere(reverse.get(row[0], ()), key, row, usable[lang].get(key),
                                                         theirs, prior))]
                             for key, rows in table.items()}
    for lang, table in translations.items():
        other = OTHER[lang]
        terms = shares.get(other, {})
        firsts = {target: rows[0][0] for target, rows in learned.get(other, {}).items() if rows}
        for key in set(table) | set(usable[lang]):
            given = usable[lang].get(key, {})
            rows = [row for at, row in enumerate(unexplained[lang].get(key, [])) if at == 0 or row[0] in given
                    or row[3] == GLOSSARY or not senses or not learned.get(other, {}).get(row[0])
                    or _ranks(unexplained[other].get(row[0], ()), key, prior.mutual_rank)]
            single = SEPARATOR not in key and "-" not in key
            table[key] = _weighed(rows, given, terms, prior, _order(key, firsts, senses.get(other, {})), single)
            for target, *_ in table[key]:
                if target not in units[other]:
                    units[other][target] = (0, written.get(other, {}).get(target, target))
            if key not in units[lang]:
                units[lang][key] = (0, written.get(lang, {}).get(key, key))
        translations[lang] = {key: rows for key, rows in table.items() if rows}
    return replace(lexicon, translations=translations, units=units)


def _usable(offered: dict, terms) -> dict:
    """Return of the dictionary's senses ``offered`` per unit those whose every word is a term of the index."""
    usable = {}
    for key, rows in offered.items():
        found = {t: w for t, w in rows if _known(t, terms)}
        if found:
            usable[key] = found
    return usable


def _hyphenated(senses: dict, units: dict) -> dict:
    """Return the dictionary's ``senses`` with each closed spelling of a hyphenated unit of the corpus written
    as that unit (the dictionary's ``selfdefence`` is the corpus's ``self-defence``: one word, whose evidence
    and dictionary weight meet)."""
    spelled = {lang: {key.replace("-", ""): key for key in table if "-" in key} for lang, table in units.items()}
    out = {}
    for lang, table in senses.items():
        own, other = spelled.get(lang, {}), spelled.get(OTHER[lang], {})
        merged = {}
        for key, rows in table.items():
            into = merged.setdefault(own.get(key, key), {})
            for target, weight in rows:
                target = other.get(target, target)
                into[target] = max(weight, into.get(target, 0.0))
        out[lang] = {key: sorted(rows.items(), key=lambda row: (-row[1], row[0])) for key, rows in merged.items()}
    return out


def _explained(reverse: dict, back: dict, counts: dict, prior: Prior = DEFAULT_PRIOR):
    """Return ``explained(row, key)``: whether the first learned candidate of ``row``'s target is another unit
    than ``key`` that the dictionary gives for it (``rights`` is ``право``, so it does not translate ``человек``),
    ``target`` scores ``key`` less than :attr:`Prior.share_of_best` of that first (a synonym it scores
    nearly as well stays: ``вопрос`` is ``matter`` first, and ``issue`` too), and that first may be in the pairs
    the target shares with ``key`` (:func:`_shares_pairs`; ``activity`` is ``деятельность`` first, in other pairs
    than those it shares with ``мероприятие``, which it translates too).  ``counts``: the pairs each target occurs
    in."""
    def explained(row: tuple, key: str) -> bool:
        target = row[0]
        rows = reverse.get(target)
        if not rows or rows[0][0] == key or rows[0][3] == GLOSSARY:
            return False
        first = rows[0][0]
        if not any(t == first for t, _ in back.get(target, ())):
            return False  # the dictionary does not give it (the test that fails most: first)
        if next((row[1] for row in rows if row[0] == key), 0.0) >= prior.share_of_best * rows[0][1]:
            return False
        if len(os.path.commonprefix([first, key])) >= KIN:
            return False  # ``регион`` and ``региональный``: one word's kin
        words, theirs = set(key.split(SEPARATOR)), set(first.split(SEPARATOR))
        return not (words <= theirs or theirs <= words) and _shares_pairs(row, rows[0], counts, prior)

    return explained


def _shares_pairs(row: tuple, first: tuple, counts: dict, prior: Prior) -> bool:
    """Tell whether a unit's learned candidate ``row`` may meet its own best candidate ``first`` (another unit) in
    at least :attr:`Prior.shared` of the pairs it meets the unit in: whether its pairs with the unit and with that
    best are too many to lie apart among its own pairs (``counts``).  Where they lie apart, the best does not
    explain why the candidate is found with the unit: both are its translations."""
    both = row[2] + first[2] - counts.get(row[0], (0,))[0]
    return both >= prior.shared * row[2]


def _in_unit(table: dict, reverse: dict, counts: dict, prior: Prior):
    """Return ``in_unit(key, row)``: whether a learned candidate of the word ``key`` translates a unit of
    several words that has ``key`` in it, not ``key`` alone: the unit's best candidate is the same, seen in
    at least :attr:`Prior.unit_share` of the pairs, and the word stands outside the unit too, in more than
    that share of its own pairs (``человек``: not ``everyone``, which is ``каждый человек``, in 29 of the 30
    pairs, a unit of 30 of the word's 47; ``human`` stays; ``повестка`` keeps ``agenda``: the word is hardly
    ever without ``дня``).  A candidate seen in fewer than :data:`~indexer.lexicon.model.MIN_EVIDENCE` pairs,
    or whose own best candidate is ``key``, stays.  ``reverse``: the other language's learned candidates;
    ``counts``: the pairs each unit occurs in."""
    firsts: dict[str, list[tuple[str, int, int]]] = {}  # a word -> the best candidates of the units it is in
    for unit, rows in table.items():
        if SEPARATOR in unit and rows:
            best = max(rows, key=lambda row: row[1])
            for word in set(unit.split(SEPARATOR)):
                firsts.setdefault(word, []).append((best[0], best[2], counts.get(unit, (0,))[0]))

    def in_unit(key: str, row: tuple) -> bool:
        if row[2] < MIN_EVIDENCE or _best(reverse.get(row[0])) == key:
            return False
        alone = counts.get(key, (0,))[0]
        return any(target == row[0] and pairs >= prior.unit_share * row[2] and within < prior.unit_share * alone
                   for target, pairs, within in firsts.get(key, ()))

    return in_unit


def _part_of_best(key: str, rows: list, row: tuple, reverse: dict, counts: dict, prior: Prior) -> bool:
    """Tell whether a learned candidate of a single word is a word of the word's best candidate, one of several
    words, seen with the word in hardly more pairs (:attr:`Prior.unit_share`), and a word that often stands
    without that candidate: it is that candidate's part, not a translation (``everyone``: ``каждый
    человек``, not ``человек`` too; ``agenda``: ``повестка дня``, and ``повестка``, hardly ever without
    ``дня``).  ``counts`` are the pairs
    each unit of the candidates' language occurs in, ``reverse`` their learned candidates: a candidate whose own
    best is ``key`` (``human``: ``человек``, beside ``права человека``), or seen in fewer than
    :data:`~indexer.lexicon.model.MIN_EVIDENCE` pairs, stays."""
    if SEPARATOR in key or "-" in key:
        return False  # of a term, the query leaves out a candidate inside one it uses (``member state``, ``state``)
    best = max(rows, key=lambda other: other[1])
    return (best[1] > row[1] and SEPARATOR in best[0] and row[0] in best[0].split(SEPARATOR)
            and row[2] >= MIN_EVIDENCE and best[2] >= prior.unit_share * row[2] and _best(reverse.get(row[0])) != key
            and counts.get(best[0], (0,))[0] < prior.unit_share * counts.get(row[0], (0,))[0])


def _best(rows) -> str | None:
    """Return the best scoring of a unit's learned candidates ``rows`` (None without)."""
    return max(rows, key=lambda row: row[1])[0] if rows else None


def _elsewhere(rows, key: str, row: tuple, given: dict | None, counts: dict, prior: Prior) -> bool:
    """Tell whether a learned candidate ``row`` of ``key`` that the dictionary does not give, though it gives
    ``key`` senses (``given``), translates another unit: its own learned candidates ``rows`` put another first,
    score ``key`` less than :attr:`Prior.share_of_best` of their best (``иметь``: not ``everyone``, which is
    ``каждый человек``), and that first may be in the pairs the candidate shares with ``key``
    (:func:`_shares_pairs`, ``counts``: the pairs each candidate occurs in)."""
    if not given or not rows or rows[0][0] == key:
        return False
    mine = next((other[1] for other in rows if other[0] == key), 0.0)
    return mine < prior.share_of_best * max(other[1] for other in rows) and _shares_pairs(row, rows[0], counts, prior)


def _ranks(rows, key: str, rank: int) -> bool:
    """Tell whether ``key`` is among the first ``rank`` learned candidates ``rows`` of the unit it translates."""
    return any(row[0] == key for row in [row for row in rows if row[3] != GLOSSARY][:rank])


def _order(key: str, firsts: dict, back: dict):
    """Return ``order(target)``, which breaks ties of score: the dictionary's weight of ``key`` among
    ``target``'s own senses (``slavery`` is first ``рабство``, ``servitude`` first something else), then
    whether ``target``'s own first learned candidate is ``key``."""
    def order(target: str) -> tuple:
        weight = next((w for t, w in back.get(target, ()) if t == key), 0.0)
        return -weight, firsts.get(target) != key

    return order


def _known(target: str, terms) -> bool:
    """Tell whether every word of ``target`` is a term of the index."""
    return target in terms or all(_term(word, terms) in terms for word in target.split(SEPARATOR))


def _term(word: str, terms) -> str:
    """Return the term of the index ``word`` is: itself, or the closed spelling the index has of a hyphenated
    word (``self-defence`` → ``selfdefence``, :class:`analyzers.filters.CompoundFilter`)."""
    return word if word in terms or "-" not in word else word.replace("-", "")


def rarity(target: str, terms, prior: Prior = DEFAULT_PRIOR) -> float:
    """Return how rare ``target`` is in the index: 1 up to :attr:`Prior.rare` of the paragraphs, less above.

    >>> rarity("nation", {"nation": 0.16}), rarity("citizenship", {"citizenship": 0.001})
    (0.015625, 1.0)
    """
    if not isinstance(terms, dict):
        return 1.0
    share = min(terms.get(_term(word, terms), 0.0) for word in target.split(SEPARATOR))
    return min(1.0, prior.rare / share) ** 2 if share > 0 else 1.0


def _weighed(rows: list, given: dict, terms, prior: Prior, order, single: bool) -> list:
    """Return one unit's rows: glossary ones first, then learned and dictionary ones by weighed score.

    Of equal scores, ``order(target)`` decides.  A single word keeps a term of
    several words only as its first candidate (``peacekeeping``: ``поддержание
    мира``); further down, such a term is the word's context (``religion``:
    ``пола, языка и религии``), not a translation.
    """
    glossary = [row for row in rows if row[3] == GLOSSARY]
    scored = []
    seen = {row[0] for row in glossary}
    for row in rows:
        if row[3] == GLOSSARY or row[3] == DICTIONARY:
            continue
        weight = given.get(row[0], 0.0)
        score = row[1]
        if weight:
            score = max(score * prior.confirm, score + weight)
        elif row[2] < MIN_EVIDENCE:
            score *= prior.weak
        full = _with_prior(row, weight)
        scored.append((full[0], round(min(score, 1.0), 3), *full[2:]))
        seen.add(row[0])
    confirmed = {row[0]: (row[1], row[2]) for row in scored if row[6]}
    scored = [row if row[6] else (row[0], _below_its_word(row[0], row[1], row[2], confirmed), *row[2:])
              for row in scored]
    settled = glossary or any(row[6] for row in scored)  # the corpus and the dictionary agree on a sense
    alone = [] if settled else [  # the dictionary fills in what the corpus lacks
        (target, round(weight * rarity(target, terms, prior), 4), 0, DICTIONARY, None, None, weight)
        for target, weight in given.items() if target not in seen][:prior.most]
    ranked = sorted((row for row in (*scored, *alone) if row[1] >= prior.floor),
                    key=lambda row: (-row[1], row[3] == DICTIONARY, order(row[0]), row[0]))
    floor = prior.share * max([row[1] for row in glossary[:1] + ranked[:1]], default=0.0)
    kept = [row for row in ranked if row[1] >= floor]
    if single:
        first = 0 if glossary else 1
        kept = kept[:first] + [row for row in kept[first:] if SEPARATOR not in row[0]]
    return [*glossary, *kept[:prior.keep]]


def _below_its_word(target: str, score: float, pairs: int, confirmed: dict) -> float:
    """Return the score of an unconfirmed candidate seen in ``pairs`` aligned pairs, at most that of a confirmed
    one it is a form of and seen in as many pairs or more (``affecting``, a lemma of its own beside ``affect``,
    which the dictionary gives, does not go first; ``programme``, in 99 pairs, is not held below ``program``,
    in 4).  ``confirmed``: each confirmed candidate's ``(score, pairs)``."""
    return min([score, *(theirs for word, (theirs, seen) in confirmed.items()
                         if target.startswith(word) and seen >= pairs)])


def _with_prior(row: tuple, weight: float) -> tuple:
    """Return a learned row with all its fields, its dictionary weight last."""
    full = (*row, None, None, 0.0)[:7] if len(row) < 7 else tuple(row)
    return (*full[:6], weight)


def senses_of(pairs) -> dict:
    """Return the senses of dictionary ``pairs`` ``(English key, Russian key, weight)`` per language, best first.

    Each unit's senses are a tuple: some 100,000 lists kept for the life of a
    process would be walked by every full collection of the cycle collector
    (some 70 ms a time), tuples of strings and numbers are left out of them.
    """
    out = {"en": defaultdict(list), "ru": defaultdict(list)}
    for en, ru, weight in pairs:
        out["en"][en].append((ru, weight))
        out["ru"][ru].append((en, weight))
    return {lang: {key: tuple(sorted(rows, key=lambda row: (-row[1], row[0]))) for key, rows in table.items()}
            for lang, table in out.items()}
