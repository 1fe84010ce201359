"""The Java launcher of one OpenSearch node: what it needs, how it is built, how a node is started with it.

The launcher (``pom.xml`` and ``src/`` beside this module) is built by Maven from the server and module jars
on Maven Central; after the first build ``~/.m2`` holds them and later builds need no network.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
TARGET = HERE / "target"
JAR = TARGET / "opensearch-local-node-1.0.jar"
LIB = TARGET / "lib"
MAIN_CLASS = "org.unsearch.opensearch.LocalNode"
# A cold build (empty ~/.m2) fetches about 80 MB; a warm one takes a few seconds.
BUILD_TIMEOUT = 900


class LauncherError(Exception):
    """The launcher cannot be built or run here (the message says what is missing)."""


def java() -> str | None:
    """Return the ``java`` to run nodes with: ``$JAVA_HOME/bin/java``, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(Path(home) / "bin" / "java", os.X_OK):
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def missing_tools() -> str | None:
    """Say which of Java and Maven is missing (None when both are there)."""
    missing = [name for name, found in (("java (JDK 17)", java()), ("mvn (Maven)", shutil.which("mvn")))
               if not found]
    if not missing:
        return None
    return f"{' and '.join(missing)} not found: install them (Debian: openjdk-17-jdk-headless maven)"


def sources() -> list[Path]:
    """The files the launcher is built from."""
    return [POM, *sorted(p for p in (HERE / "src").rglob("*") if p.is_file())]


def is_built() -> bool:
    """Whether the jar and its class path exist and are newer than every source."""
    if not JAR.is_file() or not any(LIB.glob("opensearch-*.jar")):
        return False
    built = min(JAR.stat().st_mtime, LIB.stat().st_mtime)
    return all(path.stat().st_mtime <= built for path in sources())


def build(timeout: float = BUILD_TIMEOUT, force: bool = False) -> bool:
    """Build the launcher with Maven unless it is up to date; return whether Maven ran.

    Two processes building at once take turns (a lock on the POM), and the second finds the work done.
    """
    reason = missing_tools()
    if reason:
        raise LauncherError(reason)
    with open(POM, "rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_built() and not force:
            return False
        command = ["mvn", "-q", "-B", "-f", str(POM), "clean", "package"]
        try:
            done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            raise LauncherError(f"{' '.join(command)} did not finish in {timeout:.0f} s") from None
        if done.returncode != 0 or not is_built():
            output = (done.stdout + done.stderr).strip().splitlines()
            raise LauncherError(f"{' '.join(command)} failed (exit {done.returncode}):\n"
                                + "\n".join(output[-30:]))
        # Maven keeps the jar's time when nothing changed; touch it so that the check above holds.
        JAR.touch()
        return True


def class_path() -> str:
    """The launcher's class path (build it first)."""
    return os.pathsep.join([str(JAR), str(LIB / "*")])


def command(settings: dict[str, str | int], heap: str) -> list[str]:
    """The command line of one node: ``java`` with a fixed heap, the launcher and its ``-E`` settings."""
    runner = java()
    if runner is None:
        raise LauncherError(missing_tools())
    return [
        runner, f"-Xms{heap}", f"-Xmx{heap}", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8", "-Dlog4j2.disable.jmx=true",
        # The node logs its own close from its shutdown hook: keep log4j open until then.
        "-Dlog4j.shutdownHookEnabled=false",
        "-cp", class_path(), MAIN_CLASS,
        *(f"-E{key}={value}" for key, value in settings.items()),
    ]
