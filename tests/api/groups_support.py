"""Invented documents for the groups pages: two groups the registry does not know, different
entities that share the short name 'JQB' (their names fold to one key), each with a member and an
attack; and an old-style document whose relations carry names only (no ids)."""
from __future__ import annotations

from militant_monitor.model import relations
from militant_monitor.model.document import Document
from militant_monitor.model.statement import Statement
from militant_monitor.store import Store

SHARED = "JQB"
FIRST = ("Jaish al-Qamar Brigade", "Nasir Kohistani", "Zarkot bazaar", "2024-03-02", 5)
SECOND = ("Jamiat al-Qadr Battalion", "Sher Afzal Pelgai", "Mirdan checkpost", "2024-05-10", 2)


def add_group_doc(store: Store, group: str, man: str, place: str, date: str, killed: int) -> dict:
    """One document: ``group`` (also called 'JQB'), its commander ``man``, and an attack at ``place``
    claimed by 'JQB' - every relation by id. Returns the entity ids."""
    d = Document(text=f"Invented bulletin: {man}, a commander of {group} ({SHARED}), was named after "
                      f"{SHARED} claimed an attack at {place}.", published=date, title=f"{group} bulletin")
    gid, pid, eid = relations.group_id(group, d.id), relations.person_id(man, d.id), f"event:{d.id}:e1"
    sts = [Statement(gid, "group", "name", group, d.id, extractor="test"),
           Statement(gid, "group", "alias", SHARED, d.id, extractor="test"),
           Statement(pid, "person", "name", man, d.id, extractor="test"),
           Statement(pid, "person", "affiliation", {"group": SHARED, "group_id": gid, "relation": "commander"}, d.id,
                     extractor="test")]
    for prop, value in (("type", "armed_assault"), ("date", date), ("place", {"name": place, "country": "pk"}),
                        ("killed", killed), ("perpetrators", [SHARED]), ("perpetrator_ids", [gid])):
        sts.append(Statement(eid, "event", prop, value, d.id, extractor="test"))
    store.save(d, {"document": {"published": date, "title": f"{group} bulletin"}}, sts, "test")
    return {"doc": d.id, "group": gid, "person": pid, "event": eid}


def add_old_doc(store: Store, group: str, man: str, date: str) -> dict:
    """A document stored before relations had ids: the affiliation and the perpetrators name
    ``group`` only (``model.relations`` falls back to the id its name gets in the document)."""
    d = Document(text=f"Old invented bulletin: {man} of {group} led a raid.", published=date, title="old bulletin")
    gid, pid, eid = relations.group_id(group, d.id), relations.person_id(man, d.id), f"event:{d.id}:e1"
    sts = [Statement(gid, "group", "name", group, d.id, extractor="test"),
           Statement(pid, "person", "name", man, d.id, extractor="test"),
           Statement(pid, "person", "affiliation", {"group": group, "relation": "commander"}, d.id, extractor="test")]
    for prop, value in (("type", "armed_assault"), ("date", date), ("place", {"name": "Tolwa market", "country": "pk"}),
                        ("perpetrators", [group])):
        sts.append(Statement(eid, "event", prop, value, d.id, extractor="test"))
    store.save(d, {"document": {"published": date, "title": "old bulletin"}}, sts, "test")
    return {"doc": d.id, "group": gid, "person": pid, "event": eid}
