"""The words behind a statement: the evidence span of each statement, read from its document.

Each span is read with ``substr`` of the stored text, so a profile or a review item reads only
the sentences it shows, never whole documents."""
from __future__ import annotations

from sqlalchemy import func, select

from ..store import Store, schema

MAX_CHARS = 400


def snippets(store: Store, stmts: list[dict], max_chars: int = MAX_CHARS) -> dict[str, str]:
    """statement id -> its evidence text (at most ``max_chars``), for the statements with a span."""
    spans = {s["id"]: (s["doc_id"], s["span_start"], s["span_end"]) for s in stmts
             if s.get("span_start") is not None and s.get("span_end") is not None and s["span_end"] > s["span_start"]}
    if not spans:
        return {}
    d = schema.documents.c
    wanted = sorted({(doc, a, min(b, a + max_chars)) for doc, a, b in spans.values()})
    out: dict[tuple, str] = {}
    with store.engine.connect() as c:
        for doc, a, b in wanted:
            text = c.execute(select(func.substr(d.text, a + 1, b - a)).where(d.id == doc)).scalar()
            if text is not None:
                out[(doc, a, b)] = text
    return {sid: out.get((doc, a, min(b, a + max_chars)), "") for sid, (doc, a, b) in spans.items()}
