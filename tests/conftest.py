"""Shared fixtures for the whole suite.

The spaCy extractor is loaded once per session (loading the model is the
slowest step of a run); every test that extracts uses this one instance.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]          # the repository root
TESTS = ROOT / "tests"
SHARED = ROOT.parent / "shared"                      # ../shared, present in the workspace only
SCHEMA_FILE = TESTS / "factsheet.schema.json"        # a verbatim copy of shared/spec/factsheet.schema.json


@pytest.fixture(scope="session")
def extractor():
    """The real extraction pipeline (rules + the statistical model when installed)."""
    from militant_monitor.extract.pipeline import Extractor
    return Extractor()


@pytest.fixture(scope="session")
def factsheet_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def factsheet_validator(factsheet_schema):
    from jsonschema import Draft202012Validator
    Draft202012Validator.check_schema(factsheet_schema)
    return Draft202012Validator(factsheet_schema)


# --- the backend: SQLite files (default), or a PostgreSQL server (``--backend postgresql``) -----
PG_DIRS = ("store", "query", "resolve", "api", "export")     # the tests that run on PostgreSQL as well


def pytest_addoption(parser):
    parser.addoption("--backend", choices=("sqlite", "postgresql"), default="sqlite",
                     help="where tests' stores live: SQLite files, or databases on the server MMON_TEST_PG names")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: a test of SQLite itself (files, WAL, FTS5), not run on PostgreSQL")
    if config.getoption("--backend") != "postgresql":
        return
    url = os.environ.get("MMON_TEST_PG")
    if not url:
        raise pytest.UsageError("--backend postgresql needs MMON_TEST_PG=postgresql://user@host:port/postgres")
    import pg_backend
    config._mmon_pg = pg_backend.Server(url)
    config._mmon_patch = pytest.MonkeyPatch()
    pg_backend.install(config._mmon_pg, config._mmon_patch)


def pytest_unconfigure(config):
    server = getattr(config, "_mmon_pg", None)
    if server is not None:
        config._mmon_patch.undo()
        server.drop_all()


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL: only the store, query, resolve, API and export tests, less those of SQLite itself."""
    if config.getoption("--backend") != "postgresql":
        return
    keep, drop = [], []
    for item in items:
        rel = Path(str(item.fspath)).relative_to(TESTS).parts
        pg_suite = rel[0] in PG_DIRS and rel[-1] != "test_postgres.py"    # that one ran already
        (keep if pg_suite and item.get_closest_marker("sqlite_only") is None else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep
