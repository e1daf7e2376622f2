"""Invented documents for resolution tests: each names people with a group, stored through
the real store (no extractor), so the tests run in a second."""
from __future__ import annotations

from militant_monitor.model.document import Document
from militant_monitor.model.statement import Statement
from militant_monitor.store import Store

TTP = "Tehrik-i-Taliban Pakistan"
LEJ = "Lashkar-e-Jhangvi"


def add_doc(store: Store, text: str, published: str, people: list[tuple], extra: list[tuple] = ()) -> str:
    """Store one document naming ``people`` (slug, name, group or None[, role, place]); returns its id."""
    d = Document(text=text, published=published, title=text[:40])
    sts = []
    for slug, name, group, *more in people:
        eid = f"person:{d.id}:{slug}"
        sts.append(Statement(eid, "person", "name", name, d.id, extractor="test"))
        if group:
            sts.append(Statement(eid, "person", "affiliation", {"group": group, "relation": "commander"}, d.id,
                                 extractor="test"))
        if more and more[0]:
            sts.append(Statement(eid, "person", "role", more[0], d.id, extractor="test"))
        if len(more) > 1 and more[1]:
            sts.append(Statement(eid, "person", "origin", more[1], d.id, extractor="test"))
    for slug, prop, value in extra:
        sts.append(Statement(f"person:{d.id}:{slug}", "person", prop, value, d.id, extractor="test"))
    store.save(d, {"document": {"published": published, "title": text[:40]}}, sts, "test")
    return d.id


def person_docs(store: Store, n: int, name: str, group: str | None, tag: str, slug: str = "p",
                year: int = 2024) -> list[str]:
    """``n`` documents each reporting ``name`` of ``group``; returns their member entity ids."""
    out = []
    for i in range(n):
        doc = add_doc(store, f"Report {tag} number {i}: {name} was seen.", f"{year}-{i % 12 + 1:02d}-0{i % 9 + 1}",
                      [(slug, name, group)])
        out.append(f"person:{doc}:{slug}")
    return out
