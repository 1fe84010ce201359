"""What a build or an update did: the files that failed and why, and the summary the command line prints."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Failure:
    """A source file that was not indexed (its path as shown: control characters escaped), and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class BuildSummary:
    """What a build or update did: documents and paragraphs, changes, failures, links, time."""

    index_dir: str
    generation: int
    files: int
    documents: int
    paragraphs: int
    by_lang: dict = field(default_factory=dict)
    failures: tuple = ()
    seconds: float = 0.0
    links: tuple = ()  # VersionLink decisions
    aligned_groups: int = 0  # document groups with both language versions aligned (by an update: anew)
    added: int = 0  # files whose documents are new in the index
    updated: int = 0  # changed files, read again
    removed: int = 0  # files gone from the sources
    changed: int = 0  # files that differ from the index (new, changed, removed, or failed now)

    @property
    def ok(self) -> bool:
        return not self.failures

    def changes_line(self) -> str:
        """Return ``N changed: A added, U updated, R removed, F failed (T s)``."""
        return (f"{self.changed} changed: {self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{len(self.failures)} failed ({self.seconds:.2f} s)")

    def as_dict(self) -> dict:
        """Return the summary as plain JSON-ready data."""
        return {
            "index": self.index_dir, "generation": self.generation, "files": self.files,
            "documents": self.documents, "paragraphs": self.paragraphs, "by_lang": dict(self.by_lang),
            "changed": self.changed, "added": self.added, "updated": self.updated, "removed": self.removed,
            "failures": [{"path": f.path, "reason": f.reason} for f in self.failures],
            "aligned_documents": self.aligned_groups,
            "links": [link.describe() for link in self.links],
            "seconds": round(self.seconds, 3),
        }
