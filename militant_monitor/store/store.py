"""One interface over the database: SQLite (a file in the data folder) by default, or a
PostgreSQL server (``postgresql://user@host:port/dbname``, with the ``postgres`` extra's
driver, psycopg 3) shared by a team; any other SQLAlchemy URL is passed on as given.

Both behave the same: the same migrations, full-text search (FTS5 on SQLite, PostgreSQL's
own text search on a server: ``pgsearch``) and one writer at a time. SQLite has that by
itself; on PostgreSQL every transaction takes one advisory lock before its first write
(``write_lock`` takes it at the start), so two processes ingesting, resolving or migrating
at once queue on it as on SQLite instead of failing with a unique violation. Every writing
transaction also adds one to a change counter (``change_count``), on both.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from sqlalchemy import create_engine, event, func, make_url, select, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..errors import MmonError
from ..ingest.dedup import stored_bands
from ..model import names
from ..model.document import Document, content_hash
from ..model.names import key as name_key
from ..model.statement import Statement
from . import pgsearch, relation_refs, schema
from .migrations import CHANGES_FROM, _lock, change_count, count_writes, migrate, serialise_writes

NAME_PROPS = ("name", "alias")
# SQLite errors that come from the database, not from a full-text query it could not read
STORE_TROUBLE = ("locked", "busy", "disk", "readonly", "i/o", "malformed", "corrupt", "no such table",
                 "unable to open", "interrupt", "full", "out of memory")


def default_db_path() -> str:
    """``$MMON_DB`` if set, else ``mmon-data/mmon.db`` under the current folder."""
    return os.environ.get("MMON_DB") or str(Path("mmon-data") / "mmon.db")


class NoSuchStore(FileNotFoundError):
    """A knowledge base opened for reading that does not exist (only ingest creates one)."""


def _url(db: str, create: bool = True) -> str:
    """The SQLAlchemy URL of ``db``: a URL as given (``postgresql://`` with the psycopg 3 driver),
    a folder its ``mmon.db``, a path a SQLite file (``create=False``: one that exists)."""
    if "://" in db:
        for plain in ("postgresql://", "postgres://"):
            if db.startswith(plain):
                return "postgresql+psycopg://" + db[len(plain):]
        return db
    path = Path(db).expanduser()
    if path.is_dir() or (not path.suffix and not path.exists()):
        path = path / "mmon.db"   # a data folder
    if not create and not path.exists():
        raise NoSuchStore(f"{db}: no such knowledge base (mmon ingest creates one)")
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _first_of_each(statements: list[Statement]) -> list[Statement]:
    """The statements in order, each id's first one only."""
    seen: dict[str, Statement] = {}
    for s in statements:
        seen.setdefault(s.id, s)
    return list(seen.values())


class Store:
    def __init__(self, db: str | None = None, create: bool = True):
        """Open (and migrate) the store; ``create=False`` refuses a SQLite file that does not exist."""
        self.url = _url(db or default_db_path(), create)
        self.engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            @event.listens_for(self.engine, "connect")
            def _pragmas(dbapi_conn, _):
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA busy_timeout=10000")
                cur.execute("PRAGMA secure_delete=ON")   # deleted text is overwritten, not left in free pages
                cur.close()
        elif self.engine.dialect.name == "postgresql":
            serialise_writes(self.engine)
        try:
            self.version = migrate(self.engine)
        except OperationalError as exc:
            self.engine.dispose()
            if self.postgres and "does not exist" in str(exc.orig):     # the server has no such database
                raise NoSuchStore(f"{self.shown_url}: no such database on the server (createdb makes one)") from None
            raise
        if self.version >= CHANGES_FROM:
            count_writes(self.engine)

    @property
    def postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def shown_url(self) -> str:
        """The URL to print: a server's password hidden."""
        return make_url(self.url).render_as_string(hide_password=True)

    def change_count(self) -> int:
        """How many writing transactions the store has committed: it changes with every write,
        by this process or another (``migrations.count_writes``)."""
        with self.engine.connect() as c:
            return change_count(c)

    # --- documents -----------------------------------------------------------------------
    def has_hash(self, digest: str) -> str | None:
        with self.engine.connect() as c:
            row = c.execute(select(schema.documents.c.id).where(schema.documents.c.content_hash == digest)).first()
            return row.id if row else None

    def extractor_of(self, doc_id: str) -> str | None:
        """The extractor version a stored document's statements were made by (None: not stored)."""
        with self.engine.connect() as c:
            return c.execute(select(schema.documents.c.extractor).where(schema.documents.c.id == doc_id)).scalar()

    def stale_documents(self, extractor: str, limit: int | None = None) -> list[str]:
        """Ids of documents stored by another extractor version than ``extractor``, oldest first."""
        d = schema.documents.c
        q = select(d.id).where(d.extractor != extractor).order_by(d.ingested_at, d.id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as c:
            return [r.id for r in c.execute(q)]

    def count_stale(self, extractor: str) -> int:
        d = schema.documents.c
        with self.engine.connect() as c:
            return c.execute(select(func.count()).select_from(schema.documents).where(d.extractor != extractor)).scalar_one()

    def is_forgotten(self, digest: str) -> str | None:
        """The id of the forgotten document with this content hash (a tombstone), or None."""
        f = schema.forgotten
        with self.engine.connect() as c:
            row = c.execute(select(f.c.doc_id).where(f.c.content_hash == digest)).first()
            return row.doc_id if row else None

    def forgotten_fingerprints(self):
        """(doc id, fingerprint) of every forgotten document, for near-duplicate checks."""
        f = schema.forgotten
        with self.engine.connect() as c:
            for r in c.execute(select(f.c.doc_id, f.c.fingerprint).where(f.c.fingerprint.is_not(None))):
                yield r.doc_id, json.loads(r.fingerprint)

    def unforget(self, digest: str) -> None:
        """Remove the tombstone of ``digest`` (``mmon ingest --force``)."""
        with self.engine.begin() as c:
            c.execute(schema.forgotten.delete().where(schema.forgotten.c.content_hash == digest))

    def add_pending(self, doc_ids) -> None:
        """Record that ``watch`` owes alerts for these documents (kept until reported)."""
        p = schema.watch_pending
        with self.engine.begin() as c:
            _lock(c)
            have = {r.doc_id for r in c.execute(select(p.c.doc_id))}
            rows = [{"doc_id": d, "added_at": _now()} for d in dict.fromkeys(doc_ids) if d not in have]
            if rows:
                c.execute(p.insert(), rows)

    def pending(self) -> list[str]:
        """Documents whose alerts ``watch`` has not reported yet, oldest first."""
        p = schema.watch_pending
        with self.engine.connect() as c:
            return [r.doc_id for r in c.execute(select(p.c.doc_id).order_by(p.c.added_at, p.c.doc_id))]

    def done_pending(self, doc_ids) -> None:
        """The alerts of these documents were reported."""
        p = schema.watch_pending
        with self.engine.begin() as c:
            c.execute(p.delete().where(p.c.doc_id.in_(list(doc_ids))))

    def iter_texts(self):
        """(id, text) of every stored document, for near-duplicate checks."""
        with self.engine.connect() as c:
            for row in c.execute(select(schema.documents.c.id, schema.documents.c.text)):
                yield row.id, row.text

    def document(self, doc_id: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(schema.documents).where(schema.documents.c.id == doc_id)).first()
            return dict(row._mapping) if row else None

    def documents(self, ids=None) -> list[dict]:
        q = select(schema.documents.c.id, schema.documents.c.title, schema.documents.c.published,
                   schema.documents.c.publisher, schema.documents.c.author, schema.documents.c.url,
                   schema.documents.c.source_path)
        if ids is not None:
            q = q.where(schema.documents.c.id.in_(list(ids)))
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(q.order_by(schema.documents.c.published))]

    def near_candidates(self, bands: list[int], conn=None, shared: int = 2) -> list[tuple[str, str]]:
        """(id, text) of the stored documents that share at least ``shared`` of ``bands`` with a
        text (their ``near_bands``, by index; ``conn``: read in that transaction), for
        near-duplicate checks (``ingest.dedup.MIN_SHARED``: why two)."""
        d, nb = schema.documents.c, schema.near_bands.c
        alike = (select(nb.doc_id).where(nb.band.in_(bands)).group_by(nb.doc_id)
                 .having(func.count() >= shared).scalar_subquery())
        q = select(d.id, d.text).where(d.id.in_(alike)).order_by(d.id)
        if conn is not None:
            return [(r.id, r.text) for r in conn.execute(q)]
        with self.engine.connect() as c:
            return [(r.id, r.text) for r in c.execute(q)]

    def save(self, doc: Document, sheet: dict, statements: list[Statement], extractor: str,
             guard=None) -> bool:
        """Store a document and its statements in one transaction.

        Returns False when the document was already stored with this extractor
        (nothing changes). A new extractor version replaces the document's
        statements of older versions. ``guard(conn)`` is called right after a new
        document's row is written, in the transaction (on SQLite the write lock is then
        held, so it sees every document other processes stored); it may raise to roll
        the document back (ingest's near-duplicate check against the store).
        """
        return self.save_many([(doc, sheet, statements)], extractor, guard)[0]

    def save_many(self, items, extractor: str, guard=None) -> list[bool]:
        """Store several documents, each as :meth:`save` stores it, in one transaction (one
        lock, one commit, one ``relation_refs`` refresh): ``items`` are (document, sheet,
        statements). Whether each was written, in order; an error rolls every one back."""
        done: list[bool] = []
        with self.engine.begin() as c:
            _lock(c)     # what is read below stays true until commit (another writer waits)
            now = self._clock(c)   # read with the lock held: ingest times follow the order of commits
            for doc, sheet, statements in items:
                done.append(self._write(c, now, doc, sheet.get("document", {}), statements, extractor, guard))
            written = [doc.id for (doc, _, _), ok in zip(items, done) if ok]
            if written:
                relation_refs.refresh(c, written)
        return done

    def _write(self, c, now: str, doc: Document, meta: dict, statements: list[Statement], extractor: str,
               guard=None) -> bool:
        """Write one document's row and statements in the open transaction ``c`` (see :meth:`save`)."""
        first_seen: dict[tuple, str] = {}
        row = c.execute(select(schema.documents.c.extractor).where(schema.documents.c.id == doc.id)).first()
        if row is not None and row.extractor == extractor:
            return False
        if row is None:
            c.execute(schema.documents.insert().values(
                id=doc.id, content_hash=content_hash(doc.text), title=meta.get("title"),
                published=meta.get("published"), author=meta.get("author"), publisher=meta.get("publisher"),
                url=meta.get("url"), language=meta.get("language"), source_path=doc.source_path,
                text=doc.text, extractor=extractor, ingested_at=now))
            if guard is not None:
                guard(c)
            c.execute(schema.near_bands.delete().where(schema.near_bands.c.doc_id == doc.id))   # forgotten, now again
            bands = [{"band": band, "doc_id": doc.id} for band in stored_bands(doc.text)]
            if bands:
                c.execute(schema.near_bands.insert(), bands)
        else:
            c.execute(schema.documents.update().where(schema.documents.c.id == doc.id).values(
                extractor=extractor, title=meta.get("title"), published=meta.get("published")))
            st = schema.statements.c
            for r in c.execute(select(st.entity_id, st.prop, st.value, st.first_seen).where(st.doc_id == doc.id)):
                key = (r.entity_id, r.prop, r.value)   # the same fact read again keeps the day it was first seen
                first_seen[key] = min(first_seen.get(key, r.first_seen), r.first_seen)
            c.execute(schema.statements.delete().where(schema.statements.c.doc_id == doc.id))
        rows = [{
            "id": s.id, "entity_id": s.entity_id, "entity_type": s.entity_type, "prop": s.prop,
            "value": s.value_json,
            "value_key": name_key(s.value) if s.prop in NAME_PROPS and isinstance(s.value, str) else None,
            "doc_id": s.doc_id, "span_start": s.start, "span_end": s.end, "citation": s.citation,
            "extractor": s.extractor, "confidence": s.confidence, "rule": s.rule,
            "qualifier": s.qualifier, "first_seen": first_seen.get((s.entity_id, s.prop, s.value_json), now),
        } for s in _first_of_each(statements)]
        if rows:
            c.execute(schema.statements.insert(), rows)
        return True

    def _clock(self, conn) -> str:
        """The time now, as ``_now`` writes it; on PostgreSQL the server's clock (every process
        then reads one clock). Read with the write lock held, it orders documents as their
        commits are ordered."""
        if self.postgres:
            return conn.exec_driver_sql(
                "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')").scalar()
        return _now()

    # --- statements ----------------------------------------------------------------------
    def entities_named(self, name: str, entity_type: str | None = None) -> list[str]:
        """Entity ids that carry ``name`` as a name or alias (normalised: spelling, case)."""
        k = name_key(name)
        st = schema.statements.c
        q = select(st.entity_id).where(st.value_key == k).distinct()
        if entity_type:
            q = q.where(st.entity_type == entity_type)
        with self.engine.connect() as c:
            found = [r.entity_id for r in c.execute(q)]
            if found or entity_type == "group":
                return found
            # no exact name: the spelling variants of model.names ('Hakimullah' for 'Hakeemullah')
            target = names.name_key(name)
            if not target:
                return []
            # the distinct stored keys first (a few thousand), then the entities of those that match
            # (by the index on value_key), not every name row of the store
            keys = [r[0] for r in c.execute(select(st.value_key).where(st.value_key.is_not(None)).distinct())
                    if names.name_key(r[0]) == target]
            if not keys:
                return []
            q = (select(st.entity_id).where(st.value_key.in_(keys), st.prop.in_(NAME_PROPS)).distinct()
                 .order_by(st.entity_id))     # the order of the scan this replaces: by entity
            if entity_type:
                q = q.where(st.entity_type == entity_type)
            return [r.entity_id for r in c.execute(q)]

    def name_keys(self) -> list[str]:
        """The distinct folded names and aliases stored (``value_key``), for spelling variants."""
        st = schema.statements.c
        with self.engine.connect() as c:
            return [r[0] for r in c.execute(select(st.value_key).where(st.value_key.is_not(None)).distinct())]

    def name_rows_state(self) -> tuple[int, int]:
        """How many name and alias rows are stored, and the last one's rowid: a cheap mark that
        changes when a name is added or removed (caches of stored spellings compare it)."""
        st = schema.statements.c
        # PostgreSQL has no rowid: a checksum of the rows' ids, which names_after cannot catch
        # up from (it returns every row), so a cache of spellings is built again on a change
        last = text("rowid") if not self.postgres else func.sum(func.hashtext(st.id)).op("&")(0x7FFFFFFF)
        with self.engine.connect() as c:
            row = c.execute(select(func.count(), func.max(last) if not self.postgres else last)
                            .select_from(schema.statements).where(st.value_key.is_not(None))).first()
        return (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)

    def names_after(self, rowid: int = 0) -> list[tuple[str, str]]:
        """(name as written, its key) of each name and alias row after ``rowid``, so a cache
        of stored spellings can catch up with what was added since."""
        st = schema.statements.c
        q = select(st.value, st.value_key).where(st.value_key.is_not(None))
        if not self.postgres:       # PostgreSQL: every row (see name_rows_state)
            q = q.where(text("statements.rowid > :r")).params(r=rowid)
        with self.engine.connect() as c:
            return [(v if isinstance(v := json.loads(raw), str) else "", key) for raw, key in c.execute(q)]

    def statements(self, entity_ids=None, doc_id=None, prop=None) -> list[dict]:
        q = select(schema.statements)
        if entity_ids is not None:
            q = q.where(schema.statements.c.entity_id.in_(list(entity_ids)))
        if doc_id is not None:
            q = q.where(schema.statements.c.doc_id == doc_id)
        if prop is not None:
            q = q.where(schema.statements.c.prop == prop)
        with self.engine.connect() as c:
            out = []
            for r in c.execute(q.order_by(schema.statements.c.doc_id, schema.statements.c.span_start)):
                d = dict(r._mapping)
                d["value"] = json.loads(d["value"])
                out.append(d)
            return out

    def counts(self) -> dict:
        with self.engine.connect() as c:
            docs = c.execute(select(func.count()).select_from(schema.documents)).scalar_one()
            stmts = c.execute(select(func.count()).select_from(schema.statements)).scalar_one()
            people = c.execute(select(func.count(schema.statements.c.entity_id.distinct())).where(
                schema.statements.c.entity_type == "person")).scalar_one()
            events = c.execute(select(func.count(schema.statements.c.entity_id.distinct())).where(
                schema.statements.c.entity_type == "event")).scalar_one()
        return {"documents": docs, "statements": stmts, "people": people, "events": events,
                "schema_version": self.version}

    def has_unresolved(self) -> bool:
        """True when a person or group in the statements has no row in ``resolved`` (its
        documents were stored by a run that stopped before resolving), a resolved entity has
        no statement left (a forget that stopped before resolving), or judgements were recorded
        or undone but not applied (a crash, or an older mmon)."""
        s, r = schema.statements, schema.resolved
        q = (select(s.c.entity_id).where(s.c.entity_type.in_(("person", "group")))
             .where(~select(r.c.entity_id).where(r.c.entity_id == s.c.entity_id).exists()).limit(1))
        gone = (select(r.c.entity_id)     # resolved, but its document was forgotten since
                .where(~select(s.c.id).where(s.c.entity_id == r.c.entity_id).exists()).limit(1))
        with self.engine.connect() as c:
            return (c.execute(q).first() is not None or c.execute(gone).first() is not None
                    or not judgements_applied(c))

    def search_documents(self, query: str, limit: int = 20, offset: int = 0) -> list[dict]:
        """Full-text search over stored documents (FTS5 syntax, see ``query.search``), best first."""
        if self.postgres:
            rows = self._fts(pgsearch.DOCUMENTS_SQL, query, limit, offset)
            tsq = pgsearch.tsquery(query)
            return [{**r, "snippet": pgsearch.snippet(r["snippet"], tsq)} for r in rows]
        return self._fts("SELECT d.id, d.title, d.published, snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet "
                         "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                         "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n OFFSET :o", query, limit, offset)

    def search_facts(self, query: str, limit: int = 20, offset: int = 0) -> list[dict]:
        """Full-text search over statement values (names, aliases, places, evidence), best first."""
        if self.postgres:
            return self._fts(pgsearch.FACTS_SQL, query, limit, offset)
        return self._fts("SELECT s.entity_id, s.entity_type, s.prop, s.value, s.doc_id FROM statements_fts "
                         "JOIN statements s ON s.rowid = statements_fts.rowid WHERE statements_fts MATCH :q "
                         "ORDER BY rank LIMIT :n OFFSET :o", query, limit, offset)

    def count_documents(self, query: str) -> int:
        """How many documents match a full-text query."""
        if self.postgres:
            return self._fts(pgsearch.COUNT_DOCUMENTS_SQL, query)[0]["n"]
        return self._fts("SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH :q", query)[0]["n"]

    def count_facts(self, query: str) -> int:
        """How many statements match a full-text query."""
        if self.postgres:
            return self._fts(pgsearch.COUNT_FACTS_SQL, query)[0]["n"]
        return self._fts("SELECT count(*) AS n FROM statements_fts WHERE statements_fts MATCH :q", query)[0]["n"]

    def _fts(self, sql: str, query: str, limit: int = 0, offset: int = 0) -> list[dict]:
        """Run a full-text query; a query FTS5 (or ``pgsearch.tsquery``) cannot read is one
        ``MmonError`` line, never a database error."""
        unreadable = MmonError("search.syntax", f"the search query {query[:80]!r} cannot be read")
        try:
            q = pgsearch.tsquery(query) if self.postgres else query
        except pgsearch.Unreadable:
            raise unreadable from None
        try:
            with self.engine.connect() as c:
                return [dict(r._mapping) for r in c.execute(text(sql), {"q": q, "n": limit, "o": offset})]
        except ProgrammingError as exc:     # PostgreSQL: a tsquery it could not read
            if "tsquery" in str(exc.orig).lower():
                raise unreadable from None
            raise
        except OperationalError as exc:
            reason = str(exc.orig).lower()
            if any(w in reason for w in STORE_TROUBLE):   # the store itself: reported as a store error
                raise
            raise unreadable from None

    def close(self) -> None:
        self.engine.dispose()


JUDGEMENTS_APPLIED = "judgements_applied"


def judgement_state(conn) -> str:
    """A digest of the judgements table (how many, last id, how many undone)."""
    j = schema.judgements.c
    n, last, undone = conn.execute(select(func.count(), func.max(j.id), func.count(j.undone_at))).one()
    return f"{n}:{last or 0}:{undone}"


def judgements_applied(conn) -> bool:
    """True when the last resolution applied the judgements as they stand."""
    m = schema.meta.c
    done = conn.execute(select(m.value).where(m.key == JUDGEMENTS_APPLIED)).scalar()
    return done == judgement_state(conn) or (done is None and judgement_state(conn) == "0:0:0")


def mark_judgements_applied(conn, state: str | None = None) -> None:
    """Record (in the resolving transaction) that the judgements as they stood (``state``, read
    with them; default: as they stand) are applied."""
    conn.execute(schema.meta.delete().where(schema.meta.c.key == JUDGEMENTS_APPLIED))
    conn.execute(schema.meta.insert().values(key=JUDGEMENTS_APPLIED, value=state or judgement_state(conn)))


def read_snapshot(conn) -> None:
    """Make the reads of ``conn``'s transaction one snapshot (Python's sqlite3 runs a SELECT
    outside any transaction unless told: each would see the latest commit)."""
    if conn.dialect.name != "sqlite":
        return
    if not getattr(conn.connection.dbapi_connection, "in_transaction", True):
        conn.exec_driver_sql("BEGIN")


def write_lock(conn) -> None:
    """Take SQLite's write lock at the start of ``conn``'s transaction, so what it reads stays
    true until it commits (a read-then-write transaction is never refused half way)."""
    _lock(conn)


def open_store(db: str | None = None) -> Store:
    return Store(db)


def forget(store: Store, doc_id: str, conn=None) -> dict:
    """Remove a document and every statement it backs; facts other documents back stay.

    A tombstone (its content hash, and a fingerprint of its shingles for near
    duplicates - no text) keeps the document, or a near copy of it, from coming back
    with the next ingest or watch pass (``mmon ingest --force`` takes it back).
    Deleted pages are overwritten (``secure_delete``), the search indexes' segments merged
    (the document's words go with the deletion marks its rows left) and the WAL
    checkpointed, so the text does not linger in the database files.

    With ``conn`` the rows go in that transaction (the caller re-resolves in it, so
    a kill leaves neither half), the caller calls :func:`purge_index` in it before its commit,
    so the words leave the search index with the rows, and :func:`scrub` after it.
    """
    if conn is None:
        with store.engine.begin() as c:
            r = forget(store, doc_id, conn=c)
            if r["documents"]:
                purge_index(store, c)
        if r["documents"]:
            scrub(store)
        return r
    from sqlalchemy import delete as _delete

    from ..ingest.dedup import fingerprint
    c = conn
    row = c.execute(select(schema.documents.c.content_hash, schema.documents.c.text).where(
        schema.documents.c.id == doc_id)).first()
    digest = row.content_hash if row else None
    n = c.execute(select(func.count()).select_from(schema.statements).where(
        schema.statements.c.doc_id == doc_id)).scalar_one()
    c.execute(_delete(schema.statements).where(schema.statements.c.doc_id == doc_id))
    relation_refs.refresh(c, [doc_id])
    d = c.execute(_delete(schema.documents).where(schema.documents.c.id == doc_id)).rowcount
    c.execute(_delete(schema.watch_pending).where(schema.watch_pending.c.doc_id == doc_id))
    c.execute(_delete(schema.near_bands).where(schema.near_bands.c.doc_id == doc_id))
    if row is not None and digest is not None and c.execute(select(schema.forgotten.c.doc_id).where(
            schema.forgotten.c.content_hash == digest)).first() is None:
        c.execute(schema.forgotten.insert().values(content_hash=digest, doc_id=doc_id, forgotten_at=_now(),
                                                   fingerprint=json.dumps(fingerprint(row.text))))
    return {"documents": d, "statements": n}


def purge_index(store: Store, conn) -> None:
    """In the transaction of a delete: no word of the deleted rows left in SQLite's full-text
    indexes once it commits. The delete triggers took the rows out of FTS5's index, as deletion
    marks kept in a new segment beside the segments that hold the words; 'optimize' merges the
    segments, and a word and its mark cancel out. That reads and writes the index once (no row
    is read or tokenized again, as 'rebuild' did: several times the work). In the delete's own
    transaction, so a kill cannot leave the rows gone and their words still findable.
    (PostgreSQL's text search reads the rows themselves: a deleted row is found by no one.)"""
    if store.engine.dialect.name == "sqlite":
        for table in ("documents_fts", "statements_fts"):
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES('optimize')")


def scrub(store: Store) -> None:
    """After a delete's commit: the deleted text out of the database files. SQLite: the WAL
    checkpointed into the main file (its pages already overwritten by ``secure_delete``; a kill
    before this leaves them to SQLite's next checkpoint, the words already out of the index).
    PostgreSQL: VACUUM takes the deleted rows out of the tables and their text-search indexes
    (it frees their space for reuse; it does not overwrite it as SQLite's secure_delete does)."""
    if store.postgres:
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM documents, statements")
        return
    if store.engine.dialect.name != "sqlite":
        return
    with store.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
