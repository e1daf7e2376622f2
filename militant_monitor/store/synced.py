"""What a stage of derived data (resolution, event clustering) has taken in: the documents,
each with the extractor version it was read at.

A stage compares this with ``documents`` to find its work: documents stored since
(or re-extracted by another version) and documents forgotten since. Each stage
updates its record in the transaction that writes its results, so a run killed half
way is redone, never half applied.
"""
from __future__ import annotations

from sqlalchemy import and_, or_, select

from . import schema


def changes(conn, stage: str) -> tuple[list[str], list[str]]:
    """(documents stored or re-extracted since the stage last ran, documents forgotten since)."""
    d, s = schema.documents.c, schema.synced.c
    j = schema.documents.outerjoin(schema.synced, and_(s.stage == stage, s.doc_id == d.id))
    changed = [r.id for r in conn.execute(select(d.id).select_from(j).where(
        or_(s.doc_id.is_(None), s.extractor != d.extractor, and_(s.extractor.is_(None), d.extractor.is_not(None)))))]
    gone = [r.doc_id for r in conn.execute(select(s.doc_id).where(s.stage == stage).where(
        ~select(d.id).where(d.id == s.doc_id).exists()))]
    return sorted(changed), sorted(gone)


def mark(conn, stage: str, changed: list[str], gone: list[str]) -> None:
    """Record that the stage has taken in ``changed`` (as they are now) and let go of ``gone``."""
    d, s = schema.documents.c, schema.synced.c
    for part in chunks([*changed, *gone]):
        conn.execute(schema.synced.delete().where(s.stage == stage, s.doc_id.in_(part)))
    for part in chunks(changed):
        rows = [{"stage": stage, "doc_id": r.id, "extractor": r.extractor}
                for r in conn.execute(select(d.id, d.extractor).where(d.id.in_(part)))]
        if rows:
            conn.execute(schema.synced.insert(), rows)


def reset(conn, stage: str) -> None:
    """Forget what the stage took in (its next run starts from nothing)."""
    conn.execute(schema.synced.delete().where(schema.synced.c.stage == stage))


def chunks(items, n: int = 500):
    """``items`` in lists of at most ``n`` (bound parameters per statement stay few)."""
    items = list(items)
    for i in range(0, len(items), n):
        yield items[i:i + n]
