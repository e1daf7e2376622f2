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
from typing import IO, Any

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
        sources: list[dict[str, Any]] = fact.sources if fact is not None else [{"doc_id": doc_id, "statement": None, "first_seen": seen}]
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


EXTRACTOR = "import:ftm"


def load(store: Store, fh, progress=no_progress, source: str = "input") -> dict:
    """Read FollowTheMoney entities (JSON lines, as ``ftm`` writes) into ``store``.

    Each Person, Organization, Membership and Event line becomes a document (``source_path``
    ``FILE:line N``, publisher the entity's dataset, text its caption and summary) whose statements
    (extractor ``import:ftm``) state: a person's names, positions and a death; a group's names;
    a membership as the person's affiliation; an event's type (its keywords), date, place (its
    Address), organizers as perpetrators, summary and figures. The articles an entity's ``proof``
    names become the statements' citation. Lines already imported are left alone."""
    import re as _re

    from followthemoney import model

    from ..errors import MmonError
    from ..extract.pipeline import slug
    from ..model.document import Document, content_hash
    from ..model.statement import Statement
    from ..query.events import EVENT_TYPES
    from ..resolve.matching import group_key
    lines = {}
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            proxy = model.get_proxy(data, cleaned=False)
        except json.JSONDecodeError as exc:
            raise MmonError("input.json", f"{source}:{n}: invalid JSON: {exc.msg}") from None
        except Exception as exc:  # noqa: BLE001 - followthemoney's InvalidData and friends: one line
            raise MmonError("input", f"{source}:{n}: not a FollowTheMoney entity: {exc}") from None
        if not proxy.id:
            raise MmonError("input", f"{source}:{n}: entity without an id")
        lines[proxy.id] = (n, proxy, (data.get("datasets") or ["ftm"])[0])

    def first(p, prop):
        return p.first(prop, quiet=True)

    def cite(p):
        out = []
        for a in p.get("proof", quiet=True):
            art = lines.get(a)
            if art is not None:
                who = first(art[1], "publisher") or first(art[1], "title")
                out.append(", ".join(x for x in (who, first(art[1], "publishedAt")) if x))
        return "; ".join(out) or None

    person_ids = {}
    added = present = added_stmts = 0
    order = {"Person": 0, "Organization": 1, "Membership": 2, "Event": 3}
    for eid, (n, p, dataset) in sorted(lines.items(), key=lambda kv: (order.get(kv[1][1].schema.name, 9), kv[1][0])):
        schema = p.schema.name
        if schema not in order:
            continue
        text = "\n".join(x for x in (f"{dataset} {schema} {eid}", p.caption, *p.get("summary", quiet=True),
                                     *p.get("notes", quiet=True)) if x)
        doc = Document(text=text, title=f"{schema}: {p.caption}", published=None, publisher=dataset,
                       source_path=f"{source}:{n}")
        citation = cite(p)
        facts: list = []
        ent: str | None
        if schema == "Person":
            ent = person_ids[eid] = f"person:{doc.id}:{slug(p.caption)}"
            names = p.get("name")
            facts += [(ent, "person", "name", v) for v in names[:1]]
            facts += [(ent, "person", "alias", v) for v in names[1:] + p.get("alias")]
            facts += [(ent, "person", "role", v) for v in p.get("position")]
            facts += [(ent, "person", "status", {"state": "killed", "date": v, "place": None, "by": None}) for v in p.get("deathDate")]
        elif schema == "Organization":
            names = p.get("name")
            ent = "group:" + slug(group_key(names[0])) if names else None
            if ent:
                facts += [(ent, "group", "name", names[0])]
                facts += [(ent, "group", "alias", v) for v in names[1:] + p.get("alias")]
        elif schema == "Membership":
            member, org = lines.get(first(p, "member") or ""), lines.get(first(p, "organization") or "")
            if member is not None and org is not None and first(org[1], "name") and first(p, "member") in person_ids:
                for role in p.get("role") or ["member"]:
                    facts.append((person_ids[first(p, "member")], "person", "affiliation",
                                  {"group": first(org[1], "name"), "relation": role}))
        elif schema == "Event":
            ent = f"event:{doc.id}:e1"
            kinds = [k for k in p.get("keywords") if k in EVENT_TYPES]
            place: dict[str, Any] = {"name": None, "district": None, "province": None, "country": None, "lat": None, "lon": None}
            addr = lines.get(first(p, "addressEntity") or "")
            if addr is not None:
                a = addr[1]
                lat, lon = first(a, "latitude"), first(a, "longitude")
                place.update({"name": first(a, "city"), "district": first(a, "region"), "province": first(a, "state"),
                              "country": (first(a, "country") or "").upper() or None,
                              "lat": float(lat) if lat else None, "lon": float(lon) if lon else None})
                if place["name"] and place["name"] == place["district"]:
                    place["name"] = place["district"]
            elif first(p, "country"):
                place["country"] = first(p, "country").upper()
            perps = [first(lines[o][1], "name") for o in p.get("organizer") if o in lines and first(lines[o][1], "name")]
            perps += [v for v in p.get("namesMentioned")]
            facts += [(ent, "event", "type", kinds[0] if kinds else "other"), (ent, "event", "place", place)]
            if first(p, "date"):
                facts.append((ent, "event", "date", first(p, "date")))
            if perps:
                facts.append((ent, "event", "perpetrators", perps))
            if first(p, "summary"):
                facts.append((ent, "event", "evidence", first(p, "summary")))
            for note in p.get("notes"):
                m = _re.fullmatch(r"(killed|injured) (\d+)", note)
                if m:
                    facts.append((ent, "event", m.group(1), int(m.group(2))))
        stmts = [Statement(e, t, prop, value, doc.id, citation=citation, extractor=EXTRACTOR, confidence=1.0,
                           rule=f"import.ftm.{schema.lower()}") for e, t, prop, value in facts]
        if not stmts:
            continue
        sheet = {"document": {"title": doc.title, "publisher": doc.publisher}}
        if store.has_hash(content_hash(text)) or not store.save(doc, sheet, stmts, EXTRACTOR):
            present += 1
        else:
            added += 1
            added_stmts += len(stmts)
        progress(added + present, None)
    return {"added": {"document": added, "statement": added_stmts}, "present": {"document": present}}
