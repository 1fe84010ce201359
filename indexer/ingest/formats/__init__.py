"""Importers: one module per input format, picked by sniffing each file.

Each importer module defines:

- ``NAME``: the format's name, shown in build summaries;
- ``sniff(path, head) -> bool``: whether the file (``head`` is its first 4 KiB) is in this format;
- ``parse(path) -> list[Document]``: the documents in the file (raise
  :class:`indexer.errors.InputError` when it cannot be read);
- optionally ``companions(path) -> list[Path]``: other files that ``parse``
  reads along with this one, which the folder walk must not import on their own.

:data:`IMPORTERS` lists them in the order they are tried; the first that sniffs
a file parses it.  :func:`survey` finds the files to import under the sources,
and refuses (by name and reason) what must not be read: FIFOs, devices and
sockets, names that cannot be stored, links to files outside the sources.
"""

from __future__ import annotations

import errno
import functools
import importlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import InputError
from indexer.caches.registry import BY_KEYS, NEVER, declare
from indexer.files import kind_of, name_limit, name_problem, open_regular, shown
from indexer.ingest.formats.untext import SIDECAR_SUFFIX

IMPORTERS = ("pdf", "word", "tmx", "udhr", "sdg", "unpc", "lines", "untext")

# Files that describe a folder rather than being documents in it.
NOT_DOCUMENTS = ("readme", "provenance", "license", "licence", "disclaimer", "changelog", "manifest")
HIDDEN_PREFIXES = (".", "~$")


def _module(name: str):
    return importlib.import_module(f"indexer.ingest.formats.{name}")


def importers():
    """Return the importer modules, in the order they are tried."""
    return list(_modules(IMPORTERS))


@functools.lru_cache(maxsize=4)
def _modules(names: tuple) -> tuple:
    """Return the importer modules named ``names``, imported once."""
    return tuple(_module(name) for name in names)


declare("ingest.importers", _modules, bound=4, eviction=BY_KEYS, invalidated_by=NEVER)


def _head(path: Path) -> bytes:
    try:
        with open_regular(path) as fh:
            return fh.read(4096)
    except FileNotFoundError:
        raise InputError(path, "file not found (removed while indexing?)") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


def importer_for(path) -> object | None:
    """Return the importer module for ``path``, or None when no importer takes it."""
    path = Path(path)
    head = _head(path)
    for module in importers():
        if module.sniff(path, head):
            return module
    return None


def is_document_name(path: Path | str) -> bool:
    """Tell whether a file name (or the name of a path) can be a document (not hidden, not a README or licence)."""
    name = os.path.basename(path) if isinstance(path, str) else path.name
    if name.startswith(HIDDEN_PREFIXES):
        return False
    stem = name.split(".", 1)[0].lower()
    return not any(stem == n or stem.startswith(n + "_") for n in NOT_DOCUMENTS)


OUTSIDE = "link points outside the sources; use --follow-links"


@dataclass(frozen=True)
class Refused:
    """A file found under the sources that is not read, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Survey:
    """What :func:`survey` found: the files to import, and those refused before reading."""

    files: tuple[Path, ...]
    refused: tuple[Refused, ...] = ()


def discover(sources, exclude=(), follow_links: bool = False) -> list[Path]:
    """List the files to import under ``sources`` (see :func:`survey`), leaving out those refused."""
    return list(survey(sources, exclude, follow_links).files)


def survey(sources, exclude=(), follow_links: bool = False) -> Survey:
    """Find the files to import under ``sources`` (files or folders), sorted, companions left out.

    A file named explicitly is taken whatever its name; files found by walking
    a folder are taken when :func:`is_document_name` accepts them.  Folders in
    ``exclude`` (the index itself, when it lies inside a source) are not walked.
    Refused, with the reason: what :func:`refusal` refuses (not a regular file,
    a name not UTF-8, a link out of the sources), and a file whose companions are
    refused or cannot be named.  Nothing but a regular file is opened, so a FIFO
    or a device never blocks the walk.
    """
    skip = {Path(e).resolve() for e in exclude}
    within = tuple(Path(os.path.realpath(s)) for s in sources)
    real = _Resolver()
    refused: dict[Path, str] = {}
    unique: dict[Path, Path | None] = {}  # file -> its real path (None when it does not exist)
    seen = set()
    for f in _listed(sources, skip):
        reason = refusal(f, within, follow_links)
        if reason is not None:
            refused[f] = reason
            continue
        key = real(f) if f.exists() else None
        if (key or f) not in seen:
            seen.add(key or f)
            unique[f] = key
    consumed = set()
    for f in unique:
        companions, reason = _checked_companions(f, within, follow_links)
        if reason is not None:
            refused[f] = reason
        consumed.update(real(c) for c in companions)
    files = tuple(f for f, key in unique.items() if f not in refused and (key is None or key not in consumed))
    return Survey(files, tuple(Refused(f, reason) for f, reason in refused.items()))


def _listed(sources, skip: set) -> list[Path]:
    """Return the sources named as files and the document names found in the folders, in order."""
    files: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            for root, dirs, names in os.walk(source):
                dirs[:] = sorted(d for d in dirs
                                 if not d.startswith(".") and (Path(root) / d).resolve() not in skip)
                root = Path(root)
                files.extend(root / n for n in sorted(names) if is_document_name(n))
        else:
            files.append(source)
    return files


def refusal(path: Path, within, follow_links: bool = False) -> str | None:
    """Return why the file at ``path`` is not read, or None when it may be (or is gone: reading says so).

    Refused: a name that is not UTF-8; anything but a regular file (a FIFO, a
    device, a socket), even through a link; a link to a file outside the
    folders ``within`` (real paths), unless ``follow_links``.
    """
    problem = name_problem(path)
    if problem is not None:
        return problem
    try:
        own = os.lstat(path)
        target = os.stat(path) if stat.S_ISLNK(own.st_mode) else own
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    kind = kind_of(target.st_mode)
    if kind is not None:
        return f"not a regular file: {'a link to ' if target is not own else ''}{kind}"
    if target is own or follow_links:
        return None
    real = Path(os.path.realpath(path))
    return None if any(real == r or r in real.parents for r in within) else OUTSIDE


def _checked_companions(path: Path, within, follow_links: bool) -> tuple[list[Path], str | None]:
    """Return the companions of ``path`` and why it is refused for them (None when they may be read)."""
    try:
        companions = companions_of(path)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return [], (f"name too long ({len(os.fsencode(path.name))} bytes): the name of a file read with it "
                        f"(its .meta.json sidecar) would pass the {name_limit(path.parent)}-byte limit; shorten it")
        return [], f"cannot read: {exc.strerror or exc}"
    for companion in companions:
        reason = refusal(companion, within, follow_links)
        if reason is not None:
            return companions, f"{shown(companion.name)}, read with it: {reason}"
    return companions, None


class _Resolver:
    """``Path.resolve`` of many files in few folders: each folder is resolved once, a file only when it is a link."""

    def __init__(self):
        self._folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> Path:
        name = path.name
        if name in ("", ".", "..") or os.path.islink(path):
            return path.resolve()
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = path.parent.resolve()
        return folder / name


def companions_of(path) -> list[Path]:
    """Return the other files that the importer of ``path`` reads with it ([] when none, or unreadable)."""
    return importer_and_companions(path)[1]


def importer_and_companions(path) -> tuple[object | None, list[Path]]:
    """Return the importer of ``path`` (None when none takes it, or it is unreadable) and its companions."""
    path = Path(path)
    try:
        module = importer_for(path)
    except InputError:  # gone or unreadable: reading it will say so
        return None, []
    companions = getattr(module, "companions", None)
    return module, (sorted(companions(path)) if companions else [])


def parse_path(path, module=None) -> list:
    """Parse one file into documents with the importer that takes it; raise InputError otherwise.

    ``module`` is the importer :func:`importer_for` gave for the file, if it was asked already.
    """
    path = Path(path)
    if module is None:
        module = importer_for(path)
    if module is None:
        raise InputError(path, _unsupported(path))
    return module.parse(path)


def _unsupported(path: Path) -> str:
    if path.name.endswith(SIDECAR_SUFFIX):
        return "a metadata sidecar without its text file (it is read with <name>.txt beside it)"
    return "unsupported format"
