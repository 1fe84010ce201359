"""Glossaries: English–Russian term pairs written by hand, which seed the lexicon.

The product ships one (``indexer/data/glossary.tsv``: core UN terms, with the
source of each pair); a user may add a file of their own in the same format::

    # comment
    smuggling of migrants<TAB>незаконный ввоз мигрантов<TAB>UNTERM

one pair per line, English, Russian and an optional note, separated by tabs.
The user's file is resolved in one place, :func:`user_glossary`: the
``--glossary`` option, else the environment variable ``UN_SEARCH_GLOSSARY``,
else the file the live index was built with (so that ``update`` keeps using it).
A glossary that cannot be read is an error naming the file and the line.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from pathlib import Path

from indexer.errors import GlossaryError, IndexerError
from indexer.lexicon import store as lexicon_store
from indexer.lexicon.model import CORPUS, GLOSSARY, Lexicon

GLOSSARY_ENV = "UN_SEARCH_GLOSSARY"
SHIPPED = "glossary.tsv"  # in the package's data folder
SHIPPED_NAME = "core UN terms (shipped)"



@dataclass(frozen=True)
class Entry:
    """One pair of a glossary: the English and Russian terms as written, their units, and the note."""

    en: str
    ru: str
    en_key: str
    ru_key: str
    note: str = ""


@dataclass(frozen=True)
class Glossary:
    """The pairs of one glossary file: its text, analyzed into :class:`Entry` items when first asked."""

    name: str
    text: str
    path: str | None = None  # None for the shipped glossary
    sha256: str = ""

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        """The pairs, their terms analyzed (raises :class:`GlossaryError` at the first unusable line)."""
        return _entries(self.text, self.name)

    def describe(self) -> dict:
        """Return what the index records about this glossary (its pairs counted, not analyzed)."""
        return {"name": self.name, "path": self.path, "entries": sum(1 for _ in _pair_lines(self.text)),
                "sha256": self.sha256}


def _pair_lines(text: str):
    """Yield ``(line number, line)`` for the lines of a glossary that hold a pair (not blank, not ``#``)."""
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip("\ufeff\r\n")
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def parse(text: str, name: str, path: str | None = None) -> Glossary:
    """Read glossary ``text``; raise :class:`GlossaryError` at the first line that is not a usable pair.

    >>> g = parse("# core\\nGeneral Assembly\\tГенеральная Ассамблея\\tCharter\\n", "test")
    >>> [(e.en_key, e.ru_key, e.note) for e in g.entries]
    [('general assembly', 'генеральный ассамблея', 'Charter')]
    >>> parse("General Assembly\\n", "test")
    Traceback (most recent call last):
    ...
    indexer.errors.GlossaryError: test, line 1: expected English<TAB>Russian[<TAB>note]
    """
    glossary = Glossary(name, text, path, hashlib.sha256(text.encode("utf-8")).hexdigest())
    glossary.entries  # noqa: B018 - checked now: a bad glossary stops a build before it starts
    return glossary


def _entries(text: str, name: str) -> tuple[Entry, ...]:
    """Analyze the pairs of glossary ``text`` (called ``name`` in messages) into entries."""
    from indexer.lexicon.units import UnitReader  # the analyzers, only when a glossary is read

    readers = {"en": UnitReader("en"), "ru": UnitReader("ru")}
    entries = []
    for number, line in _pair_lines(text):
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) not in (2, 3) or not fields[0] or not fields[1]:
            raise GlossaryError(f"{name}, line {number}: expected English<TAB>Russian[<TAB>note]")
        en, ru = fields[0], fields[1]
        keys = {}
        for lang, term in (("en", en), ("ru", ru)):
            keys[lang] = readers[lang].key(term)
            if keys[lang] is None:
                raise GlossaryError(f"{name}, line {number}: {term!r} has no {_LANG_NAMES[lang]} words to match "
                                    "(numbers, symbols and words in the other script are the same in both languages)")
        entries.append(Entry(en, ru, keys["en"], keys["ru"], fields[2] if len(fields) == 3 else ""))
    return tuple(entries)


_LANG_NAMES = {"en": "English", "ru": "Russian"}


def read(path) -> Glossary:
    """Read a glossary file; raise :class:`GlossaryError` naming it when it cannot be used."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(f"{path}: no such glossary file") from None
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return parse(text, str(path), str(path.resolve()))


def shipped() -> Glossary:
    """Return the glossary of core UN terms that ships with the product (analyzed when its pairs are first used).

    Its pairs are checked by the tests, so an update that keeps its lexicon never analyzes them.
    """
    text = resources.files("indexer").joinpath("data", SHIPPED).read_text(encoding="utf-8")
    return Glossary(SHIPPED_NAME, text, None, hashlib.sha256(text.encode("utf-8")).hexdigest())


def user_glossary(option=None, recorded: list[dict] | None = None) -> Path | None:
    """Return the user's glossary file: ``option``, else ``$UN_SEARCH_GLOSSARY``, else the one recorded.

    ``recorded`` is what the live index records about its glossaries
    (:meth:`Glossary.describe`); an empty option or variable means none.
    """
    if option:
        return Path(option)
    if os.environ.get(GLOSSARY_ENV):
        return Path(os.environ[GLOSSARY_ENV])
    for item in recorded or ():
        if item.get("path"):
            return Path(item["path"])
    return None


def glossaries(user: Path | None) -> list[Glossary]:
    """Return the glossaries that seed a lexicon: the user's if there is one (it comes first), and the shipped one."""
    return ([read(user)] if user is not None else []) + [shipped()]


GLOSSARY_SCORE = 1.0  # glossary pairs rank first: the team's (or the user's) choice


def seeded(lexicon: Lexicon, found: list[Glossary]) -> Lexicon:
    """Return ``lexicon`` with the pairs of the glossaries ``found`` added, in both directions.

    A glossary pair goes before the learned candidates of its unit (after the
    pairs of the glossaries before it in ``found``), with
    the pair's learned count when the corpus knows it; a learned candidate that
    repeats it is dropped.  Units the corpus does not know get the glossary's
    spelling as their display form.
    """
    translations = {lang: dict(table) for lang, table in lexicon.translations.items()}
    units = {lang: dict(table) for lang, table in lexicon.units.items()}
    for glossary in found:
        for entry in glossary.entries:
            for lang, other in (("en", "ru"), ("ru", "en")):
                source, target = getattr(entry, f"{lang}_key"), getattr(entry, f"{other}_key")
                rows = translations[lang].setdefault(source, [])
                learned = next((r for r in rows if r[0] == target and r[3] == CORPUS), None)
                if any(r[0] == target and r[3] == GLOSSARY for r in rows):
                    continue
                glossary_rows = [r for r in rows if r[3] == GLOSSARY]
                rest = [r for r in rows if r[3] != GLOSSARY and r[0] != target]
                evidence = (learned[2], GLOSSARY, *learned[4:]) if learned else (0, GLOSSARY)
                translations[lang][source] = [*glossary_rows, (target, GLOSSARY_SCORE, *evidence), *rest]
                for side, key, written in ((lang, source, getattr(entry, lang)), (other, target, getattr(entry, other))):
                    if key not in units[side]:
                        units[side][key] = (0, written)
    return replace(lexicon, translations=translations, units=units,
                   glossaries=tuple(g.describe() for g in found))


def for_build(option=None, live=None) -> list[Glossary]:
    """Return the glossaries a build or update uses (see :func:`user_glossary`), read and checked.

    ``live`` is the directory of the live generation an update starts from: the
    user's glossary it was built with is used again unless another is given.
    """
    recorded = None
    if live is not None:
        try:
            found = lexicon_store.load(live)
        except IndexerError:
            found = None
        recorded = list(found.glossaries) if found else None
    return glossaries(user_glossary(option, recorded))
