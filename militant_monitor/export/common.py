"""What every exporter shares: the selection made by the filters of ``mmon events``, the
exchange table (``export/exchange.yaml``) and a progress callback."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast
from pathlib import Path

import yaml

from ..query.events import Filters, iter_rows
from ..store import Store

EXCHANGE = Path(__file__).resolve().parent / "exchange.yaml"   # not in data/: that would change the extractor version


@lru_cache(maxsize=1)
def exchange() -> dict:
    """The documented mapping of our event types, precisions and sides to ACLED's and GTD's codes."""
    return yaml.safe_load(EXCHANGE.read_text(encoding="utf-8"))


@dataclass
class Selection:
    """The events the filters keep (all when none is given) and the documents that report them.
    The events are read a batch of stored clusters at a time (``iter_rows``), never all at once."""
    store: Store
    filters: Filters = field(default_factory=Filters)
    _doc_ids: set[str] | None = None
    left_out: dict[str, int] = field(default_factory=dict)   # why -> events a format could not code

    def leave_out(self, why: str) -> None:
        """Count one selected event the format cannot code (said once at the end, never silently)."""
        self.left_out[why] = self.left_out.get(why, 0) + 1

    @property
    def filtered(self) -> bool:
        return any(v is not None for v in vars(self.filters).values())

    def iter_rows(self, oldest_first: bool = False):
        """Event rows (``query.events.event_table``) one at a time, latest first (or oldest first)."""
        return iter_rows(self.store, self.filters, oldest_first=oldest_first)

    def rows(self) -> list[dict]:
        """Every selected event row, latest first, in one list (for the few who need them all at once)."""
        return list(self.iter_rows())

    def doc_ids(self) -> set[str] | None:
        """The documents behind the selected events; None: no filter, every document. (One pass
        over the selected events, kept: a set of document ids.)"""
        if not self.filtered:
            return None
        if self._doc_ids is None:
            self._doc_ids = {s["doc_id"] for r in self.iter_rows() for s in r["sources"]}
        return self._doc_ids


@dataclass
class Imported:
    """What an import stored: each record is one document; a record whose text is already stored
    (the same file imported twice) counts as present and changes nothing."""
    extractor: str
    added: int = 0
    statements: int = 0
    present: int = 0

    def save(self, store: Store, doc, sheet: dict, stmts: list) -> None:
        from ..model.document import content_hash
        if store.has_hash(content_hash(doc.text)) or not store.save(doc, sheet, stmts, self.extractor):
            self.present += 1
        else:
            self.added += 1
            self.statements += len(stmts)

    def report(self) -> dict:
        return {"added": {"document": self.added, "statement": self.statements}, "present": {"document": self.present}}


def no_progress(done: int, total: int | None = None) -> None:
    """The default progress callback: says nothing."""


def iso_day(value: str | None) -> str | None:
    """A date of the store (YYYY, YYYY-MM or YYYY-MM-DD, or a timestamp) as a full day, or None."""
    if not value:
        return None
    v = str(value)[:10]
    return {4: v + "-01-01", 7: v + "-01"}.get(len(v), v)


def place_level(place: dict) -> str:
    """How precisely an event row's place is known: place (a town or site), district, province,
    country or none. A name equal to its district's reads as the district."""
    name, district = place.get("name"), place.get("district")
    if name and (not district or name != district) and (district or place.get("province") or place.get("lat") is not None):
        return "place"
    if district:
        return "district"
    if place.get("province"):
        return "province"
    if place.get("country"):
        return "country"
    return "none"


def date_level(row: dict) -> str:
    """day, conflicting_days, month or year: how precisely an event row's date is known."""
    d = row.get("date") or ""
    if len(d) == 10:
        return "conflicting_days" if row.get("date_conflict") else "day"
    return "month" if len(d) == 7 else "year"


def country(code: str | None) -> dict:
    return exchange()["countries"].get((code or "").upper(), {})


def source_list(row: dict) -> list[str]:
    """Each source of an event row as 'Outlet, YYYY-MM-DD (title)'."""
    out = []
    for s in row["sources"]:
        who = s.get("publisher") or s["doc_id"]
        when = f", {s['published']}" if s.get("published") else ""
        title = f" ({s['title']})" if s.get("title") else ""
        out.append(f"{who}{when}{title}")
    return out


def claims_note(row: dict) -> str:
    """The sources' conflicting figures and dates, one phrase each ('' when they agree)."""
    parts = []
    for slot in ("killed", "injured"):
        rng = row.get(slot + "_range")
        if rng and rng[0] != rng[1]:
            parts.append(f"{slot} {rng[0]}-{rng[1]} by source (latest {row.get(slot)})")
    if row.get("date_conflict"):
        parts.append("sources give different dates: " + ", ".join(sorted({c["value"] for c in row["dates"] if c["value"]})))
    return "; ".join(parts)


def write_csv(out, fields: list[str], rows, progress=no_progress, total=None) -> int:
    """CSV rows with every text cell neutralised against formula injection (query.events.csv_cell)."""
    import csv

    from ..query.events import csv_cell
    w = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    n = 0
    for r in rows:
        w.writerow({k: csv_cell(v) for k, v in r.items()})
        n += 1
        if n % 200 == 0:
            progress(n, total)
    progress(n, total)
    return n


@dataclass
class Fact:
    """A value with where it comes from: the statements (id, document, first seen) that state it."""
    value: object
    sources: list = field(default_factory=list)     # [{"statement", "doc_id", "first_seen", "confidence", "qualifier"}]

    @property
    def docs(self) -> list[str]:
        return list(dict.fromkeys(s["doc_id"] for s in self.sources))

    @property
    def first_seen(self) -> str:
        return min(s["first_seen"] for s in self.sources)

    @property
    def last_seen(self) -> str:
        return max(s["first_seen"] for s in self.sources)

    @property
    def confidence(self) -> float:
        return max(s["confidence"] for s in self.sources)


@dataclass
class Entity:
    """A resolved person or a group (by registry key) with its facts, each kept with its sources."""
    id: str
    kind: str                                       # person | group
    facts: dict = field(default_factory=dict)       # prop -> {value_json: Fact}

    def add(self, prop: str, value, s: dict) -> None:
        import json
        k = json.dumps(value, sort_keys=True, ensure_ascii=False)
        fact = self.facts.setdefault(prop, {}).setdefault(k, Fact(value))
        fact.sources.append({"statement": s["id"], "doc_id": s["doc_id"], "first_seen": s["first_seen"],
                             "confidence": s["confidence"], "qualifier": s.get("qualifier")})

    def values(self, prop: str) -> list[Fact]:
        return list(self.facts.get(prop, {}).values())

    @property
    def name(self) -> str:
        names = self.values("name")
        if not names:
            return self.id.split(":")[-1]
        return cast(str, max(names, key=lambda f: (len(f.sources), len(str(f.value))) if isinstance(f.value, str) else (0, 0)).value)

    @property
    def docs(self) -> list[str]:
        return list(dict.fromkeys(d for facts in self.facts.values() for f in facts.values() for d in f.docs))


FACT_COLUMNS = ("id", "entity_id", "entity_type", "prop", "value", "doc_id", "first_seen", "confidence", "qualifier")


def _facts(c, q, doc_ids):
    """Statements of query ``q`` one at a time (value parsed), those of the selected documents only."""
    import json
    for r in c.execution_options(stream_results=True, yield_per=500).execute(q):
        if doc_ids is not None and r.doc_id not in doc_ids:
            continue
        d = dict(r._mapping)
        d["value"] = json.loads(d["value"])
        yield d


class Groups(dict):
    """Export key -> group :class:`Entity`, one per resolved group (its canonical id), and which group
    a relation points at (``model.relations``: the ids the statements carry, or the ids their names get
    for statements stored before ids). The key stays ``group:`` + the group key of its name; a second
    group whose name folds to a key already taken gets its canonical id after it."""

    def __init__(self):
        super().__init__()
        self.of_id: dict[str, str] = {}         # entity id (member or canonical) -> export key
        self.reports: dict[str, list] = {}      # event report id -> [(perpetrator name, the ids it may be)]

    def key_of(self, entity_id: str | None) -> str | None:
        return self.of_id.get(entity_id) if entity_id else None

    def of(self, value, doc_id: str) -> str | None:
        """The export key of the group an ``affiliation`` or ``link`` value points at, or None."""
        from ..model import relations
        return self.key_of(relations.group_ref(value, doc_id))

    def of_fact(self, fact) -> str | None:
        """:meth:`of` for a :class:`Fact`: by the first of its sources whose document gives the group."""
        return next((k for src in fact.sources if (k := self.of(fact.value, src["doc_id"])) is not None), None)

    def of_row(self, row: dict) -> dict[str, str]:
        """The look-up key (``model.names.key``) of each perpetrator of an event row that is a known
        group -> that group's export key, by the ids each report of the row gives its perpetrators."""
        from ..model.names import key
        out: dict[str, str] = {}
        for m in row.get("members") or []:
            for name, refs in self.reports.get(m, ()):
                k = next((self.of_id[i] for i in refs if i in self.of_id), None)
                if k is not None:
                    out.setdefault(key(name), k)
        return out


def groups(selection: Selection) -> Groups:
    """Every resolved group with its facts: the group statements and the groups that people's
    affiliations and groups' links point at (by id). Kept in memory: one entry per group, its facts'
    sources as small records (the whole set is needed before any person or event refers to it)."""

    from sqlalchemy import and_, or_, select

    from ..model import relations
    from ..resolve.matching import group_key
    from ..store import schema
    st = schema.statements.c
    res = schema.resolved.c
    by_cid: dict[str, Entity] = {}
    members: dict[str, set] = {}
    with selection.store.engine.connect() as c:
        canon = {r.entity_id: r.canonical_id for r in c.execute(
            select(res.entity_id, res.canonical_id).where(res.entity_id.like("group:%")))}

        def group(entity_id: str) -> Entity:
            cid = canon.get(entity_id, entity_id)
            members.setdefault(cid, set()).add(entity_id)
            g = by_cid.get(cid)
            if g is None:
                g = by_cid[cid] = Entity(cid, "group")
            return g
        q = select(*(st[k] for k in FACT_COLUMNS)).where(or_(st.entity_type == "group", and_(
            st.entity_type == "person", st.prop == "affiliation"))).order_by(st.doc_id, st.span_start)
        for s in _facts(c, q, selection.doc_ids()):
            v = s["value"]
            if s["entity_type"] == "person":
                ref = relations.group_ref(v, s["doc_id"])
                if ref and v.get("group"):
                    group(ref).add("name", v["group"], s)
                continue
            group(s["entity_id"]).add(s["prop"], v, s)
            if s["prop"] == "link" and isinstance(v, dict) and v.get("group"):
                ref = relations.group_ref(v, s["doc_id"])
                if ref:
                    group(ref).add("name", v["group"], s)
        out = Groups()
        out.reports = _reports_naming(c, {m for ms in members.values() for m in ms} | set(by_cid))
    for cid in sorted(by_cid, key=lambda c: (-len(by_cid[c].docs), c)):
        g = by_cid[cid]
        k = "group:" + group_key(g.name)
        if k in out:                # another group of a name of the same key: never one entity
            k = f"{k}:{cid}"
        g.id = k
        out[k] = g
        for m in [cid, *members[cid]]:
            out.of_id[m] = k
    return out


def _reports_naming(c, group_ids: set[str]) -> dict[str, list]:
    """Event report id -> [(perpetrator name, the ids it may be)] for the reports whose perpetrators
    may point at one of ``group_ids``: found by index in ``relation_refs`` (no other report's
    perpetrator is a group), then their perpetrator statements read by entity id."""
    import json

    from sqlalchemy import select

    from ..model import relations
    from ..store import schema
    from ..store.synced import chunks
    rr, st = schema.relation_refs.c, schema.statements.c
    report_ids: set[str] = set()
    for part in chunks(sorted(group_ids)):
        report_ids.update(r.entity_id for r in c.execute(
            select(rr.entity_id).where(rr.ref_id.in_(part), rr.prop == "perpetrators")))
    reports: dict[str, dict] = {}
    for part in chunks(sorted(report_ids)):
        for r in c.execute(select(st.entity_id, st.doc_id, st.prop, st.value).where(
                st.entity_id.in_(part), st.prop.in_(("perpetrators", "perpetrator_ids")))):
            reports.setdefault(r.entity_id, {"doc_id": r.doc_id})[r.prop] = json.loads(r.value)
    out = {}
    for rid, rep in reports.items():
        named = [str(n) for n in rep.get("perpetrators") or []]
        out[rid] = list(zip(named, relations.perpetrator_refs(named, rep.get("perpetrator_ids"), rep["doc_id"])))
    return out


def people(selection: Selection):
    """Resolved people one at a time, each with every fact of its member entities: the person
    statements read in the order of their canonical id, so only one person is held at once."""
    from sqlalchemy import func, select

    from ..store import schema
    st, res = schema.statements, schema.resolved
    canon = func.coalesce(res.c.canonical_id, st.c.entity_id).label("canon")
    q = (select(*(st.c[k] for k in FACT_COLUMNS), canon)
         .select_from(st.outerjoin(res, res.c.entity_id == st.c.entity_id))
         .where(st.c.entity_type == "person").order_by(canon, st.c.doc_id, st.c.span_start))
    person: Entity | None = None
    with selection.store.engine.connect() as c:
        for s in _facts(c, q, selection.doc_ids()):
            if person is None or person.id != s["canon"]:
                if person is not None:
                    yield person
                person = Entity(s["canon"], "person")
            person.add(s["prop"], s["value"], s)
    if person is not None:
        yield person


DOC_COLUMNS = ("id", "title", "published", "publisher", "author", "url", "source_path", "ingested_at")


def documents(selection: Selection, text: bool = False):
    """The selected documents one at a time (by publication date), with ``language`` and ``text``
    when ``text`` is asked for."""
    from sqlalchemy import select

    from ..store import schema
    d = schema.documents.c
    cols = DOC_COLUMNS + (("language", "text") if text else ())
    doc_ids = selection.doc_ids()
    with selection.store.engine.connect() as c:
        q = select(*(d[k] for k in cols)).order_by(d.published, d.id)
        for r in c.execution_options(stream_results=True, yield_per=100).execute(q):
            if doc_ids is None or r.id in doc_ids:
                yield dict(r._mapping)


def doc_dates(selection: Selection) -> dict:
    """Document id -> (published, ingested_at) of the selected documents: two short strings each."""
    return {d["id"]: (d["published"], d["ingested_at"]) for d in _doc_dates(selection)}


def _doc_dates(selection: Selection):
    from sqlalchemy import select

    from ..store import schema
    d = schema.documents.c
    doc_ids = selection.doc_ids()
    with selection.store.engine.connect() as c:
        for r in c.execute(select(d.id, d.published, d.ingested_at)):
            if doc_ids is None or r.id in doc_ids:
                yield dict(r._mapping)


def group_of(name: str) -> str:
    """The key of the group a name stands for (``group:`` + its registry key)."""
    from ..resolve.matching import group_key
    return "group:" + group_key(name)
