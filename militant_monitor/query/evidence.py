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


def sentences(store: Store, stmts: list[dict], window: int = 300) -> dict[str, str]:
    """statement id -> the sentence holding its evidence span (read from ``window`` characters
    either side of it; a name's span alone says little); a name stated without a span: the
    sentence of its first occurrence."""
    import re
    wide = [{**s, "span_start": max(0, s["span_start"] - window), "span_end": s["span_end"] + window,
             "_a": s["span_start"], "_b": s["span_end"]} for s in (_located(store, s) for s in stmts)
            if s.get("span_start") is not None and s.get("span_end") is not None]
    texts = snippets(store, wide, max_chars=2 * window + 600)
    out = {}
    for s in wide:
        text = texts.get(s["id"], "")
        a, b = s["_a"] - s["span_start"], s["_b"] - s["span_start"]
        ends = [m.end() for m in re.finditer(r"[.!?]\s+|\n", text[:a])]
        start = ends[-1] if ends else 0
        m = re.search(r"[.!?](?=\s|$)|\n", text[b:])
        end = b + m.end() if m else len(text)
        out[s["id"]] = " ".join(text[start:end].split())
    return out


def _located(store: Store, s: dict) -> dict:
    """A statement without a span (an import, a test) whose value is a name: the span of the
    name's first occurrence in its document (``instr``, PostgreSQL's ``strpos``: the text is not read)."""
    if s.get("span_start") is not None or not isinstance(s.get("value"), str) or not s["value"].strip():
        return s
    d = schema.documents.c
    with store.engine.connect() as c:
        find = func.strpos if c.dialect.name == "postgresql" else func.instr
        at = c.execute(select(find(d.text, s["value"])).where(d.id == s["doc_id"])).scalar()
    return {**s, "span_start": at - 1, "span_end": at - 1 + len(s["value"])} if at else s
