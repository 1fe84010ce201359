"""One language's side of the aligned pairs a lexicon is learned from: its units, their ids, counts and forms.

A :class:`Side` reads each pair's paragraphs of its language into word terms
and runs of words (:mod:`indexer.lexicon.units`), keeps the runs that recur,
numbers the units, and knows in which pairs each occurs, how each is written
and which words it is made of: what :mod:`indexer.lexicon.learn` counts and
scores.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict

import numpy as np

from indexer.lexicon.cooccur import Lists
from indexer.lexicon.thresholds import Settings
from indexer.lexicon.units import SEPARATOR, UnitReader


SPANS_AT_ONCE = 1 << 16  # runs written whose forms are counted at a time (:meth:`Side.run_forms`)


class Side:
    """The units of one language over all beads: ids, counts, inverted lists, display forms.

    While reading, every word and run is numbered as first met (a *provisional*
    id) and each bead keeps only numbers: its words, and its runs with where
    each is written, as flat arrays.  :meth:`index` numbers the units kept in
    the order of their keys and forgets the rest.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.reader = UnitReader(lang)
        self._names: list[str] = []  # provisional id -> word or run
        self._met: dict[str, int] = _Numbering(self._names)  # word or run -> provisional id (new ones numbered)
        self._words = array("q")  # per bead (one after another): its distinct word terms' provisional ids
        self._words_at = array("q", [0])
        self._span_columns = _span_columns()  # per bead: its runs' provisional ids, paragraphs, starts and ends
        self._spans_at = array("q", [0])
        self._runs = array("q")  # per bead: its distinct runs' provisional ids
        self._runs_at = array("q", [0])
        self.forms: Counter = Counter()  # word as written -> occurrences (where the display shows the spelling)
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []
        self.beads = Lists(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))  # per unit: its beads
        self.total = np.zeros(0, dtype=np.int64)  # per unit: how many beads it occurs in
        self.sizes = np.zeros(0, dtype=np.int64)  # per unit: the length of its key
        self.single = np.zeros(0, dtype=bool)  # per unit: whether it is one word
        self.provisional = np.zeros(0, dtype=np.int64)  # per unit: the number it was read under (:meth:`index`)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "reader"}  # the reader is made again where read

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.reader = UnitReader(self.lang)

    @property
    def spelled(self) -> bool:
        """Tell whether a word's display is its commonest spelling (English), not its lemma (Russian)."""
        return self.lang != "ru"

    def read(self, texts, max_run: int) -> None:
        """Read one bead's paragraphs of this language.

        The runs of each length are keyed and numbered a list at a time, and
        their places kept column by column (:meth:`index` puts them together).
        """
        words: set[str] = set()
        lookup = self._met.__getitem__  # numbers a new one (:class:`_Numbering`)
        forms: list[str] = []
        runs: set[int] = set()
        span_ids, span_paragraphs, span_starts, span_ends = self._span_columns
        for p, text in enumerate(texts):
            lowered = text.lower() if self.spelled else ""
            for terms, starts, ends in self.reader.word_segments(text):
                words.update(*terms)
                if self.spelled:
                    forms.extend([lowered[start:end] for start, end in zip(starts, ends)])
                size = len(terms)
                if size < 2:
                    continue
                firsts = [t[0] for t in terms]
                for n in range(2, min(max_run, size) + 1):
                    if n == 2:
                        keys = [a + SEPARATOR + b for a, b in zip(firsts, firsts[1:])]
                    elif n == 3:
                        keys = [a + SEPARATOR + b + SEPARATOR + c for a, b, c in zip(firsts, firsts[1:], firsts[2:])]
                    else:
                        keys = [SEPARATOR.join(firsts[i:i + n]) for i in range(size - n + 1)]
                    ids = list(map(lookup, keys))
                    runs.update(ids)
                    span_ids.extend(ids)
                    span_paragraphs.extend([p] * len(ids))
                    span_starts.extend(starts[:len(ids)])
                    span_ends.extend(ends[n - 1:])
        self.forms.update(forms)
        self._runs.extend(runs)
        self._runs_at.append(len(self._runs))
        self._words.extend(sorted(map(lookup, words)))
        self._words_at.append(len(self._words))
        self._spans_at.append(len(span_ids))

    def _distinct_runs(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the beads and the provisional ids of the runs read, each distinct run of a bead once."""
        runs = np.frombuffer(self._runs, dtype=np.int64)
        return np.repeat(np.arange(len(self._runs_at) - 1, dtype=np.int64), np.diff(self._runs_at)), runs

    def read_terms(self) -> tuple[list, np.ndarray, np.ndarray]:
        """Return the words and runs read (by number) and of each bead its words' and runs' numbers, as
        ``(names, offsets, numbers)`` (before :meth:`index` forgets them)."""
        words, runs = np.frombuffer(self._words, dtype=np.int64), np.frombuffer(self._runs, dtype=np.int64)
        beads = len(self._words_at) - 1
        owner = np.concatenate((np.repeat(np.arange(beads, dtype=np.int64), np.diff(self._words_at)),
                                self._distinct_runs()[0]))
        order = np.argsort(owner, kind="stable")
        offsets = np.zeros(beads + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=beads), out=offsets[1:])
        return self._names, offsets, np.concatenate((words, runs))[order]

    def kept_runs(self, settings: Settings) -> set[str]:
        """Return the multi-word units: runs that recur and make a share of their words' occurrences."""
        _, runs = self._distinct_runs()
        size = len(self._names)
        counts = np.bincount(runs, minlength=size)
        words = np.bincount(np.frombuffer(self._words, dtype=np.int64), minlength=size)
        kept = set()
        met, names = self._met, self._names
        for u, n in zip(*(a.tolist() for a in (np.flatnonzero(counts >= settings.min_run_count),
                                                counts[counts >= settings.min_run_count]))):
            key = names[u]
            parts = key.split(SEPARATOR)
            if n >= settings.run_share * min(words[met[parts[0]]], words[met[parts[-1]]]):
                kept.add(key)
        return kept

    def index(self, runs: set[str], settings: Settings) -> Lists:
        """Give units ids and return, per bead, the ids of its units (words and the ``runs`` kept), ascending.

        Numbers the units in the order of their keys, keeps the places of the
        ``runs`` only, and forgets the provisional ids.
        """
        size = max(len(self._names), 1)
        beads = len(self._words_at) - 1
        kept = np.zeros(size, dtype=bool)
        kept[[self._met[key] for key in runs]] = True
        run_beads, run_ids = self._distinct_runs()
        chosen = kept[run_ids]
        word_ids = np.frombuffer(self._words, dtype=np.int64)
        word_beads = np.repeat(np.arange(beads, dtype=np.int64), np.diff(self._words_at))
        bead = np.concatenate((word_beads, run_beads[chosen]))
        unit = np.concatenate((word_ids, run_ids[chosen]))
        counts = np.bincount(unit, minlength=size)
        frequent = np.flatnonzero(counts >= settings.min_count)
        names = self._names
        order = sorted(frequent.tolist(), key=names.__getitem__)
        self.keys = [names[u] for u in order]
        self.provisional = np.asarray(order, dtype=np.int64)  # of each unit, the number it was read under
        self.ids = {key: i for i, key in enumerate(self.keys)}
        final = np.full(size, -1, dtype=np.int64)
        final[order] = np.arange(len(order), dtype=np.int64)
        unit = final[unit]
        bead, unit = bead[unit >= 0], unit[unit >= 0]
        units = max(len(self.keys), 1)
        both = np.sort(bead * units + unit)
        out = _lists(both // units, both % units, beads)
        both = np.sort(unit * max(beads, 1) + bead)
        self.beads = _lists(both // max(beads, 1), both % max(beads, 1), len(self.keys))
        del both
        self.total = np.diff(self.beads.offsets)
        self.sizes = np.asarray([len(key) for key in self.keys], dtype=np.int64)
        self.single = np.asarray([SEPARATOR not in key for key in self.keys], dtype=bool)
        span_ids, *places = (np.frombuffer(column, dtype=np.int64) for column in self._span_columns)
        mine = kept[span_ids] & (final[span_ids] >= 0)
        span_beads = np.repeat(np.arange(beads, dtype=np.int32), np.diff(self._spans_at))[mine]
        self._kept_spans = np.column_stack((span_beads, final[span_ids[mine]].astype(np.int32),
                                            *(column[mine].astype(np.int32) for column in places)))  # 32-bit
        self._met, self._names = {}, []
        self._words, self._runs, self._span_columns = array("q"), array("q"), _span_columns()
        return out

    def forget_occurrences(self) -> None:
        """Let go of the beads each unit occurs in and of how its words and runs are written (once learned and shown)."""
        self.beads = Lists(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))
        self._kept_spans = np.zeros((0, 5), dtype=np.int32)
        self.forms = Counter()

    def run_forms(self, keys: set[str], texts_of) -> dict[str, Counter]:
        """Return how each of the runs ``keys`` is written, and how often; ``texts_of(b)`` gives bead ``b``'s texts."""
        out: dict[str, Counter] = defaultdict(Counter)
        wanted = np.zeros(len(self.keys), dtype=bool)
        wanted[[self.ids[key] for key in keys]] = True
        spans = self._kept_spans[wanted[self._kept_spans[:, 1]]] if len(self._kept_spans) else self._kept_spans
        last, texts = -1, None
        written: Counter = Counter()  # (unit, text as written) -> occurrences
        for at in range(0, len(spans), SPANS_AT_ONCE):  # as Python numbers a part at a time: they take room
            for b, u, p, start, end in spans[at:at + SPANS_AT_ONCE].tolist():
                if b != last:
                    last, texts = b, texts_of(b)
                written[u, texts[p][start:end]] += 1
        for (u, text), n in written.items():
            out[self.keys[u]][" ".join(text.lower().split())] += n
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


class _Numbering(dict):
    """Numbers of words and runs as first met: a new one gets the next number, and its name is kept."""

    def __init__(self, names: list):
        super().__init__()
        self.names = names

    def __missing__(self, key: str) -> int:
        found = self[key] = len(self.names)
        self.names.append(key)
        return found


def _span_columns() -> tuple:
    """Return four empty columns of run places: provisional ids, paragraphs, starts and ends."""
    return array("q"), array("q"), array("q"), array("q")


def _lists(owners: np.ndarray, ids: np.ndarray, size: int) -> Lists:
    """Return the ``ids`` of each of ``size`` owners as lists (``owners`` ascending, one per id)."""
    offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(owners, minlength=size), out=offsets[1:])
    return Lists(offsets, ids)
