"""Analysts' decisions, kept as data: append-only edges with user and time, undoable.

A positive judgement says two entities are one; a negative one says they are
not. A split is one judgement whose ``detail`` holds its two sides (``apart``, ``rest``):
every entity of one side is kept apart from every entity of the other (or ``each``: all
kept apart from each other). An unsure one says an
analyst looked at a suggestion of the review queue and could not tell: it changes no cluster,
it only takes the suggestion off the queue. Nothing is edited in place: undoing sets ``undone_at`` on the record. The
same active judgement is never recorded twice. Each function takes ``conn``, the
caller's transaction, so that a judgement and its application commit together
(``decisions``).
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os

from sqlalchemy import select

from ..store import Store
from ..store import schema
from ..store.store import write_lock


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def current_user() -> str:
    return os.environ.get("MMON_USER") or getpass.getuser() or "analyst"


def lock(conn) -> None:
    """Take the store's write lock for the transaction ``conn`` (reads stay true until commit)."""
    write_lock(conn)


KINDS = ("positive", "negative", "split", "unsure")


def record(store: Store, left: str, right: str, judgement: str, user: str | None = None,
           note: str | None = None, conn=None, detail: dict | None = None) -> int:
    """Record a judgement; the id of the same active judgement when it is already recorded."""
    if judgement not in KINDS:
        raise ValueError(judgement)
    if conn is None:
        with store.engine.begin() as c:
            lock(c)
            return record(store, left, right, judgement, user, note, c, detail)
    left, right = sorted((left, right))
    text = json.dumps(detail, sort_keys=True) if detail is not None else None
    j = schema.judgements.c
    same = conn.execute(select(j.id).where(j.left_id == left, j.right_id == right, j.judgement == judgement,
                                           (j.detail == text) if text is not None else j.detail.is_(None),
                                           j.undone_at.is_(None)).order_by(j.id).limit(1)).scalar()
    if same is not None:
        return int(same)
    r = conn.execute(schema.judgements.insert().values(
        left_id=left, right_id=right, judgement=judgement, user=user or current_user(),
        created_at=_now(), note=note, detail=text))
    key = r.inserted_primary_key
    assert key is not None
    return int(key[0])


def undo(store: Store, judgement_id: int, user: str | None = None, conn=None) -> bool:
    """Mark an active judgement undone; False when there is none with that id."""
    if conn is None:
        with store.engine.begin() as c:
            lock(c)
            return undo(store, judgement_id, user, c)
    r = conn.execute(schema.judgements.update().where(schema.judgements.c.id == judgement_id)
                     .where(schema.judgements.c.undone_at.is_(None)).values(undone_at=_now()))
    return r.rowcount > 0


def active(store: Store, conn=None) -> list[dict]:
    """The judgements not undone, oldest first."""
    if conn is None:
        with store.engine.connect() as c:
            return active(store, c)
    q = select(schema.judgements).where(schema.judgements.c.undone_at.is_(None)).order_by(schema.judgements.c.id)
    return [dict(r._mapping) for r in conn.execute(q)]


def apart(j: dict) -> list[tuple[str, str]]:
    """The pairs of entities a judgement keeps apart: one pair for a negative judgement,
    every pair across the two sides for a split, none for the others."""
    if j["judgement"] == "negative":
        return [(j["left_id"], j["right_id"])]
    if j["judgement"] == "split" and j.get("detail"):
        d = json.loads(j["detail"]) if isinstance(j["detail"], str) else j["detail"]
        each = d.get("each") or []
        return ([(a, b) for a in d.get("apart", []) for b in d.get("rest", []) if a != b]
                + [(a, b) for i, a in enumerate(each) for b in each[i + 1:]])
    return []


def together(j: dict) -> list[tuple[str, str]]:
    """The pairs of entities a judgement joins: for a merge, its two entities and (``detail``
    "together") every member the two profiles had when the analyst merged them, so that the whole
    of both profiles stays one, not only the two mentions named."""
    if j["judgement"] != "positive":
        return []
    out = [(j["left_id"], j["right_id"])]
    if j.get("detail"):
        d = json.loads(j["detail"]) if isinstance(j["detail"], str) else j["detail"]
        members = [m for m in d.get("together") or [] if m]
        out += list(zip(members, members[1:]))
    return out


def history(store: Store) -> list[dict]:
    with store.engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(select(schema.judgements).order_by(schema.judgements.c.id))]
