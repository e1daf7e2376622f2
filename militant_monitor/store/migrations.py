"""Schema migrations, numbered from the first release on.

Each migration is a function of a connection; ``migrate`` applies the ones a
database lacks, in order, each in its own transaction, and records the
version in ``mmon_meta``. Never edit a released migration: add a new one.

Migrations are dialect-neutral (SQLAlchemy Core) where they can be; full-text search has
a branch per dialect (FTS5 tables and triggers on SQLite, GIN indexes on PostgreSQL,
``pgsearch``). The PostgreSQL branches of migrations 2 and 4 were empty until PostgreSQL
was supported (no release installed a driver for it), so no server database lacks them.
Migrations run one process at a time: under SQLite's write lock, or PostgreSQL's advisory
lock (``_lock``), the version read again once it is held.
"""
from __future__ import annotations

from sqlalchemy import select, text

from sqlalchemy import event

from . import pgsearch, schema

WRITE_LOCK = 0x6D6D6F6E   # 'mmon': the key of PostgreSQL's advisory lock that makes one writer at a time
WRITES = ("insert", "update", "delete", "create", "alter", "drop", "truncate")


def m001_initial(conn) -> None:
    """The tables as the first release had them (no ``qualifier`` column yet)."""
    from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, Text
    md = MetaData()
    Table("documents", md, *[Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable, unique=c.unique)
                             for c in schema.documents.columns])
    Table("statements", md,
          Column("id", String(40), primary_key=True), Column("entity_id", String(300), nullable=False),
          Column("entity_type", String(20), nullable=False), Column("prop", String(40), nullable=False),
          Column("value", Text, nullable=False), Column("value_key", String(300)),
          Column("doc_id", String(40), nullable=False), Column("span_start", Integer), Column("span_end", Integer),
          Column("citation", Text), Column("extractor", String(200), nullable=False),
          Column("confidence", Float, nullable=False), Column("rule", String(80)),
          Column("first_seen", String(32), nullable=False),
          Index("ix_statements_entity", "entity_id"), Index("ix_statements_doc", "doc_id"),
          Index("ix_statements_key", "value_key"))
    md.create_all(conn)


def m002_fulltext(conn) -> None:
    """Full-text search over documents (SQLite FTS5, kept in sync by triggers; PostgreSQL: a GIN index)."""
    if conn.dialect.name == "postgresql":
        pgsearch.create_indexes(conn, "documents")
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


def m003_qualifier(conn) -> None:
    """Statements say whether the text hedged them ('reportedly', 'is believed to')."""
    conn.execute(text("ALTER TABLE statements ADD COLUMN qualifier VARCHAR(20)"))


def m004_resolution(conn) -> None:
    """Analysts' judgements (append-only), the resolved entity map, watched leaders, fact search."""
    schema.metadata.create_all(conn, tables=[schema.judgements, schema.resolved, schema.watchlist])
    if conn.dialect.name == "sqlite":
        conn.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5("
                          "value, content='statements', content_rowid='rowid')"))
        conn.execute(text("INSERT INTO statements_fts(rowid, value) SELECT rowid, value FROM statements"))
        conn.execute(text("CREATE TRIGGER IF NOT EXISTS statements_ai AFTER INSERT ON statements BEGIN "
                          "INSERT INTO statements_fts(rowid, value) VALUES (new.rowid, new.value); END"))
        conn.execute(text("CREATE TRIGGER IF NOT EXISTS statements_ad AFTER DELETE ON statements BEGIN "
                          "INSERT INTO statements_fts(statements_fts, rowid, value) VALUES('delete', old.rowid, old.value); END"))
    elif conn.dialect.name == "postgresql":
        pgsearch.create_indexes(conn, "statements")


def m005_tombstones(conn) -> None:
    """Tombstones of forgotten documents (by content hash) and the documents ``watch`` still owes alerts for."""
    schema.metadata.create_all(conn, tables=[schema.forgotten, schema.watch_pending])


def m006_minted_ids(conn) -> None:
    """Stable minted ids of resolved entities and the redirects of ids retired by merges."""
    schema.metadata.create_all(conn, tables=[schema.minted, schema.redirects])


def m007_incremental(conn) -> None:
    """Stored event clusters with minted ids, and what incremental resolution keeps (the documents
    each stage has taken in, entities' blocking keys, scored candidate pairs)."""
    schema.metadata.create_all(conn, tables=[schema.synced, schema.resolve_entities, schema.resolve_keys,
                                             schema.resolve_edges, schema.event_clusters, schema.event_blocks])


def m008_review_queue(conn) -> None:
    """The review queue (suggested merges and splits, stored when resolution runs) and a
    judgement's detail (a split is one judgement: its two sides)."""
    from sqlalchemy import inspect
    if "detail" not in {c["name"] for c in inspect(conn).get_columns("judgements")}:   # made by m004 since
        conn.execute(text("ALTER TABLE judgements ADD COLUMN detail TEXT"))
    schema.metadata.create_all(conn, tables=[schema.review_queue])


def m009_redirects_and_changes(conn) -> None:
    """Redirects of event ids retired when two events became one, and the store's change counter
    (``count_writes``: every writing transaction adds one)."""
    schema.metadata.create_all(conn, tables=[schema.event_redirects, schema.changes])
    conn.execute(schema.changes.insert().values(id=1, n=0))


def m010_relation_refs(conn) -> None:
    """What relation statements point at, by id, indexed (``relation_refs``), filled from the
    statements stored before it."""
    from . import relation_refs
    schema.metadata.create_all(conn, tables=[schema.relation_refs])
    relation_refs.backfill(conn)


def m011_event_rows(conn) -> None:
    """One precomputed row per event and its actors' ids, indexed (``store.event_rows``), filled
    from the events stored before it."""
    from . import event_rows
    schema.metadata.create_all(conn, tables=[schema.event_rows, schema.event_actors])
    event_rows.backfill(conn)


def m012_near_bands(conn) -> None:
    """The band keys of every stored document (``near_bands``), so ingest's near-duplicate
    checks read the documents like a new one by index instead of every stored text."""
    from ..ingest.dedup import stored_bands
    from .synced import chunks
    schema.metadata.create_all(conn, tables=[schema.near_bands])
    conn.execute(schema.near_bands.delete())   # filled from the documents, whatever a store held
    d = schema.documents.c
    ids = sorted(r.id for r in conn.execute(select(d.id)))
    for part in chunks(ids, 500):
        rows = [{"band": band, "doc_id": r.id} for r in conn.execute(select(d.id, d.text).where(d.id.in_(part)))
                for band in stored_bands(r.text)]
        if rows:
            conn.execute(schema.near_bands.insert(), rows)


def m013_rule_text(conn) -> None:
    """``statements.rule`` as text: a fact several rules agree on keeps all their ids, ';'-joined,
    which can pass the 80 characters PostgreSQL enforced (SQLite never did)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ALTER TABLE statements ALTER COLUMN rule TYPE TEXT")


MIGRATIONS = [
    (1, "initial tables: documents, statements", m001_initial),
    (2, "full-text search over documents", m002_fulltext),
    (3, "statements.qualifier: hedged facts", m003_qualifier),
    (4, "judgements, resolved entities, watchlist, fact search", m004_resolution),
    (5, "forgotten documents (tombstones), alerts owed by watch", m005_tombstones),
    (6, "minted entity ids and redirects", m006_minted_ids),
    (7, "incremental work: stored event clusters, blocking keys, scored pairs", m007_incremental),
    (8, "review queue, a judgement's detail", m008_review_queue),
    (9, "redirects of retired event ids, the change counter", m009_redirects_and_changes),
    (10, "relation_refs: the ids relation statements point at, indexed", m010_relation_refs),
    (11, "event_rows, event_actors: one precomputed row per event and its actors' ids", m011_event_rows),
    (12, "near_bands: stored documents' band keys for near-duplicate checks", m012_near_bands),
    (13, "statements.rule as text: joined rule ids of any length", m013_rule_text),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def current_version(conn) -> int:
    schema.meta.create(conn, checkfirst=True)
    row = conn.execute(schema.meta.select().where(schema.meta.c.key == "schema_version")).first()
    return int(row.value) if row else 0


def migrate(engine) -> int:
    """Bring the database up to :data:`SCHEMA_VERSION`; returns the version reached."""
    with engine.begin() as conn:
        if not _has_meta(conn):
            _lock(conn)     # two processes creating the first table at once would collide
        version = current_version(conn)
    if version > SCHEMA_VERSION:
        from ..errors import MmonError
        raise MmonError("store-newer", f"the database has schema version {version}, newer than this "
                        f"mmon understands ({SCHEMA_VERSION}); upgrade militant-monitor")
    for number, _, fn in MIGRATIONS:
        if number <= version:
            continue
        with engine.begin() as conn:
            _lock(conn)
            version = current_version(conn)  # another process may have migrated meanwhile
            if number <= version:
                continue
            fn(conn)
            stmt = schema.meta.delete().where(schema.meta.c.key == "schema_version")
            conn.execute(stmt)
            conn.execute(schema.meta.insert().values(key="schema_version", value=str(number)))
        version = number
    return version


def _has_meta(conn) -> bool:
    from sqlalchemy import inspect
    return inspect(conn).has_table(schema.meta.name)


def _lock(conn) -> None:
    """Make a migration and its version record one transaction, and one at a time.

    Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE and runs
    DDL outside one: a process killed between ``ALTER TABLE`` and the version
    record left a database that no later run could open ("duplicate column").
    An explicit ``BEGIN IMMEDIATE`` takes the write lock first and makes the DDL
    transactional; two processes migrating at once queue on it. On PostgreSQL (DDL is
    transactional there) a transaction-scoped advisory lock does the same.
    """
    if conn.dialect.name == "postgresql":
        if not conn.info.get("mmon_locked"):
            conn.info["mmon_locked"] = True
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        return
    if conn.dialect.name != "sqlite":
        return
    dbapi = conn.connection.dbapi_connection
    if not getattr(dbapi, "in_transaction", True):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def serialise_writes(engine) -> None:
    """PostgreSQL: one writing transaction at a time, as SQLite has it. Before a transaction's
    first write (INSERT, UPDATE, DELETE, DDL) it takes the advisory lock ``_lock`` takes; the
    lock goes with the commit or rollback. Reads never wait for it."""
    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):
        if conn.info.get("mmon_locked") or not statement.lstrip().lower().startswith(WRITES):
            return
        conn.info["mmon_locked"] = True
        cursor.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _released(conn):
        conn.info.pop("mmon_locked", None)

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, record):    # back in the pool: its transaction ended
        record.info.pop("mmon_locked", None)


CHANGES_FROM = 9     # the migration that made the change counter
BUMP = "UPDATE changes SET n = n + 1 WHERE id = 1"


def count_writes(engine) -> None:
    """Every transaction that writes adds one to ``changes.n``, in that transaction (so the count
    and the writes become visible together, and a rollback takes both back): a reader that
    keeps results computed from the store (``serve.cache``) compares the count to see any
    change, one that leaves every row count as it was (a merge, then another) included.
    Registered after ``serialise_writes`` on PostgreSQL: the advisory lock is held by then,
    so two writers never wait on each other's counter row."""
    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):
        if conn.info.get("mmon_counted") or not statement.lstrip().lower().startswith(WRITES):
            return
        conn.info["mmon_counted"] = True
        cursor.execute(BUMP)

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _ended(conn):
        conn.info.pop("mmon_counted", None)

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, record):
        record.info.pop("mmon_counted", None)


def change_count(conn) -> int:
    """How many writing transactions the store has committed (as ``conn`` sees it)."""
    return int(conn.execute(schema.changes.select().with_only_columns(schema.changes.c.n)).scalar() or 0)
