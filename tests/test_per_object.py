"""Values kept per live object: made once, gone with the object, never seen by a newcomer at the same address."""

from __future__ import annotations

import gc
import itertools
import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.errors import QueryError
from indexer.caches.per_object import SWEEP_FROM, PerObject
from indexer.search.query import fields_for, make_parser, parse_query, rewrite
from indexer.engine.schema import build_schema


class Thing:
    pass


def test_made_once_per_object_and_dropped_after_it_went():
    made = itertools.count(1)
    kept = PerObject(lambda thing: next(made))
    things = [Thing() for _ in range(50)]
    assert [kept.get(t) for t in things] == list(range(1, 51))
    assert [kept.get(t) for t in things] == list(range(1, 51)) and next(made) == 51
    del things
    gc.collect()
    newcomers = [Thing() for _ in range(100)]  # the table grows: what the 50 left is swept away
    values = [kept.get(t) for t in newcomers]
    assert sorted(values) == list(range(52, 152)) and [kept.get(t) for t in newcomers] == values
    assert 100 <= len(kept) <= 2 * 100 - 1


def test_threads_never_block_and_keep_little():
    kept = PerObject(lambda thing: [thing.__class__.__name__])  # a value that does not refer to its object
    alive = [Thing() for _ in range(20)]

    def churn():
        for _ in range(2000):
            assert kept.get(Thing()) == ["Thing"] and kept.get(alive[0]) == ["Thing"]

    threads = [threading.Thread(target=churn) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert len(kept) <= 2 * SWEEP_FROM + 4


def test_parsed_queries_are_kept_per_schema():
    first, second = build_schema(), build_schema()
    q = parse_query("незаконный ввоз мигрантов", first)
    assert parse_query("незаконный ввоз мигрантов", first) is q
    assert parse_query("незаконный ввоз мигрантов", second) is not q
    assert parse_query("незаконный ввоз мигрантов", second) == q
    assert parse_query("незаконный ввоз мигрантов", first, "ru") != q
    assert parse_query("незаконный ввоз мигрантов", first, normalize=False) is not q


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from([
    "мигрантов", "smuggling", "OR", "NOT", "-firearms", '"ввоз мигрантов"', "migra*", "smugling~", "=мигрантов",
    "year:[2010 TO 2012]", "lang:ru", "(a", "b)", "государства-члены", "2012", "и", "the", "symbol:A/70/*", "x^2",
]), max_size=6))
def test_a_kept_query_is_the_one_whoosh_parses(words):
    text = " ".join(words)
    schema = build_schema()
    for lang in ("any", "en", "ru"):
        for normalize in (False, True):
            try:
                direct = make_parser(schema, fields_for(lang)).parse(rewrite(text), normalize=normalize)
            except Exception:  # unbalanced or otherwise odd: the message is tested elsewhere
                continue
            try:
                kept = parse_query(text, schema, lang, normalize)
            except QueryError:  # refused before Whoosh sees it (an unclosed parenthesis …)
                continue
            assert repr(kept) == repr(direct)  # (Whoosh finds an empty OR unequal to itself)


def test_the_parser_kept_for_a_schema_does_not_keep_it():
    import weakref

    schema = build_schema()
    parse_query("незаконный ввоз мигрантов OR smuggling", schema)
    gone = weakref.ref(schema)
    del schema
    gc.collect()
    assert gone() is None


def test_threads_share_a_schema_s_parsers():
    from concurrent.futures import ThreadPoolExecutor

    schema = build_schema()
    texts = [f'"ввоз мигрантов" OR smuggling{n} -firearms year:[2010 TO 20{n % 20 + 10}] мигрант{n}*'
             for n in range(200)]
    direct = [repr(make_parser(schema, fields_for("any")).parse(rewrite(t), normalize=False)) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        kept = list(pool.map(lambda t: repr(parse_query(t, schema, "any", normalize=False)), texts))
    assert kept == direct


def test_a_sweep_survives_a_collection_that_adds_to_the_table_midway():
    """Listing the kept items makes objects; a collection they start may run finalizers that add to the table."""
    table = PerObject(lambda thing: 0)
    alive = [Thing() for _ in range(40)]
    for thing in alive:
        table.get(thing)
    added = []

    class Adds:  # garbage in a cycle, which only a collection frees: going, it adds to the table and leaves another
        def __del__(self):
            if len(added) < 200:
                added.append(Thing())
                table.get(added[-1])
                _cycle()

    def _cycle():
        a, b = Adds(), Adds()
        a.other, b.other = b, a

    before = gc.get_threshold()
    gc.collect()
    _cycle()
    gc.set_threshold(1)  # a collection at each object made while the table is walked
    try:
        table._sweep()
    finally:
        gc.set_threshold(*before)
    assert len(added) > 2 and all(table.get(thing) == 0 for thing in alive)


def test_a_table_swept_from_one_keeps_nothing_for_objects_gone_when_it_makes_another():
    """Large values made once per generation (a generation's link table): what went is dropped at the next making."""
    table = PerObject(lambda thing: [0] * 1000, sweep_from=1)
    kept = Thing()
    table.get(kept)
    for _ in range(5):
        table.get(Thing())  # gone at once
        gc.collect()
    assert len(table) <= 2 and table.get(kept) == [0] * 1000
