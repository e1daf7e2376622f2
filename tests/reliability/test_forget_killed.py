"""``mmon forget`` killed between removing a document and re-resolving (found by
bench/soak.py): the document was gone but the resolution still held its entities,
and running forget again answered "no document" without mending it. The rows and
the resolution now change in one transaction: killed, neither half is left, and a
rerun ends where an unkilled forget ends."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from reliability_support import (  # noqa: E402
    CORPUS, MMON, documents, mmon_env, needs_mmon, resolved, rows, run_mmon, statement_ids_by_doc, store_problems,
)

# kill this process when forget's resolution starts (after the rows are deleted)
HARNESS = """
import os, signal, sys
import militant_monitor.resolve as pkg
original = pkg.resolve
def resolve(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
pkg.resolve = resolve
from militant_monitor.resolve import decisions
from militant_monitor.store import Store
decisions.forget(Store(sys.argv[1], create=False), sys.argv[2])
"""


def copy_db(src: Path, dest: Path) -> Path:
    shutil.copy2(src, dest)
    for suffix in ("-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copy2(str(src) + suffix, str(dest) + suffix)
    return dest


def state(db: Path) -> tuple:
    return (set(documents(db)), statement_ids_by_doc(db), resolved(db),
            sorted(rows(db, "SELECT doc_id FROM forgotten")))


@needs_mmon
def test_forget_killed_before_resolving_leaves_neither_half_and_a_rerun_completes(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for f in sorted(CORPUS.glob("*.txt"))[:3]:
        shutil.copy2(f, folder / f.name)
    base = tmp_path / "base.db"
    assert run_mmon("ingest", folder, db=base).returncode == 0
    # the document whose entities the resolution would lose: one with statements of its own
    doc = sorted(documents(base))[0]
    before = state(base)

    clean = copy_db(base, tmp_path / "clean.db")
    r = run_mmon("forget", doc, db=clean)
    assert r.returncode == 0, r.stderr
    after = state(clean)
    assert doc not in after[0] and after[2] != before[2]   # forgetting it changes the resolution

    killed = copy_db(base, tmp_path / "killed.db")
    p = subprocess.run([sys.executable, "-c", HARNESS, str(killed), doc], env=mmon_env(killed),
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == -signal.SIGKILL, p.stderr
    assert store_problems(killed) == []
    assert state(killed) == before          # nothing of the forget committed

    r = run_mmon("forget", doc, db=killed)
    assert r.returncode == 0, r.stderr
    assert state(killed) == after


@pytest.mark.skipif(not MMON.exists(), reason="no mmon console script")
def test_forget_of_an_unknown_document_changes_nothing(tmp_path):
    db = tmp_path / "s.db"
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy2(sorted(CORPUS.glob("*.txt"))[0], folder / "a.txt")
    assert run_mmon("ingest", folder, db=db).returncode == 0
    before = state(db)
    r = run_mmon("forget", "doc-0123456789abcdef", db=db)
    assert r.returncode == 1 and "no document" in r.stderr
    assert state(db) == before
