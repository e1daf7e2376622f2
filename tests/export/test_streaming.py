"""Every format writes as it reads: many small writes, one per record or so, never one whole
string at the end; progress reaches the count written."""
from __future__ import annotations

import io
import json

import pytest

from militant_monitor.export import FORMATS, exporter
from militant_monitor.export.common import Selection
from militant_monitor.store import Store


class Recorder(io.StringIO):
    """A file that counts its writes and the largest one."""

    def __init__(self):
        super().__init__()
        self.writes = 0
        self.largest = 0

    def write(self, s):
        self.writes += 1
        self.largest = max(self.largest, len(s))
        return super().write(s)


@pytest.mark.parametrize("fmt", FORMATS)
def test_formats_write_record_by_record(kb, fmt):
    pytest.importorskip("followthemoney" if fmt.startswith("ftm") else "stix2" if fmt == "stix" else "yaml")
    store = Store(kb, create=False)
    try:
        out, seen = Recorder(), []
        n = exporter(fmt)(store, out, Selection(store), lambda done, total=None: seen.append((done, total)))
    finally:
        store.close()
    text = out.getvalue()
    assert n >= 3 and out.writes >= n                        # a write per record at least
    assert out.largest < len(text) / 2                       # no write holds the whole export
    assert seen and seen[-1][0] == n                          # progress ends at the count written
    if fmt in ("stix", "geojson"):
        doc = json.loads(text)                                # one JSON document, written piece by piece
        assert len(doc["objects" if fmt == "stix" else "features"]) == n


def test_graphml_text_is_escaped_xml():
    """Names come from articles: markup and control characters never break the GraphML."""
    import xml.etree.ElementTree as ET

    from militant_monitor.export.graphml import _attr, _text
    name = 'Abu "X" <b>&\x01 Khan'
    el = ET.fromstring(f"<node id={_attr(name)}><data>{_text(name)}</data></node>")
    assert el.get("id") == el.find("data").text == 'Abu "X" <b>& Khan'


FILTERS = [{}, {"type": "bombing"}, {"type": "attack"}, {"group": "Tehreek-i-Taliban Pakistan"}, {"place": "Tank"},
           {"since": "2024-03"}, {"until": "2024-02"}, {"min_killed": 3}, {"person": "Shamsheer"},
           {"place": "Pakistan", "since": "2024"}]


@pytest.mark.parametrize("batch", [1, 3, 200])
def test_rows_read_in_batches_are_the_event_table(kb, batch):
    """The exports read the events a batch of stored clusters at a time (query.events.iter_rows):
    the same rows as the whole table (event_table), in its order, for every filter, and exactly
    the reverse when asked oldest first."""
    from militant_monitor.query.events import event_table, iter_rows, parse_filters
    store = Store(kb, create=False)
    try:
        for f in FILTERS:
            filters = parse_filters(**f)
            table = event_table(store, filters)
            assert list(iter_rows(store, filters, batch=batch)) == table, f
            assert list(iter_rows(store, filters, batch=batch, oldest_first=True)) == table[::-1], f
        assert len(event_table(store)) >= 5
    finally:
        store.close()


def test_sql_selection_equals_filtering_every_row(kb):
    """The events ``select_events`` picks in SQL (stored rows) are those the row filter keeps
    among every event, in the same order, for each filter; the oldest-first order is its reverse."""
    from militant_monitor.query.events import all_rows, event_table, parse_filters, select_events
    store = Store(kb, create=False)
    try:
        every = all_rows(store)
        places = {v for r in every for k, v in r["place"].items() if k in ("name", "district", "province", "country") and v}
        dates = sorted(r["date"] for r in every if r.get("date"))
        cases = [{}, {"type": "attack"}, {"type": "bombing"}, {"group": "Tehreek-i-Taliban Pakistan"},
                 {"since": dates[len(dates) // 2]}, {"until": dates[len(dates) // 2][:7]}, {"min_killed": 2},
                 {"place": "Pakistan"}, *({"place": p} for p in sorted(places)[:4])]
        for case in cases:
            f = parse_filters(**case)
            want = [r["id"] for r in event_table(store, f, rows=every)]
            ids, total = select_events(store, f)
            assert ids == want and total == len(want), case
            assert select_events(store, f, oldest_first=True)[0] == want[::-1], case
        assert any(select_events(store, parse_filters(**c))[1] for c in cases[1:])   # the filters select something
    finally:
        store.close()
