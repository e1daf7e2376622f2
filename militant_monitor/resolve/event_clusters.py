"""Stored event clusters: each event report mapped to the event it tells, under a minted id.

Clustering (``query.events.cluster``: ``model.event_identity.same_event`` within blocks of
type family and place word) is kept in table ``event_clusters`` and brought up to date by
:func:`update` after documents are stored, re-extracted or forgotten (``synced`` says
which). Only the reports that share a block with a new or removed report are
re-clustered, with every member of their stored clusters: a cluster is a connected group
of reports, so its links to reports outside that set cannot have changed, and the result
equals a full rebuild (``update(store, full=True)``). Within that set, a cluster that lost
no report stays whole and each new report is compared with its blocks' reports
(``_join``), so the work follows the new reports, not the size of their blocks squared.

Each event gets an id ``E-`` + token (as ``resolve.ids`` mints people's). A new cluster
inherits the id that most of its reports had (ties: the smaller id), each id going to one
cluster only, so an event keeps its id when reports join or leave; the others get a new
id seeded by their first report. An id no cluster keeps (a new report joined two events)
redirects to the cluster holding most of its former reports (table ``event_redirects``), so
a link to it still opens the event; an id given out again redirects no more.
"""
from __future__ import annotations

import weakref
from collections import Counter

from sqlalchemy import select

from ..store import Store, event_rows, schema, synced
from ..store.migrations import change_count
from ..store.store import write_lock
from ..store.synced import chunks
from .ids import MAX_HOPS, _now, token

STAGE = "events"


# store -> the change count (``migrations.count_writes``) at which its clusters were found up to
# date: until the count moves, ``update`` need not compare every document with what it took in
_UP_TO_DATE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def update(store: Store, full: bool = False) -> dict:
    """Bring the stored clusters up to date with the documents; returns what it did
    (documents taken in, reports re-clustered). ``full``: re-cluster every report."""
    from ..query.events import blocks, cluster, load_events
    ec, eb = schema.event_clusters.c, schema.event_blocks.c
    with store.engine.connect() as c:   # nothing to do: no write lock taken
        count = change_count(c)
        if not full and _UP_TO_DATE.get(store) == count:   # no write since it was found up to date
            return {"documents": 0, "reports": 0}
        changed, gone = synced.changes(c, STAGE)
    if not (changed or gone or full):
        _UP_TO_DATE[store] = count     # read before the comparison: a write since shows as a new count
        return {"documents": 0, "reports": 0}
    with store.engine.begin() as c:
        write_lock(c)
        changed, gone = synced.changes(c, STAGE)
        if full:
            synced.reset(c, STAGE)
            changed, gone = synced.changes(c, STAGE)
        if not (changed or gone or full):
            return {"documents": 0, "reports": 0}
        docs = [*changed, *gone]
        old = set() if not full else {r.report_id for r in c.execute(select(ec.report_id))}
        for part in chunks(docs):
            old |= {r.report_id for r in c.execute(select(ec.report_id).where(ec.doc_id.in_(part)))}
        new = load_events(store, c, doc_ids=changed)
        touched = {b for part in chunks(old) for b in
                   (r.block for r in c.execute(select(eb.block).where(eb.report_id.in_(part))))}
        touched |= {b for e in new for b in blocks(e)}
        neighbours = {r.report_id for part in chunks(touched)
                      for r in c.execute(select(eb.report_id).where(eb.block.in_(part)))}
        prev = _clusters_of(c, neighbours | old)          # report -> id, whole clusters
        keep = set(prev) - old                             # old reports of unchanged documents
        events = [*load_events(store, c, ids=keep), *new] if keep else new
        groups = cluster(events) if full else _join(events, new, old, prev)
        for part in chunks(sorted(set(prev) | old)):
            c.execute(schema.event_clusters.delete().where(ec.report_id.in_(part)))
        for part in chunks(sorted(old)):
            c.execute(schema.event_blocks.delete().where(eb.report_id.in_(part)))
        members = [sorted(e["id"] for e in g) for g in groups]
        ids = _assign(c, members, prev)
        _redirect(c, prev, members, ids)
        doc_of = {e["id"]: e["doc_id"] for e in events}
        rows = [{"report_id": m, "cluster_id": cid, "doc_id": doc_of[m]} for cid, ms in zip(ids, members) for m in ms]
        for part in chunks(rows):
            c.execute(schema.event_clusters.insert(), part)
        brows = [{"block": b, "report_id": e["id"]} for e in new for b in sorted(blocks(e))]
        for part in chunks(brows):
            c.execute(schema.event_blocks.insert(), part)
        event_rows.refresh(c, set(prev.values()) | set(ids))   # the events that lost or gained reports
        synced.mark(c, STAGE, changed, gone)
    return {"documents": len(docs), "reports": len(events)}


def _join(events: list[dict], new: list[dict], old: set[str], prev: dict[str, str]) -> list[list[dict]]:
    """The clusters of ``events`` (``new`` reports, and whole previous clusters of the
    others) as ``query.events.cluster`` would make them, comparing far fewer pairs: a
    previous cluster that lost no report stays one (its reports' ties are unchanged), one
    that lost reports (``old``) is clustered again, and each new report is compared with the
    reports of its blocks."""
    from ..model.event_identity import same_event
    from ..query.events import blocks, cluster
    by_id = {e["id"]: e for e in events}
    parent = {i: i for i in by_id}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    fresh = {e["id"] for e in new}
    before: dict = {}
    for r, cid in prev.items():
        if r in by_id and r not in fresh:
            before.setdefault(cid, []).append(r)
    broken = {prev[r] for r in old if r in prev}
    for cid, ms in before.items():
        parts = cluster([by_id[m] for m in ms]) if cid in broken else [[by_id[m] for m in ms]]
        for g in parts:
            for e in g[1:]:
                union(g[0]["id"], e["id"])
    by_block: dict = {}
    for e in events:
        for b in blocks(e):
            by_block.setdefault(b, []).append(e)
    for n in new:
        for b in blocks(n):
            for x in by_block[b]:
                if x is not n and x["doc_id"] != n["doc_id"] and find(x["id"]) != find(n["id"]) and same_event(n, x):
                    union(n["id"], x["id"])
    groups: dict = {}
    for e in events:
        groups.setdefault(find(e["id"]), []).append(e)
    return list(groups.values())


def _clusters_of(conn, reports: set[str]) -> dict[str, str]:
    """Report -> stored cluster id, for ``reports`` and every other member of their clusters."""
    ec = schema.event_clusters.c
    cids = {r.cluster_id for part in chunks(sorted(reports))
            for r in conn.execute(select(ec.cluster_id).where(ec.report_id.in_(part)))}
    return {r.report_id: r.cluster_id for part in chunks(sorted(cids))
            for r in conn.execute(select(ec.report_id, ec.cluster_id).where(ec.cluster_id.in_(part)))}


def _assign(conn, clusters: list[list[str]], prev: dict[str, str]) -> list[str]:
    """Each cluster's id: the previous id most of its reports had (ties: the smaller id), each
    previous id to one cluster; else a new ``E-`` id seeded by its first report."""
    ec = schema.event_clusters.c
    ids: list[str | None] = [None] * len(clusters)
    pairs = sorted((-n, old, i) for i, ms in enumerate(clusters)
                   for old, n in Counter(prev[m] for m in ms if m in prev).items())
    taken: set[str] = set()
    for _, old, i in pairs:
        if ids[i] is None and old not in taken:
            ids[i] = old
            taken.add(old)
    for i, ms in enumerate(clusters):
        if ids[i] is None:
            n = 0
            while (cid := token("event", ms[0], n)) in taken or conn.execute(
                    select(ec.report_id).where(ec.cluster_id == cid).limit(1)).first() is not None:
                n += 1
            ids[i] = cid
            taken.add(cid)
    return [cid for cid in ids if cid is not None]


def _redirect(conn, prev: dict[str, str], clusters: list[list[str]], ids: list[str]) -> None:
    """Previous ids that no cluster kept (two events became one) redirect to the cluster holding
    most of their former reports (ties: the smaller id); an id given out again redirects no more.
    An id whose reports are all gone (forgotten) names nothing."""
    er = schema.event_redirects.c
    now_of = {m: cid for cid, ms in zip(ids, clusters) for m in ms}
    live = set(ids)
    former: dict[str, list[str]] = {}
    for report, old in prev.items():
        if old not in live:
            former.setdefault(old, []).append(report)
    rows = []
    for old, reports in sorted(former.items()):
        where = Counter(now_of[r] for r in reports if r in now_of)
        if where:
            rows.append({"old_id": old, "new_id": min(where, key=lambda cid: (-where[cid], cid)), "created_at": _now()})
    for part in chunks(sorted(live | {r["old_id"] for r in rows})):
        conn.execute(schema.event_redirects.delete().where(er.old_id.in_(part)))
    if rows:
        conn.execute(schema.event_redirects.insert(), rows)


def redirects(store: Store, conn=None) -> dict[str, str]:
    """Every retired event id -> the id its chain of redirects ends at (an event now, unless
    all its reports were forgotten since)."""
    er = schema.event_redirects.c
    if conn is None:
        with store.engine.connect() as c:
            return redirects(store, c)
    step = {r.old_id: r.new_id for r in conn.execute(select(er.old_id, er.new_id))}
    out = {}
    for old in step:
        cid, hops = step[old], 0
        while cid in step and hops < MAX_HOPS:
            cid, hops = step[cid], hops + 1
        if cid not in step:
            out[old] = cid
    return out


def stored(store: Store, clusters: set[str] | None = None) -> dict[str, str]:
    """Every report id -> its event's id, as stored (only the reports of ``clusters`` when given)."""
    ec = schema.event_clusters.c
    q = select(ec.report_id, ec.cluster_id)
    with store.engine.connect() as c:
        if clusters is None:
            return {r.report_id: r.cluster_id for r in c.execute(q)}
        return {r.report_id: r.cluster_id for part in chunks(sorted(clusters))
                for r in c.execute(q.where(ec.cluster_id.in_(part)))}


def cluster_of(store: Store, report_ids) -> dict[str, str]:
    """Report id -> its event's id, for ``report_ids`` (brought up to date first)."""
    update(store)
    ec = schema.event_clusters.c
    with store.engine.connect() as c:
        return {r.report_id: r.cluster_id for part in chunks(sorted(set(report_ids)))
                for r in c.execute(select(ec.report_id, ec.cluster_id).where(ec.report_id.in_(part)))}
