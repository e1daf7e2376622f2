"""``ftm``: FollowTheMoney entities, built and validated with the ``followthemoney`` library.

| ours | FtM schema |
|---|---|
| article | ``Article`` (title, publishedAt, publisher, author, sourceUrl, language, bodyText) |
| resolved person | ``Person`` (name, alias, position, deathDate when reported killed, notes: fates, bounties, wanted in, origin) |
| group | ``Organization`` (name, alias, topics crime.terror) |
| affiliation | ``Membership`` (member, organization, role, date: the first report, endDate: a reported death) |
| event | ``Event`` (name, date, summary, organizer: the armed side, involved: every actor found, addressEntity, country) |
| place of an event | ``Address`` (full, city, region, state, country, latitude, longitude) |

Every entity is a ``StatementEntity`` of dataset ``mmon``: each value is a statement whose
``origin`` names the document and statement it comes from (``doc-...#statement-id``) and whose
``first_seen``/``last_seen`` are when the store first read it (statement ``first_seen``, the ingest time); ``proof`` links each
entity to the articles. ``ftm`` writes one entity a line (``to_dict``: id, schema, properties,
datasets, first/last seen), as ``ftm`` tools, Aleph and yente read; ``ftm-statements`` writes
the statements themselves (the FtM statement format, JSON lines) with that provenance.
"""
from __future__ import annotations

import json
from typing import IO

from ..store import Store
from .common import Fact, Selection, knowledge, no_progress

DATASET = {"name": "mmon", "title": "Militant Monitor knowledge base"}


def _dataset():
    from followthemoney.dataset import Dataset
    return Dataset.make(DATASET)


class Builder:
    def __init__(self):
        from followthemoney import model
        self.model = model
        self.dataset = _dataset()
        self.entities: dict = {}

    def make(self, schema: str, *key: str):
        from followthemoney.statement import StatementEntity
        e = StatementEntity(self.dataset, {"schema": schema})
        e.make_id("mmon", *key)
        return self.entities.setdefault(e.id, e)

    def add(self, e, prop: str, value, fact: Fact | None = None, doc_id: str | None = None, seen: str | None = None):
        """Add a value, its statement keeping the origin (document#statement) and the days seen."""
        if value in (None, "", []):
            return
        sources = fact.sources if fact is not None else [{"doc_id": doc_id, "statement": None, "first_seen": seen}]
        for s in sources:
            origin = s["doc_id"] + (f"#{s['statement']}" if s.get("statement") else "") if s.get("doc_id") else None
            before = {st.id for st in e.get_statements(prop)}
            e.add(prop, value, origin=origin, quiet=True)
            values = {str(v) for v in (value if isinstance(value, list) else [value])}
            for st in e.get_statements(prop):
                if st.id not in before or st.value in values:      # the same value read again: widen its days
                    day = s.get("first_seen")
                    if day:
                        st.first_seen = min(st.first_seen or day, day)
                        st.last_seen = max(st.last_seen or day, day)


def entities(selection: Selection) -> list:
    kb = knowledge(selection)
    b = Builder()
    articles = {}
    full_docs = {d["id"]: selection.store.document(d["id"]) or {} for d in kb["documents"]}
    ingested = {k: v.get("ingested_at") for k, v in full_docs.items()}
    for d in kb["documents"]:
        a = b.make("Article", d["id"])
        seen = ingested[d["id"]]
        for prop, value in (("title", d.get("title")), ("publishedAt", d.get("published")), ("publisher", d.get("publisher")),
                            ("author", d.get("author")), ("sourceUrl", d.get("url"))):
            b.add(a, prop, value, doc_id=d["id"], seen=seen)
        full = full_docs[d["id"]]
        b.add(a, "language", full.get("language"), doc_id=d["id"], seen=seen)
        b.add(a, "bodyText", full.get("text"), doc_id=d["id"], seen=seen)
        articles[d["id"]] = a
    orgs = {}
    for g in kb["groups"].values():
        o = b.make("Organization", g.id)
        for f in g.values("name"):
            b.add(o, "name" if f.value == g.name else "alias", f.value, f)
        for f in g.values("alias"):
            b.add(o, "alias", f.value, f)
        b.add(o, "topics", "crime.terror")
        b.add(o, "proof", [articles[d].id for d in g.docs if d in articles])
        orgs[g.id] = o
    for g in kb["groups"].values():
        for f in g.values("link"):
            other = orgs.get(kb["group_of"](f.value["group"]))
            if other is not None and other is not orgs[g.id]:
                b.add(orgs[g.id], "notes", f"{f.value['relation']} of {f.value['group']}", f)
    people_by_name = {}
    for p in kb["people"].values():
        person = b.make("Person", p.id)
        b.add(person, "name", p.name, next((f for f in p.values("name") if f.value == p.name), None))
        for f in p.values("name") + p.values("alias"):
            if f.value != p.name:
                b.add(person, "alias", f.value, f)
            people_by_name[str(f.value).lower()] = person
        for f in p.values("role"):
            b.add(person, "position", f.value, f)
        for f in p.values("status"):
            v = f.value if isinstance(f.value, dict) else {}
            hedged = any(s["qualifier"] == "hedged" for s in f.sources)
            b.add(person, "notes", " ".join(x for x in ("reportedly" if hedged else "", v.get("state"), v.get("date"),
                                                        f"in {v['place']}" if v.get("place") else "",
                                                        f"by {v['by']}" if v.get("by") else "") if x), f)
            if v.get("state") == "killed" and v.get("date") and not hedged:
                b.add(person, "deathDate", v["date"], f)
        for f in p.values("bounty"):
            v = f.value if isinstance(f.value, dict) else {}
            b.add(person, "notes", f"bounty {v.get('amount'):,.0f} {v.get('currency') or ''}".strip() if v.get("amount") else "bounty", f)
        for f in p.values("wanted_in"):
            b.add(person, "notes", f"wanted in {f.value}", f)
        for f in p.values("origin"):
            b.add(person, "notes", f"from {f.value}", f)
        b.add(person, "topics", "crime.terror")
        b.add(person, "proof", [articles[d].id for d in p.docs if d in articles])
        for f in p.values("affiliation"):
            org = orgs.get(kb["group_of"](f.value["group"]))
            if org is None:
                continue
            m = b.make("Membership", p.id, org.id)
            b.add(m, "member", person.id, f)
            b.add(m, "organization", org.id, f)
            b.add(m, "role", f.value.get("relation"), f)
            reported = sorted(articles[d].first("publishedAt") for d in f.docs if d in articles and articles[d].first("publishedAt"))
            b.add(m, "date", reported[0] if reported else None, f)          # the day it was first reported
            for death in person.get("deathDate"):
                b.add(m, "endDate", death, f)                                 # a membership ends with the man
            b.add(m, "proof", [articles[d].id for d in f.docs if d in articles])
    for r in kb["events"]:
        ev = b.make("Event", r["id"])
        docs = [s["doc_id"] for s in r["sources"]]
        seen = min((ingested.get(d) or "" for d in docs), default="") or None
        place = r["place"]
        where = ", ".join(x for x in (place.get("name"), place.get("district"), place.get("province")) if x)
        for d in docs:
            b.add(ev, "name", f"{r['type'].replace('_', ' ')} {r.get('date') or ''} {where}".strip(), doc_id=d, seen=seen)
        b.add(ev, "date", r.get("date"), doc_id=docs[0], seen=seen)
        b.add(ev, "summary", (r.get("evidence") or "")[:4000], doc_id=docs[0], seen=seen)
        figures = []
        for slot in ("killed", "injured"):
            for c in r.get(slot + "_claims") or []:
                figures.append((f"{slot} {c['value']}", c["source"]["doc_id"]))
        for text_, d in figures:
            b.add(ev, "notes", text_, doc_id=d, seen=seen)
        b.add(ev, "keywords", r["type"])
        b.add(ev, "country", place.get("country"), doc_id=docs[0], seen=seen)
        if place.get("country") or where or place.get("lat") is not None:
            addr = b.make("Address", json.dumps(place, sort_keys=True))
            b.add(addr, "full", where or place.get("country"), doc_id=docs[0], seen=seen)
            b.add(addr, "city", place.get("name") or place.get("district"), doc_id=docs[0], seen=seen)
            b.add(addr, "region", place.get("district"), doc_id=docs[0], seen=seen)
            b.add(addr, "state", place.get("province"), doc_id=docs[0], seen=seen)
            b.add(addr, "country", place.get("country"), doc_id=docs[0], seen=seen)
            if place.get("lat") is not None:
                b.add(addr, "latitude", str(place["lat"]), doc_id=docs[0], seen=seen)
                b.add(addr, "longitude", str(place["lon"]), doc_id=docs[0], seen=seen)
            b.add(ev, "addressEntity", addr.id)
        for side, prop in ((r.get("actor1") or [], "organizer"), (r.get("actor2") or [], "involved")):
            for name in side:
                actor = orgs.get(kb["group_of"](name)) or people_by_name.get(name.lower())
                if actor is not None:
                    b.add(ev, prop, actor.id, doc_id=docs[0], seen=seen)
                    if prop == "organizer":
                        b.add(ev, "involved", actor.id, doc_id=docs[0], seen=seen)
                else:
                    b.add(ev, "namesMentioned", name, doc_id=docs[0], seen=seen)
        b.add(ev, "proof", [articles[d].id for d in docs if d in articles])
    for e in b.entities.values():           # derived values (topics, proof, links): seen when the entity's facts were
        days = [st.first_seen for st in e.statements if st.first_seen] + [st.last_seen for st in e.statements if st.last_seen]
        for st in e.statements:
            if days and st.first_seen is None:
                st.first_seen, st.last_seen = min(days), max(days)
    return list(b.entities.values())


def export(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress) -> int:
    ents = entities(selection or Selection(store))
    for i, e in enumerate(ents, 1):
        data = e.to_dict()
        e.schema.validate(data)         # InvalidData: a bug of ours, never written
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
        progress(i, len(ents))
    return len(ents)


def export_statements(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress) -> int:
    n = 0
    for e in entities(selection or Selection(store)):
        e.schema.validate(e.to_dict())
        for st in e.statements:
            out.write(json.dumps(st.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    progress(n, n)
    return n
