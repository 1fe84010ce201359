"""With several workers, the clients are shared out evenly: a worker holding more connections leaves new ones."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import waitress
from waitress.channel import HTTPChannel

from search_app import spread
from tests.test_web_data import web_index  # noqa: F401 - a fixture


@pytest.mark.parametrize("counts, place, holding, accepts", [
    ([0, 0], 0, 0, True),
    ([0, 3], 0, 3, True),  # as many as the other: still accepts
    ([0, 3], 0, 4, False),  # one more than the other: leaves the next to it
    ([3, 0], 1, 2, True),
    ([0, 5, 2], 0, 3, False),  # the least busy of the others counts
    ([4, 5, 0], 2, 2, True),
    ([0], 0, 50, True),  # a single worker takes everything
])
def test_a_worker_accepts_while_it_holds_no_more_than_the_least_busy_other(counts, place, holding, accepts):
    assert spread.accepts(counts, place, holding) is accepts
    assert counts[place] == holding  # published for the others


def test_a_server_asks_its_counts_before_it_accepts():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        server = waitress.create_server(lambda environ, start: [], sockets=[listener])
        try:
            counts = spread.shared_counts(2)
            assert spread.install(server, counts, 0)
            assert server.readable() and counts[0] == 0
            channel = HTTPChannel.__new__(HTTPChannel)  # a connection held (not read from in this test)
            server._map[-1] = channel
            assert not server.readable() and counts[0] == 1  # the other worker holds none
            counts[1] = 1
            assert server.readable()
            del server._map[-1]
        finally:
            server.close()


def _connections_by_worker(server_pid: int, port: int) -> list[int]:
    """Return how many established connections to ``port`` each worker of the server holds (from /proc)."""
    workers = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                established.add(fields[9])
    counts = []
    for pid in workers:
        inodes = set()
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = str(fd.readlink())
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        counts.append(len(inodes & established))
    return counts


def test_twenty_clients_connecting_together_are_shared_out_evenly(web_index):  # noqa: F811
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(web_index), "--port", str(port),
                               "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                probe.request("GET", "/api/search?q=smugglers&limit=1")
                assert probe.getresponse().status == 200
                probe.close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.1)
        for _ in range(3):
            clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(20)]
            for client in clients:
                client.connect()
            for client in clients:  # each connection served once, so that its worker has taken it
                client.request("GET", "/api/search?q=migrants&limit=1")
                assert client.getresponse().read()
            held = _connections_by_worker(server.pid, port)
            for client in clients:
                client.close()
            assert sum(held) == 20 and max(held) - min(held) <= 2, held
            time.sleep(0.3)  # the workers see their connections close
    finally:
        server.terminate()
        server.communicate(timeout=10)
