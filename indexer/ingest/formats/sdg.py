"""The Sustainable Development Goals, targets and indicators as Open SDG translation YAML files.

A file such as ``ru/global_targets.yml`` maps ids to texts (``16-4-title: К 2030
году …``); the parent folder names the language.  Each file becomes one
document whose paragraphs are its entries in file order, numbered by id
(``16-4-title`` → ``16.4``, ``1-short`` → ``1 (short)``), so that the language
versions align by number.

Several files come from one resolution (goals and targets: A/RES/70/1), so the
documents have no symbol; their ids are ``sdg-goals@en``, ``sdg-targets@ru`` …
and the resolution is named in the title.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from indexer.documents import Block, Document, assemble, make_doc_id
from indexer.ingest.encoding import decode, read_text
from indexer.errors import InputError

NAME = "SDG YAML"

EXTENSIONS = (".yml", ".yaml")
LANGUAGE_FOLDER_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
# An entry id: goal number, up to two more parts (target, indicator), then the field.
ID_RE = re.compile(r"^(?P<id>\d{1,2}(?:-[0-9a-z]{1,2}){0,2})-(?P<field>title|short)$")
_HEAD_KEY_RE = re.compile(r"""^(?P<q>['"]?)(?P<key>[^\s'":#][^'":]*)(?P=q)\s*:(?:\s|$)""")
SNIFF_KEYS = 3  # the first keys of the file that must look like SDG ids

# Resolutions the texts come from: targets and goals from the 2030 Agenda
# (A/RES/70/1, 25 September 2015), indicators from the global indicator
# framework (A/RES/71/313, 6 July 2017, refined every year since).
RESOLUTIONS = {
    "goals": ("A/RES/70/1", dt.date(2015, 9, 25)),
    "targets": ("A/RES/70/1", dt.date(2015, 9, 25)),
    "indicators": ("A/RES/71/313", dt.date(2017, 7, 6)),
}
TITLES = {
    "en": ("Sustainable Development Goals", {"goals": "goals", "targets": "targets", "indicators": "indicators"}),
    "ru": ("Цели в области устойчивого развития", {"goals": "цели", "targets": "задачи", "indicators": "показатели"}),
}


def sniff(path: Path, head: bytes) -> bool:
    """Take ``.yml`` files in a language folder whose first keys are SDG ids (``1-title``, ``16-4-title``)."""
    if path.suffix.lower() not in EXTENSIONS or not LANGUAGE_FOLDER_RE.match(path.parent.name):
        return False
    keys = _head_keys(head)
    return bool(keys) and all(ID_RE.match(key) for key in keys[:SNIFF_KEYS])


def _head_keys(head: bytes) -> list[str]:
    """Return the top-level mapping keys found in the first bytes of a YAML file."""
    cut = head.rfind(b"\n")
    try:
        text = decode(head[: cut + 1] if cut > 0 else head)
    except InputError:
        return []
    keys = []
    for line in text.split("\n"):
        if not line.strip() or line.startswith((" ", "\t", "#", "---")):
            continue
        match = _HEAD_KEY_RE.match(line)
        if not match:
            return []
        keys.append(match.group("key"))
    return keys


def parse(path: Path) -> list[Document]:
    """Read one SDG YAML file into its document."""
    entries = _load(path)
    lang = language_of(path)
    kind = kind_of(path)
    resolution, date = RESOLUTIONS.get(kind, (None, None))
    blocks = [Block(normalize(value), number=paragraph_number(key)) for key, value in entries.items()]
    doc = assemble(
        blocks,
        doc_id=make_doc_id(None, lang, f"sdg-{kind}"),
        lang=lang,
        title=title(kind, lang, resolution),
        date=date,
        source=str(path),
        fmt="sdg",
    )
    if not doc.paragraphs:
        raise InputError(path, "no paragraphs: the YAML file has no SDG entries")
    return [doc]


def _load(path: Path) -> dict:
    """Return the file's mapping of ids to texts, or raise InputError saying why not."""
    import yaml  # only when an SDG file is read

    try:
        data = yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise InputError(path, "not an SDG YAML file: the top level is not a mapping")
    return {str(key): value for key, value in data.items()}


def language_of(path: Path) -> str:
    """Return the language named by the file's folder (``en``, ``ru``; ``zh-Hans`` → ``zh``)."""
    return re.split(r"[-_]", path.parent.name)[0].lower()


def kind_of(path: Path) -> str:
    """Return what a file lists, from its name: ``global_targets.yml`` → ``targets``."""
    return re.sub(r"^global_", "", path.stem.lower())


def title(kind: str, lang: str, resolution: str | None) -> str:
    """Return the document title, in the document's language when known (English otherwise)."""
    name, kinds = TITLES.get(lang, TITLES["en"])
    text = f"{name}: {kinds.get(kind, kind)}"
    return f"{text} ({resolution})" if resolution else text


def paragraph_number(key: str) -> str:
    """Return the number of an entry: ``16-4-title`` → ``16.4``, ``1-short`` → ``1 (short)``.

    An id that is not an SDG id is returned unchanged.
    """
    match = ID_RE.match(key)
    if not match:
        return key
    number = match.group("id").replace("-", ".")
    return f"{number} (short)" if match.group("field") == "short" else number


def normalize(value: object) -> str:
    """Return an entry's text with runs of whitespace (line breaks included) made one space."""
    if value is None:
        return ""
    return " ".join(str(value).split())
