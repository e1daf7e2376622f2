"""Whole-store results the pages share, computed once per state of the store.

Pages must answer in well under 200 ms over 10,000 documents, but some library
results cover the whole store (the event table clusters every report of every
event; the graph joins everything). ``Snapshot`` computes each of them on first
use and keeps it until the store changes. A change is seen from the store's change
counter (``Store.change_count``: every writing transaction adds one, in the transaction,
so it is visible with the writes; on SQLite and PostgreSQL alike, ``mmon ingest`` in
another process included), and from this server's own writes (``bump()``). On SQLite
also from SQLite itself (``PRAGMA data_version`` on one connection kept for that: it
changes with every commit of another connection) and from the files (main file and
write-ahead log: size and modification time - a file replaced under the server).
Counting rows would miss a change that leaves them as they were (a merge, then another).

The file times alone are not enough: a commit can have grown the log before it
is visible to readers, and two commits within one tick of the file system's clock
into a log restarted after a checkpoint leave size and time alike; either way a
result computed from the older state would be kept for the newer one.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import func, select

from ..model import names, registry
from ..store import Store, schema


def sqlite_path(store: Store) -> Path | None:
    url = store.url
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    return None


class Snapshot:
    def __init__(self, store: Store):
        self.store = store
        self._path = sqlite_path(store)
        self._lock = threading.RLock()
        self._generation = 0
        self._key = None
        self._values: dict = {}
        self._locks: dict = {}
        self._watch: sqlite3.Connection | None = None     # asks data_version; reads nothing else
        self._watch_lock = threading.Lock()

    # --- invalidation ------------------------------------------------------------------------
    def bump(self) -> None:
        """This server wrote to the store: forget everything."""
        with self._lock:
            self._generation += 1

    def _data_version(self):
        """SQLite's count of other connections' commits seen by our watching connection, and
        the store's change counter read through it."""
        with self._watch_lock:
            try:
                if self._watch is None:
                    self._watch = sqlite3.connect(str(self._path), timeout=10, check_same_thread=False,
                                                  isolation_level=None)
                version = self._watch.execute("PRAGMA data_version").fetchall()[0][0]   # to the end: no read left open
                return version, self._watch.execute(f"SELECT n FROM {schema.changes.name}").fetchall()
            except sqlite3.Error:
                if self._watch is not None:
                    self._watch.close()
                self._watch = None
                return None             # the file stats still tell most changes; try again next time

    def _fingerprint(self):
        if self._path is not None:
            parts = [self._generation, self._data_version()]
            for p in (self._path, Path(str(self._path) + "-wal")):
                try:
                    st = os.stat(p)
                    parts += [st.st_size, st.st_mtime_ns]
                except OSError:
                    parts += [None, None]
            return tuple(parts)
        return (self._generation, self.store.change_count())   # another database: its change counter

    def _get(self, name: str, compute):
        key = self._fingerprint()
        with self._lock:
            if key != self._key:
                self._key, self._values, self._locks = key, {}, {}
            values = self._values
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:              # one lock per result: a page needing the people never waits for the graph
            if name not in values:
                values[name] = compute()
            return values[name]

    def warm(self) -> None:
        """Compute the shared results now (at start-up and after a write, in a thread)."""
        for f in (self.counts, self.documents, self.events, self.people, self.groups, self.graph,
                  self.briefs, self.locations, self.event_words, self.days, self.filter_lists, self.whole_map):
            f()

    # --- the shared results --------------------------------------------------------------------
    def counts(self) -> dict:
        return self._get("counts", self.store.counts)

    def events(self) -> list[dict]:
        """``query.events.all_rows``: every event, unfiltered (read-only: never mutate)."""
        from ..query.events import all_rows
        return self._get("events", lambda: all_rows(self.store))

    def graph(self):
        """``query.graph.build`` over the whole store."""
        from ..query.graph import build
        return self._get("graph", lambda: build(self.store, events=self.events()))

    def briefs(self) -> dict:
        """Event id -> its line in lists (``views.event_brief``), worked out once per state of the
        store, not per page (read-only: never mutate)."""
        from .views import event_brief
        return self._get("briefs", lambda: {r["id"]: event_brief(r) for r in self.events()})

    def event_words(self) -> list[tuple[str, dict]]:
        """(the words a search of events looks in, ``views.event_hay``; the row) per event."""
        from .views import event_hay
        return self._get("event_words", lambda: [(event_hay(r), r) for r in self.events()])

    def locations(self) -> dict:
        """Event id -> where the map puts it (``model.registry.locate``: lat, lon, name), or None."""
        from ..model.registry import locate
        return self._get("locations", lambda: {r["id"]: locate(r.get("place") or {}) for r in self.events()})

    def days(self) -> dict:
        """The dashboard's sums per stated date (``dashboard.buckets``)."""
        from .dashboard import buckets
        return self._get("days", lambda: buckets(self.events(), self.groups(), self.briefs()))

    def filter_lists(self) -> dict:
        """The names the filters' autocomplete offers (``filters.lists``)."""
        from .filters import lists
        return self._get("filter_lists", lambda: lists(self))

    def whole_map(self) -> dict:
        """The map of every event, unfiltered (``views.map_data``): the map page's first view."""
        from ..query.events import event_table
        from .views import map_data
        return self._get("whole_map", lambda: map_data(event_table(self.store, rows=self.events()), "", self.briefs(),
                                                       self.locations()))

    def latest_documents(self, by: str = "published") -> list[dict]:
        """Document metadata rows, latest first by ``by`` ("published" or "ingested_at"; ties by id)."""
        return self._get(f"latest_documents:{by}", lambda: sorted(
            self.documents().values(), key=lambda d: (d.get(by) or "", d["id"]), reverse=True))

    def documents(self) -> dict:
        """Document id -> metadata row (no text), as ``Store.documents()`` gives them."""
        return self._get("documents", lambda: {d["id"]: d for d in self.store.documents()})

    def people(self) -> dict:
        return self._get("people", self._people)

    def groups(self) -> dict:
        return self._get("groups", self._groups)

    # --- indexes of this layer ------------------------------------------------------------------
    def _people(self) -> dict:
        """Canonical person id -> {id, name, names, groups, roles, status, documents, members},
        plus "_order": ids by number of documents (most first)."""
        s, r = schema.statements, schema.resolved
        q = (select(func.coalesce(r.c.canonical_id, s.c.entity_id).label("cid"), s.c.entity_id, s.c.prop,
                    s.c.value, s.c.doc_id)
             .select_from(s.outerjoin(r, r.c.entity_id == s.c.entity_id))
             .where(s.c.entity_type == "person")
             .where(s.c.prop.in_(("name", "alias", "affiliation", "role", "status"))))
        people: dict = {}
        with self.store.engine.connect() as c:
            rows = list(c.execute(q))
        for row in rows:
            p = people.get(row.cid)
            if p is None:
                p = people[row.cid] = {"id": row.cid, "name": None, "names": [], "groups": [], "roles": [],
                                       "status": None, "documents": set(), "members": set(), "_keys": set()}
            v = json.loads(row.value)
            p["documents"].add(row.doc_id)
            p["members"].add(row.entity_id)
            if row.prop in ("name", "alias") and isinstance(v, str):
                if row.prop == "name" and (p["name"] is None or len(v) > len(p["name"])):
                    p["name"] = v
                if v.lower() not in {n.lower() for n in p["names"]}:
                    p["names"].append(v)
                p["_keys"].add(names.key(v))
            elif row.prop == "affiliation" and isinstance(v, dict) and v.get("group"):
                if v["group"] not in p["groups"]:
                    p["groups"].append(v["group"])
            elif row.prop == "role" and isinstance(v, str) and v not in p["roles"]:
                p["roles"].append(v)
            elif row.prop == "status" and isinstance(v, dict):
                if p["status"] is None or (v.get("date") or "") > (p["status"].get("date") or ""):
                    p["status"] = v
        for p in people.values():
            p["name"] = p["name"] or (p["names"][0] if p["names"] else p["id"])
            p["documents"] = len(p["documents"])
            p["members"] = sorted(p["members"])
            p["search"] = " | ".join(sorted(p.pop("_keys")))
        order = sorted(people, key=lambda k: (-people[k]["documents"], people[k]["name"].lower()))
        return {"by_id": people, "order": order}

    def _groups(self) -> dict:
        """Canonical group id -> {id, key (the id), name, names, registry, members, people: {cid: [affiliation]},
        links, events, documents}, by the ids the statements carry (``model.relations``: the fallback
        for statements stored before ids) and the ``resolved`` table; plus "order" (most documented
        first), "by_name" (a name's ``group_key`` -> the ids of the groups known by it) and "event_groups"
        (event row id -> its perpetrators' groups, in the order the reports name them)."""
        from ..model import relations
        from ..query.events import _group_key, is_force
        s = schema.statements
        groups: dict = {}
        with self.store.engine.connect() as c:
            rows = list(c.execute(select(s.c.entity_id, s.c.entity_type, s.c.prop, s.c.value, s.c.doc_id,
                                         s.c.span_start, s.c.span_end)
                                  .where(((s.c.entity_type == "group") & s.c.prop.in_(("name", "alias", "link")))
                                         | ((s.c.entity_type == "person") & (s.c.prop == "affiliation")))))
            canon: dict = {r.entity_id: r.canonical_id for r in c.execute(select(schema.resolved.c.entity_id, schema.resolved.c.canonical_id))}
            perps: dict = {}
            for r in c.execute(select(s.c.entity_id, s.c.doc_id, s.c.prop, s.c.value).where(
                    s.c.entity_type == "event", s.c.prop.in_(("perpetrators", "perpetrator_ids")))):
                perps.setdefault(r.entity_id, {"doc_id": r.doc_id})[r.prop] = json.loads(r.value)

        def get(gid: str) -> dict:
            g = groups.get(gid)
            if g is None:
                g = groups[gid] = {"id": gid, "key": gid, "name": None, "names": [], "registry": None,
                                   "members": set(), "people": defaultdict(list), "links": [], "events": 0,
                                   "documents": set(), "mentions": Counter(), "said": Counter()}
            return g

        def ref(value, doc_id: str) -> dict | None:
            gid = relations.group_ref(value, doc_id)
            if gid is None:
                return None
            g = get(canon.get(gid, gid))
            g["members"].add(gid)
            g["said"][value["group"]] += 1
            return g

        for row in rows:
            v = json.loads(row.value)
            ev = {"doc_id": row.doc_id, "start": row.span_start, "end": row.span_end}
            if row.entity_type == "group" and row.prop in ("name", "alias") and isinstance(v, str):
                g = get(canon.get(row.entity_id, row.entity_id))
                g["members"].add(row.entity_id)
                g["mentions"][v] += 1
                if v.lower() not in {n.lower() for n in g["names"]}:
                    g["names"].append(v)
                g["documents"].add(row.doc_id)
            elif row.entity_type == "group" and row.prop == "link" and isinstance(v, dict) and v.get("group"):
                a = get(canon.get(row.entity_id, row.entity_id))
                a["members"].add(row.entity_id)
                b = ref(v, row.doc_id)
                if b is None or a is b:
                    continue
                a["links"].append({"id": b["id"], "key": b["id"], "relation": v.get("relation"), "direction": "out",
                                   **ev})
                b["links"].append({"id": a["id"], "key": a["id"], "relation": v.get("relation"), "direction": "in",
                                   **ev})
            elif row.entity_type == "person" and isinstance(v, dict) and v.get("group"):
                to = ref(v, row.doc_id)
                if to is None:
                    continue
                to["people"][canon.get(row.entity_id, row.entity_id)].append({"relation": v.get("relation"), **ev})
                to["documents"].add(row.doc_id)
        by_registry_id = {relations.group_id(rec.name, "", rec): rec for rec in registry.groups_by_key().values()}
        for g in groups.values():
            rec = next((by_registry_id[i] for i in [g["id"], *sorted(g["members"])] if i in by_registry_id), None)
            if rec is not None:
                g["name"] = rec.name
                g["registry"] = {"name": rec.name, "aliases": list(rec.aliases), "kind": rec.kind,
                                 "parent": rec.parent, "country": rec.country, "notes": rec.notes}
            else:
                g["name"] = (g["mentions"] or g["said"]).most_common(1)[0][0] if (g["mentions"] or g["said"]) else g["id"]
            for n in g["said"]:      # the names a relation gives it, when no statement of its own does
                if not g["mentions"] and n.lower() not in {x.lower() for x in g["names"]}:
                    g["names"].append(n)
        # each report's perpetrators, in order, as the canonical ids of known groups
        report_groups: dict = {}
        for rid, rep in perps.items():
            out: list = []
            named = rep.get("perpetrators") or []
            for n, alts in zip(named, relations.perpetrator_refs(named, rep.get("perpetrator_ids"), rep["doc_id"])):
                if is_force(n):         # the state's forces: no armed group's event (``query.events.sides``)
                    continue
                gid = next((canon.get(i, i) for i in alts if canon.get(i, i) in groups), None)
                if gid is not None and gid not in out:
                    out.append(gid)
            report_groups[rid] = out
        event_groups: dict = {}
        for event in self.events():
            its: list = []
            for m in event["members"]:
                its += [gid for gid in report_groups.get(m, ()) if gid not in its]
            event_groups[event["id"]] = its
            for gid in its:
                groups[gid]["events"] += 1
        by_name: dict = defaultdict(list)
        for gid, g in groups.items():
            for n in dict.fromkeys([g["name"], *g["names"]]):
                k = _group_key(n)
                if gid not in by_name[k]:
                    by_name[k].append(gid)
            g["documents"] = len(g["documents"])
            g["people"] = dict(g["people"])
            g["members"] = sorted(g["members"])
            del g["mentions"], g["said"]
        ids_known = {i: gid for gid, g in groups.items() for i in [gid, *g["members"]]}
        order = sorted(groups, key=lambda k: (-(groups[k]["documents"] + groups[k]["events"]), groups[k]["name"].lower(), k))
        return {"by_id": groups, "order": order, "by_name": dict(by_name), "ids": ids_known,
                "event_groups": event_groups}
