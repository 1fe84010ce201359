"""The thresholds of learning the lexicon (:mod:`indexer.lexicon.learn`), with their defaults."""

from __future__ import annotations

from dataclasses import dataclass


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
    keep_weak: int = 24  # of a unit seen in fewer than MIN_EVIDENCE pairs (the dictionary picks among them)
    mutual_rank: int = 3  # a candidate ranking the source this high among its own is a mutual one
    promote_share: float = 0.5  # a mutual candidate goes first if it scores this share of the best
    nested_margin: float = 0.05  # nested candidates this close in score are ordered by length
    link_rounds: int = 5  # rounds of Model 1 for the link counts (0: Dice of co-occurrence counts)
    min_link_dice: float = 0.01  # candidates scoring less by their link counts are dropped
    max_pairs: int | None = None  # aligned pairs learned from (None: all); past that, pairs spread evenly


DEFAULT = Settings()
