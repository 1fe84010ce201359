"""One language's side of the aligned pairs a lexicon is learned from: its units, their ids, counts and forms.

A :class:`Side` reads each pair's paragraphs of its language into word terms
and runs of words (:mod:`indexer.lexicon.units`), keeps the runs that recur,
numbers the units, and knows in which pairs each occurs, how each is written
and which words it is made of: what :mod:`indexer.lexicon.learn` counts and
scores.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain, repeat

import numpy as np

from indexer.lexicon.thresholds import Settings
from indexer.lexicon.units import SEPARATOR, UnitReader


class Side:
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
