"""With several workers, the clients are shared out evenly: a worker holding more connections leaves new ones."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import waitress
from waitress.channel import HTTPChannel

from search_app import spread
from tests.test_web_data import web_index  # noqa: F401 - a fixture

N = spread.NOT_SERVING


def shares(counts: list[int]) -> spread.Shares:
    made = spread.shared(len(counts))
    return spread.Shares(list(counts), made.wakes, threading.Lock())


def woken(made: spread.Shares) -> list[int]:
    """Return the workers woken since last asked (their pipes emptied)."""
    out = []
    for k, (read, _) in enumerate(made.wakes):
        try:
            if os.read(read, 512):
                out.append(k)
        except BlockingIOError:
            pass
    return out


@pytest.mark.parametrize("counts, place, holding, able, takes, wakes", [
    ([N, N], 0, 0, True, True, []),  # the other not serving yet: never left to
    ([N, 0], 0, 0, True, True, []),  # as many as the other: takes it
    ([N, 3], 0, 4, True, False, [1]),  # one more than the other: leaves it, and wakes the other
    ([3, N], 1, 2, True, True, []),
    ([N, 5, 2], 0, 3, True, False, [2]),  # the least busy of the others is the one left to
    ([4, 5, N], 2, 2, True, True, []),
    ([N], 0, 50, True, True, []),  # a single worker takes everything
    ([N, 0, 0], 0, 0, False, False, [1, 2]),  # waitress refuses (its limit): the others are woken
])
def test_a_worker_takes_the_next_connection_while_it_holds_no_more_than_the_least_busy_other(
        counts, place, holding, able, takes, wakes):
    made = shares(counts)
    try:
        assert spread.decide(made, place, holding, able) is takes
        assert made.counts[place] == (holding if able else N)  # published for the others
        assert woken(made) == wakes
    finally:
        for ends in made.wakes:
            for end in ends:
                os.close(end)


def test_a_server_asks_before_it_accepts_and_a_wake_up_turns_its_loop():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        server = waitress.create_server(lambda environ, start: [], sockets=[listener])
        try:
            made = spread.shared(2)
            assert spread.install(server, made, 0)
            made.counts[1] = 0
            assert server.readable() and made.counts[0] == 0
            server._map[-1] = HTTPChannel.__new__(HTTPChannel)  # a connection held (not read from in this test)
            assert not server.readable() and made.counts[0] == 1  # the other holds none: left to it, woken
            assert woken(made) == [1]
            made.counts[1] = 1
            assert server.readable()
            del server._map[-1]
            os.write(made.wakes[0][1], b"\0")
            woken_here = [d for d in server._map.values() if isinstance(d, spread._Woken)]
            assert len(woken_here) == 1 and woken_here[0].readable()
            woken_here[0].handle_read()  # the wake-up read and dropped
            assert woken(made) == []
        finally:
            for dispatcher in list(server._map.values()):
                dispatcher.close()
            for ends in made.wakes:
                for end in ends:
                    os.close(end)


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


@pytest.fixture
def two_workers(web_index):  # noqa: F811
    """A server of two workers on a free port, both serving: ``(process, port)``."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(web_index), "--port", str(port),
                               "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:  # until each worker has served (both are counted then)
            assert time.monotonic() < deadline and server.poll() is None
            probes = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(2)]
            try:
                for probe in probes:
                    probe.request("GET", "/api/search?q=smugglers&limit=1")
                    probe.getresponse().read()
                if all(_connections_by_worker(server.pid, port)):
                    break
            except OSError:
                time.sleep(0.2)
            finally:
                for probe in probes:
                    probe.close()
            time.sleep(0.1)
        yield server, port
    finally:
        server.terminate()
        server.communicate(timeout=10)


def _settled(server, port: int, total: int) -> list[int]:
    """Return the connections each worker holds once they add up to ``total`` (within 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        held = _connections_by_worker(server.pid, port)
        if sum(held) == total or time.monotonic() > deadline:
            return held
        time.sleep(0.05)


def test_twenty_clients_connecting_together_are_shared_out_evenly(two_workers):
    server, port = two_workers
    for _ in range(3):
        clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(20)]
        for client in clients:
            client.connect()
        for client in clients:  # each connection served once
            client.request("GET", "/api/search?q=migrants&limit=1")
            assert client.getresponse().read()
        held = _settled(server, port, 20)
        for client in clients:
            client.close()
        assert sum(held) == 20 and max(held) - min(held) <= 2, held
        _settled(server, port, 0)


def test_a_client_arriving_while_the_workers_hold_idle_connections_is_not_kept_waiting(two_workers):
    server, port = two_workers
    clients, waits = [], []
    for _ in range(12):  # one at a time: each new client finds the others connected and idle
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        started = time.monotonic()
        client.request("GET", "/api/search?q=migrants&limit=1")
        client.getresponse().read()
        waits.append(time.monotonic() - started)
        clients.append(client)
        time.sleep(0.05)
    held = _settled(server, port, 12)
    for client in clients:
        client.close()
    assert max(waits) < 0.5, waits
    assert max(held) - min(held) <= 2, held
