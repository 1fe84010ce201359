"""What a generation keeps beside its paragraphs (the manifest of its sources), in an index of its own.

Items: ``manifest`` (the generation's sources), and while a build shared
among machines is written, ``part-K-of-N`` (what part K read and wrote).

``NAME-data-000007`` belongs to the generation ``NAME-000007``: written before
its alias moves, dropped with it.  Each item is one document (its ``_id`` the
item's name, its JSON data in ``_source``, nothing indexed), so any machine
reads what a build wrote with no shared disk.
"""

from __future__ import annotations

DATA_MAPPINGS = {"dynamic": False, "properties": {}}  # kept in _source, never searched


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
