"""Timelines: a person's or a group's dated facts in order, each with its source."""
from __future__ import annotations

from ..store import Store
from .events import all_rows


def timeline(store: Store, name: str, events: list[dict] | None = None, docs: dict | None = None) -> list[dict]:
    """Dated facts about the person or group known by ``name`` (or a person's id), oldest first;
    :class:`~.profile.Ambiguous` when the name fits several people.

    ``events`` (``events.all_rows(store)``) and ``docs`` (document id -> ``store.documents()``
    row) may be passed by a caller that caches them; without ``docs`` only the documents of the
    person's facts are read."""
    from . import actors
    from .profile import Ambiguous, candidates, choices
    entries = []
    people = candidates(store, name)
    if len(people) > 1:          # namesakes: one man's timeline each, never a mix
        raise Ambiguous(name, choices(store, people))
    ids = [m for ms in people.values() for m in ms]
    # the events are those whose perpetrators point at this person or group by id
    wanted = {m for cid, ms in people.items() for m in [cid, *ms]}
    try:
        groups = actors.group_entities(store, name)
    except Ambiguous:
        if not wanted:
            raise
        groups = set()
    # a person's name is no side's name: sides that are no entity count only for a name of no one
    wanted |= {g for g in groups if not (wanted and g.startswith("name:"))}
    statements = store.statements(entity_ids=ids) if ids else []
    if docs is None:        # only the documents its facts come from
        docs = {d["id"]: d for d in store.documents({s["doc_id"] for s in statements})} if statements else {}

    def src(s):
        d = docs.get(s["doc_id"], {})
        return {"doc_id": s["doc_id"], "publisher": d.get("publisher"), "published": d.get("published"),
                "citing": s.get("citation")}

    for s in statements:
        v = s["value"]
        d = docs.get(s["doc_id"], {})
        if s["prop"] == "status" and isinstance(v, dict):
            entries.append({"date": v.get("date") or d.get("published"), "dated_by": "event" if v.get("date") else "report",
                            "kind": "fate", "text": " ".join(x for x in (v["state"], v.get("place") and f"at {v['place']}",
                                                                   v.get("by") and f"by {v['by']}") if x),
                            "source": src(s)})
        elif s["prop"] == "bounty":
            entries.append({"date": d.get("published"), "dated_by": "report", "kind": "bounty",
                            "text": f"bounty {v['currency']} {v['amount']:,.0f}" + (f" by {v['issuer']}" if v.get("issuer") else ""),
                            "source": src(s)})
        elif s["prop"] == "affiliation":
            entries.append({"date": d.get("published"), "dated_by": "report", "kind": "affiliation",
                            "text": f"{v['relation']} of {v['group']}", "source": src(s)})
    refs = actors.actor_refs(store, actors=wanted) if wanted else {}   # by index: only this entity's reports
    if not refs:
        rows: list[dict] = []
    elif events is not None:
        rows = [r for r in events if any(refs.get(m, set()) & wanted for m in r["members"])]
    else:
        from ..resolve import event_clusters
        event_clusters.update(store)
        rows = all_rows(store, set(event_clusters.cluster_of(store, list(refs)).values()))
    rows.sort(key=lambda r: r.get("date") or "", reverse=True)    # latest first, as event_table gives them
    for r in rows:
        where = ", ".join(x for x in (r["place"].get("name"), r["place"].get("district")) if x)
        toll = f", {r['killed']} killed" if r["killed"] is not None else ""
        if r["killed_range"] and r["killed_range"][0] != r["killed_range"][1]:
            toll = f", {r['killed_range'][0]}-{r['killed_range'][1]} killed (sources differ)"
        entries.append({"date": r.get("date"), "dated_by": "event", "kind": "event",
                        "text": f"{r['type'].replace('_', ' ')}" + (f" in {where}" if where else "") + toll,
                        "source": r["sources"][-1], "event": r["id"]})
    entries.sort(key=lambda e: (e["date"] or "9999", e["kind"]))
    return entries
