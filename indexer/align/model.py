"""The paragraph aligner's parameters (:class:`Model`) and what it gives: a :class:`Link` per bead."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """One bead of an alignment: English and Russian paragraph indexes (either may be empty), and how sure."""

    en: tuple[int, ...]
    ru: tuple[int, ...]
    confidence: float

    @property
    def shape(self) -> str:
        """The bead's shape: ``1-1``, ``2-1``, ``1-0`` …"""
        return f"{len(self.en)}-{len(self.ru)}"


@dataclass(frozen=True)
class Model:
    """The aligner's parameters: bead priors, the length model and the weights of the other evidence.

    The length variance is calibrated on the UNPC dev set's sentence pairs
    (per-character variance of the Russian length around ``ratio`` times the
    English, ≈5.6) and the Charter (≈1.7); the weights were tuned on the
    Charter, the UDHR and the dev set, never on the UNPC test set.
    """

    p_one_one: float = 0.89
    p_merge: float = 0.045  # each of 2–1 and 1–2
    p_omit: float = 0.005  # each of 1–0 and 0–1
    ratio: float | None = None  # Russian characters per English character; None: estimated (below)
    prior_ratio: float = 1.1  # UN Russian runs about 10% longer than English (UNPC dev set: 1.107)
    prior_chars: float = 5000.0  # how many English characters the prior ratio weighs as
    ratio_bounds: tuple[float, float] = (0.6, 1.8)
    variance: float = 6.0
    length_floor: float = -14.0  # lowest log-probability of a length difference (robust to outliers)
    number_match: float = 4.0
    number_mismatch: float = 6.0
    number_extra: float = 1.0  # each further numbered paragraph inside a merge
    anchor_match: float = 1.5  # each shared anchor token, up to anchor_cap
    anchor_mismatch: float = 0.75  # each anchor token on one side only, up to anchor_cap
    anchor_cap: int = 4
    kind_mismatch: float = 3.0
    min_band: int = 24  # half-width of the search band, in paragraphs


MODEL = Model()
