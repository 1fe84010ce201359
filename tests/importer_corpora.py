"""The corpus pool's files the importer tests read, and the parsed corpora as module-scoped fixtures.

The files are read in place from ``../shared/corpus-pool`` (the ``pool``
fixture skips when it is absent).  Of the UNPC only the dev set is used: the
test set is reserved for evaluation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.ingest.formats import lines, sdg, udhr, unpc

UDHR = {"en": "udhr/udhr_eng.xml", "ru": "udhr/udhr_rus.xml"}
SDG = "sdg-goals-targets-indicators/{lang}/global_{kind}.yml"
DEVSET = "unpc-v1.0-testsets/devset/UNv1.0.devset"
CHARTER = {"en": "un-charter/raw_un_charter_en.txt", "ru": "un-charter/raw_un_charter_ru.txt"}
CHARTER_ALIGNED_LINES = 449  # EN line i ↔ RU line i for lines 1–449 (PROVENANCE.md)


def read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 file, split at LF only, without the empty string after a final LF."""
    text = path.read_text(encoding="utf-8")
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def by_number(doc) -> dict:
    """The paragraphs of a document keyed by number (numbered ones only)."""
    return {p.number: p for p in doc.paragraphs if p.number is not None}


# --- parsed corpora, once per module ------------------------------------------------------------

@pytest.fixture(scope="module")
def udhr_docs(pool) -> dict:
    """The UDHR, keyed by language."""
    return {lang: udhr.parse(pool / rel)[0] for lang, rel in UDHR.items()}


@pytest.fixture(scope="module")
def sdg_docs(pool) -> dict:
    """The six SDG files, keyed by (language, kind)."""
    return {(lang, kind): sdg.parse(pool / SDG.format(lang=lang, kind=kind))[0]
            for lang in ("en", "ru") for kind in ("goals", "targets", "indicators")}


@pytest.fixture(scope="module")
def devset(pool) -> Path:
    """The ``.ids`` file of the UNPC dev set."""
    return pool / f"{DEVSET}.ids"


@pytest.fixture(scope="module")
def unpc_docs(devset) -> dict:
    """The documents rebuilt from the UNPC dev set, keyed by doc_id."""
    return {doc.doc_id: doc for doc in unpc.parse(devset)}


@pytest.fixture(scope="module")
def unpc_lines(devset) -> dict:
    """The dev set's sentence lines, keyed by language."""
    return {lang: read_lines(devset.with_suffix(f".{lang}")) for lang in ("en", "ru")}


@pytest.fixture(scope="module")
def charter_docs(pool) -> dict:
    """The Charter, keyed by language."""
    return {lang: lines.parse(pool / rel)[0] for lang, rel in CHARTER.items()}


@pytest.fixture(scope="module")
def charter_lines(pool) -> dict:
    """The Charter's raw lines, keyed by language."""
    return {lang: read_lines(pool / rel) for lang, rel in CHARTER.items()}
