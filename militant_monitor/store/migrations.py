"""Schema migrations, numbered from the first release on.

Each migration is a function of a connection; ``migrate`` applies the ones a
database lacks, in order, each in its own transaction, and records the
version in ``mmon_meta``. Never edit a released migration: add a new one.
"""
from __future__ import annotations

from sqlalchemy import text

from . import schema


def m001_initial(conn) -> None:
    schema.metadata.create_all(conn, tables=[schema.documents, schema.statements])


def m002_fulltext(conn) -> None:
    """Full-text search over documents (SQLite FTS5, kept in sync by triggers)."""
    if conn.dialect.name != "sqlite":
        return
    conn.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
                      "title, text, content='documents', content_rowid='rowid')"))
    conn.execute(text("CREATE TRIGGER IF NOT EXISTS documents_ai AFTER INSERT ON documents BEGIN "
                      "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"))
    conn.execute(text("CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN "
                      "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                      "VALUES('delete', old.rowid, old.title, old.text); END"))
    conn.execute(text("CREATE TRIGGER IF NOT EXISTS documents_au AFTER UPDATE ON documents BEGIN "
                      "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                      "VALUES('delete', old.rowid, old.title, old.text); "
                      "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"))


MIGRATIONS = [
    (1, "initial tables: documents, statements", m001_initial),
    (2, "full-text search over documents", m002_fulltext),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def current_version(conn) -> int:
    schema.meta.create(conn, checkfirst=True)
    row = conn.execute(schema.meta.select().where(schema.meta.c.key == "schema_version")).first()
    return int(row.value) if row else 0


def migrate(engine) -> int:
    """Bring the database up to :data:`SCHEMA_VERSION`; returns the version reached."""
    with engine.begin() as conn:
        version = current_version(conn)
    if version > SCHEMA_VERSION:
        from ..errors import MmonError
        raise MmonError("store-newer", f"the database has schema version {version}, newer than this "
                        f"mmon understands ({SCHEMA_VERSION}); upgrade militant-monitor")
    for number, _, fn in MIGRATIONS:
        if number <= version:
            continue
        with engine.begin() as conn:
            fn(conn)
            stmt = schema.meta.delete().where(schema.meta.c.key == "schema_version")
            conn.execute(stmt)
            conn.execute(schema.meta.insert().values(key="schema_version", value=str(number)))
        version = number
    return version
