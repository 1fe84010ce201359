"""A general English–Russian dictionary: a fallback source of translations, below the glossaries and the learned lexicon.

The dictionary is Mueller's English–Russian dictionary in the dictd format
(Debian's ``mueller7-dict``, about 46,000 headwords; read by :mod:`indexer.lexicon.dictd`,
its entries by :mod:`indexer.lexicon.mueller`).  It is optional, and found in one place,
:func:`locate`, in this order:

1. ``$UN_SEARCH_DICTIONARY``: its ``.index`` file, or the folder holding it
   (set but empty: no dictionary);
2. the one ``make install`` puts into the environment
   (``<venv>/share/un-search/dictd/mueller7.index``);
3. Debian's, when the package is installed (``/usr/share/dictd/mueller7.index``).

Its entries are analyzed once into pairs of units (an English headword's key,
``implement``; a Russian rendering's, ``осуществлять``), each weighted by the
rank of its sense and its place in the sense, and kept in a cache file beside
the dictionary (or in ``~/.cache/un-search`` when that folder is read-only; one per analysis, :func:`cache_path`), so
a build reads the pairs, not the dictionary.  :func:`seeded` adds them to a
lexicon both ways, after each unit's glossary and learned candidates, and
only those whose translation is a term of the index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib.metadata import version
from pathlib import Path

from indexer.lexicon import dictd

from indexer.lexicon import mueller, prior
from indexer.errors import DictionaryError
from indexer.lexicon.model import OTHER, Lexicon, length
from indexer.caches.registry import FILE, LRU, declare
from indexer.lexicon.units import UnitReader, term_units
from indexer.engine.schema import SCHEMA_VERSION

DICTIONARY_ENV = "UN_SEARCH_DICTIONARY"
FILE_NAME = "mueller7.index"
INSTALLED = Path(sys.prefix) / "share" / "un-search" / "dictd" / FILE_NAME
SYSTEM = Path("/usr/share/dictd") / FILE_NAME
HOW_TO_INSTALL = ("no general dictionary: `make install` puts Mueller's English–Russian dictionary (Debian's "
                  f"mueller7-dict) into the environment, or set ${DICTIONARY_ENV} to a dictd .index file")
CACHE_FORMAT = 2
CONFIGURED = "configured"  # :func:`indexer.storage.crosslang.write`: the dictionary :func:`configured` finds
HEADWORD = r"^[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}$"  # plain English words, at most three


@dataclass(frozen=True)
class Weights:
    """How much a dictionary pair counts: the first rendering of a first sense most, the others less."""

    first: float = 0.2  # the score of a first sense's first rendering
    sense: float = 0.7  # times this for each sense further down
    order: float = 0.85  # times this for each rendering further down its sense
    part: float = 0.95  # times this for each part of speech or homonym further down the entry
    most: int = 8  # dictionary candidates per unit


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Dictionary:
    """The pairs of units a dictionary gives: ``(English key, Russian key, weight)``, and how keys are written."""

    name: str
    path: str
    stamp: str  # identifies the dictionary file and the analysis (a new one means a new lexicon)
    pairs: tuple = ()
    written: dict = field(default_factory=dict, compare=False)  # lang -> key -> as written

    def describe(self) -> dict:
        """Return what a lexicon records about the dictionary it was seeded with."""
        return {"name": self.name, "path": self.path, "pairs": len(self.pairs), "stamp": self.stamp}

    @cached_property
    def by_source(self) -> dict:
        """Per language, a unit's key → ``(translation key, weight)``, best first."""
        return prior.senses_of(self.pairs)

    def translations(self, lang: str, key: str) -> list[tuple[str, float]]:
        """Return the translations of unit ``key`` of ``lang`` with their weights, best first."""
        return list(self.by_source.get(lang, {}).get(key, ()))


def locate(environ=None) -> Path | None:
    """Return the dictionary's ``.index`` file (see the module's docstring), or None when there is none.

    Raises :class:`DictionaryError` when ``$UN_SEARCH_DICTIONARY`` names
    something that is not a dictionary.
    """
    environ = os.environ if environ is None else environ
    if DICTIONARY_ENV in environ:
        value = environ[DICTIONARY_ENV].strip()
        if not value:
            return None
        path = Path(value)
        if path.is_dir():
            found = sorted(path.glob("*.index"))
            if not found:
                raise DictionaryError(f"{path} (${DICTIONARY_ENV}): no dictd .index file in this folder")
            return found[0]
        if not path.is_file():
            raise DictionaryError(f"{path} (${DICTIONARY_ENV}): no such dictionary file")
        return path
    for candidate in (INSTALLED, SYSTEM):
        if candidate.is_file():
            return candidate
    return None


def configured() -> Dictionary | None:
    """Return the dictionary :func:`locate` finds, read (from its cache when it has one); None without one."""
    path = locate()
    if path is None:
        return None
    stat = path.stat()
    return load(path.resolve(), stat.st_size, stat.st_mtime_ns)


def is_configured(described: dict | None) -> bool:
    """Tell whether ``described`` (a lexicon's record, :meth:`Dictionary.describe`) is the dictionary configured now.

    Compares the file and its stamp without reading the pairs, so an update
    that keeps its lexicon does not load the dictionary.
    """
    path = locate()
    if path is None or described is None:
        return path is None and described is None
    path = path.resolve()
    stat = path.stat()
    return _recorded(described, path, _stamp(path, stat.st_size, stat.st_mtime_ns))


def same_as_recorded(found: Dictionary, described: dict | None) -> bool:
    """Tell whether the dictionary ``found`` is the one a lexicon records (``described``, :meth:`Dictionary.describe`):
    the same contents analyzed the same way, wherever and whenever its files were put."""
    return described is not None and _recorded(described, Path(found.path), found.stamp)


def _recorded(described: dict, path: Path, stamp: str) -> bool:
    """Tell whether ``described`` records the dictionary at ``path`` whose stamp is ``stamp`` now; a lexicon written
    before stamps named contents records the file's place, size and time, which must then be unchanged."""
    if described.get("stamp") == stamp:
        return True
    if described.get("path") != str(path):
        return False
    stat = path.stat()
    return described.get("stamp") == _stamp(path, stat.st_size, stat.st_mtime_ns, contents=False)


def status() -> dict:
    """Return whether a dictionary is configured, for ``stats``: ``{"path", "note"}`` (the note says how to get one)."""
    try:
        path = locate()
    except DictionaryError as exc:
        return {"path": None, "note": str(exc)}
    if path is None:
        return {"path": None, "note": HOW_TO_INSTALL}
    return {"path": str(path), "note": None}


def summary(term: str | None = None, limit: int = 8) -> dict:
    """Return what ``python -m indexer dictionary [TERM]`` shows: where the dictionary is, its pairs, a term's.

    Reading it the first time analyzes it and caches the result (see :func:`load`).
    Raises :class:`DictionaryError` as :func:`locate` does.
    """
    path = locate()
    if path is None:
        return {"path": None, "note": HOW_TO_INSTALL, "pairs": 0, "entries": []}
    found = {"path": str(path), "note": None}
    dictionary = configured()
    out = {**found, "name": dictionary.name, "pairs": len(dictionary.pairs),
           "cache": str(cache_path(Path(found["path"]).resolve(), dictionary.stamp)), "entries": []}
    if term:
        for lang, key in term_units(term):
            rows = dictionary.translations(lang, key)[:limit]
            if rows:
                other = OTHER[lang]
                out["entries"].append({"lang": lang, "key": key, "text": dictionary.written.get(lang, {}).get(key, key),
                                       "translations": [{"lang": other, "key": k, "text": dictionary.written.get(other, {}).get(k, k),
                                                         "weight": w} for k, w in rows]})
    return out


def _stamp(path: Path, size: int, mtime_ns: int, contents: bool = True) -> str:
    """Return what identifies a dictionary and the analysis of its pairs: the contents of its index file (the
    same dictionary installed again, or elsewhere, keeps its stamp, and the lexicons weighed with it keep it);
    ``contents=False``: its place, size and time, as lexicons written before recorded it."""
    try:
        dicts = version("pymorphy3-dicts-ru")
    except Exception:  # pragma: no cover - the package is a dependency
        dicts = "?"
    held = _contents(path, size, mtime_ns) if contents else f"{path}|{size}|{mtime_ns}"
    text = f"{held}|{CACHE_FORMAT}|{SCHEMA_VERSION}|{dicts}|{DEFAULT_WEIGHTS}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=4)
def _contents(path: Path, size: int, mtime_ns: int) -> str:
    """Return a digest of a dictionary's index file (its headwords and where each entry is in the data file), read
    once while its size and time stay the same."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


declare("lexicon.dictionary_contents", _contents, bound=4, eviction=LRU, invalidated_by=FILE)


def cache_path(path: Path, stamp: str) -> Path:
    """Return where the pairs of the dictionary at ``path`` analyzed as ``stamp`` says are kept.

    The stamp is part of the name: installs of different versions that share a dictionary (Debian's, in
    ``/usr/share/dictd``) keep a file each, rather than each analyzing it again over the other's.
    """
    beside = path.with_name(f"{path.stem}.un-search-{stamp}.json.gz")
    if os.access(path.parent, os.W_OK):
        return beside
    digest = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:12]
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return home / "un-search" / f"{path.stem}-{digest}-{stamp}.json.gz"


@lru_cache(maxsize=2)
def load(path: Path, size: int, mtime_ns: int) -> Dictionary:
    """Return the dictionary at ``path`` (of that size and time), from its cache, else analyzed and cached."""
    stamp = _stamp(path, size, mtime_ns)
    cache = cache_path(path, stamp)
    try:
        with gzip.open(cache, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("stamp") == stamp:
            return Dictionary(data["name"], str(path), stamp, tuple(map(tuple, data["pairs"])), data["written"])
    except (OSError, ValueError, KeyError, EOFError):
        pass
    found = analyze(dictd.read(path), path.stem, str(path), stamp)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + f".{os.getpid()}.tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as fh:
            json.dump({"stamp": stamp, "name": found.name, "pairs": found.pairs, "written": found.written}, fh,
                      ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, cache)
    except OSError:
        pass  # no place to keep it: analyzed again next time
    return found


declare("lexicon.dictionary", load, bound=2, eviction=LRU, invalidated_by=FILE)


def analyze(entries, name: str, path: str, stamp: str = "", weights: Weights = DEFAULT_WEIGHTS) -> Dictionary:
    """Return the pairs of units of dictionary ``entries`` (:class:`indexer.lexicon.dictd.Entry`), weighted.

    A headword is kept when it is one to three plain English words; a rendering
    when it has one to three Russian words that are not all stop words.  Of
    headwords with one key (``implement``, ``implementation``), each pair keeps
    its best weight.  A hyphenated headword is also read without its hyphens
    (``co-operation``, as UN texts write ``cooperation``).
    """
    headword = re.compile(HEADWORD)
    readers = {"en": UnitReader("en"), "ru": UnitReader("ru")}
    best: dict[tuple[str, str], float] = {}
    written: dict[str, dict[str, str]] = {"en": {}, "ru": {}}
    for entry in entries:
        if not headword.match(entry.headword):
            continue
        spellings = dict.fromkeys((entry.headword, entry.headword.replace("-", "")))
        keys = [key for key in map(readers["en"].key, spellings) if key is not None]
        if not keys:
            continue
        for r in mueller.renderings(entry.text):
            ru = readers["ru"].key(r.text)
            if ru is None or length(ru) > mueller.MAX_WORDS:
                continue
            weight = round(weights.first * weights.sense ** r.sense * weights.order ** r.order
                           * weights.part ** r.part, 4)
            for en in dict.fromkeys(keys):
                if weight > best.get((en, ru), 0.0):
                    best[(en, ru)] = weight
                    written["en"].setdefault(en, entry.headword)
                    written["ru"].setdefault(ru, r.text)
    pairs = tuple(sorted(((en, ru, w) for (en, ru), w in best.items()), key=lambda p: (p[0], -p[2], p[1])))
    return Dictionary(name, path, stamp, pairs, written)


def seeded(lexicon: Lexicon, dictionary: Dictionary | None, vocabulary: dict,
           weights: Weights = DEFAULT_WEIGHTS) -> Lexicon:
    """Return ``lexicon`` with its candidates weighed against ``dictionary`` (:mod:`indexer.lexicon.prior`).

    ``vocabulary`` is, per language, the terms of the index with the share of
    paragraphs that have each (:func:`indexer.storage.crosslang.vocabulary`):
    a pair is added only where every word of the translation is one (a
    translation the index lacks can find nothing), weighed by its rarity.
    Each unit gets at most :attr:`Weights.most` dictionary candidates.  Without
    a dictionary, the learned candidates are still weighed by their evidence.
    """
    settings = replace(prior.DEFAULT_PRIOR, most=weights.most)
    if dictionary is None:
        return prior.weighed(lexicon, None, vocabulary, None, settings)
    found = prior.weighed(lexicon, dictionary.by_source, vocabulary, dictionary.written, settings)
    return replace(found, dictionary=dictionary.describe())
