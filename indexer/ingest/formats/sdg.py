"""The Sustainable Development Goals, targets and indicators as Open SDG translation YAML files.

A file such as ``ru/global_targets.yml`` maps ids to texts (``16-4-title: К 2030
году …``); the parent folder names the language.  Entries are numbered by id
(``16-4-title`` → ``16.4``, ``1-short`` → ``1 (short)``, the goal's short name,
a heading) and put in numeric order (1, 1.1 … 1.a, 2 …, not the file's string
order), so that the language versions align one to one by number.

Goals and targets are the 2030 Agenda's (A/RES/70/1): ``global_goals.yml``
is read with ``global_targets.yml`` beside it into one document,
``sdg-goals@en``, each goal followed by its targets (cited ``A/RES/70/1, target
4.1``).  Indicators are the global indicator framework's (A/RES/71/313):
``sdg-indicators@en``.  A targets file without its goals file is a document of
its own, ``sdg-targets@en``.  The symbol links the language versions.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from indexer.documents import HEADING, PARAGRAPH, Block, Document, assemble, make_doc_id
from indexer.ingest.encoding import decode, read_text
from indexer.errors import InputError
from indexer.ingest import sidecar

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
ORIGINAL_LANG = "en"
COMPANIONS = {"goals": "targets"}  # a goals file is read with the targets file beside it
TITLES = {
    "en": {"goals": "Sustainable Development Goals and targets",
           "targets": "Sustainable Development Goals: targets",
           "indicators": "Global indicator framework for the Sustainable Development Goals and targets"},
    "ru": {"goals": "Цели и задачи в области устойчивого развития",
           "targets": "Цели в области устойчивого развития: задачи",
           "indicators": "Глобальная система показателей достижения целей и выполнения задач в области устойчивого развития"},
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


def companions(path: Path) -> list[Path]:
    """Return the files read along with ``path``: the targets file beside a goals file, the metadata sidecar."""
    other = COMPANIONS.get(kind_of(path))
    sibling = path.with_name(f"global_{other}{path.suffix}") if other else None
    return ([sibling] if sibling and sibling.is_file() else []) + sidecar.companions(path)


def parse(path: Path) -> list[Document]:
    """Read one SDG YAML file (with its companion) into its document."""
    entries = _load(path)
    for companion in companions(path):
        if companion.suffix == path.suffix:
            entries.update(_load(companion))
    lang = language_of(path)
    kind = kind_of(path)
    resolution, date = RESOLUTIONS.get(kind, (None, None))
    ordered = sorted(entries.items(), key=lambda item: order_key(item[0]))
    blocks = [Block(normalize(value), number=paragraph_number(key), kind=_kind(key)) for key, value in ordered]
    doc = assemble(
        blocks,
        doc_id=make_doc_id(None, lang, f"sdg-{kind}"),
        lang=lang,
        symbol=resolution,
        title=title(kind, lang),
        date=date,
        original_lang=ORIGINAL_LANG if resolution else None,
        source=str(path),
        fmt="sdg",
    )
    if not doc.paragraphs:
        raise InputError(path, "no paragraphs: the YAML file has no SDG entries")
    return [sidecar.apply(doc, path)]


def order_key(key: str) -> tuple:
    """Return where an entry goes: by goal, target and indicator number, the short name before the text.

    >>> sorted(["10-title", "2-title", "1-a-title", "1-2-title", "1-short"], key=order_key)
    ['1-short', '1-2-title', '1-a-title', '2-title', '10-title']
    """
    match = ID_RE.match(key)
    if not match:
        return ((2, key),)
    parts = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in match.group("id").split("-"))
    return parts + ((-1, 0 if match.group("field") == "short" else 1, ""),)  # before the entries below it


def _kind(key: str) -> str:
    """Return the kind of an entry's paragraph: a goal's short name is a heading."""
    match = ID_RE.match(key)
    return HEADING if match and match.group("field") == "short" else PARAGRAPH


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


def title(kind: str, lang: str) -> str:
    """Return the document title, in the document's language when known (English otherwise)."""
    titles = TITLES.get(lang, TITLES["en"])
    return titles.get(kind) or f"{TITLES['en']['goals'].split(' and ')[0]}: {kind}"


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
