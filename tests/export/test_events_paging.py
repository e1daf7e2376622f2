"""``mmon events --limit/--offset`` and ``query.events.page``: a page of the event table, in its
order, built without the rows of every matching event; pages put together give the whole table."""
from __future__ import annotations

import json

import pytest

from militant_monitor.query.events import event_table, page, parse_filters
from militant_monitor.store import Store

FILTERS = [{}, {"type": "attack"}, {"group": "Tehreek-i-Taliban Pakistan"}, {"since": "2024-03"}, {"min_killed": 3}]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "all")
def test_events_pages_put_together_are_the_table(kb, filters):
    store = Store(kb, create=False)
    try:
        f = parse_filters(**filters)
        whole = event_table(store, f)
        got, offset = [], 0
        while True:
            rows, total = page(store, f, offset, 2)
            assert len(rows) <= 2 and total == len(whole)
            got += rows
            offset += len(rows)
            if offset >= total:
                break
            assert len(rows) == 2                      # a page is short only when it is the last
        assert [r["id"] for r in got] == [r["id"] for r in whole]
        assert got == whole
        assert page(store, f, len(whole), 5) == ([], len(whole))
    finally:
        store.close()


def test_events_cli_pages_and_says_where_the_next_page_starts(kb, mmon):
    code, out, _ = mmon("events", "--db", kb, "-f", "jsonl")
    every = [json.loads(line)["id"] for line in out.splitlines()]
    assert code == 0 and len(every) >= 3
    code, out, _ = mmon("events", "--db", kb, "-f", "jsonl", "--limit", "2", "--offset", "1")
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == every[1:3]
    code, out, _ = mmon("events", "--db", kb, "--limit", "2")
    assert code == 0 and f"events 1-2 of {len(every)}; more with --offset 2" in out
    code, out, _ = mmon("events", "--db", kb, "--limit", "2", "--offset", str(len(every) - 1))
    assert code == 0 and f"events {len(every)}-{len(every)} of {len(every)}" in out and "more with" not in out
    code, out, _ = mmon("events", "--db", kb, "--offset", str(len(every)))
    assert code == 0 and f"no event after the first {len(every)}" in out
