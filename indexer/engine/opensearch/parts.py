"""A build shared among machines: each part writes into one pending generation, ``publish`` makes it live.

``build --part K/N`` on each of N machines writes its paragraphs into the
generation after the live one, made by the first part to come (its mapping's
``_meta`` says it is written in N parts), numbered so that the parts' order of
writing interleaves (part K writes the K-th, (K+N)-th … numbers), and records
what it read as the item ``part-K-of-N`` of the generation's data.  Nothing is
live until :func:`publish_parts` finds every part written, joins their
manifests into one, checks the count and moves the alias.
"""

from __future__ import annotations

from indexer.engine.opensearch.generation_data import read_data, write_data
from indexer.engine.opensearch.mapping import index_body
from indexer.engine.opensearch.writing import (built_now, check_count, go_live, replicas_for, generation_name, shards,
                                               generations, live_number, write)
from indexer.errors import IndexNotFound, WriterFailed


def pending(client, name: str) -> tuple[int, int] | None:
    """Return ``(number, parts)`` of the generation being written in parts after the live one, or None."""
    live = live_number(client, name)
    for number in reversed(generations(client, name)):
        if number <= live:
            break
        index = generation_name(name, number)
        meta = client.indices.get_mapping(index=index)[index]["mappings"].get("_meta") or {}
        if meta.get("parts"):
            return number, int(meta["parts"])
    return None


def open_part(client, name: str, count: int) -> int:
    """Return the number of the generation the parts of a build in ``count`` parts write into (made if none is)."""
    found = pending(client, name)
    if found is not None:
        if found[1] != count:
            raise WriterFailed(f"generation {found[0]} of {name!r} is being written in {found[1]} parts, not "
                               f"{count}: finish it (`python -m indexer publish`) or delete {generation_name(name, found[0])}")
        return found[0]
    numbers = generations(client, name)
    number = max(numbers, default=0) + 1
    client.indices.create(index=generation_name(name, number), ignore=400,  # 400: another part made it first
                          body=index_body(shards(), replicas_for(client), {"built_at": built_now(), "parts": count}))
    return number


def write_part(client, name: str, number: int, part: int, count: int, records, manifest: dict,
               on_paragraphs=None) -> int:
    """Write part ``part`` of ``count`` (its paragraph ``records`` and its ``manifest``) into generation
    ``number``; return how many paragraphs it wrote."""
    index = generation_name(name, number)
    written = write(client, index, records, on_paragraphs, first=part - 1, step=count)
    client.indices.refresh(index=index)
    write_data(client, name, number, {f"part-{part}-of-{count}": {"paragraphs": written, "manifest": manifest}},
               replicas_for(client))
    return written


def publish_parts(client, name: str, learn=None) -> tuple[int, int]:
    """Make the generation written in parts live once every part is in; return its number and paragraphs
    (``learn``: see :func:`~indexer.engine.opensearch.writing.publish`)."""
    found = pending(client, name)
    if found is None:
        raise IndexNotFound(f"no build of {name!r} in parts is waiting to be published: run `python -m indexer "
                            f"build SOURCES --opensearch URL --index {name} --part K/N` on each machine first")
    number, count = found
    parts = [read_data(client, name, number, f"part-{k}-of-{count}") for k in range(1, count + 1)]
    missing = [str(k) for k, data in enumerate(parts, start=1) if data is None]
    if missing:
        raise WriterFailed(f"{len(missing)} of {count} parts of {name!r} are not written yet (part "
                           f"{', '.join(missing)}): run their builds, then publish again")
    paragraphs = sum(data["paragraphs"] for data in parts)
    check_count(client, generation_name(name, number), paragraphs)
    manifests = [data["manifest"] for data in parts]
    joined = {"sources": list(dict.fromkeys(s for m in manifests for s in m.get("sources", ()))),
              "files": {path: entry for m in manifests for path, entry in m.get("files", {}).items()},
              **({"follow_links": True} if any(m.get("follow_links") for m in manifests) else {})}
    learned = learn(generation_name(name, number)) if learn else {}
    write_data(client, name, number, {"manifest": joined, **learned}, replicas_for(client))
    go_live(client, name, number, [n for n in generations(client, name) if n < number])
    return number, paragraphs
