"""Ingest on a Dask cluster (``--engine dask``): the store equals a one-worker run's.

All texts are invented for these tests (the articles of test_ingest_workers.py).
Rules only (no statistical model), so the clusters stay small and quick.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from militant_monitor.errors import MmonError
from militant_monitor.extract.pipeline import Extractor
from militant_monitor.ingest import cluster as engine
from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.store import Store
from tests.ingest.test_ingest_workers import Watched, make_folder, snapshot

ROOT = Path(__file__).resolve().parents[2]


def ingest(db: Path, folder: Path, extractor, **kw) -> tuple:
    outcomes: list = []
    store = Store(str(db))
    try:
        report = ingest_paths(store, [str(folder)], extractor,
                              on_item=lambda name, outcome: outcomes.append((name, outcome)), **kw)
    finally:
        store.close()
    return report, outcomes


@pytest.fixture(scope="module")
def rules_only():
    return Extractor(use_model=False)


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory, rules_only):
    """A folder of inputs (articles, an exact and a near copy, JSON Lines, a binary file)
    and the store, outcomes and report of ingesting it with one worker."""
    root = tmp_path_factory.mktemp("one")
    folder = make_folder(root)
    report, outcomes = ingest(root / "one.db", folder, rules_only, workers=1)
    assert report.stored == 15 and len(report.duplicates) == 2 and len(report.failed) == 1
    return folder, snapshot(root / "one.db"), outcomes, report.summary()


def test_a_dask_cluster_stores_what_one_worker_stores(tmp_path, rules_only, one_worker):
    pytest.importorskip("distributed")
    folder, stored, outcomes, summary = one_worker
    cluster = engine.local_cluster(2, processes=False)
    try:
        here = Watched(rules_only)
        report, said = ingest(tmp_path / "dask.db", folder, here, engine="dask", scheduler=cluster.scheduler_address)
        assert here.calls == 0, "every document was cleaned and extracted on the cluster"
        assert said == outcomes, "the same outcomes, in input order"
        assert report.summary() == summary
        assert snapshot(tmp_path / "dask.db") == stored
        # again on the same cluster: the workers find everything stored, nothing changes
        again, _ = ingest(tmp_path / "dask.db", folder, here, engine="dask", scheduler=cluster.scheduler_address)
        assert again.stored == 0 and again.unchanged == 15 and here.calls == 0
        assert snapshot(tmp_path / "dask.db") == stored
    finally:
        cluster.close()
    assert not engine._stores, "each run closed the stores it opened on the workers"


def test_the_local_cluster_listens_on_loopback_only_and_stores_the_same(tmp_path, rules_only, one_worker):
    pytest.importorskip("distributed")
    folder, stored, outcomes, _ = one_worker
    cluster = engine.local_cluster(2)
    try:
        workers = cluster.scheduler_info["workers"]
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        assert len(workers) == 2 and all(addr.startswith("tcp://127.0.0.1:") for addr in workers)
        assert _listening() and all(ip == "127.0.0.1" for ip in _listening()), _listening()
        report, said = ingest(tmp_path / "procs.db", folder, rules_only, engine="dask",
                              scheduler=cluster.scheduler_address)
    finally:
        cluster.close()
    assert said == outcomes and snapshot(tmp_path / "procs.db") == stored


def _listening() -> list[str]:
    """The addresses that this process and its children listen on."""
    import psutil
    me = psutil.Process()
    return [c.laddr.ip for p in [me, *me.children(recursive=True)] for c in p.net_connections(kind="inet")
            if c.status == psutil.CONN_LISTEN]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_scheduler_at_the_address_is_one_error_naming_it(tmp_path, rules_only, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(engine, "CONNECT_TIMEOUT_S", 2)
    address = f"tcp://127.0.0.1:{_free_port()}"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Commander Zarak Gul was arrested in Karvan on Monday, police said.\n")
    with pytest.raises(MmonError) as got:
        ingest(tmp_path / "x.db", tmp_path / "in", rules_only, engine="dask", scheduler=address)
    assert f"cannot reach the Dask scheduler at {address}" in str(got.value) and "\n" not in str(got.value)
    with pytest.raises(MmonError, match="--scheduler needs --engine dask"):
        ingest(tmp_path / "x.db", tmp_path / "in", rules_only, scheduler=address)


def test_without_dask_the_engine_is_one_line_naming_the_extra(tmp_path):
    """The CLI in a process where ``distributed`` cannot be imported (as without the extra)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Commander Zarak Gul was arrested in Karvan on Monday, police said.\n")
    code = ("import sys; sys.modules['distributed'] = None; from militant_monitor.cli import app; "
            "sys.argv = ['mmon'] + sys.argv[1:]; app()")
    env = {**os.environ, "MMON_MODEL": "none", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", code, "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "y.db"),
                          "--engine", "dask"], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 2, run.stderr
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "militant-monitor[cluster]" in lines[0] and "--engine dask" in lines[0], run.stderr


@pytest.mark.slow
def test_ctrl_c_stops_the_local_cluster_in_one_line_and_the_next_run_completes(tmp_path, one_worker,
                                                                                  ctrl_c_once_stored):
    """A terminal's Ctrl-C (SIGINT to the whole process group) while documents are being stored:
    one line, exit 130, no traceback from the cluster's processes, each stored document whole."""
    pytest.importorskip("distributed")
    from tests.ingest.test_ingest_workers import MMON, _env
    if not MMON.exists():
        pytest.skip("no mmon console script")
    folder, stored, _, _ = one_worker
    db = tmp_path / "kb.db"
    args = [str(MMON), "ingest", "--engine", "dask", "--workers", "2", str(folder)]
    p = subprocess.Popen(args, env=_env(db), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    ctrl_c_once_stored(p, db, 1, within=180)
    out, err = p.communicate(timeout=120)
    if p.returncode == 1 and "read " in out:
        pytest.skip("the run finished before it could be interrupted")
    assert p.returncode == 130, (out, err)
    assert err.strip().splitlines() == ["error: interrupted"], err
    docs, stmts = snapshot(db)
    assert 1 <= len(docs) < 15 and {s[6] for s in stmts} <= {d[0] for d in docs}
    r = subprocess.run(args, env=_env(db), capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr   # 1: the broken file
    assert snapshot(db) == stored
