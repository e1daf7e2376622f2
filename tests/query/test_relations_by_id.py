"""Relations by id (issue 12): affiliations, group links, perpetrators and a fate's event point at
entity ids; every view goes by id, so two men of one name, or two groups of like names, never mix."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.model import relations
from militant_monitor.model.document import Document
from militant_monitor.model.statement import Statement
from militant_monitor.query import graph, timeline, watch
from militant_monitor.query.events import Filters, event_table
from militant_monitor.query.profile import Ambiguous, profile, render_choices
from militant_monitor.resolve.resolver import canonical_of, resolve
from militant_monitor.store import Store

# two different men called Zarghun: one of Lashkar-e-Jhangvi (an attack in Mastung), one of the
# TTP (killed in a raid in Bannu; the TTP, not he, bombed a checkpost in Lakki Marwat)
LEJ_MAN = ("QUETTA, June 3, 2025: Zarghun, a commander of Lashkar-e-Jhangvi, led an attack on a police post in "
           "Mastung on June 2, 2025 that killed four policemen, officials said. Lashkar-e-Jhangvi claimed "
           "responsibility for the attack.")
TTP_MAN = ("PESHAWAR, August 9, 2025: Zarghun, a commander of the Tehreek-i-Taliban Pakistan, was killed by security "
           "forces in a raid in Bannu on August 8, 2025, officials said. The TTP claimed the bombing of a checkpost "
           "in Lakki Marwat on August 1, 2025 that killed two soldiers.")


@pytest.fixture(scope="module")
def kb(extractor, tmp_path_factory):
    d = tmp_path_factory.mktemp("relids")
    (d / "lej.txt").write_text(LEJ_MAN)
    (d / "ttp.txt").write_text(TTP_MAN)
    path = str(d / "kb.db")
    s = Store(path)
    ingest_paths(s, [str(d)], extractor)
    resolve(s, full=True)
    yield s, path
    s.close()


def _man_of(store, group_id):
    """The canonical id of the Zarghun whose affiliation points at ``group_id``."""
    for s in store.statements(prop="affiliation"):
        if s["value"].get("group_id") == group_id:
            return canonical_of(store, s["entity_id"])
    raise AssertionError(f"no one affiliated to {group_id}")


def test_relation_statements_carry_ids(kb):
    store, _ = kb
    affs = store.statements(prop="affiliation")
    assert {a["value"]["group_id"] for a in affs} == {"group:lashkar-jhangvi", "group:tehreek-taliban-pakistan"}
    ids = {tuple(s["value"]) for s in store.statements(prop="perpetrator_ids")}
    lej_doc = next(a["doc_id"] for a in affs if a["value"]["group_id"] == "group:lashkar-jhangvi")
    assert (f"person:{lej_doc}:zarghun", "group:lashkar-jhangvi") in ids
    assert ("group:tehreek-taliban-pakistan",) in ids
    fate = next(s for s in store.statements(prop="status"))
    assert fate["value"]["event"].startswith(f"event:{fate['doc_id']}:")     # the fate's event, by id
    assert store.statements(entity_ids=[fate["value"]["event"]], prop="type")[0]["value"] == "clash"


def test_a_name_of_two_men_is_a_choice_never_a_mix(kb):
    store, _ = kb
    lej, ttp = _man_of(store, "group:lashkar-jhangvi"), _man_of(store, "group:tehreek-taliban-pakistan")
    assert lej != ttp
    with pytest.raises(Ambiguous) as amb:
        event_table(store, Filters(person="Zarghun"))
    assert {c["id"] for c in amb.value.candidates} == {lej, ttp}
    listing = render_choices(amb.value.name, amb.value.candidates)
    assert "Lashkar-e-Jhangvi" in listing and "Tehreek-i-Taliban Pakistan" in listing
    for call in (lambda: timeline.timeline(store, "Zarghun"), lambda: graph.around(store, "Zarghun")):
        with pytest.raises(Ambiguous):
            call()
    # by id: only that man's deeds
    mastung = event_table(store, Filters(person=lej))
    assert [r["place"]["name"] for r in mastung] == ["Mastung"]
    assert [r["place"]["name"] for r in event_table(store, Filters(person=ttp))] == ["Bannu"]
    assert [e["place"]["name"] for e in profile(store, lej)["events"]] == ["Mastung"]
    # the TTP's bombing is the group's, not its commander's: no name leads there
    assert "Lakki Marwat" not in {e["text"].split(" in ")[-1].split(",")[0] for e in timeline.timeline(store, ttp)
                                  if e["kind"] == "event"}
    sub = graph.around(store, lej, depth=1)
    assert lej in sub and ttp not in sub
    assert {d["kind"] for n, d in sub.nodes(data=True)} == {"person", "group", "event"}
    assert "group:lashkar-jhangvi" in sub and "group:tehreek-taliban-pakistan" not in sub


def test_the_cli_lists_both_men_and_takes_an_id(kb):
    store, path = kb
    lej = _man_of(store, "group:lashkar-jhangvi")
    env = dict(os.environ, MMON_DB=path)

    def mmon(*args):
        return subprocess.run([sys.executable, "-m", "militant_monitor", *args], capture_output=True, text=True,
                              env=env, timeout=120)
    r = mmon("events", "--person", "Zarghun")
    assert r.returncode == 1 and "'Zarghun' fits 2 people" in r.stdout
    assert "Lashkar-e-Jhangvi" in r.stdout and "Tehreek-i-Taliban Pakistan" in r.stdout
    r = mmon("events", "--person", lej, "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    assert [json.loads(line)["place"]["name"] for line in r.stdout.splitlines()] == ["Mastung"]
    r = mmon("events", "--person", "Zargun")
    assert "no person known as 'Zargun'" in r.stderr and "Zarghun" in r.stderr


def test_group_filters_go_by_the_groups_id(kb):
    store, _ = kb
    assert sorted(r["place"]["name"] for r in event_table(store, Filters(group="TTP"))) == ["Lakki Marwat"]
    assert event_table(store, Filters(group="Pakistani Taliban")) == event_table(store, Filters(group="TTP"))
    assert [r["place"]["name"] for r in event_table(store, Filters(group="LeJ"))] == ["Mastung"]
    assert event_table(store, Filters(group="group:lashkar-jhangvi")) == event_table(store, Filters(group="LeJ"))
    assert event_table(store, Filters(group="Jaish al-Qamar")) == []
    # a side that is no entity is found by its name alone
    assert [r["place"]["name"] for r in event_table(store, Filters(group="security forces"))] == ["Bannu"]


def test_watch_alerts_name_the_man_by_id(kb):
    store, _ = kb
    ttp = _man_of(store, "group:tehreek-taliban-pakistan")
    watch.add(store, ttp)
    try:
        found = watch.alerts(store, [d["id"] for d in store.documents()])
    finally:
        watch.remove(store, ttp)
    assert {(a["kind"], a["id"]) for a in found} == {("killed", ttp), ("attack", ttp)}   # the raid he died in


# --- an old store: statements written before ids (no group_id, no perpetrator_ids) ---------------

def _old_doc(store, text, people, events):
    """A document stored as an old extractor wrote it: relation values by name alone."""
    d = Document(text=text, published="2024-05-01", title=text[:30])
    st = []
    for slug, name, group in people:
        eid = f"person:{d.id}:{slug}"
        st += [Statement(eid, "person", "name", name, d.id, extractor="old"),
               Statement(eid, "person", "affiliation", {"group": group, "relation": "commander"}, d.id, extractor="old")]
    for n, (perps, place) in enumerate(events):
        eid = f"event:{d.id}:e{n}"
        st += [Statement(eid, "event", "type", "bombing", d.id, extractor="old"),
               Statement(eid, "event", "place", {"name": place}, d.id, extractor="old"),
               Statement(eid, "event", "perpetrators", perps, d.id, extractor="old")]
    store.save(d, {"document": {"published": "2024-05-01"}}, st, "old")
    return d.id


def test_an_old_store_without_ids_still_answers(tmp_path):
    store = Store(str(tmp_path / "old.db"))
    try:
        a = _old_doc(store, "Report one on Gul Bahadar.", [("gul-bahadar", "Gul Bahadar", "TTP")],
                     [(["Gul Bahadar"], "Miranshah"), (["Tehrik-i-Taliban Pakistan"], "Tank")])
        _old_doc(store, "Report two on the Islamic State.", [],
                 [(["Islamic State Khorasan"], "Bajaur"), (["Islamic State"], "Raqqa")])
        resolve(store, full=True)
        assert [r["place"]["name"] for r in event_table(store, Filters(person="Gul Bahadar"))] == ["Miranshah"]
        assert [r["place"]["name"] for r in event_table(store, Filters(group="Pakistani Taliban"))] == ["Tank"]
        # a group and a namesake-ish different group do not mix
        assert [r["place"]["name"] for r in event_table(store, Filters(group="ISKP"))] == ["Bajaur"]
        assert [r["place"]["name"] for r in event_table(store, Filters(group="Islamic State"))] == ["Raqqa"]
        # the fallback is the id extraction would have given each name in its document
        assert relations.perpetrator_refs(["Gul Bahadar", "TTP"], None, a) == [
            [f"person:{a}:gul-bahadar", f"group:{a}:gul-bahadar", "name:gul bahadar"], ["group:tehreek-taliban-pakistan"]]
        assert relations.group_ref({"group": "TTP", "relation": "commander"}, a) == "group:tehreek-taliban-pakistan"
        p = profile(store, "Gul Bahadar")
        assert [(x["group_id"], x["group_name"]) for x in p["affiliations"]] == [
            ("group:tehreek-taliban-pakistan", "Tehreek-e-Taliban Pakistan")]
        assert [e["place"]["name"] for e in p["events"]] == []      # no 'event' statement: nothing attributed
        sub = graph.around(store, "Gul Bahadar", depth=1)
        assert "group:tehreek-taliban-pakistan" in sub
    finally:
        store.close()
