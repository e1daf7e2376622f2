"""A store of the bundled example articles, built once for the export tests."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from militant_monitor.cli import app

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def kb(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("export") / "kb.db")
    res = CliRunner().invoke(app, ["ingest", str(ROOT / "examples" / "articles"), "--db", db])
    assert res.exit_code == 0, res.output
    return db


@pytest.fixture
def query():
    """``query(db, sql, **params)``: the rows of ``sql`` in store ``db`` as tuples, through the
    store's own engine (SQLite, or PostgreSQL when the tests run with --backend postgresql)."""
    from sqlalchemy import text

    from militant_monitor.store import Store

    def run(db: str, sql: str, **params) -> list[tuple]:
        store = Store(db, create=False)
        try:
            with store.engine.connect() as c:
                return [tuple(r) for r in c.execute(text(sql), params)]
        finally:
            store.close()
    return run


@pytest.fixture
def mmon():
    """Run ``mmon ARGS``: (exit code, stdout, stderr)."""
    def run(*args, input=None):
        r = CliRunner().invoke(app, list(args), input=input)
        return r.exit_code, r.stdout, r.stderr
    return run
