"""The store's change counter, and the web cache that reads it (``serve.cache.Snapshot``).

Every writing transaction adds one to the counter, in the transaction: a reader sees the
count and the writes together, and a write that leaves every row count as it was (a
re-extraction that renames a man) is seen as well as one that adds rows. Runs on SQLite and,
with ``--backend postgresql``, on PostgreSQL. The people below are made up.
"""
from __future__ import annotations

import pytest

from militant_monitor.model.document import Document
from militant_monitor.model.statement import Statement
from militant_monitor.serve.cache import Snapshot
from militant_monitor.store import Store, schema

TEXT = "Invented note: Zarbat Khan Mirdani and Sherzad Gul Tolwai were seen in Zarkot."


def _sheet(doc: Document, names: tuple[str, str], version: str) -> list[Statement]:
    return [Statement(f"person:{doc.id}:p{i}", "person", "name", n, doc.id, extractor=version)
            for i, n in enumerate(names)]


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "kb.db")


def test_every_writing_transaction_adds_one_and_reads_add_none(db):
    store = Store(db)
    try:
        start = store.change_count()
        doc = Document(TEXT)
        store.save(doc, {"document": {}}, _sheet(doc, ("Zarbat Khan Mirdani", "Sherzad Gul Tolwai"), "v1"), "v1")
        assert store.change_count() == start + 1                  # a document and its rows: one transaction
        store.counts(), store.statements(doc_id=doc.id), store.search_documents('"Zarbat"')
        assert store.change_count() == start + 1
        assert store.save(doc, {"document": {}}, [], "v1") is False   # nothing written
        assert store.change_count() == start + 1
        with pytest.raises(RuntimeError):
            with store.engine.begin() as c:                      # a write rolled back takes its count back
                c.execute(schema.watch_pending.insert().values(doc_id=doc.id, added_at="2026-01-01"))
                raise RuntimeError("stop")
        assert store.change_count() == start + 1
        store.add_pending([doc.id])
        assert store.change_count() == start + 2
    finally:
        store.close()


def test_the_cache_sees_an_edit_that_keeps_every_count(db):
    """Re-extracted by another version: as many documents, statements and judgements as
    before, one name different. A cache keyed by counts kept the old name."""
    store = Store(db)
    try:
        doc = Document(TEXT)
        store.save(doc, {"document": {}}, _sheet(doc, ("Zarbat Khan Mirdani", "Sherzad Gul Tolwai"), "v1"), "v1")
        snap = Snapshot(store)
        before = store.counts()
        assert {p["name"] for p in snap.people()["by_id"].values()} == {"Zarbat Khan Mirdani", "Sherzad Gul Tolwai"}
        assert store.save(doc, {"document": {}}, _sheet(doc, ("Zarbat Khan Mirdani", "Sherzad Gul Tarkani"), "v2"), "v2")
        assert store.counts() == before
        assert {p["name"] for p in snap.people()["by_id"].values()} == {"Zarbat Khan Mirdani", "Sherzad Gul Tarkani"}
    finally:
        store.close()


def test_the_cache_sees_another_processs_writes_and_keeps_its_results_otherwise(db):
    """A second Store on the same database stands for another process (``mmon ingest``)."""
    store, other = Store(db), None
    try:
        doc = Document(TEXT)
        store.save(doc, {"document": {}}, _sheet(doc, ("Zarbat Khan Mirdani", "Sherzad Gul Tolwai"), "v1"), "v1")
        snap = Snapshot(store)
        first = snap.people()
        assert snap.people() is first                            # nothing written: computed once
        other = Store(db)
        assert other.save(doc, {"document": {}}, _sheet(doc, ("Zarbat Khan Mirdani", "Sherzad Gul Tarkani"), "v2"),
                          "v2")
        again = snap.people()
        assert again is not first
        assert {p["name"] for p in again["by_id"].values()} == {"Zarbat Khan Mirdani", "Sherzad Gul Tarkani"}
        assert snap.people() is again
    finally:
        store.close()
        if other is not None:
            other.close()
