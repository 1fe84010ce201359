"""How to build or update an index: writer processes and memory, the file size limit, progress callbacks."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

DEFAULT_LIMITMB = 256  # megabytes a Whoosh writer buffers
# Larger source files are refused.  A 50 MB text is some 350,000 paragraphs: tens of minutes of
# indexing and gigabytes of memory for one document; UN documents are far smaller than this limit.
MAX_FILE_MB = 16
PARALLEL_FROM = 5_000  # paragraphs; below this, starting worker processes costs more than it saves


def auto_procs(paragraphs: int) -> int:
    """Return how many writer processes suit writing ``paragraphs`` paragraphs on this machine."""
    if paragraphs < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


@dataclass(frozen=True)
class Options:
    """How to build: writer processes and memory, the file size limit, progress callbacks."""

    procs: int | None = None
    limitmb: int = DEFAULT_LIMITMB
    max_file_mb: int = MAX_FILE_MB
    on_file: Callable[[Path], None] | None = None
    on_paragraphs: Callable[[int], None] | None = None
    glossary: Path | None = None  # a user's glossary (see :func:`indexer.lexicon.glossary.user_glossary`)
    follow_links: bool | None = None  # read links to files outside the sources; None: as the index was built (no)

    @property
    def max_bytes(self) -> int:
        return self.max_file_mb << 20

    def procs_for(self, paragraphs: int) -> int:
        return self.procs or auto_procs(paragraphs)

    def procs_for_files(self, files) -> int:
        """Return how many processes should read ``files``: by their size, about 500 bytes a paragraph."""
        if self.procs:
            return self.procs
        size = 0
        for path in files:
            try:
                size += Path(path).stat().st_size
            except OSError:
                continue
        return auto_procs(size // 500)
