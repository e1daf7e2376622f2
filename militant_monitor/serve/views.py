"""What the pages show, shaped from the library's results (profile, events, graph...).

Nothing here decides a fact: every value comes from ``militant_monitor.query`` or
the store; this module only arranges it into lines, rows, points and links.
All strings stay plain text: the templates escape them.
"""
from __future__ import annotations

import math
import re
import urllib.parse
from collections import defaultdict, deque

from ..model import names
from ..model.registry import locate, place_label
from ..query.profile import GROUP_RELATION_WORDS, _fmt_money, event_line, latest_fate_line
from ..store import Store

MAX_PER_PAGE = 200
LEADER_RELATIONS = ("leader", "founder", "commander")


def q(s: object) -> str:
    """A path segment: every reserved character encoded (ids and names from articles)."""
    return urllib.parse.quote(str(s), safe="")


def evidence_href(doc_id: str, start=None, end=None) -> str:
    if start is not None and end is not None:
        return f"/documents/{q(doc_id)}?start={int(start)}&end={int(end)}#evidence"
    return f"/documents/{q(doc_id)}"


PEOPLE_CSV = ["id", "name", "names", "groups", "roles", "status", "documents"]
GROUPS_CSV = ["id", "name", "names", "people", "leaders", "links", "events", "documents"]


def csv_of(items: list[dict], fields: list[str]) -> str:
    """Rows as CSV: lists joined with '; ', a status as 'state date'; cells that a spreadsheet would
    run as a formula are quoted with a leading apostrophe."""
    import csv
    import io
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(fields)
    for it in items:
        row = []
        for f in fields:
            v = it.get(f)
            if isinstance(v, list):
                v = "; ".join(map(str, v))
            elif isinstance(v, dict):
                v = " ".join(str(x) for x in (v.get("state"), v.get("date")) if x)
            v = "" if v is None else str(v)
            row.append("'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v)
        w.writerow(row)
    return out.getvalue()


def term_patterns(query: str) -> list[str]:
    """One regex per thing a search query asks to find (a word, a phrase, a prefix), case-insensitive."""
    from ..query.search import parse
    out = []
    for t in parse(query).include:
        body = r"\W+".join(re.escape(w) for w in t.words)
        out.append(rf"\b{body}\w*" if t.prefix else rf"\b{body}\b")
    return out


def hit_pattern(query: str):
    """What a document page opened from a search highlights: any of the query's terms, or None."""
    parts = term_patterns(query)
    return re.compile("|".join(parts), re.I) if parts else None


def highlighted(text: str, rx) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_hit) pieces by ``rx``."""
    if rx is None or not text:
        return [(text, False)]
    out, at = [], 0
    for m in rx.finditer(text):
        if m.end() == m.start():
            continue
        out.append((text[at:m.start()], False))
        out.append((m.group(0), True))
        at = m.end()
    out.append((text[at:], False))
    return [p for p in out if p[0]]


def public_document(d: dict) -> dict:
    """A document as the web shows it: the server's file path reduced to the file's name."""
    out = {k: v for k, v in d.items() if k != "source_path"}
    if d.get("source_path"):
        out["source_file"] = d["source_path"].replace("\\", "/").rsplit("/", 1)[-1]
    return out


def partial_of(statements: list[dict]) -> dict | None:
    """What a document's extraction covered when it stopped early (its ``partial`` statement's
    value: reason, extracted_chars, of_chars, skipped stages), or None when its sheet is whole."""
    return next((s["value"] for s in statements if s["prop"] == "partial" and s["entity_id"].startswith("document:")),
                None)


def safe_url(url: str | None) -> str | None:
    """An article's own URL, only when it is plain http(s): never javascript: or data:."""
    if url and re.match(r"^https?://[^\s<>\"']+$", url, re.I):
        return url
    return None


def page_of(items: list, page: int, per_page: int) -> dict:
    """Page ``page`` of ``items``, ``per_page`` a page, with the totals."""
    start = (page - 1) * per_page
    return paged(items[start:start + per_page], len(items), page, per_page)


def paged(items: list, total: int, page: int, per_page: int) -> dict:
    """A page already cut (``items``: page ``page`` of ``total``), with the totals ``page_of`` gives."""
    return {"items": items, "page": page, "per_page": per_page, "total": total,
            "pages": max(1, math.ceil(total / per_page))}


def page_links(base: str, params: dict, page: int, pages: int) -> dict:
    """Previous/next links keeping the other query parameters."""
    keep = {k: v for k, v in params.items() if v not in (None, "") and k != "page"}

    def link(n):
        return base + "?" + urllib.parse.urlencode({**keep, "page": n})
    return {"prev": link(page - 1) if page > 1 else None, "next": link(page + 1) if page < pages else None,
            "page": page, "pages": pages}


def source_label(s: dict) -> str:
    return ", ".join(x for x in (s.get("publisher"), s.get("published")) if x) or s.get("doc_id", "")


# --- the profile: a monitor's brief, each line with links to its evidence ------------------------------

def _vkey(v):
    from ..query.profile import fact_value
    v = fact_value(v)   # a hedged status is the same fact as its plain form, ids beside (profile.collect)
    return repr(v) if not isinstance(v, str) else v.lower()


def brief(store: Store, p: dict) -> dict:
    """The profile of ``query.profile.profile`` as lines of a brief; each line carries refs
    ``{n, href, label}`` that open the evidence highlighted in its article."""
    stmts = store.statements(entity_ids=p["entities"])
    spans: dict = {}
    for s in stmts:
        if s["span_start"] is None:
            continue
        k = (s["prop"], _vkey(s["value"]), s["doc_id"], s.get("citation"))
        spans.setdefault(k, (s["span_start"], s["span_end"]))
    sources = {s["n"]: s for s in p["sources"]}
    event_ids = [e["id"] for e in p["events"]]
    event_spans: dict = {}
    if event_ids:
        for s in store.statements(entity_ids=event_ids):
            if s["span_start"] is None:
                continue
            ek = (s["entity_id"], s["doc_id"])
            if s["prop"] == "evidence" or ek not in event_spans:
                event_spans[ek] = (s["span_start"], s["span_end"])

    def refs(ns, props, value=None, event=None):
        out = []
        for n in ns:
            src = sources.get(n)
            if src is None:
                continue
            span = None
            if event is not None:
                span = event_spans.get((event, src["doc_id"]))
            else:
                for prop in props:
                    span = spans.get((prop, _vkey(value), src["doc_id"], src.get("citing")))
                    if span:
                        break
            out.append({"n": n, "href": evidence_href(src["doc_id"], *(span or (None, None))),
                        "label": source_label(src), "span": span is not None})
        return out

    def items(key, props, fmt):
        return [{"text": ("reportedly " if it.get("hedged") else "") + fmt(it["value"]),
                 "refs": refs(it["sources"], props, it["value"])} for it in p[key]]

    head = []
    summary = []
    if p["roles"]:
        summary.append(", ".join(r["value"] for r in p["roles"][:3]))
        head_refs = [(r["sources"], ("role",), r["value"]) for r in p["roles"][:3]]
    else:
        head_refs = []
    if p["affiliations"]:
        summary.append("of " + " and ".join(dict.fromkeys(a["value"]["group"] for a in p["affiliations"][:3])))
        head_refs += [(a["sources"], ("affiliation",), a["value"]) for a in p["affiliations"][:3]]
    if summary:
        rs, seen = [], set()
        for srcs, props, value in head_refs:
            for r in refs(srcs, props, value):
                if r["n"] not in seen:
                    seen.add(r["n"])
                    rs.append(r)
        head.append({"text": f"{p['name']}: " + " ".join(summary) + ".", "refs": sorted(rs, key=lambda r: r["n"])})
    if p["status"]:
        head.append({"text": latest_fate_line(p["status"][0]["value"], p["status"][0]),
                     "refs": refs(p["status"][0]["sources"], ("status",), p["status"][0]["value"])})
    if p.get("disputed"):
        head.append({"text": "Disputed: " + "; ".join(p["disputed"]) + " (each claim under Status history)", "refs": []})
    if p.get("review"):
        head.append({"text": "Review: this profile may join several people (" + "; ".join(p["review"]) + ")", "refs": []})
    sections = []

    def section(title, lines):
        if lines:
            sections.append({"title": title, "lines": lines})

    section("Names and aliases", items("names", ("name", "alias"), str))
    section("Groups", items("affiliations", ("affiliation",),
                            lambda a: f"{GROUP_RELATION_WORDS.get(a['relation'], a['relation'])} {a['group']}"))
    section("Roles", items("roles", ("role",), str))
    section("Origin", items("origin", ("origin",), str))
    section("Bounties", items("bounties", ("bounty",), _fmt_money))
    section("Wanted by / in", items("wanted_in", ("wanted_in",), str))
    from ..query.status import line as status_line
    section("Status history (oldest first)",
            [{"text": status_line(e), "refs": refs(e["sources"], ("status", "bounty", "wanted_in")),
              "disputed": bool(e["disputed"])} for e in p.get("status_history", [])])
    lines = []
    for e in p["events"]:
        lines.append({"text": event_line(e), "refs": refs(e["sources"], (), event=e["id"])})
    section("Attacks and events attributed", lines)
    groups = []
    for a in p["affiliations"]:
        g = a["value"]["group"]
        if g not in groups:
            groups.append(g)
    return {"head": head, "sections": sections, "groups": groups,
            "others": [n["value"] for n in p["names"] if n["value"] != p["name"]]}


# --- events --------------------------------------------------------------------------------------------

def event_evidence(store: Store, rows: list[dict]) -> dict:
    """(event member id) -> (doc_id, start, end) of its evidence sentence, for a page of rows."""
    ids = [m for r in rows for m in r.get("members", [])]
    out: dict = {}
    if ids:
        for s in store.statements(entity_ids=ids, prop="evidence"):
            if s["span_start"] is not None:
                out.setdefault(s["entity_id"], (s["doc_id"], s["span_start"], s["span_end"]))
    return out


def event_view(r: dict, evidence: dict) -> dict:
    """One row of the events table: display strings and links (the row itself is not changed)."""
    place = r.get("place") or {}
    killed = ""
    if r.get("killed_range") and r["killed_range"][0] != r["killed_range"][1]:
        killed = f"{r['killed_range'][0]}-{r['killed_range'][1]} (latest {r['killed']})"
    elif r.get("killed") is not None:
        killed = str(r["killed"])
    injured = ""
    if r.get("injured_range") and r["injured_range"][0] != r["injured_range"][1]:
        injured = f"{r['injured_range'][0]}-{r['injured_range'][1]}"
    elif r.get("injured") is not None:
        injured = str(r["injured"])
    sources = []
    members = r.get("members") or []
    for i, s in enumerate(r.get("sources") or []):
        ev = None
        for m in members:
            e = evidence.get(m)
            if e and e[0] == s["doc_id"]:
                ev = e
                break
        sources.append({"label": source_label(s), "title": s.get("title") or "",
                        "href": evidence_href(s["doc_id"], *(ev[1:] if ev else (None, None)))})
    return {"id": r["id"], "date": r.get("date") or "", "date_conflict": r.get("date_conflict"),
            "type": (r.get("type") or "").replace("_", " "),
            "where": ", ".join(x for x in (place.get("name"), place.get("district"), place.get("province")) if x),
            "country": place.get("country") or "", "killed": killed, "injured": injured,
            "perpetrators": r.get("perpetrators") or [], "sources": sources, "reports": r.get("reports", 1)}


def event_page_view(r: dict) -> dict:
    """One event and, side by side, what each source says of it: type, day, place, figures, actors,
    with a link to the sentence each report was read from."""
    place = r.get("place") or {}
    reports = []
    for d in r.get("detail") or []:
        p = d.get("place") or {}
        span = d.get("span") or (None, None)
        src = d.get("source") or {}
        reports.append({"label": source_label(src), "title": src.get("title") or "", "id": d.get("id"),
                        "href": evidence_href(src.get("doc_id", ""), *span),
                        "type": (d.get("type") or "").replace("_", " "), "hedged": bool(d.get("hedged")),
                        "date": d.get("date") or "", "killed": d.get("killed"), "injured": d.get("injured"),
                        "where": ", ".join(x for x in (p.get("name"), p.get("district"), p.get("province")) if x),
                        "perpetrators": d.get("perpetrators") or [], "targets": d.get("targets") or [],
                        "evidence": d.get("evidence") or ""})
    differ = {slot: len({str(x[slot]) for x in reports if x[slot] not in (None, "")}) > 1
              for slot in ("type", "date", "killed", "injured", "where")}
    return {"id": r["id"], "type": (r.get("type") or "").replace("_", " "), "date": r.get("date") or "",
            "where": ", ".join(x for x in (place.get("name"), place.get("district"), place.get("province")) if x),
            "country": place.get("country") or "", "killed": r.get("killed"), "killed_range": r.get("killed_range"),
            "injured": r.get("injured"), "actor1": r.get("actor1") or [], "actor2": r.get("actor2") or [],
            "targets": r.get("targets") or [], "hedged": r.get("hedged"), "reports": reports, "differ": differ}


def event_brief(r: dict) -> dict:
    """One event as a line of a list (dashboard, place page, map popup, search): its page, day, kind,
    place, figures and armed side."""
    return {"id": r["id"], "href": "/events/" + q(r["id"]), "date": r.get("date") or "",
            "type": (r.get("type") or "other").replace("_", " "), "where": place_label(r.get("place") or {}),
            "killed": r.get("killed"), "injured": r.get("injured"), "by": ", ".join(r.get("actor1") or [])}


def event_hay(r: dict) -> str:
    """The words a search of events looks in: type, place names, perpetrators and targets."""
    return " ".join([r.get("type") or "", *[str(v) for k, v in (r.get("place") or {}).items()
                                            if k in ("name", "district", "province") and v],
                     *(r.get("perpetrators") or []), *(r.get("targets") or [])])


def place_view(name: str, rows: list[dict], snapshot, origins: list[tuple[str, str]] | None = None) -> dict:
    """A place: its events (newest first), the dead and injured they count, the groups and forces named
    as their actors, the people whose origin names it, and what the gazetteer knows of it."""
    from collections import Counter
    from ..model import registry
    from ..model.names import key
    killed = sum(r.get("killed") or 0 for r in rows)
    injured = sum(r.get("injured") or 0 for r in rows)
    actors: Counter = Counter()
    forces: Counter = Counter()
    types: Counter = Counter()
    for r in rows:
        actors.update(r.get("actor1") or [])
        forces.update(r.get("actor2") or [])
        types[(r.get("type") or "other").replace("_", " ")] += 1
    k = key(name)
    idx = snapshot.people()["by_id"]
    member_of = {m: cid for cid, p in idx.items() for m in p.get("members") or []}
    from_here = {member_of.get(e, e) for e, origin in origins or [] if k and k in key(origin)}
    people = [idx[c] for c in snapshot.people()["order"] if c in from_here][:50]
    gaz = (registry.places_by_name().get(k) or [None])[0]
    events = [event_brief(r) for r in rows]
    return {"name": name, "events": events, "killed": killed, "injured": injured,
            "actors": actors.most_common(15), "forces": forces.most_common(10), "types": types.most_common(),
            "people": people, "gazetteer": {"kind": gaz.kind, "district": gaz.district, "province": gaz.province,
                                            "country": gaz.country, "lat": gaz.lat, "lon": gaz.lon} if gaz else None,
            "map_href": "/map?place=" + urllib.parse.quote(name), "events_href": "/events?place=" + urllib.parse.quote(name)}


# --- map -----------------------------------------------------------------------------------------------

MAP_BOX = {"west": 60.0, "east": 78.0, "south": 23.0, "north": 39.0}   # Pakistan and Afghanistan
MAP_W, MAP_H = 900, 800                                                   # equirectangular: 18 x 16 degrees


def project(lat: float, lon: float) -> tuple[float, float]:
    x = (lon - MAP_BOX["west"]) / (MAP_BOX["east"] - MAP_BOX["west"]) * MAP_W
    y = (MAP_BOX["north"] - lat) / (MAP_BOX["north"] - MAP_BOX["south"]) * MAP_H
    return round(x, 1), round(y, 1)


def _inside(lat, lon) -> bool:
    return MAP_BOX["south"] <= lat <= MAP_BOX["north"] and MAP_BOX["west"] <= lon <= MAP_BOX["east"]


def map_view(rows: list[dict]) -> dict:
    """Events as points (one per place, sized by count) and province centroids as references."""
    from .. import data
    points: dict = {}
    unplaced = 0
    for r in rows:
        loc = locate(r.get("place") or {})
        if loc is None or not _inside(loc[0], loc[1]):
            unplaced += 1
            continue
        lat, lon, name = loc
        p = points.setdefault((round(lat, 2), round(lon, 2)), {"name": name, "lat": lat, "lon": lon, "events": 0,
                                                               "killed": 0, "types": defaultdict(int)})
        p["events"] += 1
        p["killed"] += r.get("killed") or 0
        p["types"][(r.get("type") or "other").replace("_", " ")] += 1
    out = []
    most = max((p["events"] for p in points.values()), default=1)
    for p in points.values():
        x, y = project(p["lat"], p["lon"])
        out.append({**p, "x": x, "y": y, "r": round(3 + 15 * math.sqrt(p["events"] / most), 1),
                    "types": ", ".join(f"{n} {t}" for t, n in sorted(p["types"].items(), key=lambda kv: -kv[1]))})
    out.sort(key=lambda p: -p["events"])
    provinces = []
    for pl in data.places():
        if pl.kind == "province" and pl.lat is not None and _inside(pl.lat, pl.lon):
            x, y = project(pl.lat, pl.lon)
            provinces.append({"name": pl.name, "x": x, "y": y, "country": pl.country})
    grid = {"lons": [{"x": project(MAP_BOX["north"], lon)[0], "label": f"{lon:.0f}°E"}
                     for lon in range(int(MAP_BOX["west"]), int(MAP_BOX["east"]) + 1, 2)],
            "lats": [{"y": project(lat, MAP_BOX["west"])[1], "label": f"{lat:.0f}°N"}
                     for lat in range(int(MAP_BOX["south"]), int(MAP_BOX["north"]) + 1, 2)]}
    return {"points": out, "provinces": provinces, "grid": grid, "width": MAP_W, "height": MAP_H,
            "unplaced": unplaced, "placed": sum(p["events"] for p in out)}


def map_data(rows: list[dict], query: str, briefs: dict | None = None, locations: dict | None = None) -> dict:
    """What the interactive map draws: one point per located place with the events there (newest first,
    each linking to its event page), sized by the dead, and the events with no known location listed
    apart. ``query``: the page's filters, carried by every link so a click keeps them. ``briefs`` and
    ``locations``: event id -> its ``event_brief`` and its ``locate`` when the caller holds them
    (``Snapshot.briefs``, ``Snapshot.locations``)."""
    points: dict = {}
    unplaced = []
    keep = ("&" + query) if query else ""
    briefs = briefs or {}

    def brief(r: dict) -> dict:
        return briefs.get(r["id"]) or event_brief(r)

    for r in rows:
        loc = locations[r["id"]] if locations is not None and r["id"] in locations else locate(r.get("place") or {})
        if loc is None:
            unplaced.append(brief(r))
            continue
        lat, lon, name = loc
        at = (round(lat, 2), round(lon, 2))
        p = points.get(at)
        if p is None:
            p = points[at] = {"name": name or f"{lat:.2f}, {lon:.2f}", "lat": lat, "lon": lon, "killed": 0, "events": [],
                              "href": "/events?place=" + urllib.parse.quote(name or "") + keep}
        p["killed"] += r.get("killed") or 0
        p["events"].append(r)
    out = sorted(points.values(), key=lambda p: -len(p["events"]))
    for p in out:      # a line only for the events a popup lists
        p["count"] = len(p["events"])
        p["events"] = [brief(r) for r in sorted(p["events"], key=lambda r: r.get("date") or "", reverse=True)[:25]]
    return {"points": out, "unplaced": unplaced, "placed": sum(p["count"] for p in out)}


# --- network -------------------------------------------------------------------------------------------

GRAPH_W, GRAPH_H, MAX_NODES = 1000, 700, 120


def graphml_text(g) -> str:
    """The subgraph as GraphML (Gephi, yEd, networkx): node kind and label, link relation."""
    import networkx as nx
    h = nx.Graph() if not g.is_directed() else nx.DiGraph()
    for n, d in g.nodes(data=True):
        h.add_node(str(n), label=str(d.get("label") or n), kind=str(d.get("kind") or "other"))
    for a, b, d in g.edges(data=True):
        h.add_edge(str(a), str(b), relation=str(d.get("relation") or ""))
    return "\n".join(nx.generate_graphml(h))


def graph_json(g) -> dict:
    """The subgraph for /api/graph: each node with its kind and page (the live network adds these when
    a node is expanded, so they open like the rest), each link with its relation."""
    return {"nodes": [{"id": n, "label": d.get("label", n), "kind": d.get("kind"), "start": bool(d.get("start")),
                       "href": node_href(n, d) or ""}
                      for n, d in g.nodes(data=True)],
            "edges": [{"source": a, "target": b, "relation": d.get("relation", "")} for a, b, d in g.edges(data=True)]}


def node_href(n: str, d: dict) -> str | None:
    kind = d.get("kind")
    if kind == "person":
        return f"/people/{q(n)}"
    if kind == "group":
        return f"/groups/{q(d.get('label') or n[6:])}"
    if kind == "event" and n.startswith("E-"):
        return f"/events/{q(n)}"          # the event's page (its reports side by side)
    if kind == "event" and n.count(":") >= 2:
        return f"/documents/{q(n.split(':')[1])}"
    return None


def nearest(sub, limit: int | None):
    """At most ``limit`` nodes of the subgraph, the nearest to its start nodes first (then the best
    linked); ``limit`` None keeps them all."""
    starts = [n for n, d in sub.nodes(data=True) if d.get("start")]
    if limit is None or sub.number_of_nodes() <= limit:
        return sub
    dist = {s: 0 for s in starts}
    dq = deque(starts)
    while dq:
        n = dq.popleft()
        for m in sub.neighbors(n):
            if m not in dist:
                dist[m] = dist[n] + 1
                dq.append(m)
    keep = sorted(sub.nodes, key=lambda n: (dist.get(n, 99), -sub.degree(n), str(n)))[:limit]
    return sub.subgraph(keep)


def network_data(sub, limit: int | None) -> dict:
    """What the live network draws (Cytoscape elements): the nearest ``limit`` nodes, with how many
    were left out, each node's kind and page, each link's relation."""
    total = sub.number_of_nodes()
    shown = nearest(sub, limit)
    nodes = [{"data": {"id": n, "label": d.get("label") or n, "kind": d.get("kind") or "other",
                       "start": bool(d.get("start")), "href": node_href(n, d) or ""}}
             for n, d in shown.nodes(data=True)]
    edges = [{"data": {"id": f"e{i}", "source": a, "target": b, "relation": d.get("relation", "") or "linked"}}
             for i, (a, b, d) in enumerate(shown.edges(data=True))]
    return {"elements": nodes + edges, "total": total, "shown": len(nodes),
            "relations": sorted({e["data"]["relation"] for e in edges}),
            "kinds": sorted({n["data"]["kind"] for n in nodes})}


def graph_view(sub) -> dict:
    """The subgraph laid out (spring layout, fixed seed) for an SVG; at most MAX_NODES nodes,
    the nearest to the start first."""
    import networkx as nx
    total = sub.number_of_nodes()
    sub = nearest(sub, MAX_NODES)
    if sub.number_of_nodes() == 0:
        return {"nodes": [], "edges": [], "total": total, "shown": 0, "width": GRAPH_W, "height": GRAPH_H}
    try:
        pos = nx.spring_layout(sub, seed=7, iterations=80)
    except Exception:  # noqa: BLE001 - no numpy: a circle still shows the links
        pos = nx.circular_layout(sub)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    left, right, top, bottom = 30, 210, 30, 30      # labels run to the right of their node

    def sx(v):
        return round(left + (v - minx) / ((maxx - minx) or 1) * (GRAPH_W - left - right), 1)

    def sy(v):
        return round(top + (v - miny) / ((maxy - miny) or 1) * (GRAPH_H - top - bottom), 1)
    nodes = []
    crowded = sub.number_of_nodes() > 60      # then events keep their label for the tooltip only
    for n, d in sub.nodes(data=True):
        x, y = pos[n]
        label = d.get("label") or n
        shown = not crowded or d.get("start") or d.get("kind") != "event"
        nodes.append({"id": n, "label": label, "kind": d.get("kind") or "other",
                      "start": bool(d.get("start")), "x": sx(x), "y": sy(y), "href": node_href(n, d),
                      "short": _short(label) if shown else ""})
    at = {nd["id"]: nd for nd in nodes}
    edges = [{"x1": at[a]["x"], "y1": at[a]["y"], "x2": at[b]["x"], "y2": at[b]["y"], "relation": d.get("relation", ""),
              "mx": round((at[a]["x"] + at[b]["x"]) / 2, 1), "my": round((at[a]["y"] + at[b]["y"]) / 2, 1)}
             for a, b, d in sub.edges(data=True)]
    return {"nodes": nodes, "edges": edges, "total": total, "shown": len(nodes), "width": GRAPH_W, "height": GRAPH_H,
            "edge_labels": len(edges) <= 60}


def _short(label: str, n: int = 36) -> str:
    return label if len(label) <= n else label[:n - 1] + "\u2026"


# --- people and groups -----------------------------------------------------------------------------------

def find_people(snapshot, query: str | None) -> list[dict]:
    """People of the snapshot whose names contain ``query`` (normalised); all when empty."""
    idx = snapshot.people()
    people = idx["by_id"]
    if not query or not query.strip():
        return [people[k] for k in idx["order"]]
    k = names.key(query)
    if not k:
        return []
    exact, partial = [], []
    for cid in idx["order"]:
        p = people[cid]
        keys = p["search"].split(" | ")
        if k in keys:
            exact.append(p)
        elif k in p["search"]:
            partial.append(p)
    return exact + partial


def person_json(p: dict) -> dict:
    return {k: p[k] for k in ("id", "name", "names", "groups", "roles", "status", "documents", "members")}


def group_summary(g: dict) -> dict:
    leaders = sum(1 for affs in g["people"].values() if any(a["relation"] in LEADER_RELATIONS for a in affs))
    return {"id": g["id"], "key": g["key"], "name": g["name"], "names": g["names"], "registry": g["registry"],
            "people": len(g["people"]), "leaders": leaders, "links": len(g["links"]), "events": g["events"],
            "documents": g["documents"]}


def group_view(snapshot, g: dict, limit: int = 100) -> dict:
    """Leaders first, then other members; links to other groups; each with evidence links."""
    people = snapshot.people()["by_id"]
    leaders: list = []
    members: list = []
    for cid, affs in g["people"].items():
        p = people.get(cid)
        rels = list(dict.fromkeys(a["relation"] for a in affs if a["relation"]))
        refs: list = []
        seen: set = set()
        for a in affs:
            if a["doc_id"] in seen:
                continue
            seen.add(a["doc_id"])
            refs.append({"n": len(refs) + 1, "href": evidence_href(a["doc_id"], a["start"], a["end"]),
                         "label": a["doc_id"], "span": a["start"] is not None})
        item = {"id": cid, "name": p["name"] if p else cid, "relations": rels,
                "words": [GROUP_RELATION_WORDS.get(r, r) for r in rels], "refs": refs[:6], "more": max(0, len(refs) - 6),
                "status": (p or {}).get("status"), "documents": len(seen)}
        (leaders if any(r in LEADER_RELATIONS for r in rels) else members).append(item)
    leaders.sort(key=lambda x: (-x["documents"], x["name"].lower()))
    members.sort(key=lambda x: (-x["documents"], x["name"].lower()))
    links: dict = {}
    by_id = snapshot.groups()["by_id"]
    for ln in g["links"]:
        k = (ln["id"], ln["relation"], ln["direction"])
        other = by_id.get(ln["id"])
        item = links.setdefault(k, {"id": ln["id"], "group": other["name"] if other else ln["id"],
                                    "relation": ln["relation"], "direction": ln["direction"], "refs": []})
        if len(item["refs"]) < 6 and ln["doc_id"] not in {r["doc_id"] for r in item["refs"]}:
            item["refs"].append({"n": len(item["refs"]) + 1, "doc_id": ln["doc_id"],
                                 "href": evidence_href(ln["doc_id"], ln["start"], ln["end"])})
    return {"leaders": leaders[:limit], "leaders_more": max(0, len(leaders) - limit),
            "members": members[:limit], "members_more": max(0, len(members) - limit),
            "links": sorted(links.values(), key=lambda x: (x["relation"] or "", x["group"].lower()))}
