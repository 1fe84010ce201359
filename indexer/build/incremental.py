"""Planning an incremental update: what changed on disk, and which documents to rewrite.

Files are compared with the live generation's manifest by content hash.  The
documents of changed and removed files are deleted; the new documents are
linked with the versions already in the index (read back from the stored
fields), and every document group whose versions change is re-aligned, so
that a Russian version arriving days after the English one is paired with it.
Of a re-aligned group, only the versions that change are written: a version
already in the index that stores no links and keeps its group stays as it is,
and its new counterpart stores the links both ways (:mod:`indexer.align.counterparts`).
The result reads as the index a full build of the same files would give
(``tests/test_update.py`` checks it); only the file that wins when two claim
the same symbol and language differs: an update keeps the one already indexed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as Q

from indexer.align import pairing
from indexer.align.linking import link_versions
from indexer.build.pipeline import read_files
from indexer.documents import Block, Document, assemble
from indexer.ingest import formats as parsing
from indexer.storage import generations as store
from indexer.storage.manifest import Manifest, file_digest, key
from indexer.storage.stats import document_heads
from indexer.symbols import symbol_key


@dataclass
class UpdatePlan:
    """What an update will do: the files to read, the documents to delete and to (re)write."""

    files: int = 0
    new: list = field(default_factory=list)  # paths not in the manifest
    edited: list = field(default_factory=list)  # paths whose content hash changed
    retried: list = field(default_factory=list)  # paths that lost a duplicate claim to a file that changed
    removed: list = field(default_factory=list)  # manifest keys of files that are gone
    read: object = None
    delete_doc_ids: set = field(default_factory=set)
    write_documents: list = field(default_factory=list)
    groups: dict = field(default_factory=dict)
    pairs: dict = field(default_factory=dict)
    links: list = field(default_factory=list)
    manifest: Manifest = field(default_factory=Manifest)

    @property
    def changed_files(self) -> int:
        """Files that differ from the manifest (new, edited, removed) or are read again."""
        return len(self.new) + len(self.edited) + len(self.retried) + len(self.removed)

    @property
    def writes(self) -> bool:
        """Whether the index itself changes (documents to delete or write)."""
        return bool(self.delete_doc_ids or self.write_documents)


def source_digest(path) -> str | None:
    """Return the content hash of a source file with its companions, or None when it cannot be read."""
    try:
        return file_digest(path, parsing.companions_of(path))
    except OSError:
        return None


def diff(manifest: Manifest, sources, files) -> UpdatePlan:
    """Compare the files found under ``sources`` with the manifest: new, edited, removed, retried."""
    plan = UpdatePlan(files=len(files))
    current = {key(f): f for f in files}
    plan.removed = sorted(k for k in manifest.under(sources) if k not in current)
    for k, path in current.items():
        entry = manifest.files.get(k)
        if entry is None:
            plan.new.append(path)
        elif entry.sha256 != source_digest(path):
            plan.edited.append(path)
    changed = set(plan.removed) | {key(p) for p in plan.edited}
    plan.retried = [current[k] for k, e in sorted(manifest.files.items())
                    if e.duplicate_of in changed and k in current and k not in changed]
    return plan


def plan_update(index_dir, live, manifest: Manifest, sources, on_file=None, follow_links: bool = False,
                stored=None, **read_options) -> UpdatePlan:
    """Compare ``sources`` with the manifest of the live generation and plan the update.

    ``follow_links`` goes to :func:`indexer.ingest.formats.survey` (and into the
    new manifest), ``read_options`` to :func:`indexer.build.pipeline.read_files` (``max_bytes``).
    ``stored`` reads the documents of the live generation (see :func:`plan_documents`; default: the Whoosh
    generation ``live`` of ``index_dir``).
    """
    found = parsing.survey(sources, exclude=[index_dir] if index_dir else [], follow_links=follow_links)
    plan = diff(manifest, sources, found.files)
    stale = set(plan.removed) | {key(p) for p in plan.edited + plan.retried}
    kept = {k: e for k, e in manifest.files.items() if k not in stale}
    taken = {doc_id: k for k, e in kept.items() for doc_id in e.doc_ids}
    plan.read = read_files(plan.edited + plan.retried + plan.new, on_file, taken, refused=found.refused,
                           **read_options)
    plan.manifest = Manifest({**kept, **plan.read.entries},
                             tuple(dict.fromkeys([*manifest.sources, *(key(s) for s in sources)])), follow_links)
    if plan.changed_files:
        old_ids = {doc_id for k in stale if k in manifest.files for doc_id in manifest.files[k].doc_ids}
        if stored is None:
            _plan_documents(plan, live, old_ids)
        else:
            plan_documents(plan, stored, old_ids)
    return plan


class _Stored:
    """The document groups of the live index, read from each document's first paragraph as the plan asks.

    An update touches few groups: looking those up by term reads a handful of
    stored fields, where reading every document's would cost most of a small update.
    """

    def __init__(self, searcher):
        self._searcher = searcher
        self._heads = set(document_heads(searcher.reader()))
        self._members: dict = {}

    def versions(self, doc_ids) -> list[StoredVersion]:
        """Return the documents ``doc_ids`` rebuilt from their stored paragraphs, in id order."""
        return stored_versions(lambda doc_id: self._searcher.documents(doc_id=doc_id), doc_ids)

    def _heads_of(self, field_name: str, value: str) -> list[dict]:
        """Return the stored fields of the first paragraphs of the documents whose ``field_name`` is ``value``."""
        found = self._heads.intersection(self._searcher.docs_for_query(Q.Term(field_name, value)))
        return [self._searcher.stored_fields(n) for n in sorted(found)]

    def group_of(self, doc_id: str) -> str | None:
        """Return the group key of a document, or None when the index does not hold it."""
        heads = self._heads_of("doc_id", doc_id)
        return heads[0]["group"] if heads else None

    def members(self, group: str) -> set:
        """Return the ids of the documents of a group (empty for a group the index does not hold)."""
        if group not in self._members:
            self._members[group] = {fields["doc_id"] for fields in self._heads_of("group", group)}
        return self._members[group]

    def alone_by_symbol(self) -> set:
        """Return the documents that no other version shares a symbol with: those content linking may pair."""
        symbol_of = {}
        for fields in map(self._searcher.stored_fields, sorted(self._heads)):
            symbol_of[fields["doc_id"]] = fields.get("symbol_key") or f"doc:{fields['doc_id']}"
        counts = Counter(symbol_of.values())
        return {d for d, k in symbol_of.items() if counts[k] == 1}


def _plan_documents(plan: UpdatePlan, live, old_ids: set) -> None:
    """Work out the documents to delete and to write in the Whoosh generation ``live`` (see :func:`plan_documents`)."""
    ix = store.open_generation(live)
    try:
        with ix.searcher() as searcher:
            plan_documents(plan, _Stored(searcher), old_ids)
    finally:
        ix.close()


def plan_documents(plan: UpdatePlan, stored, old_ids: set) -> None:
    """Work out the documents to delete and to write: those of every group whose versions change.

    ``stored`` reads the live generation's documents: ``group_of(doc_id)``,
    ``members(group)``, ``alone_by_symbol()`` and ``versions(doc_ids)``, as :class:`_Stored` does.
    """
    new_docs = plan.read.documents
    affected = {g for g in map(stored.group_of, old_ids) if g is not None}
    affected |= {k for k in (symbol_key(d.symbol) for d in new_docs if d.symbol) if k}
    in_affected = {d for g in affected for d in stored.members(g)} - old_ids
    versions = stored.versions(in_affected)
    if _needs_content_linking(new_docs + [v.document for v in versions]):  # those alone by symbol take part
        versions += stored.versions(stored.alone_by_symbol() - old_ids - in_affected)
    existing = [v.document for v in versions]
    groups, links = link_versions(new_docs + existing)
    fresh = {d.doc_id for d in new_docs} | in_affected
    touched = {k: docs for k, docs in groups.items() if _changed_group(k, docs, fresh, stored)}
    group_of = {d.doc_id: k for k, docs in touched.items() for d in docs}
    as_written = {v.document.doc_id for v in versions if v.stays(group_of)}
    plan.groups = touched
    plan.pairs = pairing.pair_groups(touched)
    plan.write_documents = [d for docs in touched.values() for d in docs if d.doc_id not in as_written]
    written = {d.doc_id for d in plan.write_documents}
    plan.links = [link for link in links if link.linked and {link.en, link.ru} & written]
    plan.delete_doc_ids = old_ids | {d.doc_id for d in existing if d.doc_id in written}


def _needs_content_linking(documents) -> bool:
    """Tell whether one of ``documents`` has no other version with its symbol among them.

    They hold every version of their symbols (all of a stored group came with
    any of it), so such a document is a candidate for linking by content.
    Otherwise content links stay as they are: dropping an unlinked candidate
    changes no one else's link.
    """
    keys = Counter(symbol_key(d.symbol) or f"doc:{d.doc_id}" for d in documents)
    return any(n == 1 for n in keys.values())


def _changed_group(group_key: str, docs, fresh: set, stored) -> bool:
    """Tell whether a group must be written: it has a new or affected version, or other members than stored."""
    ids = {d.doc_id for d in docs}
    return bool(ids & fresh) or stored.members(group_key) != ids


@dataclass(frozen=True)
class StoredVersion:
    """A document rebuilt from the index, with its group key and whether its paragraphs store links."""

    document: Document
    group: str | None
    linked: bool

    def stays(self, group_of: dict) -> bool:
        """Tell whether the version can stay as written: it stores no links and keeps its group.

        Its new counterpart then stores the links both ways (see :mod:`indexer.align.counterparts`);
        a version that stores links (to a counterpart replaced or removed) is written anew.
        """
        return not self.linked and group_of.get(self.document.doc_id, self.group) == self.group


def stored_versions(rows_of, doc_ids) -> list[StoredVersion]:
    """Rebuild documents from the stored fields of their paragraphs (``rows_of(doc_id)``), in id order."""
    versions = []
    for doc_id in sorted(doc_ids):
        rows = sorted(rows_of(doc_id), key=lambda f: f["position"])
        if not rows:
            continue
        first = rows[0]
        blocks = [Block(r["text"], kind=r["kind"], number=r.get("number"), section=r.get("section"),
                        lang=r["lang"], attached_to=r.get("attached_to")) for r in rows]
        date = dt.date.fromisoformat(first["date"]) if first.get("date") else None
        document = assemble(blocks, doc_id=doc_id, lang=first["doc_lang"], symbol=first.get("symbol"),
                            title=first.get("title"), date=date, original_lang=first.get("original_lang"),
                            source=first.get("source"), fmt=first.get("fmt") or "text",
                            issued_year=None if date else first.get("year"))
        versions.append(StoredVersion(document, first.get("group"), any(r.get("aligned") for r in rows)))
    return versions


def sources_of(manifest: Manifest) -> list[Path]:
    """Return the sources an index was built from."""
    return [Path(s) for s in manifest.sources]

