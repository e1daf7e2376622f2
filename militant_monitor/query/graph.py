"""Networks: people, groups and events around an entity, as GraphML and a self-contained HTML view."""
from __future__ import annotations

import html
import json
from collections import deque

import networkx as nx

from ..model.names import key as name_key
from ..resolve.matching import group_key
from ..store import Store
from .events import event_table


def build(store: Store, events: list[dict] | None = None) -> nx.Graph:
    """The whole knowledge base as a graph: resolved people, groups (by registry key), events.
    ``events``: ``events.all_rows(store)`` when the caller already holds it."""
    from sqlalchemy import select

    from ..store import schema
    with store.engine.connect() as c:      # the resolution map, read once (not a query per statement)
        canon: dict = {r.entity_id: r.canonical_id for r in c.execute(select(schema.resolved.c.entity_id, schema.resolved.c.canonical_id))}

    def canonical_of(_store, entity_id):   # as resolver.canonical_of
        return canon.get(entity_id, entity_id)
    g = nx.Graph()
    persons: dict = {}
    group_names: dict = {}
    for s in _statements(store, ("name",)):
        if s["entity_type"] == "group":
            group_names.setdefault(s["entity_id"], s["value"])
        if s["entity_type"] == "person":
            cid = canonical_of(store, s["entity_id"])
            persons.setdefault(cid, s["value"])
            g.add_node(cid, kind="person", label=persons[cid])
        elif s["entity_type"] == "group":
            k = "group:" + group_key(s["value"])
            if k not in g:
                g.add_node(k, kind="group", label=s["value"])
    name_to_node = {}
    for s in _statements(store, ("name", "alias", "affiliation", "link")):
        if s["entity_type"] == "person" and s["prop"] in ("name", "alias"):
            name_to_node[name_key(s["value"])] = canonical_of(store, s["entity_id"])
        if s["entity_type"] == "person" and s["prop"] == "affiliation":
            p = canonical_of(store, s["entity_id"])
            k = "group:" + group_key(s["value"]["group"])
            if k not in g:
                g.add_node(k, kind="group", label=s["value"]["group"])
            g.add_edge(p, k, relation=s["value"]["relation"])
        if s["entity_type"] == "group" and s["prop"] == "link":
            a = "group:" + group_key(group_names.get(s["entity_id"]) or s["entity_id"].split(":")[-1])
            b = "group:" + group_key(s["value"]["group"])
            for n, label in ((a, None), (b, s["value"]["group"])):
                if n not in g:
                    g.add_node(n, kind="group", label=label or n[6:])
            if a != b:
                g.add_edge(a, b, relation=s["value"]["relation"])
    for r in event_table(store, rows=events):
        eid = r["id"]
        where = r["place"].get("name") or r["place"].get("district") or ""
        g.add_node(eid, kind="event", label=f"{r['type'].replace('_', ' ')} {r.get('date') or ''} {where}".strip())
        for p in r["perpetrators"]:
            node = name_to_node.get(name_key(p))
            if node is None and ("group:" + group_key(p)) in g:
                node = "group:" + group_key(p)
            if node is not None:
                g.add_edge(node, eid, relation="perpetrator")
    return g


def _statements(store: Store, props: tuple[str, ...]):
    """The statements of ``props`` one at a time, in the store's order (doc, span): read as they
    come, so that building the graph never holds every statement of the store."""
    import json

    from sqlalchemy import select

    from ..store import schema
    st = schema.statements.c
    q = (select(st.entity_id, st.entity_type, st.prop, st.value).where(st.prop.in_(props))
         .order_by(st.doc_id, st.span_start))
    with store.engine.connect() as c:
        for r in c.execution_options(stream_results=True, yield_per=1000).execute(q):
            yield {"entity_id": r.entity_id, "entity_type": r.entity_type, "prop": r.prop, "value": json.loads(r.value)}


def _group_name(store: Store, entity_id: str) -> str:
    for s in store.statements(entity_ids=[entity_id], prop="name"):
        return s["value"]
    return entity_id.split(":")[-1]


def around(store: Store, name: str, depth: int = 1, g: nx.Graph | None = None) -> nx.Graph:
    """The part of the graph within ``depth`` steps of the person or group named.
    ``g``: the whole graph (``build(store)``) when the caller already holds it."""
    from ..resolve.resolver import canonical_of
    from .profile import is_id
    g = build(store) if g is None else g
    starts = set()
    if is_id(name):                          # a person's id (minted, retired by a merge, or a mention's)
        cid = canonical_of(store, name)
        if cid in g:
            starts.add(cid)
    # an id found is no name: never the look-up of every spelling of every name stored
    for e in ([] if starts else store.entities_named(name)):
        node = canonical_of(store, e) if e.startswith("person:") else "group:" + group_key(name)
        if node in g:
            starts.add(node)
    k = "group:" + group_key(name)
    if k in g:
        starts.add(k)
    if not starts:
        return nx.Graph()
    seen = {s: 0 for s in starts}
    q = deque(starts)
    while q:
        n = q.popleft()
        if seen[n] >= depth:
            continue
        for m in g.neighbors(n):
            if m not in seen:
                seen[m] = seen[n] + 1
                q.append(m)
    sub = g.subgraph(seen).copy()
    for s in starts:
        sub.nodes[s]["start"] = True
    return sub


def write_graphml(g: nx.Graph, path: str) -> None:
    h = nx.Graph()
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: str(v) for k, v in d.items()})
    for a, b, d in g.edges(data=True):
        h.add_edge(a, b, **{k: str(v) for k, v in d.items()})
    nx.write_graphml(h, path)


def to_html(g: nx.Graph, title: str) -> str:
    """One HTML file, no network: nodes and edges drawn on a canvas with a small force layout.
    All labels come from articles, so they are inserted as text, never as markup."""
    data = {"nodes": [{"id": n, "label": d.get("label", n), "kind": d.get("kind"), "start": bool(d.get("start"))}
                      for n, d in g.nodes(data=True)],
            "edges": [{"a": a, "b": b, "relation": d.get("relation", "")} for a, b, d in g.edges(data=True)]}
    payload = json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    title_js = json.dumps(title).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<style>body{{font-family:sans-serif;margin:0}} header{{padding:8px 12px;background:#223;color:#fff}}
canvas{{display:block}} .legend span{{margin-right:12px}}</style></head>
<body><header><strong id="title"></strong> <span class="legend"><span style="color:#e55">&#9679; person</span>
<span style="color:#58c">&#9679; group</span><span style="color:#999">&#9679; event</span></span></header>
<canvas id="c" width="1100" height="750"></canvas>
<script>
const data = {payload};
document.getElementById('title').textContent = {title_js};
const W = 1100, H = 750, cv = document.getElementById('c'), ctx = cv.getContext('2d');
const idx = {{}}; data.nodes.forEach((n, i) => {{ idx[n.id] = i; n.x = W/2 + 300*Math.cos(i); n.y = H/2 + 250*Math.sin(i*1.7); n.vx = 0; n.vy = 0; }});
for (let it = 0; it < 400; it++) {{
  for (const a of data.nodes) for (const b of data.nodes) if (a !== b) {{
    let dx = a.x - b.x, dy = a.y - b.y, d2 = dx*dx + dy*dy + 0.01; let f = 2000 / d2; a.vx += f*dx; a.vy += f*dy; }}
  for (const e of data.edges) {{ const a = data.nodes[idx[e.a]], b = data.nodes[idx[e.b]];
    let dx = b.x - a.x, dy = b.y - a.y; a.vx += dx*0.01; a.vy += dy*0.01; b.vx -= dx*0.01; b.vy -= dy*0.01; }}
  for (const n of data.nodes) {{ n.vx += (W/2 - n.x)*0.002; n.vy += (H/2 - n.y)*0.002;
    n.x = Math.max(20, Math.min(W-20, n.x + n.vx*0.5)); n.y = Math.max(20, Math.min(H-20, n.y + n.vy*0.5)); n.vx *= 0.5; n.vy *= 0.5; }}
}}
ctx.font = '12px sans-serif';
for (const e of data.edges) {{ const a = data.nodes[idx[e.a]], b = data.nodes[idx[e.b]];
  ctx.strokeStyle = '#bbb'; ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke();
  ctx.fillStyle = '#888'; ctx.fillText(e.relation, (a.x+b.x)/2, (a.y+b.y)/2); }}
for (const n of data.nodes) {{ ctx.fillStyle = n.kind === 'person' ? '#e55' : n.kind === 'group' ? '#58c' : '#999';
  ctx.beginPath(); ctx.arc(n.x, n.y, n.start ? 9 : 6, 0, 7); ctx.fill(); ctx.fillStyle = '#000'; ctx.fillText(n.label, n.x + 9, n.y + 4); }}
</script></body></html>
"""
