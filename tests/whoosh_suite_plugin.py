"""A pytest plugin that runs Whoosh 2.7.4's own test suite with the product's engine installed.

Loaded with ``python -m pytest -p tests.whoosh_suite_plugin <sdist>/tests``
(:mod:`tests.test_whoosh_suite` does so), it installs the engine as the
product does, with :func:`indexer.engine.speedups.apply`, and has Whoosh's
``SegmentWriter(ix, ...)`` give the writer the product writes its segments
with, :func:`indexer.engine.posting_pool.segment_writer`'s choice: a
:class:`~indexer.engine.posting_pool.PooledSegmentWriter` where that applies.
Everything that makes one (``Index.writer()``, the sub-writers of Whoosh's
multiprocessing writers, tests that make one themselves) gets it, while
``SegmentWriter`` stays the class Whoosh's own code and subclasses name.
"""

from __future__ import annotations

import pytest
from whoosh import writing

from indexer.engine import posting_pool
from indexer.engine import speedups


_POOLED = {"on": False}  # whether SegmentWriter(ix, ...) gives the product's writer where it applies


def _new(cls, ix=None, *args, **kwargs):
    """``SegmentWriter.__new__``: a :class:`PooledSegmentWriter` (initialized by Python as usual) where the product
    would write with one; subclasses of ``SegmentWriter`` are left as they are."""
    if _POOLED["on"] and cls is writing.SegmentWriter and ix is not None and posting_pool.pooled(ix, kwargs):
        cls = posting_pool.PooledSegmentWriter
    return object.__new__(cls)


def pytest_configure(config):
    """Install the engine before Whoosh's tests are collected."""
    if not speedups.apply():
        raise pytest.UsageError("the product's engine does not apply to this Whoosh (it is made for 2.7.4)")
    if not posting_pool.USE:
        raise pytest.UsageError("the product's pooled segment writer does not apply here")
    writing.SegmentWriter.__new__ = staticmethod(_new)
    _POOLED["on"] = True


def pytest_unconfigure(config):
    """Have ``SegmentWriter(ix, ...)`` give Whoosh's writer again (the engine stays: it is installed once)."""
    _POOLED["on"] = False


def pytest_report_header(config):
    """Say what the run has installed."""
    return "whoosh suite plugin: the product's speed-ups and fuzzy look-up, and its pooled segment writer"
