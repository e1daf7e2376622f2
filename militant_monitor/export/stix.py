"""``stix``: a STIX 2.1 bundle built with the ``stix2`` library.

| ours | STIX 2.1 |
|---|---|
| group | ``threat-actor`` (threat_actor_types: terrorist) and an ``intrusion-set`` of its operations, *attributed-to* the threat actor |
| person | ``identity`` (identity_class: individual); the group *attributed-to* its leaders and members (the relation in the description) |
| place of an event | ``location`` (country, administrative area, city, latitude/longitude) |
| event | its armed side's intrusion set *targets* an ``identity`` of the target class (police...);
  the threat actor is *located-at* the place; events with no known armed side get no relationship |
| group link | ``relationship`` (related-to, with the relation: ally, faction...) |
| article | ``report`` (published, external reference to its URL) whose object_refs are the objects its statements back |

Ids are UUIDv5 of our ids (marked version 4), so the same store gives the same ids; ``created`` is the day a fact was
first seen; relationships carry the statements' confidence (0-100). Provenance: each object lists
its articles as external references (source_name "mmon", external_id the document id).

Streamed: the bundle's envelope is written first, then each object as it is made: groups (held,
as people and events refer to them), people one at a time, events, and last the reports, read
document by document. What is held meanwhile is ids: those written (an object told twice, a
place of several events, is written once) and, per document, the ids its report will list.
"""
from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import IO, cast

from ..model.names import key as name_key
from ..store import Store
from .common import Groups, Selection, documents, groups, iso_day, no_progress, people

NS = uuid.UUID("2f1c5d8e-6a51-4f3e-9a7c-6d1d3f0c8b21")
EPOCH = "2000-01-01T00:00:00Z"


def sid(kind: str, key: str) -> str:
    """A stable id: the UUIDv5 of our key, marked version 4 as STIX 2.1 recommends for SDOs."""
    return f"{kind}--{uuid.UUID(bytes=uuid.uuid5(NS, key).bytes, version=4)}"


def _ts(value: str | None) -> str:
    if not value:
        return EPOCH
    if len(value) < 10:
        value = cast(str, iso_day(value))   # a non-empty value has a day
    t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Bundle:
    """A STIX bundle written object by object: the envelope, then each object as it comes."""

    def __init__(self, out: IO[str], bundle_id: str, progress=no_progress):
        self.out, self.progress, self.n = out, progress, 0
        self.written: set[str] = set()
        self.backs: dict[str, set[str]] = {}        # document -> ids of the objects its statements back
        out.write('{\n"type": "bundle",\n"id": "%s",\n"objects": [' % bundle_id)

    def put(self, obj, doc_ids=()):
        """Write ``obj`` (once, whatever the calls) and note the documents that back it."""
        for d in doc_ids:
            self.backs.setdefault(d, set()).add(obj.id)
        if obj.id not in self.written:
            self.written.add(obj.id)
            self.out.write(("," if self.n else "") + "\n" + obj.serialize())
            self.n += 1
            if self.n % 200 == 0:
                self.progress(self.n, None)
        return obj

    def close(self) -> int:
        self.out.write("\n]\n}\n")
        self.progress(self.n, self.n)
        return self.n


def write(selection: Selection, out: IO[str], progress=no_progress) -> int:
    """Write the bundle of ``selection`` to ``out``; returns the number of objects."""
    import stix2
    key = json.dumps(vars(selection.filters), sort_keys=True, default=str)
    b = Bundle(out, sid("bundle", key), progress)
    mmon = b.put(stix2.Identity(id=sid("identity", "mmon"), name="Militant Monitor", identity_class="system",
                                created=EPOCH, modified=EPOCH))
    common = {"created_by_ref": mmon.id}
    all_groups = groups(selection)
    actors, sets = _groups(b, all_groups, common)
    for p in people(selection):
        _person(b, p, actors, all_groups, common)
    _events(b, selection.iter_rows(), actors, sets, all_groups, common)
    for d in documents(selection):
        refs = sorted(b.backs.pop(d["id"], ()))
        if not refs:
            continue
        published = _ts(d.get("published") or d.get("ingested_at"))
        b.put(stix2.Report(id=sid("report", d["id"]), name=d.get("title") or d["id"], published=published,
                           report_types=["threat-actor"], object_refs=refs, created=published, modified=published,
                           external_references=[{"source_name": d.get("publisher") or "mmon", "external_id": d["id"],
                                                 **({"url": d["url"]} if d.get("url") else {})}], **common))
    return b.close()


def _doc_refs(doc_ids) -> list[dict]:
    return [{"source_name": "mmon", "external_id": d} for d in doc_ids]


def _groups(b: Bundle, all_groups: Groups, common: dict):
    """Each group as a threat actor and its intrusion set, and the links between groups."""
    import stix2
    actors, sets = {}, {}
    for g in all_groups.values():
        first = _ts(min(f.first_seen for facts in g.facts.values() for f in facts.values()))
        aliases = sorted({f.value for f in g.values("alias") + g.values("name") if isinstance(f.value, str)} - {g.name})
        ta = stix2.ThreatActor(id=sid("threat-actor", g.id), name=g.name, threat_actor_types=["terrorist"],
                               aliases=aliases or None, created=first, modified=first,
                               external_references=_doc_refs(g.docs) or None, **common)
        iset = stix2.IntrusionSet(id=sid("intrusion-set", g.id), name=f"{g.name} operations", aliases=aliases or None,
                                  created=first, modified=first, **common)
        actors[g.id], sets[g.id] = b.put(ta, g.docs), b.put(iset, g.docs)
        b.put(stix2.Relationship(id=sid("relationship", g.id + "|set"), relationship_type="attributed-to",
                                 source_ref=iset.id, target_ref=ta.id, created=first, modified=first, **common), g.docs)
    for g in all_groups.values():
        for f in g.values("link"):
            other = all_groups.of_fact(f)
            if other in actors and other != g.id:
                b.put(stix2.Relationship(id=sid("relationship", f"{g.id}|{f.value['relation']}|{other}"), relationship_type="related-to",
                                         source_ref=actors[g.id].id, target_ref=actors[other].id, description=f.value["relation"],
                                         confidence=round(f.confidence * 100), created=_ts(f.first_seen), modified=_ts(f.first_seen),
                                         **common), f.docs)
    return actors, sets


def _person(b: Bundle, p, actors: dict, refs: Groups, common: dict) -> None:
    """A person as an identity (roles, fates, aliases in its description), attributed to its groups."""
    import stix2
    first = _ts(min(f.first_seen for facts in p.facts.values() for f in facts.values()))
    roles = sorted({f.value for f in p.values("role") if isinstance(f.value, str)})
    fates = [f"{f.value.get('state')} {f.value.get('date') or ''} {f.value.get('place') or ''}".strip()
             + (" (reportedly)" if any(s["qualifier"] == "hedged" for s in f.sources) else "")
             for f in p.values("status") if isinstance(f.value, dict)]
    aliases = sorted({f.value for f in p.values("alias") + p.values("name") if isinstance(f.value, str)} - {p.name})
    desc = "; ".join(x for x in (", ".join(roles), "; ".join(fates), ("also known as " + ", ".join(aliases)) if aliases else "") if x)
    ident = b.put(stix2.Identity(id=sid("identity", p.id), name=p.name, identity_class="individual",
                                 description=desc or None, roles=roles or None, created=first, modified=first,
                                 external_references=_doc_refs(p.docs) or None, **common), p.docs)
    for f in p.values("affiliation"):
        gid = refs.of_fact(f)
        if gid in actors:
            b.put(stix2.Relationship(id=sid("relationship", f"{gid}|{p.id}|{f.value['relation']}"), relationship_type="attributed-to",
                                     source_ref=actors[gid].id, target_ref=ident.id, description=f"{f.value['relation']} of {f.value['group']}",
                                     confidence=round(f.confidence * 100), created=_ts(f.first_seen), modified=_ts(f.first_seen),
                                     **common), f.docs)


def _events(b: Bundle, rows, actors: dict, sets: dict, refs: Groups, common: dict) -> None:
    """Each event: its place as a location the armed side is located at, its targets as identities
    (classes) the armed side's intrusion set targets."""
    import stix2
    for r in rows:
        ev_docs = [s["doc_id"] for s in r["sources"]]
        when = _ts(min((s.get("published") or "") for s in r["sources"]) or None)
        place = r["place"]
        loc = None
        if place.get("country") or place.get("lat") is not None:
            key = json.dumps({k: place.get(k) for k in ("name", "district", "province", "country", "lat", "lon")}, sort_keys=True)
            kw = {k: v for k, v in {"country": place.get("country"), "administrative_area": place.get("province"),
                                    "city": place.get("name") or place.get("district"), "latitude": place.get("lat"),
                                    "longitude": place.get("lon")}.items() if v is not None}
            if "latitude" in kw and "country" not in kw:
                kw.setdefault("region", "southern-asia")
            loc = b.put(stix2.Location(id=sid("location", key), name=", ".join(x for x in (place.get("name"), place.get("district"),
                                       place.get("province")) if x) or None, created=EPOCH, modified=EPOCH, **kw, **common), ev_docs)
        what = f"{r['type'].replace('_', ' ')} {r.get('date') or 'undated'}" + (f" at {loc.name}" if loc is not None and loc.get("name") else "")
        of_group = refs.of_row(r)           # perpetrator -> its group, by the ids the reports give
        for actor in r.get("actor1") or []:
            gid = of_group.get(name_key(actor))
            subject = sets.get(gid) if gid else None
            if subject is None:
                continue
            if loc is not None:
                b.put(stix2.Relationship(id=sid("relationship", f"{r['id']}|{gid}|loc"), relationship_type="located-at",
                                         source_ref=actors[gid].id, target_ref=loc.id, description=what,
                                         confidence=round(r["confidence"] * 100), created=when, modified=when, **common), ev_docs)
            for t in r.get("targets") or []:
                target = b.put(stix2.Identity(id=sid("identity", "target:" + t), name=t, identity_class="class",
                                              created=EPOCH, modified=EPOCH, **common))
                b.put(stix2.Relationship(id=sid("relationship", f"{r['id']}|{gid}|{t}"), relationship_type="targets",
                                         source_ref=subject.id, target_ref=target.id, description=what,
                                         confidence=round(r["confidence"] * 100), created=when, modified=when, **common), ev_docs)


def export(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress) -> int:
    return write(selection or Selection(store), out, progress)
