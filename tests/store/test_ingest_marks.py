"""Two ingests at once decide duplicates as one would: each keeps up with what the other stored
(``Store.texts_since``, read by ingest's ``_Known``), however their writes interleave. Runs on
SQLite and, with ``--backend postgresql``, on PostgreSQL, where the marks are ingest times.
The texts are invented."""
from __future__ import annotations

import threading
import time

from militant_monitor.ingest.dedup import Deduper
from militant_monitor.ingest.runner import _Known
from militant_monitor.model.document import Document, content_hash
from militant_monitor.store import Store, schema
from militant_monitor.store.store import _now, write_lock

WAITED = " ".join(f"Invented report {k}: elders of Zarkot said the Pelgai road was closed for {k + 2} days after a "
                  f"landslide, and that traders of Mirdan carried their goods over the pass on mules instead."
                  for k in range(8))
FIRST = "Invented report: the council of Tolwa met on Monday and spoke of water for the upper villages."


def test_a_document_that_waited_for_the_lock_is_not_missed_by_a_reader(tmp_path):
    """Process A starts saving a document and waits for the write lock, which process B holds;
    B stores another document a second later and commits, and a reader sees it; then A's
    commits. The reader's next look must find A's document (ingest times taken before the
    lock put it before B's, and a reader keeping up by them never saw it: a near copy of it
    was then stored and reported 'stored', not 'duplicate')."""
    db = str(tmp_path / "kb.db")
    a, b = Store(db), Store(db)
    waited, first = Document(WAITED), Document(FIRST)
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
                ingested_at=b._clock(c)))                  # as Store.save writes it
            reader.catch_up(c)                             # the reader has seen B's document
            assert reader.ids == {first.id}
        t.join(timeout=30)
        assert done.is_set()
        reader.catch_up()
        assert reader.ids == {first.id, waited.id}
        near = Document(WAITED.replace("for 4 days", "for four days"))
        assert reader.dedup.check(near) is not None        # a near copy is found a duplicate
    finally:
        a.close()
        b.close()


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
