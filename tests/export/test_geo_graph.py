"""geojson validated by the geojson library (RFC 7946); graphml read back with networkx."""
from __future__ import annotations

import json

import networkx as nx
import pytest


def test_geojson_is_valid_rfc7946(kb, mmon):
    geojson = pytest.importorskip("geojson")
    code, stdout, err = mmon("export", "-f", "geojson", "--db", kb)
    assert code == 0, err
    fc = geojson.loads(stdout)
    assert isinstance(fc, geojson.FeatureCollection) and fc.is_valid, fc.errors()
    raw = json.loads(stdout)
    _, events, _ = mmon("events", "--db", kb, "-f", "jsonl")
    n_events = len(events.splitlines())
    assert raw["features"] and len(raw["features"]) + raw["without_coordinates"] == n_events
    for f in raw["features"]:
        assert geojson.Feature(**f).is_valid
        lon, lat = f["geometry"]["coordinates"]
        assert 60 < lon < 80 and 20 < lat < 40          # Pakistan and Afghanistan, lon first (RFC 7946)
        assert f["properties"]["sources"] and f["properties"]["type"]
    jandola = [f for f in raw["features"] if f["properties"]["place"] == "Jandola"][0]
    assert jandola["properties"]["killed"] == 3 and jandola["properties"]["armed_side"] == ["Rahmatullah Mehsud"]


def test_geojson_filtered(kb, mmon):
    code, stdout, _ = mmon("export", "-f", "geojson", "--db", kb, "--min-killed", "3")
    assert code == 0
    assert all((f["properties"]["killed_range"] or [0, 0])[1] >= 3 for f in json.loads(stdout)["features"])


def test_graphml_reads_back(kb, mmon, tmp_path):
    out = tmp_path / "kb.graphml"
    code, _, err = mmon("export", "-f", "graphml", "--db", kb, "-o", str(out))
    assert code == 0, err
    g = nx.read_graphml(out)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"person", "group", "event"} <= kinds
    assert any(d.get("label") == "Tehreek-i-Taliban Pakistan" for _, d in g.nodes(data=True))
    assert g.number_of_edges() > 0 and all("relation" in d for *_, d in g.edges(data=True))
    sub = tmp_path / "around.graphml"
    code, _, err = mmon("export", "-f", "graphml", "--db", kb, "--around", "Shamsheer", "-o", str(sub))
    assert code == 0, err
    h = nx.read_graphml(sub)
    assert 0 < h.number_of_nodes() < g.number_of_nodes() and set(h.nodes) <= set(g.nodes)
    assert any(d.get("start") == "True" for _, d in h.nodes(data=True))


def test_graphml_errors_are_one_line(kb, mmon):
    code, _, err = mmon("export", "-f", "graphml", "--db", kb, "--around", "Nobody Atall")
    assert code == 1 and len(err.strip().splitlines()) == 1
    code, _, err = mmon("export", "-f", "geojson", "--db", kb, "--around", "Shamsheer")
    assert code == 2 and "--around" in err
