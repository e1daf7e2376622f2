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
