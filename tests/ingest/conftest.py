"""Shared helpers for the ingest tests. All fixture texts are invented for these tests."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

ARTICLE = """Valley Front names a new commander

The Valley Front, a small armed group in the fictional district of Karvan, has named a new
commander, two local officials said on Tuesday. The officials said the council of the group
chose a man known as Commander Zarak to replace its former chief, who was reported killed in
a clash with security forces in March.

Residents told reporters that the decision was announced in a short statement that was read
out in several villages on Monday evening. The statement did not say when the council had met
or how many of its members had taken part in the vote.

Security analysts said the change could bring a period of uncertainty, because the new
commander was little known outside the mountain villages where he grew up and had no record
of speaking for the group in public.
"""

OTHER_ARTICLE = """Flood waters recede in the southern plains

Farmers in the southern plains began returning to their fields on Sunday as flood waters
receded after two weeks of heavy rain. Local relief workers said that more than forty villages
had been cut off at the height of the floods and that food supplies were still short.

The provincial government promised compensation for lost crops, but several farmers said they
had not yet been visited by any official and did not know how to apply for the payments.
"""


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def article_text() -> str:
    return ARTICLE


@pytest.fixture
def other_article_text() -> str:
    return OTHER_ARTICLE


@pytest.fixture
def write(tmp_path: Path):
    """write("name.txt", "content" or b"bytes", encoding="utf-8") -> path under tmp_path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode(encoding)
        path.write_bytes(content)
        return path

    return _write


def _stored(db: Path) -> int:
    """Documents in the SQLite store ``db`` now (0 before its tables exist)."""
    if not db.exists():
        return 0
    c = sqlite3.connect(str(db), timeout=30)
    try:
        if not c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'documents'").fetchone()[0]:
            return 0
        return c.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        c.close()


@pytest.fixture
def ctrl_c_once_stored():
    """ctrl_c_once_stored(p, db, n, within): wait until ``db`` holds ``n`` documents (or ``p`` ended,
    or ``within`` seconds passed), then send SIGINT to ``p``'s process group, as a terminal's Ctrl-C
    does (``p`` started with ``start_new_session=True``)."""

    def _ctrl_c(p: subprocess.Popen, db: Path, n: int, within: float) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline and p.poll() is None and _stored(db) < n:
            time.sleep(0.1)
        os.killpg(p.pid, signal.SIGINT)

    return _ctrl_c
