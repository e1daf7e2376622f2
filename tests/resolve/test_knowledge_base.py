"""The knowledge base across articles, on the project's own corpus of 32 articles
(tests/corpus): merges, non-merges, conflicting claims, judgements, removals, queries."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from militant_monitor.extract.lexicon import key
from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.query.events import Filters, event_table, to_csv
from militant_monitor.query.graph import around, to_html, write_graphml
from militant_monitor.query.profile import profile
from militant_monitor.query.search import search
from militant_monitor.query.timeline import timeline
from militant_monitor.query import watch
from militant_monitor.resolve import judgements, resolve
from militant_monitor.resolve.resolver import canonical_of
from militant_monitor.store import Store
from militant_monitor.store.store import forget

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
EXPECT = json.loads((CORPUS / "expectations.json").read_text(encoding="utf-8"))
MMON = str(Path(sys.executable).with_name("mmon"))


@pytest.fixture(scope="module")
def kb(tmp_path_factory, extractor):
    db = tmp_path_factory.mktemp("kb") / "kb.db"
    store = Store(str(db))
    report = ingest_paths(store, [str(CORPUS / "articles")], extractor)
    assert report.stored == len(list((CORPUS / "articles").glob("*.txt")))
    return store


@pytest.fixture()
def kb_copy(kb, tmp_path):
    """A private copy for tests that change the store."""
    kb.engine.dispose()
    path = tmp_path / "kb.db"
    if kb.postgres:     # pytest --backend postgresql: a copy of its database on the server
        import pg_backend
        return Store(pg_backend.copy_database(kb.url, str(path)))
    src = Path(kb.url.replace("sqlite:///", ""))
    with __import__("sqlite3").connect(src) as a, __import__("sqlite3").connect(path) as b:
        a.backup(b)
    return Store(str(path))


def docs_by_file(store):
    return {Path(d["source_path"]).name: d["id"] for d in store.documents()}


def entities(store, docs, file, name):
    return {s["entity_id"] for s in store.statements(doc_id=docs[file])
            if s["entity_type"] == "person" and s["prop"] in ("name", "alias") and key(s["value"]) == key(name)}


def pair_outcomes(store, pairs):
    docs = docs_by_file(store)
    same, apart = [], []
    for p in pairs:
        a, b = entities(store, docs, p[0], p[1]), entities(store, docs, p[2], p[3])
        if not a or not b:
            continue
        joined = any(canonical_of(store, x) == canonical_of(store, y) for x in a for y in b)
        (same if joined else apart).append(p[:4])
    return same, apart


def test_resolve_merges_the_same_leader_across_articles(kb):
    same, apart = pair_outcomes(kb, EXPECT["must_merge"])
    assert len(same) >= 40, "too few cross-article pairs resolved"
    assert len(same) / (len(same) + len(apart)) >= 0.9, apart


def test_resolve_keeps_namesakes_apart(kb):
    same, apart = pair_outcomes(kb, EXPECT["must_not_merge"])
    assert len(apart) >= 8
    assert same == [], f"different people merged: {same}"


def test_resolve_groups_by_any_name(kb):
    """'the Pakistani Taliban', 'TTP' and 'Tehrik-i-Taliban Pakistan' are one group."""
    from militant_monitor.resolve.resolver import clusters_named
    found = clusters_named(kb, "Pakistani Taliban", "group")
    assert len(found) == 1
    assert set(clusters_named(kb, "TTP", "group")) == set(found)
    assert set(clusters_named(kb, "Tehreek-e-Taliban Pakistan", "group")) == set(found)


def test_events_keep_conflicting_tolls_side_by_side(kb):
    rows = [r for r in event_table(kb) if r["reports"] > 1]
    conflicts = [r for r in rows if r["killed_range"] and r["killed_range"][0] != r["killed_range"][1]]
    assert conflicts, "no event with differing death tolls"
    r = conflicts[0]
    values = [c["value"] for c in r["killed_claims"]]
    assert r["killed_range"] == [min(values), max(values)]
    latest = max(r["killed_claims"], key=lambda c: c["source"]["published"])
    assert r["killed"] == latest["value"], "the latest report's figure is the one shown"
    assert len({c["source"]["doc_id"] for c in r["killed_claims"]}) >= 2


def test_events_keep_conflicting_dates(kb):
    rows = [r for r in event_table(kb) if r.get("date_conflict")]
    assert rows, "a raid dated differently by two outlets should show both dates"
    assert len({d["value"] for d in rows[0]["dates"] if d["value"] and len(d["value"]) == 10}) >= 2


def test_events_filters(kb):
    everything = event_table(kb)
    assert everything
    ttp = event_table(kb, Filters(group="Pakistani Taliban"))
    from militant_monitor.resolve.matching import group_key
    assert ttp and all(any(group_key(p) == group_key("TTP") for p in r["perpetrators"]) for r in ttp)
    assert event_table(kb, Filters(group="TTP")) == ttp
    balochistan = event_table(kb, Filters(place="Balochistan"))
    assert balochistan and all(r["place"].get("province") == "Balochistan" for r in balochistan)
    district = event_table(kb, Filters(place="Mastung"))
    assert district and all("Mastung" in (r["place"].get("district"), r["place"].get("name")) for r in district)
    assert all(r["place"].get("country") == "PK" for r in event_table(kb, Filters(place="Pakistan")))
    heavy = event_table(kb, Filters(min_killed=7))
    assert heavy and all(r["killed_range"][1] >= 7 for r in heavy)
    window = event_table(kb, Filters(since="2024-01-01", until="2024-03-31"))
    assert window and all("2024-01-01" <= r["date"] <= "2024-03-31" for r in window)
    clashes = event_table(kb, Filters(type="clash"))
    assert clashes and all(r["type"] == "clash" for r in clashes)
    csv_text = to_csv(window)
    assert csv_text.splitlines()[0].startswith("id,date,type")
    assert len(csv_text.splitlines()) == len(window) + 1


def test_timeline_is_in_order_with_sources(kb):
    entries = timeline(kb, "Zarrar")
    assert len(entries) >= 3
    dates = [e["date"] for e in entries if e["date"]]
    assert dates == sorted(dates)
    assert all(e["source"].get("doc_id") or e["source"].get("publisher") for e in entries)


def test_timeline_reads_only_its_facts_documents_and_says_the_same(kb):
    every_doc = {d["id"]: d for d in kb.documents()}
    read = timeline(kb, "Zarrar")        # reads the documents of the man's facts only
    assert read == timeline(kb, "Zarrar", docs=every_doc)
    fact_sources = {e["source"]["doc_id"] for e in read if e["kind"] != "event"}
    assert fact_sources and len(fact_sources) < len(every_doc)
    assert all(e["source"]["publisher"] == every_doc[e["source"]["doc_id"]]["publisher"]
               for e in read if e["kind"] != "event")


def test_graph_around_a_leader(kb, tmp_path):
    g = around(kb, "Zarrar", depth=2)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"person", "group"} <= kinds
    write_graphml(g, str(tmp_path / "g.graphml"))
    back = nx.read_graphml(str(tmp_path / "g.graphml"))
    assert back.number_of_nodes() == g.number_of_nodes()
    page = to_html(g, "Zarrar <script>alert(1)</script>")
    assert "<script>alert(1)" not in page
    assert "http://" not in page and "https://" not in page   # self-contained


def test_search_ranks_documents_and_facts(kb):
    res = search(kb, "Zarrar")
    assert res["documents"] and res["facts"]
    assert all("zarrar" in (r["snippet"] or "").lower() or "zarrar" in (r["title"] or "").lower()
               for r in res["documents"])
    weird = search(kb, 'Zarrar" OR 1=1; DROP TABLE statements; --')
    assert weird["mode"] in ("all words", "any word")
    assert kb.counts()["statements"] > 0


def test_merge_split_undo_survive_reingest(kb_copy, extractor):
    store = kb_copy
    docs = docs_by_file(store)
    # two people the resolver keeps apart (namesakes): an analyst merges them, then thinks again
    a = b = None
    for p in EXPECT["must_not_merge"]:
        ea, eb = entities(store, docs, p[0], p[1]), entities(store, docs, p[2], p[3])
        if ea and eb and canonical_of(store, min(ea)) != canonical_of(store, min(eb)):
            a, b = min(ea), min(eb)
            break
    assert a and b
    jid = judgements.record(store, a, b, "positive", user="analyst-1", note="same man, per the 2023 CTD report")
    resolve(store)
    assert canonical_of(store, a) == canonical_of(store, b)
    j = [x for x in judgements.history(store) if x["id"] == jid][0]
    assert j["user"] == "analyst-1" and j["created_at"] and j["undone_at"] is None
    # re-ingest and re-extract: the judgement still holds
    ingest_paths(store, [str(CORPUS / "articles")], extractor)
    resolve(store)
    assert canonical_of(store, a) == canonical_of(store, b)
    # undo: apart again, and the record stays, marked undone
    assert judgements.undo(store, jid)
    resolve(store)
    assert canonical_of(store, a) != canonical_of(store, b)
    assert [x for x in judgements.history(store) if x["id"] == jid][0]["undone_at"]


def test_split_keeps_members_apart(kb_copy):
    store = kb_copy
    res = resolve(store)
    cid, members = next((c, m) for c, m in res.members.items() if len(m) > 2 and c.startswith("P-"))
    out = members[0]
    for other in members[1:]:
        judgements.record(store, out, other, "negative", user="analyst-2")
    resolve(store)
    assert all(canonical_of(store, out) != canonical_of(store, m) for m in members[1:])


def test_forget_removes_only_what_rested_on_the_document(kb_copy):
    store = kb_copy
    docs = docs_by_file(store)
    target = docs["11-kp-raises-head-money-zarrar.txt"]
    before = profile(store, "Zarrar")
    assert before is not None
    n_docs = store.counts()["documents"]
    r = forget(store, target)
    resolve(store)
    assert r["documents"] == 1 and r["statements"] > 0
    assert store.statements(doc_id=target) == []
    assert store.counts()["documents"] == n_docs - 1
    after = profile(store, "Zarrar")
    assert after is not None, "facts backed by other documents stay"
    assert target not in {s["doc_id"] for s in after["sources"]}
    assert store.search_documents('"Zarrar"')


def test_watch_reports_a_watched_leaders_fate(tmp_path, extractor):
    store = Store(str(tmp_path / "w.db"))
    folder = tmp_path / "incoming"
    folder.mkdir()
    files = sorted((CORPUS / "articles").glob("*.txt"))
    fate = next(f for f in files if f.name.startswith("23-"))   # P2 arrested
    earlier = [f for f in files if f.name.startswith(("02-", "10-"))]
    for f in earlier:
        shutil.copy(f, folder / f.name)
    watch.add(store, "Qasim Mohmand")
    assert [w["name"] for w in watch.watched(store)] == ["Qasim Mohmand"]
    watch.run(store, [str(folder)], once=True, extractor=extractor)
    shutil.copy(fate, folder / fate.name)
    alerts = watch.run(store, [str(folder)], once=True, extractor=extractor)
    assert any(a["kind"] == "arrested" for a in alerts), alerts
    again = watch.run(store, [str(folder)], once=True, extractor=extractor)
    assert again == [], "nothing new, nothing to report"


def test_cli_merge_judgements_and_events(kb_copy, tmp_path):
    env = {"MMON_DB": kb_copy.url.replace("sqlite:///", ""), "MMON_USER": "cli-analyst", "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(ROOT)}   # this checkout's code, whichever one the venv's mmon was installed from
    r = subprocess.run([MMON, "events", "--format", "csv", "--place", "Balochistan"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stdout.startswith("id,date,type")
    r = subprocess.run([MMON, "merge", "Hafiz Tariq", "Abu Muawiya"], capture_output=True, text=True, env=env)
    assert "Traceback" not in r.stderr
    r = subprocess.run([MMON, "judgements"], capture_output=True, text=True, env=env)
    assert r.returncode == 0
    if "cli-analyst" in r.stdout:
        jid = r.stdout.split()[0]
        u = subprocess.run([MMON, "judgements", "--undo", jid], capture_output=True, text=True, env=env)
        assert u.returncode == 0 and "undone" in u.stdout
    r = subprocess.run([MMON, "search", '"unbalanced AND ('], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "Traceback" not in r.stderr
    r = subprocess.run([MMON, "graph", "Zarrar", "--depth", "2", "--out", str(tmp_path / "z")], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0 and (tmp_path / "z.graphml").exists() and (tmp_path / "z.html").exists()


def test_matching_logics_on_labelled_pairs():
    """Versioned matching measured on labelled pairs; the current logic holds its floor."""
    sys.path.insert(0, str(ROOT / "bench"))
    from match_pairs import measure
    v1, v2 = measure("logic_v1"), measure("logic_v2")
    assert v2["pairs"] >= 120
    assert v2["precision"] >= 0.95 and v2["f1"] >= 0.70
    assert v2["f1"] >= v1["f1"]

