"""PostgreSQL as well as SQLite: several processes on one server database at once.

Runs when ``MMON_TEST_PG`` names a server (``.ci/run`` starts one); each test gets a fresh
database on it. The rest of the suite runs on PostgreSQL with ``pytest --backend postgresql``
(tests/pg_backend.py). The articles below are invented for these tests.
"""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from militant_monitor.store import Store, schema
from militant_monitor.store.migrations import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("MMON_TEST_PG")
pytestmark = pytest.mark.skipif(not SERVER, reason="MMON_TEST_PG names no PostgreSQL server")

PLACES = ["Tank", "Bannu", "Wana", "Miranshah", "Lakki Marwat", "Dera Ismail Khan", "Khyber", "Bajaur"]
NAMES = ["Zarwali Khan Daurani", "Gul Mast Wazirkhel", "Sher Dil Mandokhel", "Akbar Jan Sarwari",
         "Noorzada Kakakhel", "Paindo Khan Shinwari", "Umar Din Tarakzai", "Samandar Gul Afridi"]


def _article(i: int) -> str:
    who, where = NAMES[i], PLACES[i]
    return (f"Commander killed in {where}\n\nPublished May {i + 3}, 2024\n\n"
            f"{where.upper()}: Security forces said on Tuesday that {who}, a commander of "
            f"Tehreek-e-Taliban Pakistan, was killed in an operation near {where}. {who}, also known as "
            f"Ustad {who.split()[0]}, had a bounty of Rs{i + 1} million on his head, officials said. "
            f"Two soldiers were injured in the clash near {where}.\n")


@pytest.fixture
def pg_url():
    """A fresh database on the server, dropped after the test."""
    admin = create_engine(SERVER.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    name = "mmon_c_" + uuid.uuid4().hex[:16]
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield SERVER.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _env(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MMON_DEBUG",)}
    env.update({"MMON_DB": url, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "MMON_USER": "tester"})
    return env


def _together(commands: list[list[str]], url: str, timeout: float = 300) -> list[subprocess.CompletedProcess]:
    """Start every command at once, then wait for all of them."""
    procs = [subprocess.Popen(cmd, env=_env(url), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for cmd in commands]
    out = []
    for p, cmd in zip(procs, commands):
        stdout, stderr = p.communicate(timeout=timeout)
        out.append(subprocess.CompletedProcess(cmd, p.returncode, stdout, stderr))
    return out


def test_processes_migrating_a_new_database_at_once_do_not_collide(pg_url):
    code = "from militant_monitor.store import Store; s = Store(); print(s.version); s.close()"
    runs = _together([[sys.executable, "-c", code] for _ in range(4)], pg_url)
    assert [r.returncode for r in runs] == [0] * 4, [r.stderr for r in runs]
    assert {r.stdout.strip() for r in runs} == {str(SCHEMA_VERSION)}
    s = Store(pg_url)
    try:
        with s.engine.connect() as c:
            rows = c.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).all()
        assert rows == [(str(SCHEMA_VERSION),)]
    finally:
        s.close()


def test_two_processes_ingesting_and_resolving_at_once(pg_url, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(len(NAMES)):
        (folder / f"a{i}.txt").write_text(_article(i), encoding="utf-8")
    mmon = [sys.executable, "-m", "militant_monitor"]
    runs = _together([[*mmon, "ingest", "-q", str(folder)], [*mmon, "ingest", "-q", str(folder)]], pg_url)
    for r in runs:
        assert r.returncode == 0, r.stderr
        assert "UniqueViolation" not in r.stderr and "Traceback" not in r.stderr
    runs = _together([[*mmon, "resolve"], [*mmon, "resolve"]], pg_url)
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    s = Store(pg_url)
    try:
        with s.engine.connect() as c:
            docs = c.execute(select(func.count()).select_from(schema.documents)).scalar_one()
            minted = c.execute(select(func.count()).select_from(schema.minted)).scalar_one()
            canon = c.execute(select(func.count(schema.resolved.c.canonical_id.distinct()))
                              .where(schema.resolved.c.entity_type == "person")).scalar_one()
        assert docs == len(NAMES)
        assert canon >= len(NAMES) and minted >= canon     # every man has his minted id, none minted twice
        assert not s.has_unresolved()
        from militant_monitor.query.search import search
        res = search(s, '"Gul Mast" -Tank')
        assert res["total"]["documents"] == 1 and res["documents"][0]["title"] == "Commander killed in Bannu"
        assert search(s, '"Gul Mast" -Bannu')["total"]["documents"] == 0
    finally:
        s.close()


def test_a_merge_and_an_ingest_at_once(pg_url, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(4):
        (folder / f"a{i}.txt").write_text(_article(i), encoding="utf-8")
    mmon = [sys.executable, "-m", "militant_monitor"]
    r = subprocess.run([*mmon, "ingest", "-q", str(folder)], env=_env(pg_url), cwd=ROOT, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    for i in range(4, len(NAMES)):
        (folder / f"a{i}.txt").write_text(_article(i), encoding="utf-8")
    runs = _together([[*mmon, "ingest", "-q", str(folder)], [*mmon, "merge", NAMES[0], NAMES[1]]], pg_url)
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    s = Store(pg_url)
    try:
        from militant_monitor.resolve import judgements
        assert [(j["judgement"], j["user"]) for j in judgements.history(s)] == [("positive", "tester")]
        assert not s.has_unresolved()
        a, b = s.entities_named(NAMES[0])[0], s.entities_named(NAMES[1])[0]
        with s.engine.connect() as c:
            r_ = schema.resolved.c
            ca = c.execute(select(r_.canonical_id).where(r_.entity_id == a)).scalar_one()
            cb = c.execute(select(r_.canonical_id).where(r_.entity_id == b)).scalar_one()
        assert ca == cb
    finally:
        s.close()


def test_a_database_the_server_lacks_is_one_line(pg_url):
    missing = pg_url + "_not_there"
    r = subprocess.run([sys.executable, "-m", "militant_monitor", "profile", "Anyone"], env=_env(missing),
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "no such database" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
