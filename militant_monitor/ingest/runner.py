"""Ingest into the store: read inputs, skip duplicates, extract, save - one document at a time.

This is the library call behind ``mmon ingest``. Every document is saved in
its own transaction, so a failure on one input never loses what is stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..errors import one_line, unexpected_error
from ..extract.pipeline import Extractor
from ..model.document import Document, content_hash
from ..store import Store
from .base import Failure
from .dedup import Deduper
from .files import DEFAULT_MAX_BYTES, read_paths


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: list = field(default_factory=list)   # (input, kind, other doc id)
    failed: list = field(default_factory=list)       # Failure
    documents: list = field(default_factory=list)    # ids stored or already present

    def summary(self) -> str:
        s = (f"read {self.read}, stored {self.stored}, unchanged {self.unchanged}, "
             f"duplicates {len(self.duplicates)}, failed {len(self.failed)}")
        if self.failed:
            reasons = {}
            for f in self.failed:
                reasons[f.reason] = reasons.get(f.reason, 0) + 1
            s += " (" + "; ".join(f"{n}x {r}" for r, n in reasons.items()) + ")"
        return s


def ingest_paths(store: Store, paths: Iterable[str], extractor: Extractor | None = None,
                 near_threshold: float = 0.8, max_bytes: int | None = DEFAULT_MAX_BYTES,
                 on_item: Callable[[str, str], None] | None = None) -> IngestReport:
    """Ingest ``paths`` into ``store``. ``on_item(input, outcome)`` reports progress."""
    extractor = extractor or Extractor()
    report = IngestReport()
    dedup = Deduper(threshold=near_threshold)
    for doc_id, text in store.iter_texts():
        dedup.add(doc_id, text)
    for item in read_paths(paths, max_bytes=max_bytes):
        if isinstance(item, Failure):
            report.failed.append(item)
            _tell(on_item, item.input, f"failed: {item.reason}")
            continue
        report.read += 1
        doc: Document = item
        name = doc.source_path or doc.title or doc.id
        try:
            existing = store.has_hash(content_hash(doc.text))
            if existing:
                # the same text again: re-extract only when the extractor changed (checked before extracting)
                if store.extractor_of(existing) != extractor.version and store.save(doc, *extractor(doc), extractor.version):
                    report.stored += 1
                    _tell(on_item, name, "re-extracted")
                else:
                    if existing in report.documents:
                        report.duplicates.append((name, "exact", existing))
                        _tell(on_item, name, f"exact duplicate of {existing}")
                    else:
                        report.unchanged += 1
                        _tell(on_item, name, "unchanged")
                report.documents.append(existing)
                continue
            verdict = dedup.check(doc)
            if verdict is not None:
                report.duplicates.append((name, verdict[0], verdict[1]))
                _tell(on_item, name, f"{verdict[0]} duplicate of {verdict[1]}")
                continue
            sheet, statements = extractor(doc)
            store.save(doc, sheet, statements, extractor.version)
            dedup.add(doc.id, doc.text)
            report.stored += 1
            report.documents.append(doc.id)
            _tell(on_item, name, "stored")
        except Exception as exc:  # one bad document never stops the run
            f = Failure(name, one_line(unexpected_error(exc)))
            report.failed.append(f)
            _tell(on_item, name, f"failed: {f.reason}")
    if report.stored or store.has_unresolved():
        # also after a run that was stopped between storing documents and resolving them
        from ..resolve import resolve
        resolve(store)
    return report


def _tell(cb, name, outcome):
    if cb is not None:
        cb(name, outcome)
