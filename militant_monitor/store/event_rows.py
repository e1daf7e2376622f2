"""One precomputed row per event (``event_rows``: date, type, place, figures, sources) and the
ids its perpetrators point at (``event_actors``), so that event lists, filters and counts are
SQL on indexed tables instead of a pass over every report.

A row is what ``query.events.row`` makes of the event's reports, cut to the columns lists and
filters read (:func:`columns`). The rows of exactly the events whose reports changed are
rewritten (:func:`refresh`) in the transaction that changes the stored clusters
(``resolve.event_clusters.update``: after documents are stored, re-extracted or forgotten; a
jsonl import), so the table always matches ``event_clusters``. Merging or splitting people and
groups changes neither: ``event_actors`` holds the ids the reports point at, and a filter
widens a person or group to its members' ids when it asks (``query.actors``). Migration 11
fills the tables for the events stored before it (:func:`backfill`)."""
from __future__ import annotations

import calendar
import datetime as dt

from sqlalchemy import delete, select

from ..model.names import key as name_key
from ..model.registry import locate
from . import schema
from .synced import chunks

PRECISION = {4: "year", 7: "month", 10: "day"}


def span(date: str | None) -> tuple[str | None, str | None]:
    """The first and last day a date (YYYY, YYYY-MM or YYYY-MM-DD) may be."""
    if not date or len(date) not in PRECISION:
        return None, None
    if len(date) == 10:
        return date, date
    if len(date) == 4:
        return f"{date}-01-01", f"{date}-12-31"
    year, month = int(date[:4]), int(date[5:7])
    return f"{date}-01", f"{date}-{calendar.monthrange(year, month)[1]:02d}"


def columns(r: dict) -> dict:
    """The stored columns of one event row (``query.events.row``), less its change time."""
    place = r.get("place") or {}
    date = r.get("date") or None
    start, end = span(date)
    where = locate(place)
    killed, injured = r.get("killed_range"), r.get("injured_range")
    return {"event_id": r["id"], "date": date, "date_start": start, "date_end": end,
            "date_precision": PRECISION.get(len(date)) if date else None, "type": r["type"],
            "place_name": place.get("name"), "district": place.get("district"), "province": place.get("province"),
            "country": place.get("country"), **_keys(place), "lat": where[0] if where else None, "lon": where[1] if where else None,
            "killed": r.get("killed"), "killed_max": killed[1] if killed else None,
            "injured": r.get("injured"), "injured_max": injured[1] if injured else None,
            "conflict": bool(r.get("date_conflict") or (killed and killed[0] != killed[1])
                             or (injured and injured[0] != injured[1])),
            "sources": r["reports"]}


def _keys(place: dict) -> dict:
    """The place's names as the place filter compares them (``query.events.matcher``)."""
    def k(v):
        return name_key(v) if v else None
    return {"name_key": k(place.get("name")), "district_key": k(place.get("district")),
            "province_key": k(place.get("province")), "country_key": (place.get("country") or "").lower() or None}


def computed(conn, event_ids) -> tuple[list[dict], list[dict]]:
    """The rows and actor rows of the stored events ``event_ids``, computed now from their
    reports (through ``conn``): what the tables must hold for them."""
    from ..query.events import load_events, row
    ec, rr = schema.event_clusters.c, schema.relation_refs.c
    members: dict[str, list[str]] = {}
    for part in chunks(sorted(set(event_ids))):
        for m in conn.execute(select(ec.report_id, ec.cluster_id).where(ec.cluster_id.in_(part))):
            members.setdefault(m.cluster_id, []).append(m.report_id)
    event_of = {rid: cid for cid, rids in members.items() for rid in rids}
    reports = {e["id"]: e for e in load_events(None, conn, ids=event_of)} if event_of else {}
    rows = []
    for cid, rids in sorted(members.items()):
        have = [reports[rid] for rid in rids if rid in reports]
        if have:
            rows.append(columns(row(have, cid)))
    actors = set()
    for part in chunks(sorted(event_of)):
        q = select(rr.entity_id, rr.ref_id).where(rr.entity_id.in_(part), rr.prop == "perpetrators")
        actors |= {(event_of[a.entity_id], a.ref_id) for a in conn.execute(q)}
    return rows, [{"event_id": e, "actor_id": a} for e, a in sorted(actors)]


def refresh(conn, event_ids) -> None:
    """Rewrite the rows of events ``event_ids`` from their reports as stored now, in the
    caller's writing transaction (an event no longer stored loses its rows)."""
    er, ea = schema.event_rows, schema.event_actors
    ids = sorted(set(event_ids))
    for part in chunks(ids):
        conn.execute(delete(er).where(er.c.event_id.in_(part)))
        conn.execute(delete(ea).where(ea.c.event_id.in_(part)))
    for part in chunks(ids, 500):
        rows, actors = computed(conn, part)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        if rows:
            conn.execute(er.insert(), [{**r, "changed_at": now} for r in rows])
        if actors:
            conn.execute(ea.insert(), actors)


def backfill(conn) -> None:
    """Fill the tables for every stored event, a batch of events at a time."""
    ec = schema.event_clusters.c
    refresh(conn, [r.cluster_id for r in conn.execute(select(ec.cluster_id).distinct())])
