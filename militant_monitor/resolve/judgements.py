"""Analysts' decisions, kept as data: append-only edges with user and time, undoable.

A positive judgement says two entities are one; a negative one says they are
not. Nothing is edited in place: undoing sets ``undone_at`` on the record.
"""
from __future__ import annotations

import datetime as dt
import getpass
import os

from sqlalchemy import select

from ..store import Store
from ..store import schema


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def current_user() -> str:
    return os.environ.get("MMON_USER") or getpass.getuser() or "analyst"


def record(store: Store, left: str, right: str, judgement: str, user: str | None = None,
           note: str | None = None) -> int:
    if judgement not in ("positive", "negative"):
        raise ValueError(judgement)
    left, right = sorted((left, right))
    with store.engine.begin() as c:
        r = c.execute(schema.judgements.insert().values(
            left_id=left, right_id=right, judgement=judgement, user=user or current_user(),
            created_at=_now(), note=note))
        key = r.inserted_primary_key
        assert key is not None
        return int(key[0])


def undo(store: Store, judgement_id: int, user: str | None = None) -> bool:
    with store.engine.begin() as c:
        r = c.execute(schema.judgements.update().where(schema.judgements.c.id == judgement_id)
                      .where(schema.judgements.c.undone_at.is_(None)).values(undone_at=_now()))
        return r.rowcount > 0


def active(store: Store) -> list[dict]:
    with store.engine.connect() as c:
        q = select(schema.judgements).where(schema.judgements.c.undone_at.is_(None)).order_by(schema.judgements.c.id)
        return [dict(r._mapping) for r in c.execute(q)]


def history(store: Store) -> list[dict]:
    with store.engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(select(schema.judgements).order_by(schema.judgements.c.id))]
