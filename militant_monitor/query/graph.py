"""Networks: people, groups and events around an entity, as GraphML and a self-contained HTML view."""
from __future__ import annotations

import html
import json
from collections import deque

import networkx as nx

from ..model import relations
from ..store import Store
from .events import event_table


def build(store: Store, events: list[dict] | None = None) -> nx.Graph:
    """The whole knowledge base as a graph: resolved people, groups and events, each node its
    canonical id, each edge between the ids the relation statements point at (``model.relations``).
    ``events``: ``events.all_rows(store)`` when the caller already holds it."""
    from sqlalchemy import select

    from ..store import schema
    from .actors import actor_refs
    with store.engine.connect() as c:      # the resolution map, read once (not a query per statement)
        canon: dict = {r.entity_id: r.canonical_id for r in c.execute(select(schema.resolved.c.entity_id, schema.resolved.c.canonical_id))}

    def canonical_of(entity_id):   # as resolver.canonical_of
        return canon.get(entity_id, entity_id)
    g = nx.Graph()
    for s in _statements(store, ("name",)):
        if s["entity_type"] in ("person", "group"):
            node = canonical_of(s["entity_id"])
            if node not in g:
                g.add_node(node, kind=s["entity_type"], label=s["value"])
    for s in _statements(store, ("affiliation", "link")):
        if s["prop"] == "affiliation" and s["entity_type"] != "person" or s["prop"] == "link" and s["entity_type"] != "group":
            continue
        ref = relations.group_ref(s["value"], s["doc_id"])
        if ref is None:
            continue
        a, b = canonical_of(s["entity_id"]), canonical_of(ref)
        for n, label in ((a, None), (b, s["value"]["group"])):
            if n not in g:
                g.add_node(n, kind=s["entity_type"] if label is None else "group", label=label or n)
        if a != b:
            g.add_edge(a, b, relation=s["value"]["relation"])
    rows = event_table(store, rows=events)
    refs = actor_refs(store)
    for r in rows:
        eid = r["id"]
        where = r["place"].get("name") or r["place"].get("district") or ""
        g.add_node(eid, kind="event", label=f"{r['type'].replace('_', ' ')} {r.get('date') or ''} {where}".strip())
        for node in sorted({canonical_of(i) for m in r["members"] for i in refs.get(m, ())}):
            if node in g and g.nodes[node].get("kind") in ("person", "group"):
                g.add_edge(node, eid, relation="perpetrator")
    return g


def _statements(store: Store, props: tuple[str, ...]):
    """The statements of ``props`` one at a time, in the store's order (doc, span): read as they
    come, so that building the graph never holds every statement of the store."""
    import json

    from sqlalchemy import select

    from ..store import schema
    st = schema.statements.c
    q = (select(st.entity_id, st.entity_type, st.prop, st.value, st.doc_id).where(st.prop.in_(props))
         .order_by(st.doc_id, st.span_start))
    with store.engine.connect() as c:
        for r in c.execution_options(stream_results=True, yield_per=1000).execute(q):
            yield {"entity_id": r.entity_id, "entity_type": r.entity_type, "prop": r.prop, "value": json.loads(r.value),
                   "doc_id": r.doc_id}


def around(store: Store, name: str, depth: int = 1, g: nx.Graph | None = None) -> nx.Graph:
    """The part of the graph within ``depth`` steps of the person or group named (by id: a name
    that fits several people is :class:`~.profile.Ambiguous`, never a mix of them).
    ``g``: the whole graph (``build(store)``) when the caller already holds it; without it only
    the neighbourhood is read from the store (:func:`neighbourhood`), the same graph."""
    from .actors import group_entities, person_entities
    from .profile import Ambiguous
    people = person_entities(store, name)
    try:
        groups = group_entities(store, name)
    except Ambiguous:
        if not people:
            raise
        groups = set()
    candidates = _canonicals(store, people | groups)
    if g is None:
        return neighbourhood(store, candidates, depth)
    starts = {node for node in candidates if node in g}
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


def _canonicals(store: Store, entity_ids) -> set[str]:
    """``{resolver.canonical_of(store, e) for e in entity_ids}``, the members' rows of ``resolved``
    read at once (a person's name stands for every member id of that person)."""
    from sqlalchemy import select

    from ..resolve.resolver import canonical_of
    from ..store import schema
    from ..store.synced import chunks
    r = schema.resolved.c
    todo = {(e or "").strip() for e in entity_ids}
    out: set[str] = set()
    with store.engine.connect() as c:
        for part in chunks(sorted(todo)):
            for row in c.execute(select(r.entity_id, r.canonical_id).where(r.entity_id.in_(part))):
                out.add(row.canonical_id)
                todo.discard(row.entity_id)
    return out | {canonical_of(store, e) for e in todo}     # minted, retired, registry ids: one at a time


def neighbourhood(store: Store, starts, depth: int = 1) -> nx.Graph:
    """The subgraph of :func:`build`'s graph within ``depth`` steps of the nodes ``starts``
    (canonical ids; those that are no node of that graph are left out), read from the store
    around them alone: the statements of their members (by entity id), the relations and event
    reports that point at them (``relation_refs``, by id), the reports of their events (by event
    id). Its work follows the neighbourhood, not the store."""
    from ..resolve import event_clusters
    event_clusters.update(store)            # as build's event rows bring the clusters up to date
    with store.engine.connect() as c:
        return _Neighbourhood(store, c).graph(set(starts), depth)


class _Neighbourhood:
    """Indexed reads of the parts of :func:`build`'s graph that touch given nodes."""

    def __init__(self, store: Store, conn):
        self.store, self.c = store, conn
        self.pg = conn.dialect.name == "postgresql"
        self._canon: dict[str, str] = {}
        self._members: dict[str, set[str]] = {}
        self._info: dict[str, tuple | None] = {}
        self.relations: dict[str, dict] = {}      # affiliation/link statement id -> its edge
        self._subject_read: set[str] = set()
        self._objects_read: set[str] = set()
        self._event_refs: dict[str, set[str]] = {}
        self._report_of: dict[str, str] = {}
        self._reports_read: set[str] = set()

    # -- the resolution map, as build reads it (the ``resolved`` table; an id not in it is its own)
    def canon(self, ids) -> dict[str, str]:
        from sqlalchemy import select

        from ..store import schema
        from ..store.synced import chunks
        r = schema.resolved.c
        todo = sorted({i for i in ids if i not in self._canon})
        for part in chunks(todo):
            for row in self.c.execute(select(r.entity_id, r.canonical_id).where(r.entity_id.in_(part))):
                self._canon[row.entity_id] = row.canonical_id
        for i in todo:
            self._canon.setdefault(i, i)
        return {i: self._canon[i] for i in ids}

    def members(self, nodes) -> dict[str, set[str]]:
        """Canonical id -> every entity id ``canon`` maps to it (one read: the rows mapping to
        each node, and each node's own row)."""
        from sqlalchemy import or_, select

        from ..store import schema
        from ..store.synced import chunks
        r = schema.resolved.c
        todo = sorted({n for n in nodes if n not in self._members})
        found: dict[str, set[str]] = {n: set() for n in todo}
        for part in chunks(todo, 250):
            q = select(r.entity_id, r.canonical_id).where(or_(r.canonical_id.in_(part), r.entity_id.in_(part)))
            for row in self.c.execute(q):
                if row.canonical_id in found:
                    found[row.canonical_id].add(row.entity_id)
                self._canon[row.entity_id] = row.canonical_id
        for n in todo:
            self._canon.setdefault(n, n)
            self._members[n] = found[n] | ({n} if self._canon[n] == n else set())
        return {n: self._members[n] for n in nodes}

    def order(self, s: dict) -> tuple:
        """Where a statement comes in build's reads (ORDER BY doc_id, span_start: NULL first on
        SQLite, last on PostgreSQL)."""
        span = s["span_start"]
        return (s["doc_id"], (span is None) != (not self.pg), span or 0, s["id"])

    def _statements(self, where) -> list[dict]:
        from sqlalchemy import select

        from ..store import schema
        st = schema.statements.c
        q = select(st.id, st.entity_id, st.entity_type, st.prop, st.value, st.doc_id, st.span_start).where(where)
        return [{"id": r.id, "entity_id": r.entity_id, "entity_type": r.entity_type, "prop": r.prop,
                 "value": json.loads(r.value), "doc_id": r.doc_id, "span_start": r.span_start} for r in self.c.execute(q)]

    def _relation(self, s: dict) -> dict | None:
        """A statement as build's edge loop sees it: (a, b) canonical, or None when it skips it."""
        if s["prop"] == "affiliation" and s["entity_type"] != "person" or s["prop"] == "link" and s["entity_type"] != "group":
            return None
        ref = relations.group_ref(s["value"], s["doc_id"])
        if ref is None:
            return None
        ids = self.canon([s["entity_id"], ref])
        return {**s, "a": ids[s["entity_id"]], "b": ids[ref]}

    def subject_relations(self, nodes) -> None:
        """The affiliation and link statements whose subject is a member of ``nodes``."""
        from ..store import schema
        from ..store.synced import chunks
        st = schema.statements.c
        todo = [n for n in nodes if n not in self._subject_read]
        self._subject_read.update(todo)
        ids = sorted({m for ms in self.members(todo).values() for m in ms})
        for part in chunks(ids):
            for s in self._statements(st.entity_id.in_(part) & st.prop.in_(("affiliation", "link"))):
                rel = self._relation(s)
                if rel is not None:
                    self.relations[s["id"]] = rel

    def object_relations(self, nodes) -> None:
        """The affiliation and link statements that point at a member of ``nodes``."""
        from sqlalchemy import select

        from ..store import schema
        from ..store.synced import chunks
        rr, st = schema.relation_refs.c, schema.statements.c
        todo = [n for n in nodes if n not in self._objects_read]
        self._objects_read.update(todo)
        ids = sorted({m for ms in self.members(todo).values() for m in ms})
        found: set[str] = set()
        for part in chunks(ids):
            found.update(r.statement_id for r in self.c.execute(
                select(rr.statement_id).where(rr.ref_id.in_(part), rr.prop.in_(("affiliation", "link")))))
        for part in chunks(sorted(found - set(self.relations))):
            for s in self._statements(st.id.in_(part)):
                rel = self._relation(s)
                if rel is not None:
                    self.relations[s["id"]] = rel

    def _first_names(self, entity_ids) -> list[dict]:
        """The first name statement of each of ``entity_ids`` (person or group) in store order,
        picked by the database (a group of the registry is named in a document of every ten)."""
        from sqlalchemy import func, select

        from ..store import schema
        st = schema.statements.c
        rank = func.row_number().over(partition_by=st.entity_id, order_by=(st.doc_id, st.span_start, st.id)).label("k")
        inner = (select(st.id, rank).where(st.entity_id.in_(entity_ids), st.prop == "name",
                                            st.entity_type.in_(("person", "group"))).subquery())
        firsts = [r.id for r in self.c.execute(select(inner.c.id).where(inner.c.k == 1))]
        return self._statements(st.id.in_(firsts)) if firsts else []

    def info(self, nodes) -> dict[str, tuple | None]:
        """Node -> (kind, label) as build gives it (the first name statement of a member in store
        order; else the first affiliation or link naming it), None for an id that is no node."""
        from ..store.synced import chunks
        todo = [n for n in nodes if n not in self._info]
        if todo:
            ms = self.members(todo)
            owner = {m: n for n, mm in ms.items() for m in mm}
            first: dict[str, dict] = {}
            for part in chunks(sorted(owner)):
                for s in self._first_names(part):
                    n = owner[s["entity_id"]]
                    if n not in first or self.order(s) < self.order(first[n]):
                        first[n] = s
            rest = [n for n in todo if n not in first]
            if rest:
                self.subject_relations(rest)
                self.object_relations(rest)
            by_rel: dict[str, tuple] = {}
            for rel in sorted(self.relations.values(), key=self.order):
                for n, label in ((rel["a"], None), (rel["b"], rel["value"]["group"])):
                    if n not in by_rel:
                        by_rel[n] = (rel["entity_type"] if label is None else "group", label or n)
            for n in todo:
                if n in first:
                    self._info[n] = (first[n]["entity_type"], first[n]["value"])
                else:
                    self._info[n] = by_rel.get(n)
        return {n: self._info[n] for n in nodes}

    def events_of(self, nodes) -> dict[str, set[str]]:
        """Node -> the events (cluster ids) with a report whose perpetrators point at a member."""
        from sqlalchemy import select

        from ..store import schema
        from ..store.synced import chunks
        rr = schema.relation_refs.c
        ms = self.members(nodes)
        owner: dict[str, set[str]] = {}
        for n, mm in ms.items():
            for m in mm:
                owner.setdefault(m, set()).add(n)
        reports: dict[str, set[str]] = {}
        for part in chunks(sorted(owner)):
            for r in self.c.execute(select(rr.entity_id, rr.ref_id).where(rr.ref_id.in_(part), rr.prop == "perpetrators")):
                reports.setdefault(r.entity_id, set()).update(owner[r.ref_id])
        out: dict[str, set[str]] = {n: set() for n in nodes}
        ec = schema.event_clusters.c
        for part in chunks(sorted(reports)):
            for r in self.c.execute(select(ec.report_id, ec.cluster_id).where(ec.report_id.in_(part))):
                for n in reports[r.report_id]:
                    out[n].add(r.cluster_id)
        return out

    def reports(self, events) -> dict[str, str]:
        """Report id -> event, for the events ``events`` (the stored clusters)."""
        from sqlalchemy import select

        from ..store import schema
        from ..store.synced import chunks
        todo = sorted(set(events) - self._reports_read)
        self._reports_read.update(todo)
        ec = schema.event_clusters.c
        for part in chunks(todo):
            for r in self.c.execute(select(ec.report_id, ec.cluster_id).where(ec.cluster_id.in_(part))):
                self._report_of[r.report_id] = r.cluster_id
        wanted = set(events)
        return {rid: cid for rid, cid in self._report_of.items() if cid in wanted}

    def event_refs(self, events) -> dict[str, set[str]]:
        """Event (cluster id) -> the canonical ids its reports' perpetrators point at."""
        from .actors import actor_refs
        todo = [e for e in events if e not in self._event_refs]
        if todo:
            stored = self.reports(todo)
            refs = actor_refs(self.store, report_ids=stored, conn=self.c)
            canon = self.canon({i for ids in refs.values() for i in ids})
            for e in todo:
                self._event_refs[e] = set()
            for rid, cid in stored.items():
                self._event_refs[cid].update(canon[i] for i in refs.get(rid, ()))
        return {e: self._event_refs[e] for e in events}

    def neighbours(self, frontier: set[str], events: dict[str, dict]) -> set[str]:
        """Every node one step from the nodes ``frontier`` (events: ``events`` holds their rows)."""
        people = [n for n in frontier if n not in events]
        self.subject_relations(people)
        self.object_relations(people)
        out: set[str] = set()
        fset = set(people)
        for rel in self.relations.values():
            if rel["a"] != rel["b"]:
                if rel["a"] in fset:
                    out.add(rel["b"])
                if rel["b"] in fset:
                    out.add(rel["a"])
        evs = {e for es in self.events_of(people).values() for e in es}
        out |= self.rows(evs, events)
        perps = {p for ps in self.event_refs([n for n in frontier if n in events]).values() for p in ps}
        out |= {p for p, i in self.info(perps).items() if i is not None}
        return out

    def rows(self, clusters: set[str], events: dict[str, dict]) -> set[str]:
        """The events of ``clusters`` that are rows of the event table (their rows, as
        ``events.all_rows`` builds them, into ``events``)."""
        from collections import defaultdict

        from .events import load_events, row
        todo = clusters - set(events)
        if todo:
            stored = self.reports(todo)
            groups: dict[str, list] = defaultdict(list)
            for e in load_events(self.store, self.c, ids=stored):
                if e["id"] in stored:
                    groups[stored[e["id"]]].append(e)
            events.update({cid: row(rs, cid) for cid, rs in groups.items()})
        return {e for e in clusters if e in events}

    def graph(self, starts: set[str], depth: int) -> nx.Graph:
        info = self.info(starts)
        starts = {n for n in starts if info[n] is not None}
        if not starts:
            return nx.Graph()
        events: dict[str, dict] = {}
        seen = {s: 0 for s in starts}
        frontier = set(starts)
        for level in range(depth):
            found = self.neighbours(frontier, events) - set(seen)
            for n in found:
                seen[n] = level + 1
            frontier = found
        g = nx.Graph()
        nodes = [n for n in seen if n not in events]
        for n, known in sorted(self.info(nodes).items()):
            if known is not None:          # every node reached is one (found by its statements)
                g.add_node(n, kind=known[0], label=known[1])
        for e in sorted(n for n in seen if n in events):
            r = events[e]
            where = r["place"].get("name") or r["place"].get("district") or ""
            g.add_node(e, kind="event", label=f"{r['type'].replace('_', ' ')} {r.get('date') or ''} {where}".strip())
        self.subject_relations(nodes)     # every edge between two nodes has a subject among them
        for rel in sorted(self.relations.values(), key=self.order):    # the last statement's relation, as build
            if rel["a"] != rel["b"] and rel["a"] in g and rel["b"] in g:
                g.add_edge(rel["a"], rel["b"], relation=rel["value"]["relation"])
        for e, refs in self.event_refs([n for n in seen if n in events]).items():
            for n in sorted(refs):
                if n in g and g.nodes[n].get("kind") in ("person", "group"):
                    g.add_edge(n, e, relation="perpetrator")
        for s in starts:
            g.nodes[s]["start"] = True
        return g


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
