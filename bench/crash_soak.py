"""Soak test of crash safety: many SIGKILLs of ``mmon ingest`` at random moments.

    python bench/crash_soak.py [FOLDER] [--rounds 50] [--seed N] [--keep DIR]

The test suite (tests/reliability/test_crash_safety.py) kills an ingest 8 times;
this runs as many rounds as asked, on any folder of articles (default: the
32-article test corpus), for a longer look before a release. After every kill
the store is checked (SQLite and full-text integrity, no orphan statement, every
document with exactly the statements a clean run stores for it); at the end an
ingest runs to completion and must equal a clean run: same documents, statement
ids and resolved entities. Exit status 1 on any problem, with the round's log.
"""
from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from reliability_support import (  # noqa: E402
    CORPUS, MMON, documents, freeze_code, resolved, rows, run_mmon, start_mmon, statement_ids_by_doc, store_problems,
)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", default=str(CORPUS))
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--seed", type=int, default=None, help="default: random (printed)")
    ap.add_argument("--keep", help="work in this folder and keep it (default: a temporary one)")
    a = ap.parse_args(argv)
    if not MMON.exists():
        print(f"no mmon console script next to {sys.executable}")
        return 2
    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    work = Path(a.keep or tempfile.mkdtemp(prefix="mmon-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    code = freeze_code(work / "code") if not (work / "code").exists() else work / "code"

    clean_db, db = work / "clean.db", work / "soak.db"
    for p in (clean_db, db):
        for suffix in ("", "-wal", "-shm"):
            Path(str(p) + suffix).unlink(missing_ok=True)
    t0 = time.monotonic()
    r = run_mmon("ingest", a.folder, db=clean_db, code=code, timeout=3600)
    duration = time.monotonic() - t0
    if r.returncode != 0:
        print(f"clean run failed: {r.stderr.strip()[-500:]}")
        return 1
    by_doc = statement_ids_by_doc(clean_db)
    print(f"seed {seed}; clean run {duration:.1f}s: {r.stdout.strip().splitlines()[-1]}")

    for i in range(a.rounds):
        delay = rng.uniform(0.05, duration)
        p = start_mmon("ingest", a.folder, db=db, code=code)
        try:
            p.wait(timeout=delay)
            outcome = "finished"
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
            outcome = "killed"
        n = rows(db, "SELECT COUNT(*) FROM documents")[0][0] if db.exists() else 0
        problems = store_problems(db, by_doc)
        print(f"round {i + 1:3d}: {outcome} after {delay:5.2f}s, {n} documents"
              + (f"  PROBLEMS: {problems}" if problems else ""))
        if problems:
            print(f"stores kept in {work}")
            return 1

    r = run_mmon("ingest", a.folder, db=db, code=code, timeout=3600)
    ok = (r.returncode == 0 and set(documents(db)) == set(documents(clean_db))
          and statement_ids_by_doc(db) == by_doc and resolved(db) == resolved(clean_db)
          and not store_problems(db, by_doc))
    print(("completed: same documents, statements and resolution as the clean run" if ok else
           f"completion DIFFERS from the clean run (rc {r.returncode}): {r.stderr.strip()[-500:]}"))
    if ok and not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    elif not ok:
        print(f"stores kept in {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
