"""Two ingests at once decide duplicates as one would: each one's near-duplicate check reads
what the other stored (``Store.near_candidates``, read by ingest's ``_Known``), however their
writes interleave. Runs on SQLite and, with ``--backend postgresql``, on PostgreSQL.
The texts are invented."""
from __future__ import annotations

import threading
import time

from sqlalchemy import select

from militant_monitor.ingest.dedup import Deduper, stored_bands
from militant_monitor.ingest.runner import _Known
from militant_monitor.model.document import Document, content_hash
from militant_monitor.store import Store, schema
from militant_monitor.store.store import _now, forget, write_lock

WAITED = " ".join(f"Invented report {k}: elders of Zarkot said the Pelgai road was closed for {k + 2} days after a "
                  f"landslide, and that traders of Mirdan carried their goods over the pass on mules instead."
                  for k in range(8))
FIRST = "Invented report: the council of Tolwa met on Monday and spoke of water for the upper villages."


def test_a_document_that_waited_for_the_lock_is_not_missed_by_a_reader(tmp_path):
    """Process A starts saving a document and waits for the write lock, which process B holds;
    B stores another document a second later, and B's check sees it in its transaction; then
    A's commits. A near copy of A's document must then be found a duplicate (a reader that kept
    up by ingest times once missed it: the copy was reported 'stored', not 'duplicate')."""
    db = str(tmp_path / "kb.db")
    a, b = Store(db), Store(db)
    waited, first = Document(WAITED), Document(FIRST)
    near = Document(WAITED.replace("for 4 days", "for four days"))
    try:
        reader = _Known(b, Deduper(threshold=0.8))
        done = threading.Event()

        def save_a():
            a.save(waited, {"document": {}}, [], "x")
            done.set()
        with b.engine.begin() as c:
            write_lock(c)                                  # B holds the write lock
            t = threading.Thread(target=save_a)
            t.start()
            time.sleep(1.2)                                # A waits, across a tick of the clock
            assert not done.is_set()
            c.execute(schema.documents.insert().values(
                id=first.id, content_hash=content_hash(first.text), text=first.text, extractor="x",
                ingested_at=b._clock(c)))
            c.execute(schema.near_bands.insert(), [{"band": k, "doc_id": first.id} for k in stored_bands(first.text)])
            assert reader.check(Document(FIRST + " Officials agreed."), c) == ("near", first.id)
            assert reader.check(near, c) is None           # A's document is not stored yet
        t.join(timeout=30)
        assert done.is_set()
        assert reader.check(near) == ("near", waited.id)   # a near copy is found a duplicate
    finally:
        a.close()
        b.close()


def test_ingest_checks_hold_no_stored_text(tmp_path):
    """Ingest's duplicate index holds nothing of the store: stored documents are found by their
    band keys in the store, so its memory does not grow with the store; a forgotten document's
    keys go with it."""
    db = str(tmp_path / "kb.db")
    s = Store(db)
    try:
        doc = Document(WAITED)
        s.save(doc, {"document": {}}, [], "x")
        known = _Known(s, Deduper(threshold=0.8))
        assert len(known.dedup) == 0
        near = Document(WAITED.replace("for 4 days", "for four days"))
        assert known.check(near) == ("near", doc.id)
        assert known.check(Document(FIRST)) is None
        forget(s, doc.id)
        assert known.check(near) is None
        with s.engine.connect() as c:
            assert c.execute(select(schema.near_bands.c.doc_id)).first() is None
    finally:
        s.close()


def test_ingest_times_are_written_as_before(tmp_path):
    s = Store(str(tmp_path / "kb.db"))
    try:
        doc = Document(FIRST)
        s.save(doc, {"document": {}}, [], "x")
        stamp = s.document(doc.id)["ingested_at"]
        assert len(stamp) == len(_now()) and stamp.endswith("+00:00") and stamp[10] == "T"
        assert abs(time.mktime(time.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S"))
                   - time.mktime(time.strptime(_now()[:19], "%Y-%m-%dT%H:%M:%S"))) < 60
    finally:
        s.close()


def test_migration_12_gives_documents_stored_before_it_their_band_keys(tmp_path):
    """A store made before ``near_bands`` (schema version 10) gets the keys of every stored
    document when opened, so a near copy of an old document is still found."""
    db = str(tmp_path / "kb.db")
    s = Store(db)
    doc = Document(WAITED)
    s.save(doc, {"document": {}}, [], "x")
    with s.engine.begin() as c:
        c.execute(schema.near_bands.delete())
        c.exec_driver_sql("DROP TABLE near_bands")
        c.execute(schema.meta.update().where(schema.meta.c.key == "schema_version").values(value="10"))
    s.close()
    s = Store(db)
    try:
        with s.engine.connect() as c:
            got = sorted(r.band for r in c.execute(select(schema.near_bands.c.band)))
        assert got == stored_bands(WAITED)
        near = Document(WAITED.replace("for 4 days", "for four days"))
        assert _Known(s, Deduper(threshold=0.8)).check(near) == ("near", doc.id)
    finally:
        s.close()
