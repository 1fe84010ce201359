"""Digests of what an index holds, field by field: a change to the build that should keep the index keeps them.

For the live generation of each index given, prints one line per part: the
stored fields of every document (in document order), each indexed field's
terms with their postings (document, weight, value bytes) and its field
lengths, and the files kept beside the segments (the Russian lemma table, the
paragraph links, the lexicon), each as a SHA-256 digest.  With two indexes,
prints only the parts that differ (exit 1 if any)::

    python bench/index_digest.py INDEX [OTHER_INDEX]
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.storage import generations as store  # noqa: E402

BESIDE = ("*.tsv", "*.json")  # files kept beside the segments
UNSTABLE = ("un-search.json", "checksums.json")  # the build's seconds and time; digests by segment name
# The lexicon's tables, compared as sets of rows (its ``meta`` holds seconds; the learning's own state, in
# ``lexicon-state.npz``, is in an order that differs from one run to the next of the same build).
LEXICON_TABLES = ("units", "candidates", "beads")


def digests(index_dir: Path) -> dict[str, str]:
    """Return ``{part: digest}`` of the live generation of ``index_dir``."""
    out: dict[str, str] = {}
    ix = store.open_index(index_dir)
    with ix.reader() as reader:
        stored = hashlib.sha256()
        for docnum in range(reader.doc_count_all()):
            stored.update(pickle.dumps(sorted(reader.stored_fields(docnum).items()), 4))
        out["stored fields"] = stored.hexdigest()
        fields: dict[str, hashlib._Hash] = {}
        for fieldname, text in reader.all_terms():
            h = fields.setdefault(fieldname, hashlib.sha256())
            h.update(repr(text).encode())
            matcher = reader.postings(fieldname, text)
            while matcher.is_active():
                h.update(repr((matcher.id(), matcher.weight(), matcher.value())).encode())
                matcher.next()
        for fieldname, h in fields.items():
            if reader.schema[fieldname].scorable:
                h.update(repr([reader.doc_field_length(d, fieldname) for d in range(reader.doc_count_all())]).encode())
            out[f"field {fieldname}"] = h.hexdigest()
    gen = store.current_generation(index_dir).path
    by_segment = []  # files named after a segment (whose name is random): their digests together
    for pattern in BESIDE:
        for path in sorted(gen.rglob(pattern)):
            if path.name in UNSTABLE:
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if "_" in path.stem and path.stem.split("-")[0] == "paragraphs":
                by_segment.append(digest)
            else:
                out[f"file {path.relative_to(gen)}"] = digest
    if (gen / "lexicon.sqlite").is_file():
        with closing(sqlite3.connect(gen / "lexicon.sqlite")) as db:
            for table in LEXICON_TABLES:
                rows = sorted(map(repr, db.execute(f"SELECT * FROM {table}")))  # noqa: S608 - names of ours
                out[f"lexicon {table}"] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    out["files of the segments"] = hashlib.sha256(repr(sorted(by_segment)).encode()).hexdigest()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("other", type=Path, nargs="?")
    args = parser.parse_args()
    mine = digests(args.index)
    if args.other is None:
        for part, digest in mine.items():
            print(f"{digest[:16]}  {part}")
        return
    theirs = digests(args.other)
    differ = sorted(p for p in mine.keys() | theirs.keys() if mine.get(p) != theirs.get(p))
    for part in differ:
        print(f"differs: {part} ({(mine.get(part) or '-')[:16]} vs {(theirs.get(part) or '-')[:16]})")
    print(f"{len(mine.keys() | theirs.keys()) - len(differ)} parts the same, {len(differ)} different")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
