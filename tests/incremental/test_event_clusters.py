"""Stored event clusters (``resolve.event_clusters``): kept up to date as documents come and go,
equal to clustering every report again, with ids that outlive a report joining or leaving."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from event_docs import add_bombing, add_event_doc  # noqa: E402

from militant_monitor.query.events import all_rows, cluster, event_of, load_events  # noqa: E402
from militant_monitor.resolve import event_clusters  # noqa: E402
from militant_monitor.store import Store  # noqa: E402
from militant_monitor.store.store import forget  # noqa: E402


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "ev.db"))
    yield s
    s.close()


def partition(groups) -> set[frozenset]:
    return {frozenset(g) for g in groups}


def stored_partition(store) -> set[frozenset]:
    by: dict = {}
    for report, cid in event_clusters.stored(store).items():
        by.setdefault(cid, set()).add(report)
    return partition(by.values())


def test_random_adds_and_forgets_equal_a_full_rebuild(store):
    rng = random.Random(7)
    docs: list[str] = []
    for step in range(40):
        if docs and rng.random() < 0.3:
            forget(store, docs.pop(rng.randrange(len(docs))))
        else:
            docs.append(add_event_doc(store, rng, rng.randint(1, 3)))
        done = event_clusters.update(store)
        assert done["documents"] == 1
        fresh = partition([e["id"] for e in g] for g in cluster(load_events(store)))
        assert stored_partition(store) == fresh, step
    assert any(len(g) > 1 for g in stored_partition(store))      # the test exercises joins
    before = event_clusters.stored(store)
    event_clusters.update(store, full=True)                       # a full rebuild keeps every id
    assert event_clusters.stored(store) == before


def test_an_event_keeps_its_id_when_reports_join_and_leave(store):
    rng = random.Random(3)
    first = add_event_doc(store, rng, 1)
    rows = all_rows(store)
    assert len(rows) == 1 and rows[0]["id"].startswith("E-")
    eid, report = rows[0]["id"], rows[0]["members"][0]
    from event_docs import SITES  # noqa: F401
    from militant_monitor.model.document import Document
    from militant_monitor.model.statement import Statement
    e = load_events(store)[0]
    d = Document(text="Invented follow-up bulletin: the same attack.", published=e["source"]["published"])
    sts = [Statement(f"event:{d.id}:e0", "event", p, e[p], d.id, extractor="test")
           for p in ("type", "date", "place", "perpetrators") if p in e]
    store.save(d, {"document": {"published": d.published}}, sts, "test")
    rows = all_rows(store)
    assert [r["id"] for r in rows] == [eid] and rows[0]["reports"] == 2     # joined, same id
    forget(store, first)
    rows = all_rows(store)
    assert [r["id"] for r in rows] == [eid] and rows[0]["reports"] == 1     # left, same id
    assert event_of(rows, eid.lower()) is rows[0] and event_of(rows, f"event:{d.id}:e0") is rows[0]
    assert event_of(rows, report) is None                                  # its report is forgotten


def test_nothing_changed_nothing_done(store):
    add_event_doc(store, random.Random(1), 2)
    assert event_clusters.update(store)["documents"] == 1
    assert event_clusters.update(store) == {"documents": 0, "reports": 0}


def test_a_group_query_reads_only_its_events_and_equals_filtering_all(store):
    from militant_monitor.query.events import Filters, event_table
    rng = random.Random(21)
    for _ in range(25):
        add_event_doc(store, rng, 2)
    everything = all_rows(store)
    for group in ("TTP", "Lashkar-e-Jhangvi", "Jaish al-Qamar"):
        narrowed = event_table(store, Filters(group=group))
        assert narrowed == event_table(store, Filters(group=group), rows=everything)
    assert event_table(store, Filters(group="TTP")) and not event_table(store, Filters(group="Jaish al-Qamar"))


def test_forgetting_the_report_that_tied_two_others_splits_the_event(store):
    from militant_monitor.model.document import Document
    from militant_monitor.model.statement import Statement
    docs = []
    for day in (1, 2, 3):      # the 1st and the 3rd are two days apart: tied only through the 2nd
        d = Document(text=f"Invented bulletin of day {day}: a bombing at the Zarkot bazaar.", published=f"2024-03-0{day}")
        sts = [Statement(f"event:{d.id}:e0", "event", p, v, d.id, extractor="test") for p, v in (
            ("type", "bombing"), ("date", f"2024-03-0{day}"), ("place", {"name": "Zarkot bazaar", "district": "Zarkot"}))]
        store.save(d, {"document": {"published": d.published}}, sts, "test")
        docs.append(d.id)
    rows = all_rows(store)
    assert len(rows) == 1 and rows[0]["reports"] == 3
    forget(store, docs[1])
    rows = all_rows(store)
    assert sorted(r["reports"] for r in rows) == [1, 1]
    assert stored_partition(store) == partition([e["id"] for e in g] for g in cluster(load_events(store)))


def test_an_id_retired_by_a_join_still_opens_the_event(store):
    """Two events (days 1 and 3, too far apart), then a report of day 2 that ties them: one
    event keeps its id, the other's id redirects to it; forgetting the tie gives it back."""
    first, third = add_bombing(store, 1), add_bombing(store, 3)
    rows = all_rows(store)
    assert len(rows) == 2 and all(r["former_ids"] == [] for r in rows)
    ids = {r["members"][0].split(":")[1]: r["id"] for r in rows}
    second = add_bombing(store, 2)
    rows = all_rows(store)
    assert len(rows) == 1 and rows[0]["reports"] == 3
    kept = rows[0]["id"]
    assert kept in ids.values()
    retired = next(i for i in ids.values() if i != kept)
    assert rows[0]["former_ids"] == [retired]
    assert event_of(rows, retired) is rows[0] and event_of(rows, retired.lower()) is rows[0]
    assert event_clusters.redirects(store) == {retired: kept}
    event_clusters.update(store, full=True)                        # a full rebuild keeps ids and redirects
    assert all_rows(store) == rows
    forget(store, second)
    rows = all_rows(store)
    assert sorted(r["id"] for r in rows) == sorted(ids.values())   # the retired id is given out again
    assert event_clusters.redirects(store) == {} and all(r["former_ids"] == [] for r in rows)
    assert {r["members"][0].split(":")[1]: r["id"] for r in rows} == ids
    assert first in ids and third in ids


def test_a_redirect_chain_leads_to_the_event_in_use(store):
    """Day 1 and day 3 join through day 2, then day 5 and the three join through day 4: both
    retired ids open the one event."""
    for day in (1, 3, 5):
        add_bombing(store, day)
    before = {r["id"] for r in all_rows(store)}
    assert len(before) == 3
    add_bombing(store, 2)
    add_bombing(store, 4)
    rows = all_rows(store)
    assert len(rows) == 1 and rows[0]["reports"] == 5
    assert sorted([rows[0]["id"], *rows[0]["former_ids"]]) == sorted(before)
    for old in before:
        assert event_of(rows, old) is rows[0]
    assert event_of(rows, "E-AAAAAAAA") is None
