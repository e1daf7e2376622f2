"""The store on a temporary SQLite file: migrations, saving, re-saving, look-ups, search."""
from __future__ import annotations

import dataclasses
import json
import signal
import sqlite3
import subprocess
import sys

import pytest

from militant_monitor.model.document import Document
from militant_monitor.store import Store
from militant_monitor.store.migrations import SCHEMA_VERSION

# An invented report (the people are made up; the group and places are real).
ARTICLE = """Wanted commander killed in Khyber raid

Published May 9, 2024

PESHAWAR: Security forces killed Saif-ur-Rehman Khan alias Mamu, a commander of the Tehreek-i-Taliban Pakistan, in a raid in Bara, Khyber district, on Tuesday, police said.

Officials said the Khyber Pakhtunkhwa government had announced head money of Rs3 million on Muhammad Tariq, his deputy, who escaped. Muhammad Tariq, a commander of the TTP, is wanted in Peshawar.

Police said the raid followed a tip-off from residents of the orchard villages.
"""

OTHER = """Bannu traders reopen shops after curfew

Published May 10, 2024

BANNU: Traders in Bannu reopened their shops on Friday after the district administration lifted a two-day curfew, and the vegetable market was crowded by noon.
"""


def table_counts(path) -> dict:
    """Rows per table, read by a Store of their own (SQLite or PostgreSQL alike)."""
    from sqlalchemy import text
    s = Store(path, create=False)
    try:
        with s.engine.connect() as c:
            return {t: c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in ("documents", "statements")}
    finally:
        s.close()


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "kb.db")


@pytest.fixture
def store(db):
    s = Store(db)
    yield s
    s.close()


@pytest.fixture(scope="module")
def extracted(extractor):
    doc = Document(text=ARTICLE, source_path="khyber-raid.txt")
    sheet, statements = extractor(doc)
    return doc, sheet, statements


def save(store, extracted, extractor_version=None):
    doc, sheet, statements = extracted
    version = extractor_version or statements[0].extractor
    if extractor_version:
        statements = [dataclasses.replace(s, extractor=extractor_version) for s in statements]
    return store.save(doc, sheet, statements, version)


# --- migrations ---------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_migrations_reach_the_latest_version(store, db):
    assert SCHEMA_VERSION >= 3
    assert store.version == SCHEMA_VERSION
    assert store.counts()["schema_version"] == SCHEMA_VERSION
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT value FROM mmon_meta WHERE key='schema_version'").fetchone() == (str(SCHEMA_VERSION),)


@pytest.mark.sqlite_only
def test_migrations_are_idempotent(db, extracted):
    first = Store(db)
    save(first, extracted)
    before = table_counts(db)
    first.close()
    second = Store(db)      # opening again applies nothing and loses nothing
    assert second.version == SCHEMA_VERSION
    assert table_counts(db) == before
    third = Store(db)
    assert third.version == SCHEMA_VERSION
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*) FROM mmon_meta WHERE key='schema_version'").fetchone() == (1,)
    second.close()
    third.close()


@pytest.mark.sqlite_only
def test_a_data_folder_holds_mmon_db(tmp_path):
    s = Store(str(tmp_path / "data"))
    assert s.version == SCHEMA_VERSION
    s.close()
    assert (tmp_path / "data" / "mmon.db").exists()


# --- saving ---------------------------------------------------------------------------------


def test_a_document_is_saved_with_its_statements(store, db, extracted):
    doc, sheet, statements = extracted
    assert save(store, extracted) is True
    stored = store.document(doc.id)
    assert stored["text"] == ARTICLE
    assert stored["title"] == "Wanted commander killed in Khyber raid"
    assert stored["published"] == "2024-05-09"
    assert stored["source_path"] == "khyber-raid.txt"
    rows = store.statements(doc_id=doc.id)
    assert len(rows) == len({s.id for s in statements}) > 10
    assert {r["id"] for r in rows} == {s.id for s in statements}
    counts = store.counts()
    assert counts["documents"] == 1 and counts["statements"] == len(rows)
    assert counts["people"] == 2 and counts["events"] >= 1


def test_saving_again_with_the_same_extractor_changes_nothing(store, db, extracted):
    doc = extracted[0]
    assert save(store, extracted) is True
    counts = table_counts(db)
    ids = {r["id"] for r in store.statements(doc_id=doc.id)}
    first_seen = {r["id"]: r["first_seen"] for r in store.statements(doc_id=doc.id)}
    assert save(store, extracted) is False
    assert table_counts(db) == counts
    again = store.statements(doc_id=doc.id)
    assert {r["id"] for r in again} == ids
    assert {r["id"]: r["first_seen"] for r in again} == first_seen


def test_a_new_extractor_version_replaces_the_statements(store, db, extracted):
    doc, _, statements = extracted
    save(store, extracted)
    old_ids = {r["id"] for r in store.statements(doc_id=doc.id)}
    assert save(store, extracted, extractor_version="mmon-rules/99.0.0+test") is True
    rows = store.statements(doc_id=doc.id)
    assert rows and {r["extractor"] for r in rows} == {"mmon-rules/99.0.0+test"}
    assert not old_ids & {r["id"] for r in rows}         # the old version's statements are gone
    assert len(rows) == len(old_ids)
    assert table_counts(db)["documents"] == 1
    assert store.document(doc.id)["extractor"] == "mmon-rules/99.0.0+test"


def test_statements_carry_their_provenance(store, extracted):
    doc, _, statements = extracted
    save(store, extracted)
    rows = store.statements(doc_id=doc.id)
    with_span = [r for r in rows if r["span_start"] is not None]
    assert len(with_span) >= len(rows) // 2
    for r in rows:
        assert r["doc_id"] == doc.id
        assert r["extractor"] == statements[0].extractor
        assert r["rule"]
        assert 0 < r["confidence"] <= 1
        if r["span_start"] is not None:
            assert 0 <= r["span_start"] < r["span_end"] <= len(ARTICLE)
    bounty = [r for r in rows if r["prop"] == "bounty"]
    assert len(bounty) == 1
    assert bounty[0]["value"]["amount"] == 3_000_000 and bounty[0]["value"]["currency"] == "PKR"
    assert "Rs3 million" in ARTICLE[bounty[0]["span_start"]:bounty[0]["span_end"]]
    status = [r for r in rows if r["prop"] == "status"]
    assert [s["value"]["state"] for s in status] == ["killed"]
    assert status[0]["value"]["date"] == "2024-05-07"


def test_statement_ids_are_deterministic(tmp_path, extractor):
    def ids(name):
        s = Store(str(tmp_path / name))
        doc = Document(text=ARTICLE)
        sheet, statements = extractor(doc)
        s.save(doc, sheet, statements, extractor.version)
        out = sorted(r["id"] for r in s.statements())
        s.close()
        return doc.id, out

    a, b = ids("one.db"), ids("two.db")
    assert a == b and len(a[1]) > 10


def test_statement_id_is_a_hash_of_its_key_fields(extracted):
    s = extracted[2][0]
    assert s.id == dataclasses.replace(s, confidence=0.1, rule="other", citation="X").id
    assert s.id != dataclasses.replace(s, value="something else").id
    assert s.id != dataclasses.replace(s, extractor="other").id
    assert s.id != dataclasses.replace(s, start=(s.start or 0) + 1).id


def test_two_documents_keep_their_own_statements(store, extracted, extractor):
    save(store, extracted)
    other = Document(text=OTHER)
    sheet, statements = extractor(other)
    assert store.save(other, sheet, statements, extractor.version)
    assert store.counts()["documents"] == 2
    assert {r["doc_id"] for r in store.statements(doc_id=other.id)} == {other.id}
    assert len(store.statements(doc_id=extracted[0].id)) == len({s.id for s in extracted[2]})


# --- look-ups -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    "Saif-ur-Rehman Khan",        # the name as written
    "Mamu",                       # an alias
    "mamu",                       # case
    "SAIF-UR-REHMAN KHAN",
    "Saif ur Rehman Khan",        # the connector written apart
    "Saif-ul-Rehman Khan",        # another connector
    "Saif Rehman Khan",           # the connector left out
    "Saif-ur-Rehmān Khan",        # a diacritic
])
def test_entities_named_finds_a_person_by_any_form(store, extracted, query):
    save(store, extracted)
    found = store.entities_named(query, "person")
    assert len(found) == 1 and found[0].startswith("person:") and found[0].endswith(":saif-rehman-khan")
    assert found == store.entities_named("Mamu")


def test_entities_named_finds_a_group_by_a_transliteration(store, extracted):
    save(store, extracted)
    gid = store.entities_named("Tehreek-i-Taliban Pakistan", "group")
    assert len(gid) == 1
    assert store.entities_named("Tehrik-e-Taliban Pakistan", "group") == gid
    assert store.entities_named("TTP", "group") == gid


def test_entities_named_unknown(store, extracted):
    save(store, extracted)
    assert store.entities_named("Nobody Here") == []
    assert store.entities_named("Khan", "person") == []      # a part of a name is not a name


def test_entities_named_muhammad_mohammad(store, extracted):
    save(store, extracted)
    assert store.entities_named("Mohammad Tariq", "person") == store.entities_named("Muhammad Tariq", "person") != []


# --- the file itself ---------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_the_file_is_plain_sqlite(store, db, extracted):
    save(store, extracted)
    store.close()
    c = sqlite3.connect(db)
    try:
        assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        assert {"documents", "statements", "mmon_meta", "documents_fts"} <= tables
        # what Datasette shows: plain columns, JSON values that parse
        cols = [r[1] for r in c.execute("PRAGMA table_info(statements)")]
        assert {"entity_id", "prop", "value", "doc_id", "span_start", "span_end", "extractor"} <= set(cols)
        for (value,) in c.execute("SELECT value FROM statements"):
            json.loads(value)
        n = c.execute("SELECT COUNT(*) FROM statements s JOIN documents d ON d.id = s.doc_id").fetchone()[0]
        assert n > 10
    finally:
        c.close()


def test_search_documents_finds_a_word(store, extracted, extractor):
    save(store, extracted)
    other = Document(text=OTHER)
    store.save(other, *extractor(other), extractor.version)
    hits = store.search_documents("orchard")
    assert [h["id"] for h in hits] == [extracted[0].id]
    assert "[orchard]" in hits[0]["snippet"]
    assert [h["id"] for h in store.search_documents("curfew")] == [other.id]
    assert {h["id"] for h in store.search_documents("Khyber OR Bannu")} == {extracted[0].id, other.id}
    assert store.search_documents("zeppelin") == []


def test_search_sees_a_re_extracted_document_once(store, extracted):
    save(store, extracted)
    save(store, extracted, extractor_version="mmon-rules/99.0.0+test")   # an UPDATE of the document row
    assert len(store.search_documents("orchard")) == 1


@pytest.mark.sqlite_only
def test_store_migrates_an_older_database_and_keeps_its_data(tmp_path):
    """A database made by the first release (schema 2) opens, gains the qualifier column, keeps rows."""
    import sqlite3
    from sqlalchemy import create_engine, text as sql
    from militant_monitor.store import migrations
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrations.current_version(conn)
    for number, _, fn in migrations.MIGRATIONS[:2]:
        with engine.begin() as conn:
            fn(conn)
            conn.execute(sql("DELETE FROM mmon_meta WHERE key='schema_version'"))
            conn.execute(sql("INSERT INTO mmon_meta(key, value) VALUES ('schema_version', :v)"), {"v": str(number)})
        with engine.begin() as conn:
            pass
    with engine.begin() as conn:
        conn.execute(sql("INSERT INTO documents(id, content_hash, text, ingested_at) VALUES ('doc-old', 'h', 'old text', 'now')"))
        conn.execute(sql("INSERT INTO statements(id, entity_id, entity_type, prop, value, doc_id, extractor, confidence, first_seen) "
                         "VALUES ('s1', 'person:x', 'person', 'name', '\"X\"', 'doc-old', 'v0', 1.0, 'now')"))
    engine.dispose()
    store = Store(str(path))
    assert store.version == SCHEMA_VERSION
    with sqlite3.connect(path) as c:
        cols = [r[1] for r in c.execute("PRAGMA table_info(statements)")]
        assert "qualifier" in cols
        assert c.execute("SELECT value FROM statements WHERE id='s1'").fetchone() == ('"X"',)
    assert store.document("doc-old")["text"] == "old text"


@pytest.mark.sqlite_only
def test_forget_takes_the_words_out_of_the_search_indexes_and_leaves_the_rest(tmp_path):
    """The forgotten document's words were merged into the indexes' big segment long before
    (an 'optimize'), and other documents came after in segments of their own: after the
    forget no byte of its rare word is in the files, the indexes are whole (FTS5's
    integrity check) and every other document and fact is found as before."""
    from militant_monitor.model.statement import Statement
    from militant_monitor.store.store import forget
    db = tmp_path / "kb.db"
    store = Store(str(db))
    try:
        def add(i: int, extra: str = "") -> Document:
            d = Document(f"Invented note {i}: elders of Zarkot met in the bazaar{extra}.")
            store.save(d, {"document": {"title": f"Note {i}"}},
                       [Statement(f"person:{d.id}:p0", "person", "name", f"Gulbaz Tarkani{extra}", d.id)], "x")
            return d
        early = [add(i) for i in range(20)]
        target = add(20, " Vorquzelmian")
        with store.engine.begin() as c:
            for t in ("documents_fts", "statements_fts"):
                c.exec_driver_sql(f"INSERT INTO {t}({t}) VALUES('optimize')")
        late = [add(i) for i in range(21, 40)]
        assert store.count_documents('"Vorquzelmian"') == 1 and store.count_facts('"Vorquzelmian"') == 1
        assert forget(store, target.id) == {"documents": 1, "statements": 1}
        assert store.count_documents('"Vorquzelmian"') == 0 and store.count_facts('"Vorquzelmian"') == 0
        assert store.count_documents('"Zarkot"') == len(early) + len(late)
        assert store.count_facts('"Tarkani"') == len(early) + len(late)
        with store.engine.begin() as c:
            for t in ("documents_fts", "statements_fts"):
                c.exec_driver_sql(f"INSERT INTO {t}({t}) VALUES('integrity-check')")
    finally:
        store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("kb.db*"))
    assert b"vorquzelmian" not in raw.lower(), "the forgotten word lingers in the files"


FORGET_KILLED_AT_SCRUB = """
import os, signal, sys
import militant_monitor.store.store as store_module
def killed(store):
    os.kill(os.getpid(), signal.SIGKILL)   # after forget's commit, before the files are scrubbed
store_module.scrub = killed
store = store_module.Store(sys.argv[1], create=False)
store_module.forget(store, sys.argv[2])
"""


def _index_bytes(db) -> bytes:
    """The full-text indexes' own pages (segments and their structure), read through SQLite."""
    with sqlite3.connect(str(db)) as c:
        return b"".join(bytes(r[0] or b"") for t in ("documents_fts_data", "statements_fts_data")
                        for r in c.execute(f"SELECT block FROM {t}"))


@pytest.mark.sqlite_only
def test_forget_killed_before_scrubbing_leaves_no_word_in_the_search_indexes(tmp_path):
    """A forget killed after its commit, before the files are scrubbed: the rows are gone and
    so are their words from the indexes (merged out in the forget's own transaction); the
    next scrub takes the rest out of the files."""
    from militant_monitor.model.statement import Statement
    from militant_monitor.store.store import scrub
    db = tmp_path / "kb.db"
    store = Store(str(db))
    try:
        for i in range(5):
            d = Document(f"Invented note {i}: elders of Zarkot met in the bazaar.")
            store.save(d, {"document": {"title": f"Note {i}"}},
                       [Statement(f"person:{d.id}:p0", "person", "name", "Gulbaz Tarkani", d.id)], "x")
        target = Document("Invented note: the Quzmarvelian elders of Zarkot met at dawn.")
        store.save(target, {"document": {"title": "Target"}},
                   [Statement(f"person:{target.id}:p0", "person", "name", "Quzmarvelian Khan", target.id)], "x")
    finally:
        store.close()
    assert b"quzmarvelian" in _index_bytes(db).lower()
    p = subprocess.run([sys.executable, "-c", FORGET_KILLED_AT_SCRUB, str(db), target.id],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == -signal.SIGKILL, p.stderr
    assert b"quzmarvelian" not in _index_bytes(db).lower(), "the forgotten word is still in the index"
    store = Store(str(db), create=False)
    try:
        assert store.document(target.id) is None
        assert store.count_documents('"Quzmarvelian"') == 0 and store.count_facts('"Quzmarvelian"') == 0
        assert store.count_documents('"Zarkot"') == 5
        scrub(store)
    finally:
        store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("kb.db*"))
    assert b"quzmarvelian" not in raw.lower(), "the forgotten word lingers in the files"


def test_a_fact_keeps_every_rule_id_however_long_the_joined_ids(store, db):
    """Several rules agreeing on one fact keep all their ids, ';'-joined: past 80 characters too
    (PostgreSQL refused the write while the column was String(80))."""
    from militant_monitor.model.statement import Statement
    d = Document("Invented note: Gulbaz Tarkani was arrested in Zarkot.")
    rule = ";".join(f"event.perp.rule_number_{i}" for i in range(12))
    assert len(rule) > 250
    store.save(d, {"document": {"title": "Note"}},
               [Statement(f"person:{d.id}:p0", "person", "name", "Gulbaz Tarkani", d.id, rule=rule)], "x")
    assert [r["rule"] for r in store.statements(doc_id=d.id)] == [rule]
