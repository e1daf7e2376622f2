"""Issue 12 in the exports: groups are matched by id, not by name key. Two different groups that
share the short name 'JQB' (invented documents, kept apart by a judgement) are two FtM
Organizations and two STIX threat actors, each with its own member and its own attack."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "api"))
from groups_support import FIRST, SECOND, add_group_doc  # noqa: E402

from militant_monitor.resolve import decisions, resolve  # noqa: E402
from militant_monitor.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def twins(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("twins") / "twins.db")
    store = Store(db)
    try:
        a, b = add_group_doc(store, *FIRST), add_group_doc(store, *SECOND)
        resolve(store)
        decisions.keep_apart(store, a["group"], b["group"])
    finally:
        store.close()
    return db


def test_ftm_two_organizations_each_with_its_member_and_event(twins, mmon):
    pytest.importorskip("followthemoney")
    code, out, err = mmon("export", "-f", "ftm", "--db", twins)
    assert code == 0, err
    ents = [json.loads(x) for x in out.splitlines()]
    by_id = {e["id"]: e for e in ents}
    orgs = {e["properties"]["name"][0]: e for e in ents if e["schema"] == "Organization"}
    assert set(orgs) == {FIRST[0], SECOND[0]}
    for group, man, place, *_ in (FIRST, SECOND):
        org = orgs[group]["id"]
        members = [by_id[m["properties"]["member"][0]]["properties"]["name"][0]
                   for m in ents if m["schema"] == "Membership" and m["properties"]["organization"] == [org]]
        assert members == [man]
        events = [e for e in ents if e["schema"] == "Event" and org in e["properties"].get("organizer", [])]
        assert len(events) == 1 and place in events[0]["properties"]["name"][0]


def test_stix_two_threat_actors_each_with_its_member_and_place(twins, mmon):
    pytest.importorskip("stix2")
    code, out, err = mmon("export", "-f", "stix", "--db", twins)
    assert code == 0, err
    objs = {o["id"]: o for o in json.loads(out)["objects"]}
    actors = {o["name"]: o["id"] for o in objs.values() if o["type"] == "threat-actor"}
    assert set(actors) == {FIRST[0], SECOND[0]}
    rels = [o for o in objs.values() if o["type"] == "relationship"]
    for group, man, place, *_ in (FIRST, SECOND):
        members = [objs[r["target_ref"]]["name"] for r in rels
                   if r["source_ref"] == actors[group] and objs[r["target_ref"]]["type"] == "identity"
                   and objs[r["target_ref"]].get("identity_class") == "individual"]
        assert members == [man]
        places = [objs[r["target_ref"]]["name"] for r in rels
                  if r["source_ref"] == actors[group] and r["relationship_type"] == "located-at"]
        assert places == [place]
