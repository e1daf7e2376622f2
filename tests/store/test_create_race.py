"""Several processes opening one new store at the same moment (two `mmon ingest` runs into a
store neither has made yet): every one opens it, none fails on a table the other just created."""
from __future__ import annotations

import multiprocessing as mp

import pytest

from militant_monitor.store import Store


def _open(path: str, start, errors) -> None:
    start.wait()
    try:
        Store(path).close()
    except Exception as exc:  # noqa: BLE001 - what the test reports
        errors.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.sqlite_only   # a file two processes create at once; PostgreSQL's migrations lock already
def test_processes_creating_one_store_at_once_all_open_it(tmp_path):
    ctx = mp.get_context("spawn")
    for attempt in range(3):                  # the race is a moment wide: a few tries at it
        path = str(tmp_path / f"new-{attempt}.db")
        start, errors = ctx.Barrier(6), ctx.Queue()
        procs = [ctx.Process(target=_open, args=(path, start, errors)) for _ in range(6)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(120)
        failed = []
        while not errors.empty():
            failed.append(errors.get())
        assert not failed, failed
        assert [p.exitcode for p in procs] == [0] * 6
        store = Store(path, create=False)
        try:
            assert store.version > 0
        finally:
            store.close()
