"""Serve the search app with waitress: ``python -m search_app --index DIR [--host 127.0.0.1] [--port 5000]``.

``--opensearch URL`` (or ``$UN_SEARCH_OPENSEARCH``) serves the index ``--index NAME``
of an OpenSearch cluster instead of an index folder: the same pages and API.

``--workers N`` (N > 1) forks N waitress processes that accept on one shared
socket, so that searches use more than one core (Python runs one thread at a
time per process).  Each of several workers runs one search at a time by
default: searching is CPU work, and threads of one process only contend for
its interpreter lock (on two cores with 20 clients asking distinct searches,
4 threads per worker took 6.0–6.5 ms of CPU per search and p95 136–150 ms,
1 thread 4.6–4.7 ms and p95 67–76 ms; ``bench/web.py``).  It has a second
thread, so that an export or a long search does not hold up the searches
queued behind it (``SEARCHES_AT_ONCE`` = 1: a search waits its turn within
its budget).  One worker alone
keeps 4 threads, so that a long request does not hold up the others.  The
workers share their slots for exports and long searches
(:func:`search_app.limits.shared_slots`): ``N - 1`` of each at once, so that
slow requests never take every worker.  Each request is stamped as the server reads it
(:mod:`search_app.arrival`): its time budget counts from then, its wait for a free thread included.
What a worker loaded before it serves (modules, dictionaries, the index's tables) is left out of the cycle
collector's full collections (:func:`search_app.heap.settle`), in which no request of the worker runs: at 200,000
paragraphs one took 60-70 ms walking it all, some 30 ms without it; and so is the generation once it is warm.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from pathlib import Path

import click

from indexer.storage import generations as store


DEFAULT_THREADS = 4  # of a single worker
# How long a thread runs before another that waits is let in (Python's default: 5 ms).  A search reads the index
# in many small reads, and after each it waits for its turn again: beside an export in the same worker, at 5 ms a
# search of 20-40 ms of CPU took 0.3-2.5 s, at 0.5 ms 0.03-0.11 s (seed index, a TMX export running all along).
SWITCH_INTERVAL = 0.0005


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--index", "index_dir", default="index", show_default=True, type=click.Path(path_type=Path),
              help="Index directory (built with `python -m indexer build`).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default serves this machine only.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=None, type=click.IntRange(1, 64),
              help="Requests served at once by each worker  [default: 4 with one worker; with several, 2, of which "
                   "one searches at a time]")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16),
              help="Server processes (one per core for heavy use).")
@click.option("--opensearch", "opensearch_url", envvar="UN_SEARCH_OPENSEARCH", default=None, metavar="URL",
              help="Serve the index --index of this OpenSearch cluster (default: $UN_SEARCH_OPENSEARCH).")
@click.option("--result-cache", default=None, type=click.IntRange(0, 100_000),
              help="Search results each worker keeps for repeated searches (0: none)  [default: the app's, 256]")
def main(index_dir: Path, host: str, port: int, threads: int | None, workers: int,
         opensearch_url: str | None, result_cache: int | None) -> None:
    """Serve the search web app over INDEX with a production WSGI server (waitress).

    \b
    Examples:
      python -m search_app --index index --port 5000
      python -m search_app --index index --workers 2     # heavy use: one process per core
      python -m search_app --opensearch http://127.0.0.1:9201 --index un-search
    """
    config = {"INDEX_DIR": str(index_dir), "OPENSEARCH": opensearch_url, "WARM": True, "FREEZE": True}
    if threads is None:
        threads = DEFAULT_THREADS if workers == 1 else 2
        if workers > 1:  # one search at a time per worker; its second thread serves an export or a long search
            config["SEARCHES_AT_ONCE"] = 1
    if opensearch_url:
        where = _cluster_index(opensearch_url, str(index_dir))
    elif store.current_generation(index_dir) is None:
        raise click.ClickException(
            f"no index in {index_dir}: build one with `python -m indexer build corpus --index {index_dir}`")
    else:
        where = str(index_dir)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    click.echo(f"Searching {where} at http://{host}:{port}/ with {workers} worker(s) (Ctrl-C stops)")
    if result_cache is not None:
        config["RESULT_CACHE"] = result_cache
    if workers == 1:
        _serve(config, threads, host=host, port=port)
    else:
        _prefork(config, threads, workers, host, port)


def _cluster_index(url: str, alias: str) -> str:
    """Check that the cluster at ``url`` answers and has the index ``alias``; return how to name it to the user."""
    # deferred: the OpenSearch client is loaded only to serve a cluster
    from indexer.engine.opensearch.connection import redact
    from indexer.errors import IndexerError
    from search_app.on_opensearch import LiveCluster

    try:
        LiveCluster(url, alias).open()
    except IndexerError as exc:
        raise click.ClickException(str(exc)) from None
    return f"{alias} on {redact(url)}"


def _serve(config: dict, threads: int, slots=None, **where) -> None:
    # deferred: the server, the app and the engine behind it are loaded only to serve, not for --help
    import waitress
    from search_app import arrival, create_app, heap, limits
    from search_app.index import EXTENSION

    sys.setswitchinterval(SWITCH_INTERVAL)
    app = create_app(config)
    if slots is not None:
        limits.share(app, slots)
    try:
        app.extensions[EXTENSION].open()  # and its cross-language data is read meanwhile
    except Exception as exc:  # noqa: BLE001 - every request then says what is wrong with the index
        logging.getLogger(__name__).error("cannot open %s yet: %s", config["INDEX_DIR"], exc)
    server = waitress.create_server(app, threads=threads, ident="un-search", **where)
    arrival.stamp(server)  # the time a request waits for a thread counts against its budget
    server.print_listen("Serving on http://{}:{}")
    heap.settle()  # what is loaded by now stays for the worker's life: no full collection need walk it again
    server.run()


def _prefork(config: dict, threads: int, workers: int, host: str, port: int) -> None:
    """Fork ``workers`` waitress processes sharing one listening socket; stop them all when one stops."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    from search_app import limits  # deferred: the app's modules are loaded only to serve, not for --help

    slots = limits.shared_slots(workers)  # exports and long searches at once, for all the workers together
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a worker: serve until told to stop
            code = 0
            try:
                _serve(config, threads, slots, sockets=[listener])
            except BaseException:  # noqa: BLE001 - a worker must never return into the parent's code
                code = 1
            finally:
                os._exit(code)
        children.append(pid)

    stopping = []

    def stop(signum=None, frame=None):
        stopping.append(signum)
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    os.wait()  # the first worker to end (told to, or not) ends the service
    asked = bool(stopping)
    stop()
    for _ in children[1:]:
        try:
            os.wait()
        except ChildProcessError:
            break
    if not asked:
        raise click.ClickException("a worker stopped unexpectedly; the others were stopped")


if __name__ == "__main__":
    main(prog_name="python -m search_app")
