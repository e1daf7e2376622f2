"""Stable minted ids, redirects and atomic judgements, on invented documents in a real store."""
from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from militant_monitor.query.profile import profile
from militant_monitor.resolve import decisions, ids, judgements, resolve
from militant_monitor.store import Store
from militant_monitor.store.store import forget

sys.path.insert(0, str(Path(__file__).parent))
from kb_support import TTP, person_docs  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def store(tmp_path):
    s = Store(str(tmp_path / "kb.db"))
    yield s
    s.close()


def resolved_map(store) -> dict:
    with store.engine.connect() as c:
        return dict(c.exec_driver_sql("SELECT entity_id, canonical_id FROM resolved").fetchall())


def test_people_get_minted_ids_with_members(store):
    a = person_docs(store, 3, "Zarmak Gul Baitani", TTP, "zg")
    resolve(store)
    cid = ids.current_id(store, a[0])
    assert re.fullmatch(r"P-[A-Z2-7]{8}", cid)
    assert ids.members(store, cid) == sorted(a)
    assert {ids.current_id(store, m) for m in a} == {cid}
    assert ids.current_id(store, cid.lower()) == cid
    assert ids.current_id(store, "P-AAAAAAAA") is None and ids.members(store, "P-AAAAAAAA") == []
    assert set(resolved_map(store).values()) == {cid}
    resolve(store)
    assert ids.current_id(store, a[0]) == cid          # a rerun changes nothing


def test_a_document_joining_or_leaving_keeps_the_id(store):
    a = person_docs(store, 3, "Zarmak Gul Baitani", TTP, "zg")
    resolve(store)
    cid = ids.current_id(store, a[0])
    more = person_docs(store, 4, "Zarmak Gul Baitani", TTP, "later")
    resolve(store)
    assert ids.members(store, cid) == sorted(a + more)
    everyone = sorted(a + more)
    for gone in everyone[:3]:                           # the first member (the id's seed) leaves too
        forget(store, gone.split(":")[1])
        resolve(store)
        assert ids.current_id(store, everyone[-1]) == cid
    assert ids.members(store, cid) == everyone[3:]


def test_merge_keeps_the_larger_id_and_redirects_the_other(store):
    a = person_docs(store, 3, "Zarmak Gul Baitani", TTP, "zg")
    b = person_docs(store, 2, "Hamid Shah Orakzai", TTP, "hs")
    resolve(store)
    ca, cb = ids.current_id(store, a[0]), ids.current_id(store, b[0])
    assert ca != cb
    r = decisions.merge(store, cb, ca)
    assert r["canonical"] == ca and r["redirected"] == cb
    assert ids.current_id(store, cb) == ca and ids.redirected(store, cb)
    assert ids.members(store, cb) == sorted(a + b)
    assert profile(store, cb)["id"] == ca
    # a chain: the merged entity is absorbed in turn by a larger one
    c = person_docs(store, 6, "Wali Jan Afridi", TTP, "wj")
    resolve(store)
    cc = ids.current_id(store, c[0])
    assert decisions.merge(store, ca, cc)["canonical"] == cc
    assert ids.current_id(store, cb) == cc and ids.current_id(store, ca) == cc
    assert profile(store, cb)["id"] == cc


def test_merge_tie_goes_to_the_oldest_id(store):
    a = person_docs(store, 2, "Zarmak Gul Baitani", TTP, "zg")
    resolve(store)
    b = person_docs(store, 2, "Hamid Shah Orakzai", TTP, "hs")
    resolve(store)
    ca, cb = ids.current_id(store, a[0]), ids.current_id(store, b[0])
    assert decisions.merge(store, cb, ca)["canonical"] == ca


def test_split_leaves_the_id_with_the_larger_part(store):
    a = person_docs(store, 4, "Zarmak Gul Baitani", TTP, "zg")
    resolve(store)
    cid = ids.current_id(store, a[0])
    first = min(a)                                       # the member the id was minted from
    r = decisions.split(store, cid, [first])
    rest = sorted(set(a) - {first})
    assert ids.members(store, cid) == rest
    new = ids.current_id(store, first)
    assert new != cid and ids.looks_minted(new) and ids.members(store, new) == [first]
    assert sorted(r["ids"]) == sorted([cid, new])


def test_undo_restores_the_clusters_and_ids_exactly(store):
    a = person_docs(store, 2, "Zarmak Gul Baitani", TTP, "zg")
    b = person_docs(store, 3, "Hamid Shah Orakzai", TTP, "hs")
    resolve(store)
    before = resolved_map(store)
    ca, cb = ids.current_id(store, a[0]), ids.current_id(store, b[0])
    r = decisions.merge(store, ca, cb)
    assert r["canonical"] == cb and ids.current_id(store, ca) == cb
    decisions.undo(store, r["judgement"])
    assert resolved_map(store) == before
    assert not ids.redirected(store, ca)
    # a split undone: the one id again; redone: the same second id as the first time
    s = decisions.split(store, cb, [min(b)])
    split_map = resolved_map(store)
    for j in s["judgements"]:
        decisions.undo(store, j)
    assert resolved_map(store) == before
    s2 = decisions.split(store, cb, [min(b)])
    assert resolved_map(store) == split_map
    assert len(s2["judgements"]) == len(s["judgements"])


def test_a_judgement_is_not_recorded_twice(store):
    a = person_docs(store, 2, "Zarmak Gul Baitani", TTP, "zg")
    b = person_docs(store, 2, "Hamid Shah Orakzai", TTP, "hs")
    resolve(store)
    first = judgements.record(store, min(a), min(b), "negative")
    assert judgements.record(store, min(b), min(a), "negative") == first
    ca = ids.current_id(store, a[0])
    r1 = decisions.merge(store, ca, ids.current_id(store, b[0]))
    r2 = decisions.merge(store, ca, ids.current_id(store, b[0]))
    assert r1["blocked"] and r2["blocked"] and r1["judgement"] == r2["judgement"]
    assert len(judgements.history(store)) == 2
    judgements.undo(store, first)
    assert judgements.record(store, min(a), min(b), "negative") != first   # an undone one may be made again


KILLER = """
import os, signal, sys
from sqlalchemy import event
from militant_monitor.resolve import decisions
from militant_monitor.store import Store
store = Store(sys.argv[1])
@event.listens_for(store.engine, "before_cursor_execute")
def die(conn, cursor, statement, *rest):
    if statement.startswith("INSERT INTO resolved"):   # the judgement written, resolution half done
        os.kill(os.getpid(), signal.SIGKILL)
decisions.merge(store, sys.argv[2], sys.argv[3])
"""


@pytest.mark.sqlite_only
def test_a_merge_killed_half_way_leaves_neither_half(store, tmp_path):
    a = person_docs(store, 2, "Zarmak Gul Baitani", TTP, "zg")
    b = person_docs(store, 2, "Hamid Shah Orakzai", TTP, "hs")
    resolve(store)
    before = resolved_map(store)
    store.engine.dispose()
    script = tmp_path / "killer.py"
    script.write_text(KILLER, encoding="utf-8")
    db = store.url.replace("sqlite:///", "")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, str(script), db, ids.current_id(store, a[0]), ids.current_id(store, b[0])],
                       env=env, capture_output=True, timeout=120)
    assert p.returncode == -9, p.stderr.decode()
    assert judgements.history(store) == []
    assert resolved_map(store) == before
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("SELECT COUNT(*) FROM redirects").fetchone()[0] == 0
    c.close()


def test_a_judgement_recorded_but_not_applied_is_applied_by_the_next_ingest(store, tmp_path):
    from militant_monitor.extract.pipeline import Extractor
    from militant_monitor.ingest.runner import ingest_paths
    a = person_docs(store, 2, "Zarmak Gul Baitani", TTP, "zg")
    b = person_docs(store, 3, "Hamid Shah Orakzai", TTP, "hs")
    resolve(store)
    assert not store.has_unresolved()
    judgements.record(store, a[0], b[0], "positive")    # as a run killed after recording it left it
    assert store.has_unresolved()
    empty = tmp_path / "nothing"
    empty.mkdir()
    ingest_paths(store, [str(empty)], Extractor(use_model=False))
    assert ids.current_id(store, a[0]) == ids.current_id(store, b[0])
    assert not store.has_unresolved()


@pytest.mark.sqlite_only
def test_a_store_of_the_previous_schema_gets_minted_ids(tmp_path):
    """A store resolved before migration 6 (canonical ids were member ids) mints on its next resolve."""
    s = Store(str(tmp_path / "old.db"))
    a = person_docs(s, 2, "Zarmak Gul Baitani", TTP, "zg")
    with s.engine.begin() as c:
        c.exec_driver_sql("DELETE FROM resolved")
        for m in a:
            c.exec_driver_sql("INSERT INTO resolved VALUES (?, ?, 'person', 'logic_v3')", (m, min(a)))
    assert ids.current_id(s, a[1]) == min(a)
    resolve(s)
    cid = ids.current_id(s, min(a))
    assert ids.looks_minted(cid) and ids.members(s, cid) == sorted(a)
    s.close()


def test_profile_json_carries_the_minted_id(store):
    a = person_docs(store, 2, "Zarmak Gul Baitani", TTP, "zg")
    resolve(store)
    cid = ids.current_id(store, a[0])
    p = profile(store, "Zarmak Gul Baitani")
    assert p["id"] == cid and json.loads(json.dumps(p))["entities"] == sorted(a)
    assert profile(store, a[1])["id"] == cid


def test_the_members_of_a_merge_left_alone_keep_the_id_in_use(store):
    """After a merge, the documents of the surviving side leave: what remains keeps the id in use
    (the retired id is given back only when a cluster is split off one that goes on)."""
    a = person_docs(store, 3, "Zarmak Gul Baitani", TTP, "zg")
    b = person_docs(store, 2, "Hamid Shah Orakzai", TTP, "hs")
    resolve(store)
    ca, cb = ids.current_id(store, a[0]), ids.current_id(store, b[0])
    decisions.merge(store, ca, cb)
    for m in a:
        forget(store, m.split(":")[1])
    resolve(store)
    assert ids.members(store, ca) == sorted(b)          # exactly the retired id's members, yet the id in use
    assert ids.current_id(store, b[0]) == ca and ids.redirected(store, cb)


def test_a_forget_not_yet_resolved_is_resolved_by_the_next_ingest(store, tmp_path):
    from militant_monitor.extract.pipeline import Extractor
    from militant_monitor.ingest.runner import ingest_paths
    a = person_docs(store, 3, "Zarmak Gul Baitani", TTP, "zg")
    resolve(store)
    cid = ids.current_id(store, a[0])
    forget(store, min(a).split(":")[1])                 # as a run killed before resolving left it
    assert store.has_unresolved()
    empty = tmp_path / "nothing"
    empty.mkdir()
    ingest_paths(store, [str(empty)], Extractor(use_model=False))
    assert not store.has_unresolved()
    assert ids.members(store, cid) == sorted(a)[1:]


def test_mentions_not_resolved_yet_do_not_make_a_name_ambiguous(store):
    """Between an ingest's documents and its resolution, a name is not a choice of mentions."""
    a = person_docs(store, 2, "Zarmak Gul Baitani", TTP, "zg")
    resolve(store)
    cid = ids.current_id(store, a[0])
    late = person_docs(store, 2, "Zarmak Gul Baitani", "Lashkar-e-Jhangvi", "late")   # stored, not resolved
    assert profile(store, "Zarmak Gul Baitani")["id"] == cid
    resolve(store)                                       # another group: a namesake, now a choice
    from militant_monitor.query.profile import Ambiguous
    with pytest.raises(Ambiguous) as amb:
        profile(store, "Zarmak Gul Baitani")
    assert sorted(c["id"] for c in amb.value.candidates) == sorted({cid, ids.current_id(store, late[0])})


def test_a_merge_joins_both_whole_profiles_and_a_second_merge_records_nothing(store):
    a = person_docs(store, 3, "Zarmak Gul Baitani", TTP, "zg")
    b = person_docs(store, 2, "Hamid Shah Orakzai", TTP, "hs")
    resolve(store)
    ca, cb = ids.current_id(store, a[0]), ids.current_id(store, b[0])
    r = decisions.merge(store, ca, cb)
    j = next(x for x in judgements.history(store) if x["id"] == r["judgement"])
    # the judgement holds every member both profiles had: re-resolution cannot leave one behind
    assert json.loads(j["detail"])["together"] == sorted(a + b)
    assert {p for pair in judgements.together(j) for p in pair} == set(a + b)
    assert {ids.current_id(store, m) for m in a + b} == {r["canonical"]}
    again = decisions.merge(store, ca, cb)
    assert again["judgement"] is None and "already one entity" in again["message"]
    assert len([x for x in judgements.history(store) if x["judgement"] == "positive"]) == 1
    before = resolved_map(store)
    resolve(store, full=True)
    assert resolved_map(store) == before      # a full run gives what the incremental one gave
