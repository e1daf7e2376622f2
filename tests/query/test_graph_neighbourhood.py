"""Queries that do not grow with the store (issue 14): ``graph.around`` without a whole graph
reads only the neighbourhood of its start (``graph.neighbourhood``) and must give the graph the
whole-store build gives; filters by group or person read the reports that point at it through
``relation_refs``, which follows every write of a document's statements."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.model.document import Document
from militant_monitor.model.statement import Statement
from militant_monitor.query import graph
from militant_monitor.query.actors import actor_refs
from militant_monitor.query.events import Filters, event_table
from militant_monitor.resolve.resolver import resolve
from militant_monitor.store import Store, relation_refs, schema
from militant_monitor.store.store import forget
from militant_monitor.store.migrations import SCHEMA_VERSION

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

# invented articles: a man in two groups, a group allied to another, attacks claimed by each
INVENTED = {
    "a.txt": ("QUETTA, March 3, 2025: Gulzar Baloch, a commander of the Baloch Liberation Army, led an attack on a "
              "levies post in Kalat on March 2, 2025 that killed three levies personnel, officials said. The Baloch "
              "Liberation Army claimed responsibility for the attack."),
    "b.txt": ("PESHAWAR, April 9, 2025: Qari Noor, a commander of the Tehreek-i-Taliban Pakistan, was arrested by "
              "police in Mardan on April 8, 2025. The TTP claimed the bombing of a police van in Tank on April 1, "
              "2025 that killed two policemen. The TTP is allied with Lashkar-e-Jhangvi."),
    "c.txt": ("KARACHI, May 12, 2025: Gulzar Baloch, also known as Commander Gulzar, a leader of the Baloch "
              "Liberation Front, was killed in a raid in Turbat on May 11, 2025, officials said. Lashkar-e-Jhangvi "
              "claimed an attack on a bus in Mastung on May 10, 2025 that killed six passengers."),
}


@pytest.fixture(scope="module")
def kb(extractor, tmp_path_factory):
    d = tmp_path_factory.mktemp("nbhd")
    corpus = d / "corpus"
    corpus.mkdir()
    for f in EXAMPLES.iterdir():
        shutil.copy(f, corpus / f.name)
    for name, text in INVENTED.items():
        (corpus / name).write_text(text, encoding="utf-8")
    s = Store(str(d / "kb.db"))
    ingest_paths(s, [str(corpus)], extractor)
    resolve(s, full=True)
    yield s
    s.close()


def _shape(g):
    return ({n: dict(d) for n, d in g.nodes(data=True)},
            {frozenset((a, b)): dict(d) for a, b, d in g.edges(data=True)})


def test_neighbourhood_is_the_whole_graphs_around(kb):
    whole = graph.build(kb)
    subjects = sorted(n for n, d in whole.nodes(data=True) if d.get("kind") in ("person", "group"))
    assert len(subjects) > 10 and any(d.get("kind") == "event" for _, d in whole.nodes(data=True))
    grew = 0
    for depth in (1, 2):
        for n in subjects:
            old = graph.around(kb, n, depth, g=whole)
            new = graph.around(kb, n, depth)
            assert _shape(new) == _shape(old), (n, depth)
            grew += depth == 2 and old.number_of_nodes() > 2
    assert grew            # some depth-2 neighbourhood reaches past the first ring


def test_no_node_for_an_unknown_name(kb):
    assert graph.around(kb, "Nobody Atall").number_of_nodes() == 0


def _rows(store):
    rr = schema.relation_refs.c
    with store.engine.connect() as c:
        return sorted(tuple(r) for r in c.execute(select(rr.statement_id, rr.ref_id, rr.entity_id, rr.prop, rr.doc_id)))


def test_actor_refs_by_index_equal_the_full_read(kb):
    full = actor_refs(kb)
    ids = {i for refs in full.values() for i in refs}
    assert ids
    for i in sorted(ids):
        want = {rid: refs & {i} for rid, refs in full.items() if i in refs}
        assert actor_refs(kb, actors={i}) == want
    # the migration's backfill gives the rows the writes gave
    written = _rows(kb)
    with kb.engine.begin() as c:
        c.execute(schema.relation_refs.delete())
        relation_refs.backfill(c, batch=2)
    assert _rows(kb) == written and written


def _doc(text, perps, ids, group="Lashkar-e-Jhangvi", gid="group:lashkar-jhangvi"):
    d = Document(text=text, published="2025-06-01", title="t")
    sts = [Statement("person:" + d.id + ":x", "person", "name", "Sher Khan", d.id, 0, 9),
           Statement("person:" + d.id + ":x", "person", "affiliation", {"group": group, "group_id": gid,
                                                                     "relation": "commander"}, d.id, 0, 40),
           Statement(f"event:{d.id}:e1", "event", "type", "bombing", d.id, 50, 60),
           Statement(f"event:{d.id}:e1", "event", "perpetrators", perps, d.id, 50, 60)]
    if ids is not None:
        sts.append(Statement(f"event:{d.id}:e1", "event", "perpetrator_ids", ids, d.id, 50, 60))
    return d, sts


def test_relation_refs_follow_forget_and_reextraction(tmp_path):
    s = Store(str(tmp_path / "kb.db"))
    try:
        d, sts = _doc("Invented text one about a bombing.", ["Lashkar-e-Jhangvi"], ["group:lashkar-jhangvi"])
        s.save(d, {"document": {}}, sts, "v1")
        rows = _rows(s)
        assert {(r[1], r[3]) for r in rows} == {("group:lashkar-jhangvi", "affiliation"),
                                               ("group:lashkar-jhangvi", "perpetrators")}
        assert set(actor_refs(s, actors={"group:lashkar-jhangvi"})) == {f"event:{d.id}:e1"}
        # a new extractor reads the bombing as the TTP's, with no ids (the name -> id fallback)
        _, sts2 = _doc("Invented text one about a bombing.", ["Tehreek-i-Taliban Pakistan"], None)
        s.save(d, {"document": {}}, sts2, "v2")
        assert actor_refs(s, actors={"group:lashkar-jhangvi"}) == {}
        assert set(actor_refs(s, actors={"group:tehreek-taliban-pakistan"})) == {f"event:{d.id}:e1"}
        assert event_table(s, Filters(group="Lashkar-e-Jhangvi")) == []
        assert len(event_table(s, Filters(group="Tehreek-i-Taliban Pakistan"))) == 1
        other, sts3 = _doc("Invented text two, another bombing.", ["Lashkar-e-Jhangvi"], ["group:lashkar-jhangvi"])
        s.save(other, {"document": {}}, sts3, "v2")
        forget(s, d.id)
        assert {r[4] for r in _rows(s)} == {other.id}
        assert set(actor_refs(s, actors={"group:tehreek-taliban-pakistan", "group:lashkar-jhangvi"})) == {
            f"event:{other.id}:e1"}
    finally:
        s.close()


def test_migration_10_fills_the_table_from_stored_statements(tmp_path):
    path = str(tmp_path / "kb.db")
    s = Store(path)
    try:
        for text, perps, ids in (("Invented text three.", ["Lashkar-e-Jhangvi"], ["group:lashkar-jhangvi"]),
                                 ("Invented text four.", ["Tehreek-i-Taliban Pakistan", "police"], None)):
            d, sts = _doc(text, perps, ids)
            s.save(d, {"document": {}}, sts, "v1")
        written = _rows(s)
        with s.engine.begin() as c:       # a store as migration 9 left it
            c.exec_driver_sql("DROP TABLE relation_refs")
            c.execute(schema.meta.update().where(schema.meta.c.key == "schema_version").values(value="9"))
    finally:
        s.close()
    s = Store(path)
    try:
        assert s.version == SCHEMA_VERSION and _rows(s) == written and len(written) == 7   # police: three ids it may be
    finally:
        s.close()
