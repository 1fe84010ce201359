"""The lexicon on disk: a small SQLite file in the generation, read entry by entry without loading it whole.

A generation never changes once published, so the file is opened read-only and
immutable (no locking), one connection per thread; looking a unit up is one
indexed query, and the entries read are kept in memory.  Opening costs a few
milliseconds whatever the lexicon's size, so the command line and a web app
that has just switched generations pay nothing for a large one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import urllib.parse
from pathlib import Path

from indexer.caches.dict_cache import DictCache
from indexer.caches.registry import CLEAR_WHEN_FULL, DEATH, Members, declare
from indexer.errors import LexiconError
from indexer.lexicon.model import OTHER, Candidate, Lexicon, Reading, candidate

FILE_NAME = "lexicon.sqlite"
FORMAT = 2  # 2: each candidate with its link shares both ways and its dictionary weight
CACHE_LIMIT = 50_000  # entries kept in memory per lexicon
_ENTRIES = declare("lexicon.entries", Members(), bound=CACHE_LIMIT, unit="entries per lexicon",
                   eviction=CLEAR_WHEN_FULL, invalidated_by=DEATH)  # each lexicon's entries read

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE units (lang TEXT, key TEXT, count INTEGER NOT NULL, display TEXT NOT NULL,
                    PRIMARY KEY (lang, key)) WITHOUT ROWID;
CREATE TABLE candidates (lang TEXT, key TEXT, rank INTEGER, target TEXT NOT NULL, score REAL NOT NULL,
                         count INTEGER NOT NULL, source TEXT NOT NULL, forward REAL, backward REAL,
                         prior REAL NOT NULL DEFAULT 0, PRIMARY KEY (lang, key, rank)) WITHOUT ROWID;
"""


def save(lexicon: Lexicon, directory) -> Path:
    """Write ``lexicon`` into ``directory`` (an index generation), atomically, and return the file's path."""
    path = Path(directory) / FILE_NAME
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript(SCHEMA)
        meta = {"format": FORMAT, "pairs": lexicon.pairs, "seconds": round(lexicon.seconds, 3),
                "glossaries": list(lexicon.glossaries), "dictionary": lexicon.dictionary, "max_length": lexicon.max_length, "size": len(lexicon)}
        db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()])
        db.executemany("INSERT INTO units VALUES (?, ?, ?, ?)",
                       [(lang, key, count, display) for lang, table in lexicon.units.items()
                        for key, (count, display) in table.items()])
        db.executemany("INSERT INTO candidates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [(lang, key, rank, *_full(row)) for lang, table in lexicon.translations.items()
                        for key, rows in table.items() for rank, row in enumerate(rows)])
        db.commit()
    finally:
        db.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def _full(row: tuple) -> tuple:
    """Return a candidate row with all its fields (:func:`~indexer.lexicon.model.candidate`)."""
    return (*row, None, None, 0.0)[:7] if len(row) < 7 else tuple(row)


def load(directory) -> "StoredLexicon | None":
    """Open the lexicon of ``directory`` (an index generation); None when it has none.

    Raises :class:`~indexer.errors.LexiconError` naming the file when it is there but unusable.
    """
    path = Path(directory) / FILE_NAME
    if not path.is_file():
        return None
    return StoredLexicon(path)


class StoredLexicon(Reading):
    """A lexicon read from its SQLite file, entry by entry (the same reading methods as :class:`Lexicon`)."""

    def __init__(self, path):
        self.path = Path(path)
        self._local = threading.local()
        self._cache = _ENTRIES.add(DictCache(CACHE_LIMIT))
        try:
            meta = {name: json.loads(value) for name, value in self._db().execute("SELECT name, value FROM meta")}
        except (sqlite3.Error, ValueError) as exc:
            raise LexiconError(f"{self.path}: not a usable lexicon ({exc}); rebuild the index") from None
        if meta.get("format") != FORMAT:
            raise LexiconError(f"{self.path}: a lexicon of format {meta.get('format')!r}, written by an older version "
                               f"(this one reads format {FORMAT}, with the evidence of each translation); "
                               "rebuild the index")
        self.pairs = int(meta.get("pairs", 0))
        self.seconds = float(meta.get("seconds", 0.0))
        self.glossaries = tuple(meta.get("glossaries", ()))
        self.dictionary = meta.get("dictionary")
        self.max_length = int(meta.get("max_length", 1))
        self._size = int(meta.get("size", 0))

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            uri = f"file:{urllib.parse.quote(str(self.path))}?mode=ro&immutable=1"
            db = self._local.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return db

    def _query(self, sql: str, args: tuple) -> list:
        try:
            return self._db().execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise LexiconError(f"{self.path}: cannot be read ({exc}); rebuild the index") from None

    def _cached(self, kind: str, lang: str, key: str, compute):
        found = self._cache.get((kind, lang, key))
        if found is None:
            found = compute()
            self._cache.put((kind, lang, key), found)
        return found

    def candidates(self, lang: str, key: str) -> tuple[Candidate, ...]:
        """Return the candidate translations of unit ``key`` of ``lang``, best first."""
        other = OTHER.get(lang)
        if other is None:
            return ()

        def compute():
            rows = self._query(
                "SELECT c.target, c.score, c.count, c.source, c.forward, c.backward, c.prior, u.display "
                "FROM candidates c LEFT JOIN units u ON u.lang = ? AND u.key = c.target "
                "WHERE c.lang = ? AND c.key = ? ORDER BY c.rank", (other, lang, key))
            return tuple(candidate(other, row[:7], row[7] or row[0]) for row in rows)

        return self._cached("candidates", lang, key, compute)

    def _unit(self, lang: str, key: str):
        def compute():
            rows = self._query("SELECT count, display FROM units WHERE lang = ? AND key = ?", (lang, key))
            return rows[0] if rows else (0, key)

        return self._cached("unit", lang, key, compute)

    def display(self, lang: str, key: str) -> str:
        """Return how unit ``key`` is usually written (the key itself if unknown)."""
        return self._unit(lang, key)[1]

    def count(self, lang: str, key: str) -> int:
        """Return the number of aligned pairs in which unit ``key`` occurs."""
        return self._unit(lang, key)[0]

    def has(self, lang: str, key: str) -> bool:
        """Tell whether unit ``key`` of ``lang`` has candidate translations."""
        return bool(self.candidates(lang, key))

    def __len__(self) -> int:
        return self._size

    def to_lexicon(self) -> Lexicon:
        """Return the whole lexicon in memory."""
        units = {lang: {} for lang in OTHER}
        for lang, key, count, display in self._query("SELECT lang, key, count, display FROM units", ()):
            units[lang][key] = (count, display)
        translations = {lang: {} for lang in OTHER}
        for lang, key, _, *row in self._query("SELECT * FROM candidates ORDER BY lang, key, rank", ()):
            translations[lang].setdefault(key, []).append(tuple(row))
        return Lexicon(pairs=self.pairs, units=units, translations=translations, glossaries=self.glossaries,
                       dictionary=self.dictionary, seconds=self.seconds)
