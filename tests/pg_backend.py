"""Run the store, query, resolve, API and export tests against a real PostgreSQL server.

``pytest --backend postgresql`` (``make test`` adds a run of it when ``MMON_TEST_PG`` names a
server: ``postgresql://postgres@127.0.0.1:55432/postgres``, started by ``.ci/run``) keeps every
test as written: each SQLite path a test opens (``Store(str(tmp_path / "kb.db"))``, or
``MMON_DB``/``--db`` given to an ``mmon`` process it starts) becomes a database of its own on
that server, created when the path would be (by a Store that may create, or for ``mmon
ingest``/``watch``/``import``) and dropped at the end of the session. Nothing in the project
knows about it: the store only ever sees a ``postgresql://`` URL.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

CREATING = ("ingest", "watch", "import")    # the commands that create a store


SERVER: Server | None = None       # the session's server, once ``install`` ran


def copy_database(url: str, path: str) -> str:
    """A copy of the database at ``url``, standing for the SQLite path ``path`` from now on."""
    from sqlalchemy import make_url
    assert SERVER is not None
    name = SERVER.name(path)
    with SERVER.admin.connect() as c:
        c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(url).database}"')
    SERVER.made.add(name)
    return SERVER.base.set(database=name).render_as_string(hide_password=False)


class Server:
    """The server ``MMON_TEST_PG`` names, and the databases made on it for this session."""

    def __init__(self, admin_url: str):
        from sqlalchemy import create_engine, make_url
        self.admin = create_engine(_driver(admin_url), isolation_level="AUTOCOMMIT", future=True)
        self.base = make_url(_driver(admin_url))
        self.made: set[str] = set()

    def name(self, path: str) -> str:
        return "mmon_t_" + hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:20]

    def exists(self, name: str) -> bool:
        from sqlalchemy import text
        with self.admin.connect() as c:
            return c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is not None

    def url(self, path: str, create: bool) -> str:
        """The URL standing for the SQLite path ``path`` (created on the server when ``create``)."""
        name = self.name(path)
        if create and name not in self.made and not self.exists(name):
            with self.admin.connect() as c:
                c.exec_driver_sql(f'CREATE DATABASE "{name}"')
        if create:
            self.made.add(name)
        return self.base.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as c:
            for name in sorted(self.made):
                c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


def _driver(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


def install(server: Server, monkeypatch) -> None:
    """Send every SQLite path to ``server``: in this process (the store's ``_url``) and in the
    ``mmon`` processes tests start (``MMON_DB`` and ``--db`` in their environment and arguments)."""
    global SERVER
    SERVER = server
    from militant_monitor.store import store as store_mod
    original = store_mod._url

    def mapped(db: str, create: bool = True) -> str:
        if "://" in db:
            return original(db, create)
        path = Path(db).expanduser()
        if path.is_dir() or (not path.suffix and not path.exists()):
            path = path / "mmon.db"
        name = server.name(str(path))
        if not create and name not in server.made and not server.exists(name):
            raise store_mod.NoSuchStore(f"{db}: no such knowledge base (mmon ingest creates one)")
        return original(server.url(str(path), create), create)

    monkeypatch.setattr(store_mod, "_url", mapped)
    real_init = subprocess.Popen.__init__

    def popen(self, args, *a, **kw):
        argv = [str(x) for x in args] if isinstance(args, (list, tuple)) else args
        creating = isinstance(argv, list) and any(x in CREATING for x in argv[1:3])

        def to_url(value: str) -> str:
            if "://" in value or not value.strip():
                return value
            path = Path(value)
            if path.is_dir() or (not path.suffix and not path.exists()):
                path = path / "mmon.db"
            if path.suffix != ".db":
                return value
            return server.url(str(path), creating or server.name(str(path)) in server.made)

        env = kw.get("env")
        if env is not None and env.get("MMON_DB"):
            kw["env"] = {**env, "MMON_DB": to_url(env["MMON_DB"])}
        elif env is None and os.environ.get("MMON_DB"):
            kw["env"] = {**os.environ, "MMON_DB": to_url(os.environ["MMON_DB"])}
        if isinstance(argv, list) and "--db" in argv[:-1]:
            i = argv.index("--db") + 1
            argv = [*argv[:i], to_url(argv[i]), *argv[i + 1:]]
            args = argv
        real_init(self, args, *a, **kw)

    monkeypatch.setattr(subprocess.Popen, "__init__", popen)
