"""Who a view is about, by id: the entity ids a person's or a group's name stands for, and the
ids each event report's perpetrators point at (``model.relations``). Views compare these ids,
never names, so that two men called 'Saifullah' or two groups with like names never mix."""
from __future__ import annotations

import json

from sqlalchemy import select

from ..model import relations
from ..store import Store, schema
from ..store.synced import chunks


def person_entities(store: Store, name: str) -> set[str]:
    """The member ids of the one person ``name`` (a name, an alias or an id) means; empty when no
    one is known by it; :class:`~.profile.Ambiguous` when it fits several."""
    from .profile import Ambiguous, candidates, choices
    found = candidates(store, name)
    if len(found) > 1:
        raise Ambiguous(name, choices(store, found))
    return {m for cid, ms in found.items() for m in [cid, *ms]}


def group_entities(store: Store, name: str) -> set[str]:
    """The entity ids of the one group ``name`` (a name, an alias, a registry id ``group:<key>``
    or a minted ``G-`` id) means: its canonical id and every member resolved to it. A registry
    name needs no store; a name that fits several resolved groups is :class:`~.profile.Ambiguous`;
    one that fits no group stands for the sides of that name that are no entity
    (``relations.name_ref``: 'Kech police', 'security forces')."""
    from ..resolve import ids
    from ..resolve.resolver import canonical_of, clusters_named, members_of
    from .profile import Ambiguous
    name = (name or "").strip()
    if not name:
        return set()
    if ids.looks_minted(name) or (name.startswith("group:") and ids.is_registry(name)):
        start = name if name.startswith("group:") else name.upper()
    elif name.startswith("group:"):
        start = name
    else:
        start = relations.registry_group_id(name) or ""
    if start:
        cid = canonical_of(store, start)
        return {start, cid, *members_of(store, cid)}
    found = clusters_named(store, name, "group")
    settled = {cid: ms for cid, ms in found.items() if ids.looks_minted(cid) or ids.is_registry(cid)}
    if len(settled) > 1:
        raise Ambiguous(name, group_choices(store, settled), kind="group")
    found = settled or found   # not resolved yet: the mentions of this very name
    if not found:              # no group: a side named by no entity ('Kech police'), by its name
        return {relations.name_ref(name)}
    return {m for cid, ms in found.items() for m in [cid, *ms]}


def group_choices(store: Store, found: dict[str, list[str]]) -> list[dict]:
    """What tells the groups of ``found`` (canonical id -> members) apart, most documented first
    (the fields of ``profile.choices``: names, linked groups, the span of reports, sources)."""
    out = []
    for cid, members in found.items():
        stmts = store.statements(entity_ids=members)
        docs = {d["id"]: d for d in store.documents({s["doc_id"] for s in stmts})}
        names = list(dict.fromkeys(s["value"] for s in stmts if s["prop"] in ("name", "alias")))
        links = list(dict.fromkeys(f"{s['value'].get('relation')} {s['value'].get('group')}" for s in stmts
                                   if s["prop"] == "link" and isinstance(s["value"], dict)))
        dates = sorted(d["published"] for d in docs.values() if d.get("published"))
        out.append({"id": cid, "name": max(names or [cid], key=len), "names": names, "groups": links, "roles": [],
                    "places": [], "first_reported": dates[0] if dates else None,
                    "last_reported": dates[-1] if dates else None, "sources": len(docs)})
    out.sort(key=lambda c: (-c["sources"], c["id"]))
    return out


def report_refs(report: dict) -> set[str]:
    """Every id the perpetrators of one event report (a ``events.load_events`` item) may point at."""
    refs = relations.perpetrator_refs(report.get("perpetrators"), report.get("perpetrator_ids"), report["doc_id"])
    return {i for r in refs for i in r}


def actor_refs(store: Store, report_ids=None, conn=None, actors=None) -> dict[str, set[str]]:
    """Event report id -> the ids its perpetrators point at (every report, or ``report_ids``):
    one light read of the ``perpetrators`` and ``perpetrator_ids`` statements.
    ``actors``: only the reports whose perpetrators point at one of these ids, each with the
    ids of ``actors`` it points at, read by index (``store.relation_refs``): what a filter by
    person or group needs, whatever the size of the store."""
    if conn is None:
        with store.engine.connect() as c:
            return actor_refs(store, report_ids, c, actors)
    if actors is not None:
        rr = schema.relation_refs.c
        out: dict[str, set[str]] = {}
        for part in chunks(sorted(set(actors))):
            for r in conn.execute(select(rr.entity_id, rr.ref_id).where(rr.ref_id.in_(part), rr.prop == "perpetrators")):
                out.setdefault(r.entity_id, set()).add(r.ref_id)
        if report_ids is not None:
            wanted = set(report_ids)
            out = {k: v for k, v in out.items() if k in wanted}
        return out
    st = schema.statements.c
    q = select(st.entity_id, st.doc_id, st.prop, st.value).where(
        st.entity_type == "event", st.prop.in_(("perpetrators", "perpetrator_ids")))
    parts = [q] if report_ids is None else [q.where(st.entity_id.in_(p)) for p in chunks(sorted(set(report_ids)))]
    reports: dict = {}
    for part in parts:
        for r in conn.execute(part):
            reports.setdefault(r.entity_id, {"doc_id": r.doc_id})[r.prop] = json.loads(r.value)
    return {rid: report_refs(rep) for rid, rep in reports.items()}

