"""Run an ingest (or open a store) and SIGKILL this very process at an exact point.

    python kill_harness.py DB FOLDER commit N         # at the N-th commit of the store, before it lands
    python kill_harness.py DB FOLDER before-resolve   # every document saved, resolution not started
    python kill_harness.py DB FOLDER resolve-commit   # resolution computed, its write not committed
    python kill_harness.py DB - migration N           # migration N applied, its version not recorded

Used by test_crash_safety.py: random kills seldom land in these narrow windows,
so each one is also hit on purpose. Exits 0 only when the kill point was never
reached (the test treats that as a failure to reach it).
"""
from __future__ import annotations

import os
import signal
import sys


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main(db: str, folder: str, mode: str, n: str | None = None) -> int:
    if mode == "migration":
        from militant_monitor.store import migrations

        def killer(fn):
            def wrapped(conn):
                fn(conn)
                die()
            return wrapped

        migrations.MIGRATIONS = [(num, doc, killer(fn) if num == int(n) else fn)
                                 for num, doc, fn in migrations.MIGRATIONS]
        from militant_monitor.store import Store
        Store(db)
        return 0

    from sqlalchemy import event

    import militant_monitor.resolve as resolve_pkg
    from militant_monitor.extract.pipeline import Extractor
    from militant_monitor.ingest.runner import ingest_paths
    from militant_monitor.store import Store

    store = Store(db)
    state = {"commits": 0, "resolving": False}

    @event.listens_for(store.engine, "commit")
    def on_commit(_conn):
        state["commits"] += 1
        if mode == "commit" and state["commits"] == int(n):
            die()
        if mode == "resolve-commit" and state["resolving"]:
            die()

    original = resolve_pkg.resolve

    def resolve(*args, **kwargs):
        if mode == "before-resolve":
            die()
        state["resolving"] = True
        return original(*args, **kwargs)

    resolve_pkg.resolve = resolve
    ingest_paths(store, [folder], Extractor())
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
