"""What a generation keeps beside its paragraphs (the manifest of its sources), in an index of its own.

Items: ``manifest`` (the generation's sources), ``lexicon`` (the file of the
lexicon learned from its aligned pairs, in chunks: :func:`file_items`), and
while a build shared among machines is written, ``part-K-of-N`` (what part K
read and wrote).

``NAME-data-000007`` belongs to the generation ``NAME-000007``: written before
its alias moves, dropped with it.  Each item is one document (its ``_id`` the
item's name, its JSON data in ``_source``, nothing indexed), so any machine
reads what a build wrote with no shared disk.
"""

from __future__ import annotations

import base64
import hashlib

DATA_MAPPINGS = {"dynamic": False, "properties": {}}  # kept in _source, never searched
LEXICON = "lexicon"  # the item that keeps the file of the generation's lexicon
CHUNK_BYTES = 4 << 20  # a file is kept in items of at most this many bytes (base64 in JSON: a third more)


def data_name(name: str, number: int) -> str:
    """Return the name of the data index of generation ``number`` of the alias ``name``."""
    return f"{name}-data-{number:06d}"


def write_data(client, name: str, number: int, items: dict[str, dict], replicas: int) -> None:
    """Write ``items`` (name -> JSON data) into the data of generation ``number`` of ``name`` (made if it is not
    there yet: the parts of a build shared among machines each add their own)."""
    index = data_name(name, number)
    client.indices.create(index=index, body={"settings": {"number_of_shards": 1, "number_of_replicas": replicas},
                                             "mappings": DATA_MAPPINGS}, ignore=400)  # 400: made by another part
    for item, data in items.items():
        client.index(index=index, id=item, body={"data": data})
    client.indices.refresh(index=index)


def read_data(client, name: str, number: int, item: str) -> dict | None:
    """Return the data ``item`` of generation ``number`` of ``name``, or None when it has none."""
    found = client.get(index=data_name(name, number), id=item, ignore=404)
    return found["_source"]["data"] if found.get("found") else None


def drop_data(client, name: str, number: int) -> None:
    """Delete the data of generation ``number`` of ``name`` (if it has any)."""
    client.indices.delete(index=data_name(name, number), ignore_unavailable=True)


def file_items(item: str, data: bytes) -> dict[str, dict]:
    """Return the items that keep the file ``data`` as ``item``: ``item`` says how many chunks and their digest,
    ``item-0``, ``item-1`` … hold them (base64)."""
    chunks = [data[k:k + CHUNK_BYTES] for k in range(0, len(data), CHUNK_BYTES)] or [b""]
    return {item: {"chunks": len(chunks), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()},
            **{f"{item}-{k}": {"base64": base64.b64encode(chunk).decode("ascii")} for k, chunk in enumerate(chunks)}}


def read_file(client, name: str, number: int, item: str) -> bytes | None:
    """Return the file kept as ``item`` of generation ``number`` of ``name`` (:func:`file_items`), or None when it
    has none; raise ValueError when its chunks are not those written."""
    head = read_data(client, name, number, item)
    if head is None:
        return None
    parts = [read_data(client, name, number, f"{item}-{k}") for k in range(head["chunks"])]
    if any(part is None for part in parts):
        raise ValueError(f"{item} of {data_name(name, number)}: a chunk is missing")
    data = b"".join(base64.b64decode(part["base64"]) for part in parts)
    if len(data) != head["bytes"] or hashlib.sha256(data).hexdigest() != head["sha256"]:
        raise ValueError(f"{item} of {data_name(name, number)}: its bytes are not those written")
    return data
