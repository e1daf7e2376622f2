"""Event tables across documents: the same event told by several articles becomes one
row, with every source's figures kept side by side (range, who said what, latest)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, or_, select

from .. import data
from ..model.names import key as name_key
from ..model.event_identity import family, place_keys, same_event
from ..model.event_identity import key as fold
from ..store import Store, schema
from ..store.synced import chunks

SPECIFIC = ["suicide_bombing", "bombing", "targeted_killing", "kidnapping", "armed_assault", "clash", "arrest", "attack", "other"]


FORCE_WORDS = re.compile(r"\b(?:police|policemen|forces?|army|troops|soldiers|rangers|corps|levies|constabulary|"
                         r"counter-?terrorism|ctd|intelligence|military|navy|air\s+force|crpf|bsf|nia|agency|"
                         r"department|directorate|ministry|government|drone)\b", re.I)


@lru_cache(maxsize=1)
def _force_keys() -> frozenset:
    """Every known name of a state force or agency in the registry (data.actors)."""
    return frozenset(fold(n) for a in data.actors() for n in [a.name, *a.aliases])


@lru_cache(maxsize=4096)
def is_force(name: str) -> bool:
    """A state's side: a registry force or agency, a generic force ('security forces', 'Kech
    police'), or a state itself ('United States' for a drone strike)."""
    if fold(name) in _force_keys() or FORCE_WORDS.search(name):
        return True
    import pycountry
    try:
        pycountry.countries.lookup(name)
        return True
    except LookupError:
        return False


def sides(perpetrators: list[str]) -> tuple[list[str], list[str]]:
    """The perpetrators split as conflict data codes actors: the armed non-state side (actor 1)
    and the state's forces (actor 2), each in the order the reports name them."""
    forces = [p for p in perpetrators if is_force(p)]
    return [p for p in perpetrators if p not in forces], forces


def load_events(store: Store | None, conn=None, ids=None, doc_ids=None) -> list[dict]:
    """Every event as one document reports it, with that document's outlet and date; only the
    reports ``ids``, or those of documents ``doc_ids``, when given (read through ``conn``)."""
    if conn is None:
        assert store is not None, "load_events reads through a store or a connection"
        with store.engine.connect() as c:
            return load_events(store, c, ids, doc_ids)
    st, d = schema.statements.c, schema.documents.c
    q = select(schema.statements).where(st.entity_type == "event")
    if ids is None and doc_ids is None:
        parts: list = [q]
    elif ids is not None:
        parts = [q.where(st.entity_id.in_(part)) for part in chunks(sorted(set(ids)))]
    else:
        parts = [q.where(st.doc_id.in_(part)) for part in chunks(sorted(set(doc_ids or [])))]
    events: dict = {}
    for part in parts:
        for r in conn.execute(part):
            e = events.setdefault(r.entity_id, {"id": r.entity_id, "doc_id": r.doc_id, "citations": set()})
            e[r.prop] = json.loads(r.value)
            if r.prop == "type":
                e["hedged"] = r.qualifier == "hedged"
                e["confidence"] = r.confidence
                e["span"] = [r.span_start, r.span_end] if r.span_start is not None else None
            if r.citation:
                e["citations"].add(r.citation)
    cols = (d.id, d.title, d.publisher, d.published, d.url)
    wanted = sorted({e["doc_id"] for e in events.values()})
    docs = {}
    for part in ([None] if ids is None and doc_ids is None else chunks(wanted)):
        q2 = select(*cols) if part is None else select(*cols).where(d.id.in_(part))
        docs.update({r.id: dict(r._mapping) for r in conn.execute(q2)})
    out = []
    for e in events.values():
        doc = docs.get(e["doc_id"], {})
        e["source"] = {"doc_id": e["doc_id"], "publisher": doc.get("publisher"), "published": doc.get("published"),
                       "title": doc.get("title"), "citing": sorted(e.pop("citations"))}
        e.setdefault("place", {})
        e.setdefault("perpetrators", [])
        out.append(e)
    return out


def blocks(e: dict) -> set[str]:
    """The blocks a report is compared within: its type family with each place word (3+ letters)
    of its site and district ('Gomal' meets 'Tank-Gomal road'), or '?' without one."""
    words = {w for k in place_keys(e.get("place") or {}) for w in k.split() if len(w) > 2}
    return {f"{family(e.get('type'))}|{w}" for w in words or {"?"}}


def cluster(events: list[dict]) -> list[list[dict]]:
    """The events told by ``events`` (reports): the connected groups of reports that
    ``same_event`` ties, two reports of one document never tied, compared within blocks."""
    parent = list(range(len(events)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    by_block = defaultdict(list)
    for i, e in enumerate(events):
        for b in blocks(e):
            by_block[b].append(i)
    for ids in by_block.values():
        for x, i in enumerate(ids):
            for j in ids[x + 1:]:
                if find(i) != find(j) and events[i]["doc_id"] != events[j]["doc_id"] and same_event(events[i], events[j]):
                    parent[find(j)] = find(i)
    groups = defaultdict(list)
    for i, e in enumerate(events):
        groups[find(i)].append(e)
    return list(groups.values())


def _claims(reports, slot):
    out = []
    for r in reports:
        if r.get(slot) is not None:
            out.append({"value": r[slot], "source": r["source"]})
    out.sort(key=lambda c: c["source"].get("published") or "")
    return out


def row(reports: list[dict], event_id: str | None = None) -> dict:
    """One event from its reports: conflicting figures and dates all kept, latest marked.
    ``event_id``: its stored minted id (default: its earliest report's id)."""
    reports = sorted(reports, key=lambda r: (r["source"].get("published") or "", r["id"]))
    types = [r.get("type") for r in reports if r.get("type")]
    etype = min(types, key=lambda t: SPECIFIC.index(t) if t in SPECIFIC else 99) if types else "other"
    place: dict = {}
    for r in reports:
        for k, v in (r.get("place") or {}).items():
            if v is not None and place.get(k) is None:
                place[k] = v
    out = {"id": event_id or reports[0]["id"], "type": etype, "place": place, "reports": len(reports)}
    for slot in ("killed", "injured", "date"):
        claims = _claims(reports, slot)
        values = [c["value"] for c in claims]
        if slot == "date":
            full = [v for v in values if v]
            out["date"] = max(full, key=len) if full else None
            out["dates"] = claims
            out["date_conflict"] = len({v for v in full if len(v) == 10}) > 1
        else:
            out[slot] = claims[-1]["value"] if claims else None          # the latest report's figure
            out[slot + "_range"] = [min(values), max(values)] if values else None
            out[slot + "_claims"] = claims
    perps: list = []
    for r in reports:
        for p in r.get("perpetrators") or []:
            if name_key(p) not in {name_key(x) for x in perps}:
                perps.append(p)
    out["perpetrators"] = perps
    out["actor1"], out["actor2"] = sides(perps)      # as ACLED codes them: the armed side, the state's forces
    out["targets"] = sorted({t for r in reports for t in r.get("targets") or []})
    out["sources"] = [r["source"] for r in reports]
    out["hedged"] = all(r.get("hedged") for r in reports)     # no report states it plainly
    out["confidence"] = max((r.get("confidence") or 0.0 for r in reports), default=0.0)
    out["evidence"] = reports[0].get("evidence")
    out["members"] = [r["id"] for r in reports]
    out["detail"] = [{k: r.get(k) for k in REPORT_FIELDS} for r in reports]   # each source's own figures
    return out


REPORT_FIELDS = ("id", "type", "date", "place", "killed", "injured", "perpetrators", "targets", "hedged",
                 "confidence", "evidence", "span", "source")


def event_of(rows: list[dict], event_id: str) -> dict | None:
    """The event (a row of ``all_rows``) that ``event_id`` names: its minted id (E-..., any case),
    an id it had before another event joined it (``former_ids``: redirects), or any of its
    reports' ids."""
    event_id = (event_id or "").strip()
    minted = event_id.upper()
    return (next((r for r in rows if r["id"] in (event_id, minted) or event_id in r["members"]), None)
            or next((r for r in rows if minted in r.get("former_ids", ())), None))


@dataclass
class Filters:
    group: str | None = None
    person: str | None = None
    type: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    min_killed: int | None = None


DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
EVENT_TYPES = [*SPECIFIC]


def check_date(label: str, value: str | None) -> str | None:
    """A filter date as YYYY, YYYY-MM or YYYY-MM-DD (a real day), else ValueError with one line."""
    if not value:
        return None
    value = value.strip()
    ok = bool(DATE_RE.match(value))
    if ok and len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            ok = False
    if not ok:
        raise ValueError(f"{label} must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {value[:40]!r}")
    return value


def parse_filters(group=None, person=None, type=None, place=None, since=None, until=None, min_killed=None) -> Filters:
    """Filters from user input, validated the same way for the CLI and the API (ValueError: one line)."""
    if type and type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type[:40]!r}: use one of {', '.join(EVENT_TYPES)} (attack: the whole family)")
    since, until = check_date("since", since), check_date("until", until)
    if since and until and since > until:
        raise ValueError(f"since ({since}) is after until ({until})")
    if min_killed is not None and int(min_killed) < 0:
        raise ValueError("min_killed must be at least 0")
    return Filters(group or None, person or None, type or None, place or None, since, until,
                   None if min_killed is None else int(min_killed))


def all_rows(store: Store, clusters: set[str] | None = None) -> list[dict]:
    """Every event of the store (or the events ``clusters``), unfiltered: one row per stored
    cluster of reports (``resolve.event_clusters``, brought up to date first: only what
    changed is re-clustered), with the ids it had before other events joined it (``former_ids``)."""
    from ..resolve import event_clusters
    event_clusters.update(store)
    return _rows_of(store, clusters)


def _rows_of(store: Store, clusters: set[str] | None = None) -> list[dict]:
    """The rows of the stored clusters (all, or ``clusters``), by id, as stored now."""
    from ..resolve import event_clusters
    stored = event_clusters.stored(store, clusters)
    reports = {e["id"]: e for e in (load_events(store) if clusters is None else load_events(store, ids=stored))}
    groups: dict = defaultdict(list)
    for report_id, cid in stored.items():
        if report_id in reports:
            groups[cid].append(reports[report_id])
    former: dict = defaultdict(list)
    for old, cid in sorted(event_clusters.redirects(store).items()):
        if cid in groups:
            former[cid].append(old)
    return [{**row(rs, cid), "former_ids": former.get(cid, [])} for cid, rs in sorted(groups.items())]


def _actors(store: Store, f: Filters) -> tuple[set[str] | None, set[str] | None, dict]:
    """The ids ``f.person`` and ``f.group`` stand for (``query.actors``: a name is first turned into
    the one person or group it means, :class:`~.profile.Ambiguous` when it fits several) and, when
    either is set, the reports whose perpetrators point at them, with those ids (read by index:
    a report that names neither points at no id of either, so the tests below stay the same)."""
    from . import actors
    by_person = actors.person_entities(store, f.person) if f.person else None
    by_group = actors.group_entities(store, f.group) if f.group else None
    wanted = (by_person or set()) | (by_group or set())
    refs = actors.actor_refs(store, actors=wanted) if (by_person is not None or by_group is not None) else {}
    return by_person, by_group, refs


def _ordered(conn, col):
    """``col`` compared byte by byte on both backends (dates and ids sort as Python sorts them)."""
    return col.collate("C") if conn.dialect.name == "postgresql" else col


def _conditions(store: Store, conn, f: Filters) -> list | None:
    """``f`` as conditions on ``event_rows`` (the tests :func:`matcher` makes of a row), or None
    when no event can match (a person or group with no id)."""
    from . import actors
    er, ea = schema.event_rows.c, schema.event_actors.c
    where: list = []
    for ids in (actors.group_entities(store, f.group) if f.group else None,
                actors.person_entities(store, f.person) if f.person else None):
        if ids is not None:
            if not ids:
                return None
            where.append(er.event_id.in_(select(ea.event_id).where(ea.actor_id.in_(sorted(ids)))))
    if f.type:
        from ..model.event_identity import ATTACK_FAMILY
        where.append(er.type.in_(sorted(ATTACK_FAMILY)) if f.type == "attack" else er.type == f.type)
    if f.place:
        k, countries = name_key(f.place), {name_key(f.place), *filter(None, [_country_code(f.place)])}
        where.append(or_(er.name_key == k, er.district_key == k, er.province_key == k,
                         er.country_key.in_(sorted(countries))))
    date = _ordered(conn, er.date)
    if f.since:
        where.append(date >= f.since)
    if f.until:
        where.append(_ordered(conn, func.substr(er.date, 1, len(f.until))) <= f.until)
    if f.min_killed is not None:
        where.append(er.killed_max >= f.min_killed)
    return where


def select_events(store: Store, f: Filters | None = None, offset: int = 0, limit: int | None = None,
                  oldest_first: bool = False) -> tuple[list[str], int]:
    """The ids of the events matching ``f`` in the order of :func:`event_table` (latest first, ties
    by id; or the reverse), from ``offset``, at most ``limit`` of them, and how many match in all:
    SQL on the stored rows (``store.event_rows``, indexed), whatever the size of the store."""
    from ..resolve import event_clusters
    event_clusters.update(store)
    er = schema.event_rows.c
    with store.engine.connect() as c:
        where = _conditions(store, c, f or Filters())
        if where is None:
            return [], 0
        total = c.execute(select(func.count()).select_from(schema.event_rows).where(*where)).scalar() or 0
        date, eid = _ordered(c, func.coalesce(er.date, "")), _ordered(c, er.event_id)
        q = select(er.event_id).where(*where).order_by(*((date, eid.desc()) if oldest_first else (date.desc(), eid)))
        q = q.offset(offset) if offset else q
        ids = [r.event_id for r in c.execute(q if limit is None else q.limit(limit))]
    return ids, int(total)


def placed_in(store: Store, place: str) -> bool:
    """Whether some stored event is placed in ``place`` as the place filter reads it (a site,
    district or province by its key; a country by name or code): a few index look-ups."""
    f = Filters(place=place)
    er = schema.event_rows.c
    with store.engine.connect() as c:
        where = _conditions(store, c, f) or []
        return c.execute(select(er.event_id).where(*where).limit(1)).first() is not None


def place_names(store: Store) -> list[str]:
    """Every site, district and province name some stored event is placed in, sorted."""
    er = schema.event_rows.c
    names: set[str] = set()
    with store.engine.connect() as c:
        for col in (er.place_name, er.district, er.province):
            names |= {r[0] for r in c.execute(select(col).where(col.isnot(None)).distinct())}
    return sorted(names)


def place_labels(store: Store) -> list[str]:
    """The most specific name (``model.registry.place_label``) of every place a stored event is
    placed in, one per distinct place, sorted."""
    from ..model.registry import place_label
    er = schema.event_rows.c
    cols = (er.place_name, er.district, er.province, er.country)
    with store.engine.connect() as c:
        places = c.execute(select(*cols).distinct()).all()
    return sorted({place_label(dict(zip(("name", "district", "province", "country"), p))) for p in places} - {""})


def rows_of(store: Store, ids: list[str]) -> list[dict]:
    """The rows of the stored events ``ids``, in that order."""
    rows = {r["id"]: r for r in _rows_of(store, set(ids))} if ids else {}
    return [rows[i] for i in ids if i in rows]


def iter_rows(store: Store, f: Filters | None = None, batch: int = 200, oldest_first: bool = False):
    """The rows of ``event_table(store, f)`` in its order (or the reverse), built a batch of
    events at a time: only the matching ids (:func:`select_events`) and one batch of rows are
    held at once, so memory does not grow with the store."""
    ids, _ = select_events(store, f, oldest_first=oldest_first)
    for i in range(0, len(ids), batch):
        yield from rows_of(store, ids[i:i + batch])


def page(store: Store, f: Filters | None = None, offset: int = 0, limit: int | None = None) -> tuple[list[dict], int]:
    """The rows of ``event_table(store, f)`` from ``offset``, at most ``limit`` of them, and how
    many events match in all: only the page's rows are built."""
    ids, total = select_events(store, f, offset, limit)
    return rows_of(store, ids), total


@lru_cache(maxsize=1 << 14)
def _group_key(name: str) -> str:
    """``resolve.matching.group_key``, remembered (the dashboard keys every row's group)."""
    from ..resolve.matching import group_key
    return group_key(name)


@lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    """``model.names.key``, remembered: the same few thousand names recur in every event row."""
    return name_key(name)


def event_table(store: Store, f: Filters | None = None, rows: list[dict] | None = None) -> list[dict]:
    """Events matching ``f``, latest first: selected in SQL (:func:`select_events`), then only
    their rows built. ``rows``: the result of ``all_rows(store)`` when the caller already holds it
    (the web server caches it): those are filtered (:func:`matcher`) instead.

    ``f.person`` and ``f.group`` go by id (``query.actors``): a name is first turned into the
    one person or group it means (:class:`~.profile.Ambiguous` when it fits several), then an
    event matches when a report's perpetrators point at that entity, never by another's name.
    (:func:`iter_rows` gives the same rows a batch at a time.)"""
    f = f or Filters()
    if rows is None:
        return rows_of(store, select_events(store, f)[0])
    keep = matcher(store, f)
    out = [r for r in rows if keep(r)]
    out.sort(key=lambda r: r.get("date") or "", reverse=True)
    return out


def matcher(store: Store, f: Filters, sel: tuple | None = None):
    """A test of one event row against the filters ``f`` (``sel``: what :func:`_actors` read for
    them, read here when not given)."""
    by_person, by_group, refs = sel or _actors(store, f)
    place_key = name_key(f.place) if f.place else None
    place_country = _country_code(f.place) if f.place else None

    def keep(r: dict) -> bool:
        if f.type and not (r["type"] == f.type or (f.type == "attack" and family(r["type"]) == "attack")):
            return False
        if by_group is not None or by_person is not None:
            ids = set().union(*(refs.get(m, set()) for m in r["members"]))
            if by_group is not None and not ids & by_group:
                return False
            if by_person is not None and not ids & by_person:
                return False
        if place_key is not None:
            levels = {_name_key(v) for key_, v in r["place"].items() if key_ in ("name", "district", "province") and v}
            country = (r["place"].get("country") or "").lower()
            if place_key not in levels and place_key != country and not (place_country and place_country == country):
                return False
        d = r.get("date") or ""
        if f.since and (not d or d < f.since):
            return False
        if f.until and (not d or d[:len(f.until)] > f.until):
            return False
        if f.min_killed is not None and not (r["killed_range"] and r["killed_range"][1] >= f.min_killed):
            return False
        return True
    return keep


def _country_code(name: str) -> str | None:
    """The two-letter code (lower case) of the country ``name`` names, or None."""
    import pycountry
    try:
        return pycountry.countries.lookup(name).alpha_2.lower()
    except LookupError:
        return None


CSV_FIELDS = ["id", "date", "type", "certainty", "place_name", "district", "province", "country", "killed", "killed_range",
              "injured", "injured_range", "perpetrators", "forces", "targets", "reports", "sources"]


def flat(r: dict) -> dict:
    p = r["place"]
    return {"id": r["id"], "date": r.get("date") or "", "type": r["type"],
            "certainty": "reportedly" if r.get("hedged") else "", "place_name": p.get("name") or "",
            "district": p.get("district") or "", "province": p.get("province") or "", "country": p.get("country") or "",
            "killed": "" if r["killed"] is None else r["killed"],
            "killed_range": "" if not r["killed_range"] else "-".join(map(str, r["killed_range"])),
            "injured": "" if r["injured"] is None else r["injured"],
            "injured_range": "" if not r["injured_range"] else "-".join(map(str, r["injured_range"])),
            "perpetrators": "; ".join(r.get("actor1", r["perpetrators"])), "forces": "; ".join(r.get("actor2", [])),
            "targets": "; ".join(r.get("targets") or []), "reports": r["reports"],
            "sources": "; ".join(f"{s.get('publisher') or s['doc_id']} {s.get('published') or ''}".strip() for s in r["sources"])}


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a spreadsheet must read it: text that begins with ``= + - @`` (or a tab or a
    carriage return) would be run as a formula when the file is opened (CSV injection), so it
    gets a leading apostrophe. Names, places and outlets come from articles: untrusted."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: list[dict]) -> str:
    """The rows as CSV (``CSV_FIELDS``), every text cell neutralised (``csv_cell``)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    w.writeheader()
    for r in rows:
        w.writerow({k: csv_cell(v) for k, v in flat(r).items()})
    return buf.getvalue()
