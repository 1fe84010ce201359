"""What the product's order and folding cost on OpenSearch: the parity queries, ordered or by score alone.

The seeds, the Charter, the UDHR and the SDG texts are built into the cluster
(``--opensearch URL``; ``make opensearch`` starts a local one), and each query
of the parity table (:data:`tests.test_opensearch_parity.QUERIES`) is asked,
in turn, the product's way (:func:`indexer.search.on_opensearch.search`: the
best 200 read with their terms, ordered and folded as on Whoosh) and by score
alone (the cluster's page of ten and its counterparts, as before the order
was on the cluster), ``--rounds`` times each; the time of each way (wall and
this process's CPU) is printed as p50 and p95 per query.

    python bench/opensearch_order.py [--url http://127.0.0.1:9201] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.build.on_opensearch import build  # noqa: E402
from indexer.engine.opensearch import connection  # noqa: E402
from indexer.engine.opensearch.searching import Searcher  # noqa: E402
from indexer.search import on_opensearch  # noqa: E402
from indexer.search.request import SearchRequest, build_query, hit_record  # noqa: E402
from tests.conftest import CORPUS, PARITY_POOL_PARTS, POOL  # noqa: E402
from tests.test_opensearch_parity import QUERIES  # noqa: E402

ALIAS = "bench-order"


def by_score(searcher: Searcher, request: SearchRequest) -> list[dict]:
    """The page of a request by score alone, with its counterparts (the search before the order was on the cluster)."""
    _, page = searcher.ranked(build_query(request, searcher.schema), request.offset, request.limit)
    hits = [hit_record(fields, score) for fields, score in page]
    for hit, (others, _) in zip(hits, searcher.linked([fields for fields, _ in page])):
        hit["aligned"] = [hit_record(other) for other in others]
    return hits


def timed(action) -> tuple[float, float]:
    """Return the wall and CPU milliseconds ``action()`` took."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def figures(values: list[float]) -> str:
    return f"p50 {statistics.median(values):.1f} ms, p95 {statistics.quantiles(values, n=20)[18]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("UN_SEARCH_OPENSEARCH") or "http://127.0.0.1:9201")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; cluster {args.url}", flush=True)
    build([CORPUS, *(POOL / part for part in PARITY_POOL_PARTS)], ALIAS, url=args.url)
    searcher = Searcher(args.url, ALIAS)
    ways = {"ordered and folded": lambda r: on_opensearch.search(searcher, r), "by score": lambda r: by_score(searcher, r)}
    walls = {name: [] for name in ways}
    cpus = {name: [] for name in ways}
    try:
        for _ in range(args.rounds):
            for _, query, filters in QUERIES:
                request = SearchRequest(query=query, **filters)
                for name, way in ways.items():
                    wall, cpu = timed(lambda: way(request))
                    walls[name].append(wall)
                    cpus[name].append(cpu)
    finally:
        connection.connect(args.url).indices.delete(index=f"{ALIAS}-*", ignore_unavailable=True)
    for name in ways:
        print(f"{name}: {len(walls[name])} searches, wall {figures(walls[name])}; CPU here {figures(cpus[name])}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
