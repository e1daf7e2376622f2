"""``geojson``: events with coordinates as RFC 7946 Features of one FeatureCollection.

Each Feature is a Point ``[longitude, latitude]`` (WGS 84, as RFC 7946 requires) with the event's
properties: id, date, type, certainty, place levels, killed/injured (latest report, range),
actors, targets, sources. Events without coordinates are not features: the collection's
``without_coordinates`` says how many were left out (RFC 7946 allows such foreign members).
Written feature by feature as the event rows are read (the count of the others comes last).
"""
from __future__ import annotations

import json
from typing import IO

from ..store import Store
from .common import Selection, no_progress, place_level, source_list


def feature(r: dict) -> dict | None:
    p = r["place"]
    if p.get("lat") is None or p.get("lon") is None:
        return None
    props = {
        "id": r["id"], "date": r.get("date"), "type": r["type"], "certainty": "reportedly" if r.get("hedged") else "stated",
        "place": p.get("name"), "district": p.get("district"), "province": p.get("province"), "country": p.get("country"),
        "precision": place_level(p), "killed": r.get("killed"), "killed_range": r.get("killed_range"),
        "injured": r.get("injured"), "injured_range": r.get("injured_range"), "armed_side": r.get("actor1") or [],
        "state_forces": r.get("actor2") or [], "targets": r.get("targets") or [], "reports": r["reports"],
        "sources": source_list(r), "documents": [s["doc_id"] for s in r["sources"]],
    }
    return {"type": "Feature", "id": r["id"], "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
            "properties": props}


def export(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress) -> int:
    out.write('{"type": "FeatureCollection", "features": [')
    n = left = 0
    for r in (selection or Selection(store)).iter_rows():
        f = feature(r)
        if f is None:
            left += 1
            continue
        out.write(("," if n else "") + "\n" + json.dumps(f, ensure_ascii=False))
        n += 1
        if n % 200 == 0:
            progress(n, None)
    out.write('\n],\n"without_coordinates": %d}\n' % left)     # counted on the way: written last
    progress(n, n)
    return n
