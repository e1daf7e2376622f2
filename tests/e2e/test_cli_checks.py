"""CLI correctness: one-line errors for bad options (the API's validation), no store made by a
read, --version, 'did you mean' for an unknown name, stale documents counted by stats."""
from __future__ import annotations

import pytest

from tests.e2e.test_cli import mmon


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("checks") / "kb.db"
    r = mmon("ingest", "examples/articles", db=path)
    assert r.returncode == 0, r.stderr
    return path


def _one_line_error(r, code=2):
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in r.stderr
    return lines[0]


@pytest.mark.parametrize("args,words", [
    (["--since", "2024-13-45"], "since must be a date"),
    (["--until", "2023-02-30"], "until must be a date"),
    (["--since", "2024-05", "--until", "2023"], "is after until"),
    (["--type", "nonsense"], "unknown event type"),
    (["-f", "xml"], "unknown format"),
])
def test_cli_checks_bad_event_options_are_one_line_errors(db, args, words):
    assert words in _one_line_error(mmon("events", *args, db=db))


def test_cli_checks_a_read_never_creates_a_store(tmp_path):
    missing = tmp_path / "nothing" / "kb.db"
    for cmd in (["events"], ["profile", "X"], ["stats"], ["search", "x"]):
        assert "no such knowledge base" in _one_line_error(mmon(*cmd, "--db", missing))
    assert not missing.exists() and not missing.parent.exists()


def test_cli_checks_version():
    r = mmon("--version")
    assert r.returncode == 0 and r.stdout.startswith("mmon ") and "rules mmon-rules/" in r.stdout


def test_cli_checks_unknown_name_suggests_the_closest(db):
    line = _one_line_error(mmon("profile", "Shamsher", db=db), code=1)
    assert "did you mean: Shamsheer" in line


def test_cli_checks_stats_counts_stale_documents(db):
    r = mmon("stats", db=db)
    assert r.returncode == 0 and "stale 0" in r.stdout
    import sqlite3
    c = sqlite3.connect(db)
    try:      # closed here: a connection left to the garbage collector touches the WAL files later
        c.execute("UPDATE documents SET extractor = 'mmon-rules/0.0.0+old' WHERE rowid = (SELECT MIN(rowid) FROM documents)")
        c.commit()
    finally:
        c.close()
    assert "stale 1" in mmon("stats", db=db).stdout
    r = mmon("reextract", "-q", db=db)
    assert r.returncode == 0 and "re-extracted 1, failed 0, remaining 0" in r.stdout
    assert "stale 0" in mmon("stats", db=db).stdout


def test_cli_checks_a_spelling_variant_finds_the_man(db):
    r = mmon("profile", "Rahmatullah Mehsood", db=db)         # stored as 'Rahmatullah Mehsud'
    assert r.returncode == 0 and r.stdout.startswith("Rahmatullah Mehsud"), r.stderr
