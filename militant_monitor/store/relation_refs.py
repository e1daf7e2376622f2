"""What relation statements point at, by id, in an indexed table (``relation_refs``): a person's
``affiliation`` and a group's ``link`` -> the group's id (``relations.group_ref``), an event
report's ``perpetrators`` -> every id its perpetrators may point at (``relations.perpetrator_refs``,
with the report's ``perpetrator_ids``). Views that ask "which reports name this group", "who is
affiliated with it" read the rows of those ids by index instead of every relation statement.

The rows of a document are rewritten in the transaction that writes its statements
(:func:`refresh`: ``Store.save``, ``forget``, a jsonl import), so the work follows the change;
migration 10 fills the table from the statements stored before it (:func:`backfill`)."""
from __future__ import annotations

import json

from sqlalchemy import delete, select

from ..model import relations
from . import schema
from .synced import chunks

PROPS = ("affiliation", "link", "perpetrators", "perpetrator_ids")


def _query():
    st = schema.statements.c
    return (select(st.id, st.entity_id, st.entity_type, st.prop, st.value, st.doc_id)
            .where(st.prop.in_(PROPS), st.entity_type.in_(("person", "group", "event"))))


def rows_of(statement_rows) -> list[dict]:
    """The table's rows for the relation statements ``statement_rows`` (id, entity_id,
    entity_type, prop, value as JSON text, doc_id): every statement of a report comes together."""
    out: dict[tuple, dict] = {}
    reports: dict[str, dict] = {}
    for r in statement_rows:
        if r.prop in ("affiliation", "link"):
            if (r.prop == "affiliation") != (r.entity_type == "person") or (r.prop == "link") != (r.entity_type == "group"):
                continue
            ref = relations.group_ref(json.loads(r.value), r.doc_id)
            if ref is not None:
                out[(r.id, ref)] = {"statement_id": r.id, "ref_id": ref, "entity_id": r.entity_id, "prop": r.prop,
                                    "doc_id": r.doc_id}
        elif r.entity_type == "event":
            rep = reports.setdefault(r.entity_id, {"doc_id": r.doc_id})
            rep[r.prop] = json.loads(r.value)
            if r.prop == "perpetrators":
                rep["statement_id"] = r.id
    for rid, rep in reports.items():
        if "statement_id" not in rep:
            continue
        for ids in relations.perpetrator_refs(rep.get("perpetrators"), rep.get("perpetrator_ids"), rep["doc_id"]):
            for ref in ids:
                out[(rep["statement_id"], ref)] = {"statement_id": rep["statement_id"], "ref_id": ref, "entity_id": rid,
                                                   "prop": "perpetrators", "doc_id": rep["doc_id"]}
    return list(out.values())


def refresh(conn, doc_ids) -> None:
    """Rewrite the rows of documents ``doc_ids`` from their statements as stored now (in the
    caller's writing transaction; a forgotten document's rows go)."""
    st, rr = schema.statements.c, schema.relation_refs
    for part in chunks(sorted(set(doc_ids))):
        conn.execute(delete(rr).where(rr.c.doc_id.in_(part)))
        rows = rows_of(conn.execute(_query().where(st.doc_id.in_(part))))
        if rows:
            conn.execute(rr.insert(), rows)


def backfill(conn, batch: int = 500) -> None:
    """Fill the table from every stored statement, a batch of documents at a time."""
    st = schema.statements.c
    doc_ids = sorted(r.doc_id for r in conn.execute(select(st.doc_id).distinct()))
    for part in chunks(doc_ids, batch):
        rows = rows_of(conn.execute(_query().where(st.doc_id.in_(part))))
        if rows:
            conn.execute(schema.relation_refs.insert(), rows)
