"""Learning the bilingual lexicon from aligned paragraph pairs: co-occurrence counts and Dice scores.

Each aligned pair (a *bead*: the English and the Russian paragraphs the aligner
linked) is read into its units (:mod:`indexer.lexicon.units`): every word term, and the
runs of two and three words that recur often enough to be terms of their own
(``human right``, ``незаконный ввоз мигрант``).  For a unit ``e`` of one side
and ``r`` of the other, with ``n(e)``, ``n(r)`` the pairs each occurs in and
``n(e, r)`` the pairs both do, the score is Dice's coefficient::

    dice(e, r) = 2 n(e, r) / (n(e) + n(r) + 1)

(the 1 keeps a pair seen once from scoring as high as one seen a hundred
times), kept when the association is significant (Dunning's log-likelihood
ratio at least :attr:`Settings.min_llr`).  Each unit keeps its best
candidates: the first by that score, the others by the same coefficient over
link counts instead of ``n(e, r)``, the pairs in which IBM Model 1 links the
two (:mod:`indexer.lexicon.links`), which leaves out the words that only keep a unit
company.  A candidate whose own best candidates include the unit goes first
(see :func:`_ranked`), and of nested candidates that score about the
same, the one whose length fits the unit (:func:`_nested_first`).  A run is
kept as a unit of its own only where its best candidate scores well.

Counting and scoring go over all unit pairs at once, as numpy arrays
(:mod:`indexer.lexicon.cooccur`, :mod:`indexer.lexicon.candidates`); Python objects are made
only for the candidates each unit keeps.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from itertools import chain, repeat
from dataclasses import dataclass

import numpy as np

from indexer.lexicon import cooccur
from indexer.lexicon.candidates import Table, best, directions, mutual_first, places
from indexer.lexicon.model import CORPUS, Bead, Lexicon
from indexer.lexicon.links import Links, link_counts
from indexer.lexicon.significance import llr, significant  # noqa: F401 - llr: the significance test of learning
from indexer.lexicon.units import OTHER, SEPARATOR, UnitReader

LANGS = ("en", "ru")


@dataclass(frozen=True)
class Settings:
    """The thresholds of learning."""

    min_count: int = 1  # pairs a unit, and a unit pair, must occur in (a pair seen once: for a unit seen once)
    smooth: float = 1.0  # added to Dice's denominator, so that a pair seen once scores 2/3, not 1
    max_run: int = 3  # longest multi-word unit
    min_run_count: int = 3  # pairs a multi-word unit must occur in
    run_share: float = 0.1  # a run must make up this share of its rarest word's occurrences
    min_dice: float = 0.05
    min_run_score: float = 0.3  # a multi-word unit is kept when its best candidate scores this much
    min_llr: float = 10.83  # chi-square, one degree of freedom, p < 0.001
    keep: int = 8  # candidates kept per unit
    mutual_rank: int = 3  # a candidate ranking the source this high among its own is a mutual one
    promote_share: float = 0.5  # a mutual candidate goes first if it scores this share of the best
    nested_margin: float = 0.05  # nested candidates this close in score are ordered by length
    link_rounds: int = 5  # rounds of Model 1 for the link counts (0: Dice of co-occurrence counts)
    min_link_dice: float = 0.01  # candidates scoring less by their link counts are dropped
    max_pairs: int = 5000  # aligned pairs learned from; past that, pairs spread evenly over the index


DEFAULT = Settings()
LINKED_AT_ONCE = 1 << 18  # unit pairs whose link counts are looked up at a time


class _Side:
    """The units of one language over all beads: ids, counts, inverted lists, display forms."""

    def __init__(self, lang: str):
        self.lang = lang
        self.reader = UnitReader(lang)
        self.words: list[set[str]] = []  # per bead: its word terms
        self.runs: list[list[tuple]] = []  # per bead: (key, paragraph, start, end) of its runs
        self.run_keys: list[set[str]] = []  # per bead: the keys of its runs
        self.forms: Counter = Counter()  # word as written -> occurrences (where the display shows the spelling)
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []
        self.beads: list[list[int]] = []  # per unit: the beads it occurs in
        self.total = np.zeros(0, dtype=np.int64)  # per unit: how many beads it occurs in
        self.sizes = np.zeros(0, dtype=np.int64)  # per unit: the length of its key
        self.single = np.zeros(0, dtype=bool)  # per unit: whether it is one word

    @property
    def spelled(self) -> bool:
        """Tell whether a word's display is its commonest spelling (English), not its lemma (Russian)."""
        return self.lang != "ru"

    def read(self, texts, max_run: int) -> None:
        """Read one bead's paragraphs of this language."""
        words: set[str] = set()
        runs: list[tuple] = []
        keys: set[str] = set()
        forms: list[str] = []
        for p, text in enumerate(texts):
            lowered = text.lower() if self.spelled else ""
            for segment in self.reader.segments(text):
                words.update(*(terms for terms, _, _ in segment))
                if self.spelled:
                    forms.extend([lowered[start:end] for _, start, end in segment])
                size = len(segment)
                if size < 2:
                    continue
                firsts = [terms[0] for terms, _, _ in segment]
                starts = [start for _, start, _ in segment]
                ends = [end for _, _, end in segment]
                for n in range(2, min(max_run, size) + 1):
                    found = [SEPARATOR.join(firsts[i:i + n]) for i in range(size - n + 1)]
                    runs.extend(zip(found, repeat(p), starts, ends[n - 1:]))
                    keys.update(found)
        self.forms.update(forms)
        self.words.append(words)
        self.runs.append(runs)
        self.run_keys.append(keys)

    def kept_runs(self, settings: Settings) -> set[str]:
        """Return the multi-word units: runs that recur and make a share of their words' occurrences."""
        runs = Counter(chain.from_iterable(self.run_keys))
        words = Counter(chain.from_iterable(self.words))
        kept = set()
        for key, n in runs.items():
            if n < settings.min_run_count:
                continue
            parts = key.split(SEPARATOR)
            if n >= settings.run_share * min(words[parts[0]], words[parts[-1]]):
                kept.add(key)
        return kept

    def index(self, runs: set[str], settings: Settings) -> list[list[int]]:
        """Give units ids and return, per bead, the ids of its units (words and the ``runs`` kept), ascending."""
        per_bead = [words | (keys & runs) for words, keys in zip(self.words, self.run_keys)]
        counts = Counter(chain.from_iterable(per_bead))
        frequent = sorted(k for k, n in counts.items() if n >= settings.min_count)
        self.ids = {key: i for i, key in enumerate(frequent)}
        self.keys = frequent
        self.beads = [[] for _ in frequent]
        out = []
        ids = self.ids
        for b, units in enumerate(per_bead):
            mine = sorted(ids[k] for k in units if k in ids)
            for i in mine:
                self.beads[i].append(b)
            out.append(mine)
        self.total = np.asarray([len(b) for b in self.beads], dtype=np.int64)
        self.sizes = np.asarray([len(key) for key in frequent], dtype=np.int64)
        self.single = np.asarray([SEPARATOR not in key for key in frequent], dtype=bool)
        return out

    def run_forms(self, keys: set[str], texts_of) -> dict[str, Counter]:
        """Return how each of the runs ``keys`` is written, and how often; ``texts_of(b)`` gives bead ``b``'s texts."""
        out: dict[str, Counter] = defaultdict(Counter)
        for b, (bead_keys, bead_runs) in enumerate(zip(self.run_keys, self.runs)):
            if bead_keys.isdisjoint(keys):
                continue
            texts = texts_of(b)
            for key, p, start, end in bead_runs:
                if key in keys:
                    out[key][" ".join(texts[p][start:end].lower().split())] += 1
        return out

    def word_ids(self) -> np.ndarray:
        """Return, per unit, the ids of its words (three columns, -1 where a unit has fewer)."""
        out = np.full((len(self.keys), 3), -1, dtype=np.int64)
        ids = self.ids
        for i, key in enumerate(self.keys):
            for j, word in enumerate(key.split(SEPARATOR)[:3]):
                out[i, j] = ids.get(word, -1)
        return out

    def parts(self, key: str) -> set[str]:
        """Return the word units a unit is made of: its words, and the parts of its hyphenated words."""
        out = set()
        for word in key.split(SEPARATOR):
            out.add(word)
            if "-" in word:
                for part in word.split("-"):
                    tokens = self.reader.tokens(part) if part else []
                    if tokens and tokens[0] is not None:
                        out.add(tokens[0].terms[0])
        return out

    def displays(self, keys, texts_of) -> dict[str, str]:
        """Return the display form of each unit: a Russian word's lemma, else its commonest spelling.

        ``texts_of(b)`` gives the texts of bead ``b`` (where runs are written).
        """
        out = {}
        singles = {k for k in keys if SEPARATOR not in k}
        if not self.spelled:
            out.update({k: k for k in singles})
        else:
            best: dict[str, tuple] = {}
            terms_of = self.reader.analysis.word_terms
            for form, n in self.forms.items():
                for term in terms_of(form):
                    if term in singles and (-n, form) < best.get(term, (1, "")):
                        best[term] = (-n, form)
            out.update({k: best[k][1] if k in best else k for k in singles})
        run_forms = self.run_forms({k for k in keys if SEPARATOR in k}, texts_of)
        for key in keys:
            if SEPARATOR in key:
                forms = run_forms.get(key)
                out[key] = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0] if forms else key
        return out


def learn(beads, settings: Settings = DEFAULT, procs: int = 1) -> Lexicon:
    """Learn a lexicon from aligned pairs (:class:`Bead` items); glossary pairs are added separately.

    With ``procs`` > 1 the distinct words are analyzed in that many processes
    first (the analyzers' caches are cold in a process that did not index).
    Of more than :attr:`Settings.max_pairs` pairs, that many are learned from,
    spread evenly (:func:`spread`): learning takes about 1.6 ms of CPU per pair
    of UN paragraphs, and the common terms a lexicon translates are all in a few
    thousand pairs.
    """
    started = time.perf_counter()
    beads = spread(list(beads), settings.max_pairs)
    sides = {lang: _Side(lang) for lang in LANGS}
    if procs > 1:
        _analyze_in_processes(sides, beads, procs)
    for bead in beads:
        sides["en"].read(bead.en, settings.max_run)
        sides["ru"].read(bead.ru, settings.max_run)
    bead_units = {lang: side.index(side.kept_runs(settings), settings) for lang, side in sides.items()}
    pairs, by_links = _associations(sides, bead_units, settings)
    parts = lambda lang, key: sides[lang].parts(key)  # noqa: E731
    translations = _ordered(_ranked(pairs, sides, len(beads), settings), parts, settings)
    if settings.link_rounds:
        wanted = {lang: set(table) for lang, table in translations.items()}  # the others' links are not used
        by_links = _ordered(_ranked(by_links, sides, len(beads), settings, wanted), parts, settings, wanted)
        translations = _merged(translations, by_links, settings.keep)
    units = {}
    for lang, side in sides.items():
        used = set(translations[lang]) | {row[0] for rows in translations[OTHER[lang]].values() for row in rows}
        shown = side.displays(used, lambda b, lang=lang: getattr(beads[b], lang))
        units[lang] = {key: (len(side.beads[side.ids[key]]), shown[key]) for key in sorted(used)}
    return Lexicon(pairs=len(beads), units=units, translations=translations,
                   seconds=time.perf_counter() - started)


def spread(items: list, most: int) -> list:
    """Return ``most`` of ``items`` spread evenly over them, in order (all of them if there are no more).

    >>> spread(list(range(10)), 4)
    [0, 2, 5, 7]
    """
    if len(items) <= most:
        return items
    return [items[(i * len(items)) // most] for i in range(most)]


def _analyze_words(lang: str, words: list[str]) -> dict:
    """Analyze ``words`` of ``lang`` (in a worker process)."""
    return UnitReader(lang).analyze(words)


def _analyze_in_processes(sides, beads, procs: int) -> None:
    """Analyze the distinct words of the beads in ``procs`` processes and give the results to each side's reader."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    jobs = []
    for lang, side in sides.items():
        words: set[str] = set()
        for bead in beads:
            for text in getattr(bead, lang):
                words.update(side.reader.words(text))
        ordered = sorted(words)
        jobs.extend((lang, ordered[i::procs]) for i in range(procs))
    with ProcessPoolExecutor(procs, mp_context=get_context("fork")) as pool:
        for (lang, _), analyzed in zip(jobs, pool.map(_analyze_words, *zip(*jobs))):
            sides[lang].reader.remember(analyzed)


def _associations(sides, bead_units, settings: Settings) -> tuple[dict, dict]:
    """Return, per source language, the candidates above the floors (:class:`~indexer.lexicon.candidates.Table`).

    Two tables: by Dice of co-occurrence counts, and (with
    :attr:`Settings.link_rounds`) by Dice of link counts (:func:`_linked`), None
    without.  The co-occurrences of all unit pairs are counted at once
    (:mod:`indexer.lexicon.cooccur`).
    """
    en, ru = sides["en"], sides["ru"]
    linked = _linked(sides, bead_units, settings) if settings.link_rounds else None
    found = cooccur.counts(en.beads, bead_units["ru"], len(ru.keys))
    n_e, n_r = en.total[found.en], ru.total[found.ru].astype(np.float64)
    keep = found.count >= np.maximum(settings.min_count, settings.min_dice * n_e / 2)
    es, rs, ks, n_e, n_r = found.en[keep], found.ru[keep], found.count[keep], n_e[keep], n_r[keep]
    dice = 2.0 * ks / (n_e + n_r + settings.smooth)
    keep = dice >= settings.min_dice
    es, rs, ks, n_e, n_r, dice = es[keep], rs[keep], ks[keep], n_e[keep], n_r[keep], dice[keep]
    n = len(bead_units["en"])
    # a pair seen once is a candidate only for a unit seen once; and only a significant association is kept
    for_en = ((ks > 1) | (n_e == 1)) & significant(ks, n_e, n_r, n, settings.min_llr)
    for_ru = ((ks > 1) | (n_r == 1)) & significant(ks, n_r, n_e, n, settings.min_llr)
    out = directions(es, rs, dice, ks, for_en, for_ru)
    if linked is None:
        return out, None
    keep = for_en | for_ru
    es, rs, ks, n_e, n_r, for_en, for_ru = (a[keep] for a in (es, rs, ks, n_e, n_r, for_en, for_ru))
    dice = 2.0 * linked(es, rs, ks) / (n_e + n_r + settings.smooth)  # once co-occurrence has found the candidates
    keep = dice >= settings.min_link_dice
    return out, directions(es, rs, dice, ks, for_en & keep, for_ru & keep)


def _linked(sides, bead_units, settings: Settings):
    """Return ``linked(es, rs, ks)``: the counts by which English units ``es`` and Russian units ``rs`` are scored.

    Of two words, their link count (Model 1, :mod:`indexer.lexicon.links`): ``организация``
    is hardly linked with ``nations``, with which it co-occurs as often as with
    ``organization``.  Of units of several words, the least link count of a
    word of either with the best linked word of the other, at most ``ks``, the
    pairs they share (``организация`` and ``United Nations``: low).
    """
    words = {}
    for lang, side in sides.items():
        single = side.single.tolist()
        words[lang] = [[u for u in units if single[u]] for units in bead_units[lang]]
    links: Links = link_counts(words["en"], words["ru"], len(sides["en"].keys), len(sides["ru"].keys),
                               settings.link_rounds)
    en_words, ru_words = sides["en"].word_ids(), sides["ru"].word_ids()

    def linked(es: np.ndarray, rs: np.ndarray, ks: np.ndarray) -> np.ndarray:
        out = np.zeros(len(es))
        for at in range(0, len(es), LINKED_AT_ONCE):
            part = slice(at, at + LINKED_AT_ONCE)
            out[part] = _least_links(links, en_words[es[part]], ru_words[rs[part]], ks[part])
        return out

    return linked


def _least_links(links: Links, mine: np.ndarray, theirs: np.ndarray, ks: np.ndarray) -> np.ndarray:
    """Return of each unit pair the least link count of a word of either with the best linked word of the other.

    ``mine`` and ``theirs`` give the words of the English and the Russian units
    (:meth:`_Side.word_ids`, -1 for none); the counts are at most ``ks``.  A
    unit without words (too rare to be units, :attr:`Settings.min_count`) has none.
    """
    words = (mine >= 0)[:, :, None] & (theirs >= 0)[:, None, :]
    table = np.zeros(words.shape)  # the link count of each English word with each Russian word
    pair, en, ru = np.nonzero(words)
    table[pair, en, ru] = links.lookup(mine[pair, en], theirs[pair, ru])
    each_ru = _least(np.where(theirs >= 0, _most(table, 1), np.inf))  # each Russian word linked with an English one
    each_en = _least(np.where(mine >= 0, _most(table, 2), np.inf))  # and each English word with a Russian one
    return np.where((mine >= 0).any(axis=1), np.minimum(np.minimum(ks, each_ru), each_en), 0.0)


def _most(table: np.ndarray, axis: int) -> np.ndarray:
    """Return the greatest of a short axis of ``table`` (element by element: faster than a reduction)."""
    columns = np.moveaxis(table, axis, 0)
    out = columns[0].copy()
    for column in columns[1:]:
        np.maximum(out, column, out=out)
    return out


def _least(table: np.ndarray) -> np.ndarray:
    """Return the least of each row of a table of a few columns (element by element)."""
    out = table[:, 0].copy()
    for column in range(1, table.shape[1]):
        np.minimum(out, table[:, column], out=out)
    return out


def _ranked(tables: dict, sides, n: int, settings: Settings, wanted: dict | None = None) -> dict[str, dict[str, list]]:
    """Return each source unit's significant candidates as rows, best Dice first (at most ``keep``), mutual ones first.

    Of the first :attr:`Settings.keep` candidates of a unit, those that rank the
    unit among their own first :attr:`Settings.mutual_rank` go first
    (:func:`~indexer.lexicon.candidates.mutual_first`), the others being indirect
    associations: ``организация`` occurs with ``United Nations`` more often than
    with ``organization``, but ``United Nations`` is the translation of
    ``Объединенных Наций``, not of ``организация``: its own best candidates do
    not include ``организация``.  A candidate moves ahead only if its score is
    at least :attr:`Settings.promote_share` of the best one.

    With ``wanted`` (per language, a set of units), only those units get all
    their rows; the other words only their first (what :func:`_translates` reads).
    """
    kept, scores, rounded = {}, {}, {}
    for lang, table in tables.items():
        kept[lang] = table.subset(best(table, sides[OTHER[lang]].sizes, settings.keep))
        values, score_of = np.unique(kept[lang].dice, return_inverse=True)
        rounded[lang] = [round(value, 3) for value in values.tolist()]  # as Python rounds them: a few thousand
        scores[lang] = score_of.reshape(-1)
    out = {}
    for lang, ranked in kept.items():
        order = mutual_first(ranked, np.asarray(rounded[lang])[scores[lang]], kept[OTHER[lang]],
                             settings.mutual_rank, settings.promote_share)
        if wanted is not None:
            side = sides[lang]
            full = np.zeros(len(side.keys), dtype=bool)
            full[[side.ids[key] for key in wanted[lang]]] = True
            source = ranked.source[order]
            order = order[full[source] | (side.single[source] & (places(source) == 0))]
        out[lang] = _rows(ranked.subset(order), scores[lang][order], rounded[lang], sides[lang].keys,
                          sides[OTHER[lang]].keys)
    return out


def _rows(ranked: Table, scores: np.ndarray, rounded: list, source_keys: list, target_keys: list) -> dict[str, list]:
    """Return the candidates of each source unit as rows ``(target, score, count, source)``, grouped as ranked."""
    out: dict[str, list] = {}
    last, rows = -1, None
    for s, t, score, k in zip(ranked.source.tolist(), ranked.target.tolist(), scores.tolist(),
                              ranked.count.tolist()):
        if s != last:
            last, rows = s, []
            out[source_keys[s]] = rows
        rows.append((target_keys[t], rounded[score], k, CORPUS))
    return out


def _ordered(ranked: dict[str, dict], parts_of, settings: Settings, wanted: dict | None = None) -> dict[str, dict]:
    """Order each unit's candidates, ranked with mutual ones first (:func:`_ranked`), nested ones first (:func:`_nested_first`).

    ``parts_of(lang, key)`` returns the word units a unit is made of.  Runs whose
    best candidate scores less than :attr:`Settings.min_run_score` are dropped.
    With ``wanted`` (per language, a set of units), only those are ordered.
    """
    out = {}
    for lang, table in ranked.items():
        out[lang] = {}
        reverse = ranked[OTHER[lang]]
        for key, rows in table.items():
            if wanted is not None and key not in wanted[lang]:
                continue
            rows = _nested_first(rows, lambda: parts_of(lang, key), reverse, settings)  # noqa: B023 - called at once
            if SEPARATOR in key and rows[0][1] < settings.min_run_score:
                continue  # a run of words that is not a term of its own
            out[lang][key] = rows
    return out


def _merged(by_dice: dict, by_links: dict, keep: int) -> dict:
    """Return each unit's first candidate by Dice of co-occurrence, then its others by Dice of link counts.

    Co-occurrence is the better judge of which unit, of a word and the terms
    it is part of, a unit translates as (``peacekeeping``: ``поддержание мира``,
    not ``поддержание``); link counts of the other candidates, which do not
    merely keep the first company (``among``: ``среди``, ``между``, not
    ``уважение``).
    """
    out = {}
    for lang, table in by_dice.items():
        out[lang] = {}
        for key, rows in table.items():
            first = rows[0]
            others = [row for row in by_links[lang].get(key, ()) if row[0] != first[0]]
            out[lang][key] = [first, *others][:keep]
    return out


def _nested_first(rows: list, parts_of, reverse: dict, settings: Settings) -> list:
    """Of the first candidate and those nested with it that score about the same, put first the right length.

    Dice favours the shorter of two nested units (``nuclear`` over ``nuclear
    weapons``: the longer can only occur less often), and the longer when the
    shorter also occurs without it (``gender equality`` over ``equality``).  Of
    nested candidates within :attr:`Settings.nested_margin` of the first, the
    longest whose extra words translate (first candidate) words of the source
    goes first (a word translates a word of the source when its first
    candidate is or contains that word): ``ядерное оружие`` → ``nuclear
    weapons`` (``weapons`` → ``оружие``), ``Secretary-General`` →
    ``Генеральный секретарь`` (``генеральный`` → ``general``), but ``равенство``
    → ``equality`` (``gender`` → ``гендерный``, not a word of ``равенство``).
    ``parts_of()`` returns the word units the source is made of (asked only
    when needed).
    """
    if len(rows) < 2:
        return rows
    first = rows[0]
    close = [row for row in rows if first[1] - row[1] <= settings.nested_margin]
    if len(close) < 2:
        return rows
    words = {row[0]: set(row[0].split(SEPARATOR)) for row in close}
    family = [row for row in close if words[row[0]] <= words[first[0]] or words[first[0]] <= words[row[0]]]
    if len(family) < 2:
        return rows
    shortest = min(family, key=lambda row: (len(words[row[0]]), rows.index(row)))
    best = shortest
    parts = None
    for row in sorted(family, key=lambda row: (-len(words[row[0]]), rows.index(row))):
        if not words[shortest[0]] <= words[row[0]]:
            continue
        extra = words[row[0]] - words[shortest[0]]
        if extra and parts is None:
            parts = parts_of()
        if all(_translates(x, parts, reverse) for x in extra):
            best = row
            break
    return [best, *(row for row in rows if row is not best)]


def _translates(word: str, parts: set, reverse: dict) -> bool:
    """Tell whether the first candidate of ``word`` is, or contains, one of ``parts``."""
    found = reverse.get(word)
    return bool(found) and bool(set(found[0][0].split(SEPARATOR)) & parts)
