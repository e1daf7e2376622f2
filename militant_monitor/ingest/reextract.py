"""Re-extract documents stored by an older extractor version (``mmon reextract``).

The extractor's version is derived from its rules, patterns, data and model
(``extract.pipeline.rules_digest``), so any change to them leaves older documents
stale. Each document is re-extracted from its stored text and saved in its own
transaction: a run that is stopped loses nothing and the next run goes on with
what is left. Facts read again keep the day they were first seen.
"""
from __future__ import annotations

from typing import Callable

from ..errors import one_line, unexpected_error
from ..extract.pipeline import Extractor
from ..model.document import Document
from ..store import Store


def stored_document(row: dict) -> Document:
    """The Document a stored row was made from (its text and the metadata it was stored with)."""
    return Document(text=row["text"], title=row.get("title"), published=row.get("published"),
                    author=row.get("author"), publisher=row.get("publisher"), url=row.get("url"),
                    language=row.get("language"), source_path=row.get("source_path"))


def reextract(store: Store, extractor: Extractor | None = None, limit: int | None = None,
              on_item: Callable[[str, str], None] | None = None) -> dict:
    """Bring every stale document up to ``extractor``'s version; returns counts
    ``{"reextracted", "failed", "remaining"}``. Resolution runs once at the end."""
    extractor = extractor or Extractor()
    done = failed = 0
    for doc_id in store.stale_documents(extractor.version, limit):
        row = store.document(doc_id)
        if row is None:       # forgotten meanwhile
            continue
        try:
            doc = stored_document(row)
            store.save(doc, *extractor(doc), extractor.version)
            done += 1
            if on_item:
                on_item(doc_id, "re-extracted")
        except Exception as exc:  # one bad document never stops the run
            failed += 1
            if on_item:
                on_item(doc_id, f"failed: {one_line(unexpected_error(exc))}")
    if done or store.has_unresolved():
        from ..resolve import resolve
        resolve(store)
    return {"reextracted": done, "failed": failed, "remaining": store.count_stale(extractor.version)}
