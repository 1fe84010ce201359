"""Learning the lexicon in a forked process while the paragraphs of a build are written.

Writing keeps every core busy for a while; learning the lexicon then takes
seconds more, on the cores the writing leaves free.  The aligned pairs are known before the paragraphs are
written (the documents, their alignment and the order the index will hold them
in, :func:`indexer.storage.crosslang.paragraphs_of`), so a build starts learning from
them at once, in a process of its own, which also gathers the pairs (at
200,000 paragraphs that takes seconds, which the build no longer waits for).
The lexicon it gives is taken only for the very pairs
:func:`indexer.storage.crosslang.write` reads back from the committed index, in the
same order (compared by a digest of their texts); otherwise it is learned
again from those.  Once the paragraphs are committed, the process can also
be given the rest of the lexicon's making (:meth:`Learning.finish`: seeding it
from the dictionary and the glossaries, and saving it), which it does while the
build reads the pairs back on the other core.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import pickle
from collections.abc import Callable

from indexer import workers
from indexer.lexicon.learn import learn, learn_keeping

log = logging.getLogger(__name__)


def fingerprint(beads: list) -> bytes:
    """Return a digest of aligned pairs, their texts in their order."""
    return hashlib.sha256(pickle.dumps([(b.en, b.ru) for b in beads], pickle.HIGHEST_PROTOCOL)).digest()


def _learn(make_beads, procs: int, conn, keeping: bool = True) -> None:
    """Learn from ``make_beads()`` with ``procs`` processes, then wait for the job that finishes the lexicon (or
    none), and send the pickled ``(fingerprint, what the job made of the lexicon, or the lexicon)``; nothing on any
    error."""
    try:
        beads = make_beads()
        lexicon, state = learn_keeping(beads, procs=procs) if keeping else (learn(beads, procs=procs), None)
        log.info("lexicon: learned from %d aligned pairs in %.2f s", len(beads), lexicon.seconds)
        job = conn.recv_bytes()
        if job:
            lexicon = pickle.loads(job)(lexicon, beads, state)
        data = pickle.dumps((fingerprint(beads), lexicon), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - the build learns again in its own process
        log.exception("learning the lexicon early failed; it is learned after writing")
        data = None
    conn.send_bytes(data if data is not None else b"")
    conn.close()


class Learning:
    """A lexicon being learned in a forked process from ``make_beads()`` (:class:`indexer.lexicon.model.Bead`).

    With ``procs`` > 1 it learns in that many (:func:`indexer.lexicon.learn.learn`): once the paragraphs are
    written, the cores that wrote them are free, and the lexicon is the same whatever the number.  Without
    ``keeping``, what an update goes on learning from is not made (the job's ``state`` is None).
    """

    def __init__(self, make_beads: Callable[[], list], procs: int = 1, keeping: bool = True):
        context = multiprocessing.get_context("fork")
        workers.die_with_parent()
        self._conn, theirs = context.Pipe()
        # not a daemon, which may not fork the processes that learn with it; it dies with this one all the same
        self._process = context.Process(target=_learn, args=(make_beads, procs, theirs, keeping),
                                        daemon=False)
        self._process.start()
        theirs.close()
        self._job_sent = False

    def finish(self, job: Callable) -> None:
        """Have the process call ``job(lexicon, beads, state)`` (the learning state) once it has learned; :meth:`take` then gives what it returned.

        ``job`` is pickled (a module's function, or a ``functools.partial`` of one).
        """
        self._send(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))

    def _send(self, job: bytes) -> None:
        if not self._job_sent:
            self._job_sent = True
            try:
                self._conn.send_bytes(job)
            except OSError:  # the process is gone: take finds nothing
                pass

    def take(self, beads: list | None = None):
        """Return the lexicon learned (or what the job given to :meth:`finish` made of it), if it was learned from
        ``beads`` (the same pairs, in order; None: from whatever pairs ``make_beads`` gave); else None."""
        try:
            self._send(b"")
            data = self._conn.recv_bytes()
            if not data:
                return None
            learned_from, made = pickle.loads(data)
            if beads is not None and learned_from != fingerprint(beads):
                log.info("the aligned pairs changed while writing: the lexicon is learned from the index's")
                return None
            return made
        except (EOFError, OSError):
            return None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the learning process, whatever it is doing."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._conn.close()
