"""Planning an incremental update: what changed on disk, and which documents to rewrite.

Files are compared with the live generation's manifest by content hash.  The
documents of changed and removed files are deleted; the new documents are
linked with the versions already in the index (read back from the stored
fields), and every document group that gains or loses a version is re-aligned
and rewritten, so that a Russian version arriving days after the English one
is paired with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as Q

from indexer import parsing, store
from indexer.documents import Block, Document, assemble
from indexer.linking import link_versions
from indexer.manifest import Manifest, file_digest, key
from indexer.pairing import pair_groups
from indexer.symbols import symbol_key


@dataclass
class UpdatePlan:
    """What an update will do."""

    files: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    read: object = None
    delete_doc_ids: set = field(default_factory=set)
    write_documents: list = field(default_factory=list)
    groups: dict = field(default_factory=dict)
    pairs: dict = field(default_factory=dict)
    links: list = field(default_factory=list)
    manifest: Manifest = field(default_factory=Manifest)

    @property
    def changed_files(self) -> int:
        return self.added + self.updated + self.removed


def documents_from_index(searcher, doc_ids) -> list[Document]:
    """Rebuild documents from the stored fields of their paragraphs."""
    documents = []
    for doc_id in sorted(doc_ids):
        rows = sorted(searcher.documents(doc_id=doc_id), key=lambda f: f["position"])
        if not rows:
            continue
        first = rows[0]
        blocks = [Block(r["text"], kind=r["kind"], number=r.get("number"), section=r.get("section"),
                        lang=r["lang"], attached_to=r.get("attached_to")) for r in rows]
        date = dt.date.fromisoformat(first["date"]) if first.get("date") else None
        documents.append(assemble(blocks, doc_id=doc_id, lang=first["doc_lang"], symbol=first.get("symbol"),
                                  title=first.get("title"), date=date, original_lang=first.get("original_lang"),
                                  source=first.get("source"), fmt=first.get("fmt") or "text"))
    return documents


def _doc_ids_in_groups(searcher, group_keys) -> set[str]:
    ids = set()
    for group in group_keys:
        ids.update(f["doc_id"] for f in searcher.documents(group=group))
    return ids


def _lonely_doc_ids(searcher) -> set[str]:
    """Return the ids of documents in the index that have no linked version (candidates for content linking)."""
    members: dict[str, set] = {}
    for fields in searcher.search(Q.Prefix("group", "doc:"), limit=None):
        members.setdefault(fields["group"], set()).add(fields["doc_id"])
    return {next(iter(ids)) for ids in members.values() if len(ids) == 1}


def plan_update(index_dir, live, manifest: Manifest, sources, on_file=None) -> UpdatePlan:
    """Compare ``sources`` with the manifest of the live generation and plan the update."""
    from indexer.build import read_files

    plan = UpdatePlan()
    files = parsing.discover(sources)
    plan.files = len(files)
    current = {key(f): f for f in files}
    known = manifest.under(sources)
    removed = [k for k in known if k not in current]
    changed = []
    for k, path in current.items():
        entry = manifest.files.get(k)
        try:
            digest = file_digest(path)
        except OSError:
            digest = None
        if entry is None:
            plan.added += 1
            changed.append(path)
        elif entry.sha256 != digest:
            plan.updated += 1
            changed.append(path)
    plan.removed = len(removed)
    stale = set(removed) | {key(p) for p in changed}
    kept_files = {k: e for k, e in manifest.files.items() if k not in stale}
    taken = {doc_id: k for k, e in kept_files.items() for doc_id in e.doc_ids}
    plan.read = read_files(changed, on_file, taken)
    plan.manifest = Manifest({**kept_files, **plan.read.entries},
                             tuple(dict.fromkeys([*manifest.sources, *(key(s) for s in sources)])))
    if not plan.changed_files:
        return plan
    old_ids = {doc_id for k in stale if k in manifest.files for doc_id in manifest.files[k].doc_ids}
    new_docs = plan.read.documents
    ix = store.open_index(index_dir)
    try:
        with ix.searcher() as searcher:
            affected = {f["group"] for doc_id in old_ids for f in searcher.documents(doc_id=doc_id)}
            affected |= {symbol_key(d.symbol) for d in new_docs if d.symbol}
            in_affected = _doc_ids_in_groups(searcher, affected) - old_ids
            lonely = (_lonely_doc_ids(searcher) - old_ids) if new_docs else set()
            existing = documents_from_index(searcher, in_affected | lonely)
    finally:
        ix.close()
    groups, links = link_versions(new_docs + existing)
    new_ids = {d.doc_id for d in new_docs}
    touched = {k: docs for k, docs in groups.items()
               if any(d.doc_id in new_ids or d.doc_id in in_affected for d in docs)}
    plan.groups = touched
    plan.links = [link for link in links if link.linked]
    plan.pairs = pair_groups(touched)
    plan.write_documents = [d for docs in touched.values() for d in docs]
    plan.delete_doc_ids = old_ids | {d.doc_id for d in plan.write_documents}
    return plan


def sources_of(manifest: Manifest) -> list[Path]:
    """Return the sources an index was built from."""
    return [Path(s) for s in manifest.sources]
