"""The aligner's lattice: bead scores within a band of the (English × Russian) grid, Viterbi and forward–backward.

A bead's score adds its prior, the Gale–Church length model, paragraph
numbers, shared anchor tokens and kinds (:mod:`indexer.align.aligner` says
how); the searches over the lattice give the best path and each link's
posterior probability.
"""

from __future__ import annotations

import math

import numpy as np

from indexer.align.model import Model
from indexer.align.sides import Side

NEG_INF = float("-inf")
_SQRT2 = math.sqrt(2.0)


def _log_erfc(x: np.ndarray) -> np.ndarray:
    """Return log(erfc(x)) for x ≥ 0 (Numerical Recipes' ``erfcc``, relative error below 1.2e-7)."""
    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (
        0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    return np.log(t) - x * x + poly


def _incidence(anchors, tokens: dict) -> np.ndarray:
    """Return a boolean matrix: row ``i`` tells which of ``tokens`` (token → column) paragraph ``i - 1`` has.

    Row 0 and the last row are empty, so that a bead's rows are slices of it.
    """
    out = np.zeros((len(anchors) + 2, len(tokens)), dtype=bool)
    rows = [i + 1 for i, found in enumerate(anchors) for token in found if token in tokens]
    columns = [tokens[token] for found in anchors for token in found if token in tokens]
    out[rows, columns] = True
    return out


def _bead_incidence(incidence: np.ndarray, d: int) -> np.ndarray:
    """Return, per bead end ``i`` (0 … size), which tokens the bead's ``d`` paragraphs ``[i-d, i)`` have."""
    ends = incidence[:-1]
    if d == 2:
        ends = ends.copy()
        ends[1:] |= incidence[:-2]
    return ends


def _shared_incidence(en_anchors, ru_anchors) -> tuple[np.ndarray, np.ndarray]:
    """Return the incidence matrices (:func:`_incidence`) of the anchor tokens found on both sides."""
    on_both = frozenset().union(*en_anchors) & frozenset().union(*ru_anchors)
    tokens = {token: k for k, token in enumerate(sorted(on_both))}
    return _incidence(en_anchors, tokens), _incidence(ru_anchors, tokens)


# Bead shapes that consume English paragraphs, in the order of the back-pointer codes 1..4; 0 is 0–1.
_DOWN = ((1, 0), (1, 1), (1, 2), (2, 1))
_ROW_BLOCK = 256  # rows of the lattice whose shared anchors are counted at once
_SCORED = ((1, 1), (1, 2), (2, 1))  # the bead shapes scored by Lattice._bead_scores (the others score log_omit)
_SCORED_DI = np.array([di for di, _ in _SCORED])
_SCORED_DJ = np.array([dj for _, dj in _SCORED])
_DOWN_DI = np.array([di for di, _ in _DOWN])
_DOWN_DJ = np.array([dj for _, dj in _DOWN])
_PAD = 2  # rows of -inf above and below a row store, columns of -inf before each row's band (see Lattice)


class Lattice:
    """The bead scores of two versions within a band of the (English × Russian) grid, and searches over them.

    Row ``i`` holds the cells ``(i, j)`` for ``j`` in ``[lo[i], hi[i]]``: ``i``
    English and ``j`` Russian paragraphs consumed.  Scores are arrays per row and
    shape; the searches go row by row, and the 0–1 beads within a row by a
    running maximum (Viterbi) or a running log-sum (forward–backward).

    The searches keep their rows in a *row store*, a 2-D array: row ``i`` at
    ``i + _PAD``, cell ``(i, j)`` at column ``j - lo[i] + _PAD``, -inf all
    around, so that the cells a bead comes from, within the band or not, are
    gathered from it at once (:meth:`_neighbours`).  The scores are kept in
    the same way, a row store per shape of :data:`_DOWN`.
    """

    def __init__(self, en: Side, ru: Side, model: Model, width: int):
        self.en, self.ru, self.model = en, ru, model
        n, m = en.size, ru.size
        ratio = model.ratio
        if ratio is None:  # the documents' own ratio, shrunk towards the prior: short documents say little
            ratio = ((ru.cumulative[-1] + model.prior_ratio * model.prior_chars)
                     / (en.cumulative[-1] + model.prior_chars))
        self.ratio = min(max(ratio, model.ratio_bounds[0]), model.ratio_bounds[1])
        self.log_omit = math.log(model.p_omit)
        self.log_prior = {(1, 1): math.log(model.p_one_one), (1, 2): math.log(model.p_merge),
                          (2, 1): math.log(model.p_merge)}
        if en.cumulative[-1]:
            target = en.cumulative / en.cumulative[-1] * ru.cumulative[-1]
            centres = np.searchsorted(ru.cumulative, target, side="left")
        else:
            centres = np.rint(np.arange(n + 1) * m / n).astype(np.int64)
        centres = np.clip(centres, 0, m)
        # Centres grow with i, so the band is monotone and every cell in it is reachable from (0, 0).
        self.lo = [int(c) for c in np.maximum(centres - width, 0)]
        self.hi = [int(c) for c in np.minimum(centres + width, m)]
        self.lo[0], self.hi[-1] = 0, m
        self.widths = [h - l + 1 for l, h in zip(self.lo, self.hi)]
        self.en_incidence, self.ru_incidence = _shared_incidence(en.anchors, ru.anchors)
        self.scores = self._bead_scores()
        self.max_width = max(self.widths)
        self.stride = self.max_width + _PAD + 1  # the last column of a row store is -inf in every row
        self.omits = self.log_omit * np.arange(self.max_width)  # the scores of 0, 1, 2 … 0–1 beads in a row
        self.score_store = self._score_store()
        self.up = self._neighbours(-1)
        self.down = self._neighbours(1)
        self.down_scores = self.down + (np.arange(len(_DOWN)) * self.score_store[0].size)[None, :, None]

    def _store(self) -> np.ndarray:
        """Return an empty row store: all -inf."""
        return np.full((len(self.lo) + 2 * _PAD, self.stride), NEG_INF)

    def _score_store(self) -> np.ndarray:
        """Return the bead scores as a row store per shape of :data:`_DOWN` (the 1–0 bead's everywhere)."""
        out = np.stack([self._store() for _ in _DOWN])
        out[0] = self.log_omit
        for k, shape in enumerate(_DOWN[1:], start=1):
            out[k, _PAD:_PAD + len(self.lo), _PAD:_PAD + self.max_width] = self.scores[shape]
        return out

    def _neighbours(self, sign: int) -> np.ndarray:
        """Return, per row ``i``, shape ``(di, dj)`` of :data:`_DOWN` and band column, where in a row store the
        cell ``(i + sign·di, j + sign·dj)`` is: the start of the bead ending at ``(i, j)`` (``sign`` -1) or the
        end of the bead starting there (1); a cell outside its row's band is at a column of -inf.
        """
        lo = np.array(self.lo)
        rows = np.arange(len(lo))[:, None] + sign * _DOWN_DI[None, :]
        first = lo[:, None] + sign * _DOWN_DJ[None, :] - lo[np.clip(rows, 0, len(lo) - 1)] + _PAD
        columns = np.clip(first[:, :, None] + np.arange(self.max_width), 0, self.stride - 1)
        return (rows + _PAD)[:, :, None] * self.stride + columns

    def _bead_scores(self) -> dict[tuple[int, int], np.ndarray]:
        """Return the scores of the beads of each shape, as an array over rows ``i`` and band columns ``k``.

        Cell ``[i, k]`` is the bead of English ``[i-di, i)`` and Russian
        ``[j-dj, j)``, ``j = lo[i] + k``; cells outside the band or the grid are
        -inf.  The shapes are computed together, as planes of one array.
        """
        model, en, ru = self.model, self.en, self.ru
        n, m = en.size, ru.size
        di, dj = _SCORED_DI[:, None, None], _SCORED_DJ[:, None, None]
        rows = np.arange(n + 1)[None, :, None]
        columns = np.array(self.lo)[:, None] + np.arange(max(self.widths))[None, :]
        valid = (columns <= np.array(self.hi)[:, None]) & (columns >= dj) & (rows >= di)
        cols = np.clip(columns, dj, m)  # placeholders where invalid; masked at the end
        top = np.clip(rows, di, n)
        en_len = en.cumulative[top] - en.cumulative[top - di]
        ru_len = ru.cumulative[cols] - ru.cumulative[cols - dj]
        spread = np.sqrt(model.variance * (self.ratio * en_len + ru_len) / 2 + 1.0)
        delta = np.abs(ru_len - self.ratio * en_len) / spread
        priors = np.array([self.log_prior[shape] for shape in _SCORED])[:, None, None]
        score = priors + np.maximum(_log_erfc(delta / _SQRT2), model.length_floor)
        en_number, ru_number = en.numbers[top - di], ru.numbers[cols - dj]
        both = (en_number > 0) & (ru_number > 0)
        score += np.where(both & (en_number == ru_number), model.number_match, 0.0)
        score -= np.where(both & (en_number != ru_number), model.number_mismatch, 0.0)
        kind = en.kinds[top - 1]
        mixed = ru.kinds[cols - 1] != kind
        merge, split = _SCORED.index((2, 1)), _SCORED.index((1, 2))
        score[merge] -= model.number_extra * (en.numbers[top[merge] - 1] > 0)
        mixed[merge] |= en.kinds[top[merge] - 2] != kind[merge]
        score[split] -= model.number_extra * (ru.numbers[cols[split] - 1] > 0)
        mixed[split] |= ru.kinds[cols[split] - 2] != kind[split]
        score -= model.kind_mismatch * mixed
        shared = np.stack([self._shared_anchors(*shape, columns) for shape in _SCORED])
        alone = en.anchor_counts[di, top] + ru.anchor_counts[dj, cols] - 2 * shared
        score += model.anchor_match * np.minimum(shared, model.anchor_cap)
        score -= model.anchor_mismatch * np.minimum(alone, model.anchor_cap)
        out = np.where(valid, score, NEG_INF)
        return {shape: out[k] for k, shape in enumerate(_SCORED)}

    def _shared_anchors(self, di: int, dj: int, columns: np.ndarray) -> np.ndarray:
        """Return how many anchor tokens the two sides of each bead of one shape share, over the band.

        Cell ``[i, k]`` counts for column ``columns[i, k]``; cells outside the band hold any count.
        Counts come from a product of incidence matrices, a block of rows at a time.
        """
        en_ends = _bead_incidence(self.en_incidence, di)
        ru_ends = _bead_incidence(self.ru_incidence, dj)
        shared = np.zeros(columns.shape, dtype=np.int64)
        for a in range(0, len(self.lo), _ROW_BLOCK):
            b = min(a + _ROW_BLOCK, len(self.lo))
            first, last = self.lo[a], self.hi[b - 1]
            counts = en_ends[a:b].astype(np.float64) @ ru_ends[first:last + 1].T.astype(np.float64)
            at = np.clip(columns[a:b] - first, 0, last - first)
            shared[a:b] = np.take_along_axis(counts, at, axis=1)
        return shared

    def _candidates(self, store: np.ndarray, i: int) -> np.ndarray:
        """Return, per shape of :data:`_DOWN`, the scores of reaching each cell of row ``i`` from above."""
        w = self.widths[i]
        return store.take(self.up[i, :, :w]) + self.score_store[:, i + _PAD, _PAD:_PAD + w]

    def _set_row(self, store: np.ndarray, i: int, values: np.ndarray) -> None:
        """Write the cells of row ``i`` into a row store."""
        store[i + _PAD, _PAD:_PAD + self.widths[i]] = values

    def viterbi(self) -> list[tuple[int, int, int, int]]:
        """Return the best path as beads ``(i, j, di, dj)``, from the start."""
        best = self._store()
        self._set_row(best, 0, self.omits[:self.widths[0]])
        back = [np.zeros(self.widths[0], dtype=np.int8)]
        for i in range(1, len(self.lo)):
            stack = self._candidates(best, i)
            arg = np.argmax(stack, axis=0)
            above = stack[arg, np.arange(stack.shape[1])]
            shifted = above - self.omits[:len(above)]
            running = np.maximum.accumulate(shifted)
            self._set_row(best, i, running + self.omits[:len(above)])
            back.append(np.where(running > shifted, 0, arg + 1).astype(np.int8))
        path = []
        i, j = len(self.lo) - 1, self.hi[-1]
        while (i, j) != (0, 0):
            code = int(back[i][j - self.lo[i]])
            di, dj = (0, 1) if code == 0 else _DOWN[code - 1]
            path.append((i, j, di, dj))
            i, j = i - di, j - dj
        path.reverse()
        return path

    def touches_edge(self, path) -> bool:
        """Tell whether the path runs along an edge of the band that is not an edge of the grid."""
        last = self.hi[-1]
        return any((j == self.lo[i] and j > 0) or (j == self.hi[i] and j < last) for i, j, _, _ in path)

    def posteriors(self, path) -> list[float]:
        """Return the posterior probability of each bead of ``path`` (forward–backward over the band)."""
        forward, backward = self._forward(), self._backward()
        n, c = len(self.lo) - 1, self.log_omit
        total = forward[n + _PAD, _PAD + self.widths[n] - 1]
        out = []
        for i, j, di, dj in path:
            score = c if di == 0 or dj == 0 else float(self.scores[di, dj][i, j - self.lo[i]])
            before = forward[i - di + _PAD, j - dj - self.lo[i - di] + _PAD]
            rest = backward[i + _PAD, j - self.lo[i] + _PAD]
            out.append(min(1.0, math.exp(before + score + rest - total)))
        return out

    def _forward(self) -> np.ndarray:
        """Return the log-sums of the paths from (0, 0) to each cell, as a row store."""
        forward = self._store()
        self._set_row(forward, 0, self.omits[:self.widths[0]])
        for i in range(1, len(self.lo)):
            above = np.logaddexp.reduce(self._candidates(forward, i), axis=0)
            omits = self.omits[:len(above)]
            self._set_row(forward, i, np.logaddexp.accumulate(above - omits) + omits)
        return forward

    def _backward(self) -> np.ndarray:
        """Return the log-sums of the paths from each cell to the end, as a row store."""
        n = len(self.lo) - 1
        backward = self._store()
        for i in range(n, -1, -1):
            w = self.widths[i]
            below = np.full(w, NEG_INF)
            if i == n:
                below[-1] = 0.0
            after = backward.take(self.down[i, :, :w]) + self.score_store.take(self.down_scores[i, :, :w])
            for k, (di, _) in enumerate(_DOWN):
                if i + di <= n:
                    below = np.logaddexp(below, after[k])
            omits = self.omits[:w]
            self._set_row(backward, i, np.logaddexp.accumulate((below + omits)[::-1])[::-1] - omits)
        return backward
