"""A local three-node OpenSearch cluster on 127.0.0.1: one JVM per node, started and stopped by PID.

Library first (:class:`Cluster`, used by the test fixtures), command line second::

    python -m tests.opensearch.cluster start [--dir var/opensearch]   # prints the URL
    python -m tests.opensearch.cluster status
    python -m tests.opensearch.cluster stop

Each node keeps its home (data, logs) in ``DIR/<node>/`` and writes its log to ``DIR/<node>.log``; the PIDs
of the running nodes are in ``DIR/pids.json``. Ports are fixed (HTTP 9201-9203, transport 9301-9303 by
default) and checked free before anything starts.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.opensearch import launcher

HOST = "127.0.0.1"
CLUSTER_NAME = "un-search-local"
HEAP = "512m"
HTTP_BASE = 9201
TRANSPORT_BASE = 9301
NODE_COUNT = 3
START_TIMEOUT = 180
STOP_TIMEOUT = 30
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "var" / "opensearch"


class ClusterError(Exception):
    """The cluster could not be started, reached or stopped (the message says why)."""


@dataclass(frozen=True)
class NodeSpec:
    """One node: its name and fixed ports."""

    name: str
    http_port: int
    transport_port: int


def node_specs(http_base: int = HTTP_BASE, transport_base: int = TRANSPORT_BASE,
               count: int = NODE_COUNT) -> tuple[NodeSpec, ...]:
    """The nodes of a cluster whose ports start at the given bases.

    >>> [(spec.name, spec.http_port, spec.transport_port) for spec in node_specs(9211, 9311)]
    [('node-1', 9211, 9311), ('node-2', 9212, 9312), ('node-3', 9213, 9313)]
    """
    return tuple(NodeSpec(f"node-{i + 1}", http_base + i, transport_base + i) for i in range(count))


def port_is_free(port: int) -> bool:
    """Whether a listening socket can be bound to ``port`` on 127.0.0.1 (as the node will bind it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def is_node_process(pid: int, spec: NodeSpec) -> bool:
    """Whether ``pid`` is a live launcher JVM running ``spec`` (never another process that took the PID)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            state = stat.read().rsplit(b")", 1)[1].split()[0]
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    if state == b"Z":  # exited, not yet reaped by its parent
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        return False
    return (launcher.MAIN_CLASS.encode() in cmdline
            and f"-Enode.name={spec.name}".encode() in cmdline
            and f"-Ehttp.port={spec.http_port}".encode() in cmdline)


def resident_mb(pid: int) -> float | None:
    """The resident memory of ``pid`` in MB (None once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return None
    return None


class Cluster:
    """A three-node cluster whose nodes live in ``directory``.

    ``stop_with_parent`` makes each node end with this Python process (its standard input is a pipe from
    here): what the test fixtures want, and not the command line's background cluster.
    """

    def __init__(self, directory: Path = DEFAULT_DIR, *, http_base: int = HTTP_BASE,
                 transport_base: int = TRANSPORT_BASE, heap: str = HEAP, stop_with_parent: bool = False):
        self.directory = Path(directory).resolve()
        self.nodes = node_specs(http_base, transport_base)
        self.heap = heap
        self.stop_with_parent = stop_with_parent
        self._children: dict[str, subprocess.Popen] = {}

    @property
    def url(self) -> str:
        """The HTTP address of the first node."""
        return f"http://{HOST}:{self.nodes[0].http_port}"

    @property
    def pid_file(self) -> Path:
        return self.directory / "pids.json"

    def spec(self, name: str) -> NodeSpec:
        """The node called ``name``."""
        for spec in self.nodes:
            if spec.name == name:
                return spec
        raise ClusterError(f"no node {name!r}: the nodes are {', '.join(s.name for s in self.nodes)}")

    def log(self, name: str) -> Path:
        """The log file of node ``name``."""
        return self.directory / f"{name}.log"

    def pids(self) -> dict[str, int]:
        """The recorded PIDs of the nodes that are still running."""
        return {name: pid for name, pid in self._recorded().items() if is_node_process(pid, self.spec(name))}

    def _recorded(self) -> dict[str, int]:
        """The PIDs recorded, running or not (a node just started may not show its command line yet)."""
        try:
            return json.loads(self.pid_file.read_text())
        except FileNotFoundError:
            return {}

    def _record(self, pids: dict[str, int]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.pid_file.write_text(json.dumps(pids, indent=1) + "\n")

    def settings(self, spec: NodeSpec) -> dict[str, str | int]:
        """The ``-E`` settings of one node."""
        return {
            "cluster.name": CLUSTER_NAME,
            "node.name": spec.name,
            "path.home": str(self.directory / spec.name),
            "http.port": spec.http_port,
            "transport.port": spec.transport_port,
            "discovery.seed_hosts": ",".join(f"{HOST}:{s.transport_port}" for s in self.nodes),
            # One bootstrap node: listing all three makes the first start wait for all of them.
            "cluster.initial_cluster_manager_nodes": self.nodes[0].name,
        }

    def start(self, timeout: float = START_TIMEOUT) -> str:
        """Build the launcher if needed, start the three nodes and wait for green; return the URL."""
        running = self.pids()
        if running:
            raise ClusterError(f"already running in {self.directory} (PIDs {running}); stop it first")
        busy = [port for spec in self.nodes for port in (spec.http_port, spec.transport_port)
                if not port_is_free(port)]
        if busy:
            raise ClusterError(f"ports in use on {HOST}: {', '.join(map(str, busy))} "
                               f"(another cluster? `python -m tests.opensearch.cluster stop`)")
        launcher.build()
        for spec in self.nodes:
            self.start_node(spec.name)
        try:
            self.wait_for_green(timeout)
        except ClusterError:
            self.stop()
            raise
        return self.url

    def start_node(self, name: str) -> int:
        """Start node ``name`` (in the background, its log in the cluster folder) and return its PID."""
        spec = self.spec(name)
        command = launcher.command(self.settings(spec), self.heap)
        if self.stop_with_parent:
            command.append("--stop-at-eof")
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.log(name), "ab") as log:
            child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                     stdin=subprocess.PIPE if self.stop_with_parent else subprocess.DEVNULL)
        self._children[name] = child
        self._record({**self._recorded(), name: child.pid})  # not pids(): the node started just before
        # may still be a fork that has not become its JVM, and would be left out (and never stopped)
        return child.pid

    def kill_node(self, name: str, timeout: float = STOP_TIMEOUT) -> None:
        """Kill node ``name``'s JVM with SIGKILL (a crash: no clean close) and wait until it is gone."""
        pid = self.pids().get(name)
        if pid is None:
            raise ClusterError(f"node {name} is not running")
        left = self._signal({name: pid}, signal.SIGKILL, timeout)
        if left:
            raise ClusterError(f"node {name} still running after SIGKILL (PID {pid})")
        self._forget(name)

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop every recorded node: SIGTERM, then SIGKILL for those still running after ``timeout`` s."""
        pids = self.pids()
        left = self._signal(pids, signal.SIGTERM, timeout)
        left = self._signal(left, signal.SIGKILL, timeout)
        if left:
            raise ClusterError(f"nodes still running after SIGKILL: {left}")
        self.pid_file.unlink(missing_ok=True)
        for name in list(self._children):
            self._forget(name)

    def _forget(self, name: str) -> None:
        """Let go of a node this process started and that has exited: its pipe and its exit status."""
        child = self._children.pop(name, None)
        if child is not None:
            if child.stdin:
                child.stdin.close()
            child.wait()

    def _signal(self, pids: dict[str, int], sig: signal.Signals, timeout: float) -> dict[str, int]:
        """Send ``sig`` to each node and return those still running after ``timeout`` seconds."""
        for pid in pids.values():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + timeout
        while True:
            for name, child in self._children.items():
                if name in pids:
                    child.poll()  # reaps our own children so that they stop counting as alive
            left = {name: pid for name, pid in pids.items() if is_node_process(pid, self.spec(name))}
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(0.2)

    def client(self, **options):
        """An ``opensearch-py`` client over the three nodes, retrying on another node when one fails."""
        from opensearchpy import OpenSearch

        defaults = {"use_ssl": False, "timeout": 30, "max_retries": 3, "retry_on_timeout": True}
        return OpenSearch(hosts=[{"host": HOST, "port": s.http_port} for s in self.nodes],
                          **{**defaults, **options})

    def wait_for_green(self, timeout: float = START_TIMEOUT, nodes: int = NODE_COUNT) -> dict:
        """Wait until ``nodes`` nodes have joined and every shard is allocated; return the health."""
        from opensearchpy.exceptions import ConnectionError as NoConnection, TransportError

        client = self.client(max_retries=0, timeout=10)
        deadline = time.monotonic() + timeout
        health: dict | str = "no answer"
        while time.monotonic() < deadline:
            dead = [spec.name for spec in self.nodes if spec.name in self._children
                    and self._children[spec.name].poll() is not None]
            if dead:
                raise ClusterError(f"node {dead[0]} exited during start; the end of its log:\n"
                                   + self.log_tail(dead[0]))
            try:
                # With request_timeout given, `timeout` is the server's wait, not the client's.
                health = client.cluster.health(wait_for_nodes=str(nodes), wait_for_status="green",
                                               timeout="5s", request_timeout=15)
                if not health["timed_out"]:
                    return health
            except NoConnection:
                time.sleep(1)
            except TransportError as error:  # 503 while no cluster manager has been elected
                health = str(error)
                time.sleep(1)
        raise ClusterError(f"not green with {nodes} nodes after {timeout:.0f} s: {health}; logs in "
                           f"{self.directory}")

    def log_tail(self, name: str, lines: int = 30) -> str:
        """The last lines of node ``name``'s log."""
        try:
            return "\n".join(self.log(name).read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    def status(self) -> dict:
        """Each node's PID and resident memory, and the cluster's health if it answers."""
        pids = self.pids()
        nodes = {}
        for spec in self.nodes:
            pid = pids.get(spec.name)
            rss = resident_mb(pid) if pid else None
            nodes[spec.name] = {"pid": pid, "rss_mb": round(rss) if rss else None, "http_port": spec.http_port}
        health = None
        if pids:
            try:
                health = self.client(max_retries=0, timeout=5).cluster.health()
            except Exception as error:  # the status is for people: say what went wrong, do not raise
                health = {"error": str(error)}
        return {"url": self.url, "directory": str(self.directory), "nodes": nodes, "health": health}


def main(argv: list[str] | None = None) -> int:
    """The command line: ``start``, ``stop``, ``status`` or ``build`` (the launcher only)."""
    parser = argparse.ArgumentParser(prog="python -m tests.opensearch.cluster", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("start", "stop", "status", "build"))
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="the cluster's folder (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=START_TIMEOUT, help="seconds to wait for green")
    args = parser.parse_args(argv)
    cluster = Cluster(args.dir)
    try:
        if args.action == "build":
            missing = launcher.missing_tools()
            if missing:  # nothing to build with: the tests of the cluster skip, saying the same
                print(f"OpenSearch launcher not built: {missing}")
            else:
                print("built:" if launcher.build() else "up to date:", launcher.JAR)
        elif args.action == "start":
            began = time.monotonic()
            url = cluster.start(args.timeout)
            print(f"OpenSearch cluster green in {time.monotonic() - began:.1f} s: {url} "
                  f"(logs and PIDs in {cluster.directory})")
        elif args.action == "stop":
            cluster.stop()
            print(f"stopped ({cluster.directory})")
        else:
            print(json.dumps(cluster.status(), indent=1))
    except (ClusterError, launcher.LauncherError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
