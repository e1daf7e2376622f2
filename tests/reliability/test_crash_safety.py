"""Crash safety: ``mmon ingest`` and ``mmon resolve`` killed with SIGKILL, then run again.

After every kill the SQLite store must be consistent: SQLite's integrity check
and the full-text indexes' checks pass, no statement lacks its document, and
every stored document has exactly the statements a clean run stores for it
(a document and its statements are saved in one transaction, so none is ever
half-written). Running the command again must finish the work: the documents,
statement ids and resolved entities of a clean run, no duplicates, and the
analyst's judgement recorded before the kills still in force.

Random kills (seeded, spread over the run's normal duration) are backed by
kills at chosen points that random timing seldom hits: at a document's commit,
between the last document and resolution, at resolution's commit, and inside
each schema migration.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from reliability_support import (  # noqa: E402
    CORPUS, ROOT, documents, freeze_code, judgements, mmon_env, needs_mmon, resolved, rows, run_mmon, start_mmon,
    statement_ids_by_doc, store_problems, tables,
)

pytestmark = [needs_mmon, pytest.mark.slow]

SEED = 20240611
ROUNDS = 8
MIN_DELAY = 0.05
HARNESS = Path(__file__).parent / "kill_harness.py"
SUMMARY = "read {n}, stored {stored}, unchanged {unchanged}, duplicates 0, failed 0"


def copy_db(src: Path, dst: Path) -> None:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def record_judgement(db: Path, pair: tuple[str, str]) -> None:
    """An analyst's decision, through the library (this also creates the store)."""
    from militant_monitor.resolve import judgements as judgements_mod
    from militant_monitor.store import Store
    store = Store(str(db))
    judgements_mod.record(store, pair[0], pair[1], "negative", "crash-test", "recorded before the kills")
    store.close()


def doc_count(db: Path) -> int:
    return rows(db, "SELECT COUNT(*) FROM documents")[0][0] if db.exists() and "documents" in tables(db) else 0


def kill_after(args: list, db: Path, delay: float, code: Path) -> bool:
    """Start ``mmon ARGS``; SIGKILL it after ``delay`` seconds. True if it was killed."""
    p = start_mmon(*args, db=db, code=code)
    try:
        p.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        return True


def delays(rng: random.Random, longest: float) -> list[float]:
    """ROUNDS delays between MIN_DELAY and ``longest``, one in each equal stretch, so the
    kills are spread over the whole run (start-up, documents, resolution)."""
    longest = max(longest, MIN_DELAY * 2)
    return [MIN_DELAY + (longest - MIN_DELAY) * (i + rng.random()) / ROUNDS for i in range(ROUNDS)]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """A clean, unkilled ingest of the corpus (32 articles): the reference, and its duration."""
    base = tmp_path_factory.mktemp("crash")
    code = freeze_code(base / "code")      # every run of this module runs the same code
    folder = base / "articles"
    folder.mkdir()
    for p in sorted(CORPUS.iterdir()):
        (folder / p.name).write_bytes(p.read_bytes())
    db = base / "clean.db"
    t0 = time.monotonic()
    r = run_mmon("ingest", folder, db=db, code=code)
    duration = time.monotonic() - t0
    assert r.returncode == 0, r.stderr
    n = len(list(folder.iterdir()))
    assert r.stdout.strip().splitlines()[-1] == SUMMARY.format(n=n, stored=n, unchanged=0)

    # The judgement: keep apart two entities that the clean run joined.
    clusters = defaultdict(list)
    for entity, canonical in sorted(resolved(db).items()):
        clusters[canonical].append(entity)
    joined = sorted(m for m in clusters.values() if len(m) > 1)
    assert joined, "the corpus should join some entities across documents"
    pair = (joined[0][0], joined[0][1])
    judged = base / "judged.db"
    copy_db(db, judged)
    record_judgement(judged, pair)
    t0 = time.monotonic()
    r = run_mmon("resolve", db=judged, code=code)
    resolve_duration = time.monotonic() - t0
    assert r.returncode == 0, r.stderr
    judged_resolved = resolved(judged)
    assert judged_resolved[pair[0]] != judged_resolved[pair[1]]
    assert judged_resolved != resolved(db)

    return {"code": code, "folder": folder, "db": db, "n": n,
            "duration": duration, "resolve_duration": resolve_duration,
            "docs": set(documents(db)), "by_doc": statement_ids_by_doc(db), "resolved": resolved(db),
            "pair": pair, "judged_resolved": judged_resolved}


def assert_complete(db: Path, clean: dict, want_resolved: dict) -> None:
    assert store_problems(db, clean["by_doc"]) == []
    assert set(documents(db)) == clean["docs"]
    assert statement_ids_by_doc(db) == clean["by_doc"]
    [(n_docs, n_hashes)] = rows(db, "SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM documents")
    assert n_docs == n_hashes == len(clean["docs"])
    [(n_statements,)] = rows(db, "SELECT COUNT(*) FROM statements")
    assert n_statements == sum(len(ids) for ids in clean["by_doc"].values())
    assert resolved(db) == want_resolved


# --------------------------------------------------------------------------- random kills


def test_ingest_killed_at_random_points_then_completed(clean, tmp_path):
    db = tmp_path / "kb.db"
    record_judgement(db, clean["pair"])
    judged = judgements(db)
    assert len(judged) == 1

    log, counts, kills = [], [0], 0
    for delay in delays(random.Random(SEED), clean["duration"]):
        killed = kill_after(["ingest", clean["folder"]], db, delay, clean["code"])
        kills += killed
        n = doc_count(db)
        log.append(f"{delay:.2f}s {'killed' if killed else 'finished'} with {n} documents")
        problems = store_problems(db, clean["by_doc"])
        assert problems == [], (log, problems)
        assert judgements(db) == judged, log
        assert n >= counts[-1], log                 # what was stored stays stored
        counts.append(n)
    print("\n".join(log))
    assert kills, log

    before = doc_count(db)
    r = run_mmon("ingest", clean["folder"], db=db, code=clean["code"])
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    n = clean["n"]
    assert r.stdout.strip().splitlines()[-1] == SUMMARY.format(n=n, stored=n - before, unchanged=before), log
    assert_complete(db, clean, clean["judged_resolved"])
    assert judgements(db) == judged


def test_resolve_killed_at_random_points_then_completed(clean, tmp_path):
    db = tmp_path / "kb.db"
    copy_db(clean["db"], db)
    record_judgement(db, clean["pair"])            # the stored resolution no longer agrees with it
    judged = judgements(db)
    old, new = resolved(db), clean["judged_resolved"]
    assert old != new

    for delay in delays(random.Random(SEED + 1), clean["resolve_duration"]):
        kill_after(["resolve"], db, delay, clean["code"])
        assert store_problems(db, clean["by_doc"]) == []
        assert resolved(db) in (old, new)          # all of one or all of the other, never a mix
        assert judgements(db) == judged

    r = run_mmon("resolve", db=db, code=clean["code"])
    assert r.returncode == 0, r.stderr
    assert_complete(db, clean, new)
    assert judgements(db) == judged


# --------------------------------------------------------------------------- chosen points


@pytest.mark.parametrize("point, docs_left", [
    (["commit", "1"], 0),            # the first document's transaction, executed but not committed
    (["commit", "12"], 11),          # the 12th: the 11 before it are stored
    (["before-resolve"], None),      # every document stored, resolution never started
    (["resolve-commit"], None),      # resolution written but not committed
], ids=["first-document", "twelfth-document", "before-resolve", "resolve-commit"])
def test_ingest_killed_at_a_chosen_point_then_completed(clean, tmp_path, point, docs_left):
    db = tmp_path / "kb.db"
    p = subprocess.run([sys.executable, str(HARNESS), str(db), str(clean["folder"]), *point], cwd=ROOT,
                       env=mmon_env(None, clean["code"]), capture_output=True, text=True, timeout=300)
    assert p.returncode == -signal.SIGKILL, f"kill point {point} not reached: {p.returncode} {p.stderr[-2000:]}"
    assert store_problems(db, clean["by_doc"]) == []
    assert doc_count(db) == (clean["n"] if docs_left is None else docs_left)
    assert resolved(db) == {}

    r = run_mmon("ingest", clean["folder"], db=db, code=clean["code"])
    assert r.returncode == 0, r.stderr
    assert_complete(db, clean, clean["resolved"])   # resolution too, even when no document was left to store


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_killed_inside_a_migration_the_store_still_opens(tmp_path, number):
    from militant_monitor.store import Store
    from militant_monitor.store.migrations import SCHEMA_VERSION

    db = tmp_path / "kb.db"
    p = subprocess.run([sys.executable, str(HARNESS), str(db), "-", "migration", str(number)], cwd=ROOT,
                       env=mmon_env(None), capture_output=True, text=True, timeout=120)
    assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    assert store_problems(db) == []
    # the migration that was under way left nothing behind: its version is not recorded...
    [(version,)] = rows(db, "SELECT COALESCE(MAX(CAST(value AS INTEGER)), 0) FROM mmon_meta "
                            "WHERE key = 'schema_version'")
    assert version == number - 1
    made = {1: "documents" in tables(db), 2: "documents_fts" in tables(db), 4: "judgements" in tables(db),
            3: "documents" in tables(db) and "qualifier" in {r[1] for r in rows(db, "PRAGMA table_info(statements)")}}
    assert not made[number], f"migration {number} half-applied"
    # ...and the next run applies it (before the fix, migration 3's ALTER TABLE stayed applied
    # and every later run failed with "duplicate column name: qualifier")
    store = Store(str(db))
    assert store.version == SCHEMA_VERSION
    store.close()
    columns = {r[1] for r in rows(db, "PRAGMA table_info(statements)")}
    assert "qualifier" in columns
    assert {"documents", "statements", "judgements", "resolved", "watchlist", "documents_fts"} <= tables(db)
