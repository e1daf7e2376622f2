"""The stored row of each event (``store.event_rows``): after every kind of write, each stored
row and actor id equals what the event's reports give when computed again from scratch
(``query.events.all_rows`` and ``query.actors.actor_refs``, which read the statements)."""
from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).parents[1] / "incremental"))
from event_docs import add_event_doc  # noqa: E402

from militant_monitor.export import jsonl  # noqa: E402
from militant_monitor.model.document import Document  # noqa: E402
from militant_monitor.model.statement import Statement  # noqa: E402
from militant_monitor.query.actors import actor_refs  # noqa: E402
from militant_monitor.query.events import all_rows  # noqa: E402
from militant_monitor.resolve import decisions, event_clusters, resolve  # noqa: E402
from militant_monitor.store import Store, event_rows, migrations, schema  # noqa: E402
from militant_monitor.store.store import forget  # noqa: E402


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "rows.db"))
    yield s
    s.close()


def stored(store: Store) -> tuple[dict, set]:
    """The rows (less their change time) and (event, actor id) pairs the tables hold."""
    with store.engine.connect() as c:
        rows = {r.event_id: {k: v for k, v in r._mapping.items() if k != "changed_at"}
                for r in c.execute(select(schema.event_rows))}
        actors = {(a.event_id, a.actor_id) for a in c.execute(select(schema.event_actors))}
    return rows, actors


def recomputed(store: Store) -> tuple[dict, set]:
    """The same, from every report of the store, computed now."""
    rows = all_rows(store)
    refs = actor_refs(store)
    expected = {r["id"]: event_rows.columns(r) for r in rows}
    actors = {(r["id"], a) for r in rows for m in r["members"] for a in refs.get(m, set())}
    return expected, actors


def assert_up_to_date(store: Store, step=None) -> None:
    event_clusters.update(store)
    got_rows, got_actors = stored(store)
    want_rows, want_actors = recomputed(store)
    assert got_rows == want_rows, step
    assert got_actors == want_actors, step


def test_rows_follow_adds_and_forgets(store):
    rng = random.Random(11)
    docs: list[str] = []
    for step in range(30):
        if docs and rng.random() < 0.3:
            forget(store, docs.pop(rng.randrange(len(docs))))
        else:
            docs.append(add_event_doc(store, rng, rng.randint(1, 3)))
        assert_up_to_date(store, step)
    rows, actors = stored(store)
    assert any(r["sources"] > 1 for r in rows.values()) and actors      # joins and actors were exercised
    assert any(r["conflict"] for r in rows.values())


def test_rows_follow_a_re_extraction(store):
    rng = random.Random(5)
    for _ in range(6):
        add_event_doc(store, rng, 2)
    assert_up_to_date(store)
    doc = Document(text="Invented bulletin: a raid at the Tolwa market.", published="2024-03-04")
    doc_id = doc.id
    first = [Statement(f"event:{doc_id}:e0", "event", p, v, doc_id, extractor="test") for p, v in (
        ("type", "armed_assault"), ("date", "2024-03-04"), ("place", {"name": "Tolwa market", "district": "Tolwa"}),
        ("killed", 2), ("perpetrators", ["Tehrik-i-Taliban Pakistan"]))]
    store.save(doc, {"document": {"published": doc.published}}, first, "test")
    assert_up_to_date(store)
    sts = [Statement(f"event:{doc_id}:e0", "event", p, v, doc_id, extractor="test2") for p, v in (
        ("type", "kidnapping"), ("date", "2024-03"), ("place", {"name": "Tolwa market", "district": "Tolwa"}),
        ("injured", 4), ("perpetrators", ["Lashkar-e-Jhangvi"]))]
    assert store.save(doc, {"document": {"published": doc.published}}, sts, "test2")
    assert_up_to_date(store)
    rows, _ = stored(store)
    mine = [r for r in rows.values() if r["type"] == "kidnapping"]
    assert mine and mine[0]["date_start"] == "2024-03-01" and mine[0]["date_end"] == "2024-03-31"


NAMES = ("Qari Zarmat Gul", "Haji Nurak Dawar")


def test_rows_stay_right_through_merge_split_and_undo(store):
    rng = random.Random(2)
    people = []
    for i in range(2):
        d = Document(text=f"Invented note {i}: {NAMES[i]} led the raid at Zarkot.", published="2024-03-02")
        pid = f"person:{d.id}:p0"
        people.append(pid)
        sts = [Statement(pid, "person", "name", NAMES[i], d.id, extractor="test"),
               *[Statement(f"event:{d.id}:e0", "event", p, v, d.id, extractor="test") for p, v in (
                   ("type", "armed_assault"), ("date", "2024-03-02"), ("place", {"name": "Zarkot", "district": "Zarkot"}),
                   ("perpetrators", [NAMES[i]]), ("perpetrator_ids", [pid]))]]
        store.save(d, {"document": {"published": d.published}}, sts, "test")
    add_event_doc(store, rng, 2)
    resolve(store)
    assert_up_to_date(store)
    before = stored(store)
    assert {a for _, a in before[1]} >= set(people)      # the events point at both men, by id
    done = decisions.merge(store, people[0], people[1])
    assert done["merged"]
    assert_up_to_date(store, "merge")
    split = decisions.split(store, done["canonical"], [people[1]])
    assert_up_to_date(store, "split")
    decisions.undo(store, split["judgement"])
    assert_up_to_date(store, "undo")
    assert stored(store) == before          # judgements on people change no event's row


def test_an_imported_dump_has_its_rows(store, tmp_path):
    rng = random.Random(9)
    for _ in range(8):
        add_event_doc(store, rng, 2)
    event_clusters.update(store)
    out = io.StringIO()
    jsonl.export(store, out)
    other = Store(str(tmp_path / "copy.db"))
    try:
        jsonl.load(other, io.StringIO(out.getvalue()).readlines())
        assert stored(other) == stored(store)
        assert_up_to_date(other)
    finally:
        other.close()


def test_migration_11_fills_the_rows_of_an_older_store(store):
    rng = random.Random(4)
    for _ in range(8):
        add_event_doc(store, rng, 2)
    event_clusters.update(store)
    want = stored(store)
    with store.engine.begin() as c:
        c.execute(text("DROP TABLE event_actors"))
        c.execute(text("DROP TABLE event_rows"))
        c.execute(schema.meta.update().where(schema.meta.c.key == "schema_version").values(value="10"))
    assert migrations.migrate(store.engine) == migrations.SCHEMA_VERSION
    assert stored(store) == want


def test_the_place_filters_names_are_those_of_every_event(store):
    """The autocomplete's places (read from the stored rows) are the places of every event row."""
    from militant_monitor.model.registry import place_label
    from militant_monitor.serve.cache import Snapshot
    rng = random.Random(8)
    for _ in range(10):
        add_event_doc(store, rng, 2)
    want = {place_label(r["place"]).lower(): place_label(r["place"]) for r in all_rows(store)}
    got = Snapshot(store).filter_lists()["places"]
    assert got == sorted(want.values()) and len(got) > 3
