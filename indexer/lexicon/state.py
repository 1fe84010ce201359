"""What learning the lexicon keeps beside a generation so that an update can go on learning: counts, not texts.

An update adds the counts of the aligned pairs it brings and takes away those
of the pairs it removes (:mod:`indexer.lexicon.online`), so a generation keeps,
as flat arrays in one file (``lexicon-state.npz``, no pickles):

- per language, the words and runs met (*terms*, numbered as first met: a
  number never changes), the pairs each occurs in, the words each run is made
  of, and each pair's terms (to take a removed pair's counts away); runs met in
  one pair only are forgotten when a lexicon is learned whole;
- each pair's digest (:func:`bead_digest`), in order;
- the co-occurrence counts of the unit pairs above learning's Dice floor (those
  sharing one aligned pair only when one unit occurs in no other: the others
  are never candidates), by English term;
- IBM Model 1's expected link counts of the word pairs, both directions, by English word;
- the learned candidates of each unit (before glossary and dictionary) and the
  display forms of the units they name.

:data:`FORMAT` changes whenever what is kept changes; a state of another format,
or learned with other settings, is not used (the lexicon is learned whole).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from indexer.lexicon.thresholds import Settings

log = logging.getLogger(__name__)

FILE_NAME = "lexicon-state.npz"
FORMAT = 1
COMPRESSION = 1  # zlib level of the file's integer and text arrays (the fastest: a third of their size or less)
LANGS = ("en", "ru")


@dataclass(frozen=True)
class Terms:
    """One language's terms (words and runs) with their counts, and each aligned pair's terms."""

    names: list  # term number -> word or run (words joined by a space)
    df: np.ndarray  # int64, per term: the aligned pairs it occurs in
    parts: np.ndarray  # int64 (terms, 3): the numbers of a term's words (-1 past the last); a word: itself
    at: np.ndarray  # int64, offsets of each aligned pair's terms in ``ids`` (one more than pairs)
    ids: np.ndarray  # int64: each pair's distinct terms, pair after pair

    def words(self) -> np.ndarray:
        """Return, per term, how many words it has."""
        return (self.parts >= 0).sum(axis=1)


@dataclass(frozen=True)
class Rows:
    """Learned candidates of one direction as arrays, each source's in rank order."""

    source: np.ndarray  # term numbers
    target: np.ndarray
    score: np.ndarray
    count: np.ndarray
    forward: np.ndarray  # nan: none
    backward: np.ndarray


@dataclass(frozen=True)
class State:
    """All that learning keeps between generations (see the module's docstring)."""

    settings: str  # repr of the thresholds learned with
    terms: dict  # lang -> Terms
    digests: np.ndarray  # uint64, per aligned pair
    co_en: np.ndarray  # co-occurring unit pairs: English term, Russian term, pairs shared
    co_ru: np.ndarray
    co_count: np.ndarray
    m1_en: np.ndarray  # Model 1 word pairs: English word, Russian word, expected links each way
    m1_ru: np.ndarray
    to_ru: np.ndarray  # Russian words explained by English ones
    to_en: np.ndarray
    rows: dict  # lang -> Rows
    displays: dict  # lang -> {term number: display}

    @property
    def pairs(self) -> int:
        return len(self.digests)


def bead_digest(bead) -> str:
    """Return a short digest of an aligned pair's texts (:class:`~indexer.lexicon.model.Bead`), in hexadecimal."""
    digest = hashlib.blake2b(digest_size=8)
    for text in (*bead.en, "\x1e", *bead.ru):
        digest.update(text.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def digest_array(beads) -> np.ndarray:
    """Return the digests of aligned pairs (:func:`bead_digest`) as an array of integers, in order."""
    return np.fromiter((int(bead_digest(b), 16) for b in beads), dtype=np.uint64, count=len(beads))


def _blob(strings) -> np.ndarray:
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def _strings(blob: np.ndarray, count: int) -> list:
    return blob.tobytes().decode("utf-8").split("\n") if count else []


def save(state: State, directory) -> Path:
    """Write ``state`` into ``directory`` (a generation being made), atomically; return the file's path."""
    path = Path(directory) / FILE_NAME
    tmp = path.with_name(path.name + ".tmp")
    arrays = {"meta": _blob([json.dumps({"format": FORMAT, "settings": state.settings})]),
              "digests": state.digests, "co_at": _offsets(state.co_en, len(state.terms["en"].names)),
              "co_ru": state.co_ru.astype(np.int32), "co_count": _narrow(state.co_count),
              "m1_at": _offsets(state.m1_en, len(state.terms["en"].names)), "m1_ru": state.m1_ru.astype(np.int32),
              "to_ru": state.to_ru.astype(np.float32), "to_en": state.to_en.astype(np.float32)}
    for lang in LANGS:
        terms, rows, shown = state.terms[lang], state.rows[lang], state.displays[lang]
        arrays.update({f"{lang}_names": _blob(terms.names), f"{lang}_df": terms.df.astype(np.int32),
                       f"{lang}_parts": terms.parts.astype(np.int32), f"{lang}_at": terms.at,
                       f"{lang}_ids": terms.ids.astype(np.int32),
                       f"{lang}_shown": np.fromiter(shown, dtype=np.int64, count=len(shown)),
                       f"{lang}_displays": _blob(shown.values())})
        for field in fields(Rows):
            value = getattr(rows, field.name)
            arrays[f"{lang}_rows_{field.name}"] = value if value.dtype.kind == "f" else value.astype(np.int32)
    with open(tmp, "wb") as fh:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION) as archive:
            for name, value in arrays.items():  # as numpy.savez_compressed writes them, compressed faster
                member = f"{name}.npy"
                if value.dtype.kind == "f":  # integers and texts shrink to a third or less, floating point hardly
                    member = zipfile.ZipInfo(member, (1980, 1, 1, 0, 0, 0))  # stored as it is
                with archive.open(member, "w", force_zip64=True) as out:
                    np.lib.format.write_array(out, np.asanyarray(value), allow_pickle=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def _offsets(en: np.ndarray, size: int) -> np.ndarray:
    """Return where each English term's pairs start in a table ordered by English term (one more than terms)."""
    out = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(en, minlength=size), out=out[1:])
    return out


def _owners(offsets: np.ndarray) -> np.ndarray:
    """Return the English term of each pair of a table (the inverse of :func:`_offsets`)."""
    return np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))


def _narrow(counts: np.ndarray) -> np.ndarray:
    """Return counts in the narrowest unsigned type that holds them."""
    return counts.astype(np.uint16 if not len(counts) or counts.max() < 1 << 16 else np.uint32)


def load(directory, settings: Settings) -> State | None:
    """Return the state kept in ``directory``; None when there is none, or it is unusable, of another format or
    learned with other ``settings`` (then the lexicon is learned whole, and the reason logged)."""
    return _loaded(directory, settings, _read)


def load_digests(directory, settings: Settings) -> np.ndarray | None:
    """Return only the digests of the pairs the state kept in ``directory`` was learned from (all that telling what
    changed needs, without reading the rest of the file); None as :func:`load`."""
    return _loaded(directory, settings, lambda data, meta: data["digests"])


def _loaded(directory, settings: Settings, read):
    """Return ``read(data, meta)`` of the state file in ``directory``, or None (logged) as :func:`load` says."""
    path = Path(directory) / FILE_NAME
    if not path.is_file():
        log.info("lexicon: no learning state in %s (made by an older version): learned from all pairs",
                 Path(directory).name)
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != FORMAT or meta.get("settings") != repr(settings):
                log.info("lexicon: the learning state of %s is of format %s or other settings: learned from all "
                         "pairs", Path(directory).name, meta.get("format"))
                return None
            return read(data, meta)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("lexicon: the learning state %s is unusable (%s): learned from all pairs", path, exc)
        return None


def _read(data, meta: dict) -> State:
    terms, rows, displays = {}, {}, {}
    for lang in LANGS:
        df = data[f"{lang}_df"].astype(np.int64)
        terms[lang] = Terms(_strings(data[f"{lang}_names"], len(df)), df, data[f"{lang}_parts"].astype(np.int64),
                            data[f"{lang}_at"].astype(np.int64), data[f"{lang}_ids"].astype(np.int64))
        rows[lang] = Rows(*(data[f"{lang}_rows_{f.name}"].astype(np.int64 if f.name in ("source", "target", "count")
                                                                  else np.float64) for f in fields(Rows)))
        shown = data[f"{lang}_shown"].tolist()
        displays[lang] = dict(zip(shown, _strings(data[f"{lang}_displays"], len(shown))))
    return State(meta["settings"], terms, data["digests"], _owners(data["co_at"]), data["co_ru"].astype(np.int64),
                 data["co_count"].astype(np.int64), _owners(data["m1_at"]), data["m1_ru"].astype(np.int64),
                 data["to_ru"].astype(np.float64), data["to_en"].astype(np.float64), rows, displays)
