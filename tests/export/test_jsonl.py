"""jsonl: a complete dump with provenance, and its import (idempotent, a faithful round trip)."""
from __future__ import annotations

import json

from sqlalchemy import text

from militant_monitor.store import Store


def _table(db, sql):
    """The rows of ``sql`` in store ``db`` (SQLite or PostgreSQL), in a fixed order."""
    store = Store(db, create=False)
    try:
        with store.engine.connect() as c:
            return sorted((tuple(r) for r in c.execute(text(sql))), key=repr)
    finally:
        store.close()


def test_dump_has_every_statement_with_provenance(kb, mmon, tmp_path):
    out = tmp_path / "dump.jsonl"
    code, _, err = mmon("export", "--format", "jsonl", "--db", kb, "-o", str(out))
    assert code == 0, err
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["record"] == "header" and lines[0]["format"] == "mmon-jsonl"
    stmts = [x for x in lines if x["record"] == "statement"]
    assert len(stmts) == _table(kb, "SELECT count(*) FROM statements")[0][0]
    for s in stmts:
        for field in ("id", "entity_id", "prop", "value", "doc_id", "span_start", "span_end", "citation",
                      "extractor", "rule", "confidence", "qualifier", "first_seen"):
            assert field in s
    docs = [x for x in lines if x["record"] == "document"]
    assert len(docs) == _table(kb, "SELECT count(*) FROM documents")[0][0]
    assert all(d["text"] for d in docs)


def test_stdout_is_the_same_dump(kb, mmon, tmp_path):
    out = tmp_path / "dump.jsonl"
    mmon("export", "-f", "jsonl", "--db", kb, "-o", str(out))
    code, stdout, _ = mmon("export", "-f", "jsonl", "--db", kb)
    assert code == 0 and stdout == out.read_text(encoding="utf-8")


def test_round_trip_and_twice_changes_nothing(kb, mmon, tmp_path):
    dump = tmp_path / "dump.jsonl"
    mmon("export", "-f", "jsonl", "--db", kb, "-o", str(dump))
    new = str(tmp_path / "new.db")
    code, _, err = mmon("import", "--format", "jsonl", str(dump), "--db", new)
    assert code == 0, err
    for sql in ("SELECT * FROM statements", "SELECT * FROM documents", "SELECT * FROM resolved",
                'SELECT left_id, right_id, judgement, "user", created_at, undone_at, note FROM judgements'):
        assert _table(new, sql) == _table(kb, sql), sql
    before = _table(new, "SELECT * FROM statements")
    code, _, err = mmon("import", "--format", "jsonl", str(dump), "--db", new)
    assert code == 0 and "added nothing" in err
    assert _table(new, "SELECT * FROM statements") == before
    again = tmp_path / "again.jsonl"
    mmon("export", "-f", "jsonl", "--db", new, "-o", str(again))
    assert again.read_text(encoding="utf-8") == dump.read_text(encoding="utf-8")
    # the imported store answers queries like the original one
    code1, a, _ = mmon("events", "--db", kb, "-f", "jsonl")
    code2, b, _ = mmon("events", "--db", new, "-f", "jsonl")
    assert a == b


def test_filters_keep_the_documents_of_the_events(kb, mmon):
    code, stdout, _ = mmon("export", "-f", "jsonl", "--db", kb, "--type", "arrest")
    assert code == 0
    lines = [json.loads(x) for x in stdout.splitlines()]
    docs = {x["id"] for x in lines if x["record"] == "document"}
    assert docs and docs < {r[0] for r in _table(kb, "SELECT id FROM documents")}
    assert {x["doc_id"] for x in lines if x["record"] == "statement"} <= docs


def test_errors_are_one_line(kb, mmon, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"record": "header", "format": "mmon-jsonl", "version": 1}\n{"record": "statement", "bogus": 1}\n')
    code, _, err = mmon("import", "-f", "jsonl", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "bad.jsonl:2" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    bad.write_text("not json\n")
    code, _, err = mmon("import", "-f", "jsonl", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "invalid JSON" in err and len(err.strip().splitlines()) == 1
    code, _, err = mmon("export", "-f", "nope", "--db", kb)
    assert code == 2 and "unknown format" in err
    code, _, err = mmon("export", "-f", "jsonl", "--db", str(tmp_path / "none.db"))
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = mmon("import", "-f", "stix", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 2 and "unknown import format" in err


KB_TABLES = ("SELECT * FROM statements", "SELECT * FROM documents", "SELECT * FROM resolved", "SELECT * FROM watchlist",
             'SELECT left_id, right_id, judgement, "user", created_at, undone_at, note FROM judgements',
             "SELECT id, entity_type FROM minted", "SELECT old_id, new_id, members FROM redirects",
             "SELECT report_id, cluster_id, doc_id FROM event_clusters")


def test_round_trip_keeps_the_knowledge_base(mmon, tmp_path):
    """A store with an analyst's merge (a judgement, a retired id and its redirect) and a
    watchlist, dumped and loaded into an empty store: the same statements,
    judgements, watchlist, resolution and minted ids (people's, groups' and events'), on this
    test run's backend (SQLite, or PostgreSQL with --backend postgresql)."""
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    db = str(tmp_path / "kb.db")
    code, _, err = mmon("ingest", str(root / "examples" / "articles"), "--db", db)
    assert code == 0, err
    people = [r[0] for r in _table(db, "SELECT DISTINCT canonical_id FROM resolved WHERE entity_type = 'person'")]
    assert len(people) >= 2 and all(p.startswith("P-") for p in people)
    code, out, err = mmon("merge", people[0], people[1], "--db", db, "--user", "ana", "--note", "same man")
    assert code == 0, err
    code, _, err = mmon("watchlist", "--add", "Abu Test", "--db", db)
    assert code == 0, err
    assert _table(db, "SELECT old_id FROM redirects")                  # the merge retired an id
    code, _, err = mmon("events", "--db", db, "-f", "jsonl")
    assert code == 0, err
    dump = tmp_path / "dump.jsonl"
    code, _, err = mmon("export", "-f", "jsonl", "--db", db, "-o", str(dump))
    assert code == 0, err
    records = {json.loads(x)["record"] for x in dump.read_text(encoding="utf-8").splitlines()}
    assert {"minted", "redirect", "event_cluster", "judgement", "watch"} <= records
    new = str(tmp_path / "new.db")
    code, _, err = mmon("import", "-f", "jsonl", str(dump), "--db", new)
    assert code == 0, err
    for sql in KB_TABLES:
        assert _table(new, sql) == _table(db, sql), sql
    for cmd in (("events", "-f", "jsonl"), ("profile", people[0], "-f", "json"), ("judgements",), ("watchlist",)):
        a, b = mmon(*cmd, "--db", db), mmon(*cmd, "--db", new)
        assert a[0] == 0 and a[:2] == b[:2], cmd
    again = tmp_path / "again.jsonl"                                     # and back: the same dump
    mmon("export", "-f", "jsonl", "--db", new, "-o", str(again))
    assert again.read_text(encoding="utf-8") == dump.read_text(encoding="utf-8")
    code, _, err = mmon("import", "-f", "jsonl", str(dump), "--db", new)
    assert code == 0 and "added nothing" in err


def test_version_1_dumps_still_load(kb, mmon, tmp_path):
    """A dump of before the minted ids (version 1: no such records) loads; ids are minted anew."""
    dump = tmp_path / "dump.jsonl"
    mmon("export", "-f", "jsonl", "--db", kb, "-o", str(dump))
    old = [json.loads(x) for x in dump.read_text(encoding="utf-8").splitlines()]
    old = [{**x, "version": 1} if x["record"] == "header" else x for x in old
           if x["record"] not in ("minted", "redirect", "event_cluster")]
    dump.write_text("".join(json.dumps(x) + "\n" for x in old), encoding="utf-8")
    new = str(tmp_path / "v1.db")
    code, _, err = mmon("import", "-f", "jsonl", str(dump), "--db", new)
    assert code == 0, err
    assert _table(new, "SELECT * FROM statements") == _table(kb, "SELECT * FROM statements")
    assert mmon("events", "--db", new, "-f", "jsonl")[1] == mmon("events", "--db", kb, "-f", "jsonl")[1]
