"""``jsonl``: a complete dump, one JSON object a line, and its import.

Lines, in order: a header (``{"record": "header", "format": "mmon-jsonl", "version": 2, ...}``),
every document (``record: document``, the stored row with its text), every statement
(``record: statement``: the stored row, value as JSON, with its provenance: document, span,
citation, extractor, rule, confidence, qualifier, first_seen), then the analysts' judgements,
the resolution map, the watchlist and the ids the store minted (``minted``: people's and groups'
ids, ``redirect``: the ids merges retired, ``event_cluster``: each event report's event id), so
that the ids an analyst has cited stay the same in the store the dump is loaded into. ``load``
reads such a file into a store: rows already there (same id, or the same judgement) are left
alone, so importing a file twice changes nothing. Version 1 dumps (without the ids) still load.
"""
from __future__ import annotations

import json
from typing import IO

from sqlalchemy import func, literal_column, select

from ..errors import MmonError
from ..store import Store, event_rows, relation_refs, schema
from .common import Selection, no_progress

FORMAT = "mmon-jsonl"
VERSION = 2
READS = (1, 2)          # the versions load accepts: 2 added the minted ids
TABLES = (("document", schema.documents), ("statement", schema.statements), ("judgement", schema.judgements),
          ("resolved", schema.resolved), ("watch", schema.watchlist), ("minted", schema.minted),
          ("redirect", schema.redirects), ("event_cluster", schema.event_clusters))


def _rows(c, record: str, table, doc_ids):
    q = select(table)
    if doc_ids is not None:
        if record == "document":
            q = q.where(table.c.id.in_(doc_ids))
        elif record == "statement":
            q = q.where(table.c.doc_id.in_(doc_ids))
        elif record in ("resolved",):
            q = q.where(table.c.entity_id.in_(select(schema.statements.c.entity_id).where(
                schema.statements.c.doc_id.in_(doc_ids))))
        elif record == "minted":         # the ids of the entities kept
            q = q.where(table.c.id.in_(select(schema.resolved.c.canonical_id).where(schema.resolved.c.entity_id.in_(
                select(schema.statements.c.entity_id).where(schema.statements.c.doc_id.in_(doc_ids))))))
        elif record == "event_cluster":
            q = q.where(table.c.doc_id.in_(doc_ids))
        else:
            return
    order = table.c.id if "id" in table.c else list(table.primary_key.columns)[0]
    if c.dialect.name == "sqlite":
        order = literal_column("rowid")     # insertion order: an import reproduces ties in queries
    elif c.dialect.name == "postgresql":
        order = literal_column("ctid")      # the rows' order on disk, which reads without ORDER BY follow
    for r in c.execution_options(stream_results=True).execute(q.order_by(order)):
        d = dict(r._mapping)
        if record == "statement":
            d["value"] = json.loads(d["value"])
        yield d


def export(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress) -> int:
    selection = selection or Selection(store)
    selected = selection.doc_ids()
    doc_ids = sorted(selected) if selected is not None else None
    with store.engine.connect() as c:
        total = 0
        for _, table in TABLES[:2]:
            q = select(func.count()).select_from(table)
            total += c.execute(q).scalar_one()
        out.write(json.dumps({"record": "header", "format": FORMAT, "version": VERSION,
                              "schema_version": store.version, "filtered": selection.filtered}) + "\n")
        n = 0
        for record, table in TABLES:
            if doc_ids is not None and record in ("judgement", "watch", "redirect"):
                continue
            for d in _rows(c, record, table, doc_ids):
                out.write(json.dumps({"record": record, **d}, ensure_ascii=False) + "\n")
                n += 1
                if n % 500 == 0:
                    progress(n, total)
    progress(n, total)
    return n


def load(store: Store, lines, progress=no_progress, source: str = "input") -> dict:
    """Read a dump into ``store`` (one transaction). Returns counts of rows added and already there."""
    added = {r: 0 for r, _ in TABLES}
    present = {r: 0 for r, _ in TABLES}
    by_record = dict(TABLES)
    touched: set[str] = set()
    events: set[str] = set()
    with store.engine.begin() as c:
        for lineno, line in enumerate(lines, 1):
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MmonError("input.json", f"{source}:{lineno}: invalid JSON: {exc.msg}") from None
            if not isinstance(obj, dict) or "record" not in obj:
                raise MmonError("input.json", f"{source}:{lineno}: not a record of an mmon jsonl dump")
            record = obj.pop("record")
            if record == "header":
                if obj.get("format") != FORMAT or obj.get("version") not in READS:
                    raise MmonError("input", f"{source}:{lineno}: not an {FORMAT} dump of version "
                                             f"{' or '.join(map(str, READS))}")
                continue
            table = by_record.get(record)
            if table is None:
                raise MmonError("input", f"{source}:{lineno}: unknown record {str(record)[:40]!r}")
            unknown = set(obj) - set(table.c.keys())
            if unknown:
                raise MmonError("input", f"{source}:{lineno}: unknown field(s) {', '.join(sorted(unknown))[:80]}")
            if record == "statement":
                obj["value"] = json.dumps(obj.get("value"), ensure_ascii=False)
            if _exists(c, record, table, obj):
                present[record] += 1
                continue
            if record == "judgement":
                obj.pop("id", None)      # numbered by this store
            elif record == "minted" and c.execute(select(table.c.id).where(table.c.seq == obj.get("seq"))).first():
                obj["seq"] = (c.execute(select(func.max(table.c.seq))).scalar() or 0) + 1   # this store's age order
            try:
                c.execute(table.insert().values(**obj))
            except Exception as exc:  # noqa: BLE001 - a constraint: one line naming the row
                raise MmonError("input", f"{source}:{lineno}: cannot store this {record}: {type(exc).__name__}") from None
            added[record] += 1
            if record == "statement":
                touched.add(obj["doc_id"])
            elif record == "event_cluster":
                events.add(obj["cluster_id"])
            if lineno % 500 == 0:
                progress(lineno, None)
        relation_refs.refresh(c, touched)    # the indexed ids of the relations just read
        event_rows.refresh(c, events)        # the rows of the events just read (their reports' refs too)
    return {"added": added, "present": present}


def _exists(c, record, table, obj) -> bool:
    if record == "judgement":
        j = table.c
        q = select(j.id).where(j.left_id == obj.get("left_id"), j.right_id == obj.get("right_id"),
                               j.judgement == obj.get("judgement"), j.user == obj.get("user"),
                               j.created_at == obj.get("created_at"))
    elif record == "document":
        q = select(table.c.id).where((table.c.id == obj.get("id")) | (table.c.content_hash == obj.get("content_hash")))
    else:
        pk = list(table.primary_key.columns)[0]
        q = select(pk).where(pk == obj.get(pk.name))
    return c.execute(q.limit(1)).first() is not None
