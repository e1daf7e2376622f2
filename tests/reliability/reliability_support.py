"""Helpers for the reliability tests: the real ``mmon`` console script as a subprocess,
and read-only looks into the SQLite store it writes (plain ``sqlite3``, no mmon code)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "articles"
MMON = Path(sys.executable).parent / "mmon"          # .venv/bin/mmon under .venv/bin/python

needs_mmon = pytest.mark.skipif(not MMON.exists(), reason=f"no mmon console script next to {sys.executable}")


def mmon_env(db: Path | str | None, code: Path | None = None) -> dict:
    """The environment for a subprocess: plain output, ``MMON_DB=db``, and with ``code``
    (see :func:`freeze_code`) that copy of the package instead of the working tree."""
    env = {k: v for k, v in os.environ.items() if k not in ("MMON_DEBUG", "MMON_DB")}
    env.update({"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", "PYTHONIOENCODING": "utf-8"})
    if db is not None:
        env["MMON_DB"] = str(db)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def freeze_code(dest: Path) -> Path:
    """A copy of the ``militant_monitor`` package under ``dest``, for PYTHONPATH.

    Tests that compare several runs (a clean one, killed ones, a recovery) must run
    the same code in all of them; a copy taken once keeps edits made to the working
    tree while the suite runs from making those runs disagree. (PYTHONPATH comes
    before the editable install's finder, and neither the console script nor a
    script outside the repository root has the root on sys.path.)
    """
    shutil.copytree(ROOT / "militant_monitor", dest / "militant_monitor",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


def run_mmon(*args, db=None, cwd=None, timeout=300, code: Path | None = None) -> subprocess.CompletedProcess:
    """``mmon ARGS`` to completion, with ``MMON_DB=db``."""
    return subprocess.run([str(MMON), *map(str, args)], cwd=cwd or ROOT, env=mmon_env(db, code),
                          capture_output=True, text=True, timeout=timeout)


def start_mmon(*args, db=None, cwd=None, code: Path | None = None) -> subprocess.Popen:
    """``mmon ARGS`` started in the background (to be killed)."""
    return subprocess.Popen([str(MMON), *map(str, args)], cwd=cwd or ROOT, env=mmon_env(db, code),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def connect(db) -> sqlite3.Connection:
    c = sqlite3.connect(str(db), timeout=30)
    c.row_factory = sqlite3.Row
    return c


def tables(db) -> set[str]:
    with connect(db) as c:
        return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def rows(db, sql: str, *params) -> list[tuple]:
    with connect(db) as c:
        return [tuple(r) for r in c.execute(sql, params)]


def documents(db) -> dict[str, dict]:
    """Every stored document, all columns, by id."""
    with connect(db) as c:
        return {r["id"]: dict(r) for r in c.execute("SELECT * FROM documents")}


def statements(db) -> dict[str, dict]:
    """Every statement, all columns, by id."""
    with connect(db) as c:
        return {r["id"]: dict(r) for r in c.execute("SELECT * FROM statements")}


def statement_ids_by_doc(db) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for sid, doc_id in rows(db, "SELECT id, doc_id FROM statements"):
        out.setdefault(doc_id, set()).add(sid)
    return out


def judgements(db) -> list[tuple]:
    return rows(db, "SELECT * FROM judgements ORDER BY id")


def resolved(db) -> dict[str, str]:
    return dict(rows(db, "SELECT entity_id, canonical_id FROM resolved"))


def store_problems(db, expected_by_doc: dict[str, set[str]] | None = None) -> list[str]:
    """What is wrong with a store left behind by a killed process (empty: nothing).

    SQLite's own integrity check and both full-text indexes' checks; no statement
    without its document; every document with all of its statements (exactly the
    statement ids a clean run stores for it, where ``expected_by_doc`` is given),
    so no document was left half-written; no duplicate documents.
    """
    db = Path(db)
    if not db.exists():
        return []
    problems = []
    with connect(db) as c:
        ok = [r[0] for r in c.execute("PRAGMA integrity_check")]
        if ok != ["ok"]:
            problems.append(f"integrity_check: {ok[:5]}")
        names = {r[0] for r in c.execute("SELECT name FROM sqlite_master")}
        for fts in ("documents_fts", "statements_fts"):
            if fts in names:
                try:
                    c.execute(f"INSERT INTO {fts}({fts}) VALUES('integrity-check')")
                except sqlite3.DatabaseError as exc:
                    problems.append(f"{fts} integrity-check: {exc}")
        if "documents" not in names or "statements" not in names:
            return problems
        orphans = c.execute("SELECT COUNT(*) FROM statements "
                            "WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} statements whose document is not stored")
        bare = [r[0] for r in c.execute(
            "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.doc_id = d.id)")]
        if bare:
            problems.append(f"documents without any statement: {bare}")
        dup = c.execute("SELECT COUNT(*) - COUNT(DISTINCT content_hash) FROM documents").fetchone()[0]
        if dup:
            problems.append(f"{dup} duplicate documents")
    if expected_by_doc is not None:
        for doc_id, ids in statement_ids_by_doc(db).items():
            want = expected_by_doc.get(doc_id)
            if want is None:
                problems.append(f"{doc_id}: a document a clean run does not store")
            elif ids != want:
                problems.append(f"{doc_id}: {len(ids)} statements, a clean run stores {len(want)} "
                                f"({len(want - ids)} missing, {len(ids - want)} extra)")
    return problems
