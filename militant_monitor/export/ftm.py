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

Streamed: entities are made and written a few at a time (groups first, as people and events
refer to them; then each person with its memberships; each event; each article, its text read
from the store one document at a time). Held meanwhile: the groups, each person's entity id by
name (events name their actors), the documents' dates, and the places (written last, each once
with every event's values).
"""
from __future__ import annotations

import json
from typing import IO, Any

from ..model.names import key as name_key
from ..store import Store
from .common import Fact, Groups, Imported, Selection, doc_dates, documents, groups, no_progress, people

DATASET = {"name": "mmon", "title": "Militant Monitor knowledge base"}


def _dataset():
    from followthemoney.dataset import Dataset
    return Dataset.make(DATASET)


class Builder:
    """Makes FtM entities and hands them over a few at a time (``take``); places are kept to the end."""

    def __init__(self):
        from followthemoney import model
        self.model = model
        self.dataset = _dataset()
        self.entities: dict = {}
        self.places: dict = {}

    def make(self, schema: str, *key: str):
        from followthemoney.statement import StatementEntity
        e = StatementEntity(self.dataset, {"schema": schema})
        e.make_id("mmon", *key)
        held = self.places if schema == "Address" else self.entities
        return held.setdefault(e.id, e)

    def id_of(self, schema: str, *key: str) -> str:
        """The id ``make`` gives, without making the entity."""
        from followthemoney.statement import StatementEntity
        e = StatementEntity(self.dataset, {"schema": schema})
        return str(e.make_id("mmon", *key))

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

    def take(self, places: bool = False) -> list:
        """The entities made since the last call (with the places when ``places``), each finished:
        derived values (topics, proof, links) are seen when the entity's facts were."""
        out = list(self.entities.values()) + (list(self.places.values()) if places else [])
        self.entities = {}
        if places:
            self.places = {}
        for e in out:
            days = [st.first_seen for st in e.statements if st.first_seen] + [st.last_seen for st in e.statements if st.last_seen]
            for st in e.statements:
                if days and st.first_seen is None:
                    st.first_seen, st.last_seen = min(days), max(days)
        return out


def entities(selection: Selection):
    """The FtM entities of ``selection``, a few at a time (see the module's docstring)."""
    b = Builder()
    dates = doc_dates(selection)                                   # document -> (published, ingested_at)
    article = {d: b.id_of("Article", d) for d in dates}
    all_groups = groups(selection)
    orgs = {}
    for g in all_groups.values():
        o = b.make("Organization", g.id)
        for f in g.values("name"):
            b.add(o, "name" if f.value == g.name else "alias", f.value, f)
        for f in g.values("alias"):
            b.add(o, "alias", f.value, f)
        b.add(o, "topics", "crime.terror")
        b.add(o, "proof", [article[d] for d in sorted(g.docs) if d in article])
        orgs[g.id] = o
    for g in all_groups.values():
        for f in g.values("link"):
            other = orgs.get(all_groups.of_fact(f) or "")
            if other is not None and other is not orgs[g.id]:
                b.add(orgs[g.id], "notes", f"{f.value['relation']} of {f.value['group']}", f)
    org_ids = {k: o.id for k, o in orgs.items()}
    del orgs
    all_groups.clear()          # the facts are written; the ids the relations point at stay
    yield from b.take()
    people_by_name: dict[str, str] = {}
    for p in people(selection):
        _person(b, p, org_ids, all_groups, article, dates, people_by_name)
        yield from b.take()
    for r in selection.iter_rows():
        _event(b, r, org_ids, all_groups, article, dates, people_by_name)
        yield from b.take()
    yield from b.take(places=True)
    for d in documents(selection, text=True):
        a = b.make("Article", d["id"])
        seen = d.get("ingested_at")
        for prop in ("title", "publishedAt", "publisher", "author", "sourceUrl", "language", "bodyText"):
            col = {"publishedAt": "published", "sourceUrl": "url", "bodyText": "text"}.get(prop, prop)
            b.add(a, prop, d.get(col), doc_id=d["id"], seen=seen)
        yield from b.take()


def _person(b: Builder, p, org_ids: dict, refs: Groups, article: dict, dates: dict, people_by_name: dict) -> None:
    """A person (names, positions, fates, bounties as notes) and a membership per group."""
    person = b.make("Person", p.id)
    b.add(person, "name", p.name, next((f for f in p.values("name") if f.value == p.name), None))
    for f in p.values("name") + p.values("alias"):
        if f.value != p.name:
            b.add(person, "alias", f.value, f)
        people_by_name[str(f.value).lower()] = person.id
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
    b.add(person, "proof", [article[d] for d in sorted(p.docs) if d in article])
    for f in p.values("affiliation"):
        org = org_ids.get(refs.of_fact(f) or "")
        if org is None:
            continue
        m = b.make("Membership", p.id, org)
        b.add(m, "member", person.id, f)
        b.add(m, "organization", org, f)
        b.add(m, "role", f.value.get("relation"), f)
        reported = sorted(dates[d][0] for d in f.docs if d in dates and dates[d][0])
        b.add(m, "date", reported[0] if reported else None, f)          # the day it was first reported
        for death in person.get("deathDate"):
            b.add(m, "endDate", death, f)                                 # a membership ends with the man
        b.add(m, "proof", [article[d] for d in sorted(f.docs) if d in article])


def _event(b: Builder, r: dict, org_ids: dict, refs: Groups, article: dict, dates: dict, people_by_name: dict) -> None:
    """An event (name, date, summary, figures, organizer and involved) and its place (an Address)."""
    ev = b.make("Event", r["id"])
    docs = [s["doc_id"] for s in r["sources"]]
    seen = min((dates[d][1] or "" for d in docs if d in dates), default="") or None
    place = r["place"]
    where = ", ".join(x for x in (place.get("name"), place.get("district"), place.get("province")) if x)
    for d in docs:
        b.add(ev, "name", f"{r['type'].replace('_', ' ')} {r.get('date') or ''} {where}".strip(), doc_id=d, seen=seen)
    b.add(ev, "date", r.get("date"), doc_id=docs[0], seen=seen)
    b.add(ev, "summary", (r.get("evidence") or "")[:4000], doc_id=docs[0], seen=seen)
    for slot in ("killed", "injured"):
        for c in r.get(slot + "_claims") or []:
            b.add(ev, "notes", f"{slot} {c['value']}", doc_id=c["source"]["doc_id"], seen=seen)
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
    of_group = refs.of_row(r)           # perpetrator -> its group, by the ids the reports give
    for side, prop in ((r.get("actor1") or [], "organizer"), (r.get("actor2") or [], "involved")):
        for name in side:
            actor = org_ids.get(of_group.get(name_key(name), "")) or people_by_name.get(name.lower())
            if actor is not None:
                b.add(ev, prop, actor, doc_id=docs[0], seen=seen)
                if prop == "organizer":
                    b.add(ev, "involved", actor, doc_id=docs[0], seen=seen)
            else:
                b.add(ev, "namesMentioned", name, doc_id=docs[0], seen=seen)
    b.add(ev, "proof", [article[d] for d in docs if d in article])


def _stable(data: dict) -> dict:
    """An entity's dict with its values in one order: FtM keeps a property's values (and an entity's
    origins) as a set, so ``to_dict`` lists them in an order that changes from run to run."""
    out = {k: sorted(v) if isinstance(v, list) else v for k, v in data.items()}
    out["properties"] = {k: sorted(v) for k, v in data.get("properties", {}).items()}
    return out


def export(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress) -> int:
    n = 0
    for e in entities(selection or Selection(store)):
        data = e.to_dict()
        e.schema.validate(data)         # InvalidData: a bug of ours, never written
        out.write(json.dumps(_stable(data), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
        if n % 200 == 0:
            progress(n, None)
    progress(n, n)
    return n


def export_statements(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress) -> int:
    n = 0
    for e in entities(selection or Selection(store)):
        e.schema.validate(e.to_dict())
        for st in sorted(e.statements, key=lambda st: st.id or ""):      # a set in FtM: one order
            out.write(json.dumps(st.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
            if n % 1000 == 0:
                progress(n, None)
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
    from ..model.document import Document
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
    done = Imported(EXTRACTOR)
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
        done.save(store, doc, sheet, stmts)
        progress(done.added + done.present, None)
    return done.report()
