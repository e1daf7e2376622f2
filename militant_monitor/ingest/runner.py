"""Ingest into the store: read inputs, skip duplicates, extract, save - one document at a time.

This is the library call behind ``mmon ingest``. Every document is saved in
its own transaction, so a failure on one input never loses what is stored.
A store that cannot be written (disk full, locked) stops the run with one
:class:`~militant_monitor.errors.StoreError` instead of failing every input.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy.exc import DBAPIError

from .. import errors
from ..errors import StoreError, one_line, store_error, unexpected_error
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
    skipped: list = field(default_factory=list)      # Failure with a note, not an error (FIFO, link, forgotten)
    documents: list = field(default_factory=list)    # ids stored or already present

    def summary(self) -> str:
        skipped = f"skipped {len(self.skipped)}, " if self.skipped else ""
        s = (f"read {self.read}, stored {self.stored}, unchanged {self.unchanged}, "
             f"duplicates {len(self.duplicates)}, {skipped}failed {len(self.failed)}")
        if self.failed:
            reasons: dict[str, int] = {}
            for f in self.failed:
                reasons[f.reason] = reasons.get(f.reason, 0) + 1
            s += " (" + "; ".join(f"{n}x {r}" for r, n in reasons.items()) + ")"
        return s

    def exit_code(self) -> int:
        """0: every input ingested (or skipped on purpose); 1: some failed; 3: all failed."""
        if not self.failed:
            return 0
        return 1 if (self.read or self.skipped) else 3


def ingest_paths(store: Store, paths: Iterable[str], extractor: Extractor | None = None,
                 near_threshold: float = 0.8, max_bytes: int | None = DEFAULT_MAX_BYTES,
                 on_item: Callable[[str, str], None] | None = None, follow_links: bool = False,
                 force: bool = False) -> IngestReport:
    """Ingest ``paths`` into ``store``. ``on_item(input, outcome)`` reports progress.

    ``follow_links`` follows symbolic links out of a folder; ``force`` ingests documents
    forgotten with ``mmon forget`` again. Raises :class:`StoreError` (its ``report``
    holds what was done) when the store cannot be written.
    """
    extractor = extractor or Extractor()
    report = IngestReport()
    try:
        _ingest_all(store, read_paths(paths, max_bytes=max_bytes, follow_links=follow_links),
                    extractor, report, Deduper(threshold=near_threshold), on_item, force)
        if report.stored or store.has_unresolved():
            # also after a run that was stopped between storing documents and resolving them
            from ..resolve import event_clusters, resolve
            resolve(store), event_clusters.update(store)   # both touch only what the new documents affect
    except DBAPIError as exc:
        raise _stopped(exc, report) from None
    return report


def _stopped(exc: BaseException, report: IngestReport) -> StoreError:
    """The StoreError that ends a run, with the report of what was done before."""
    e = StoreError(f"{store_error(exc)}; stopped after storing {report.stored} document(s)")
    e.report = report
    return e


def _ingest_all(store, items, extractor, report, dedup, on_item, force) -> None:
    """Store every document of ``items``; a bad one is a Failure, a store error propagates."""
    for doc_id, text in store.iter_texts():
        dedup.add(doc_id, text)
    forgotten = set() if force else _seed_forgotten(store, dedup)
    for item in items:
        if isinstance(item, Failure):
            _failed_or_skipped(report, item, on_item)
            continue
        try:
            if _forgotten(store, item, report, on_item, force, (dedup, forgotten)):
                continue
            report.read += 1
            _ingest_one(store, item, extractor, report, dedup, on_item)
        except DBAPIError:
            raise
        except Exception as exc:  # one bad document never stops the run
            name = item.source_path or item.title or item.id
            f = Failure(name, one_line(unexpected_error(exc)))
            report.failed.append(f)
            _tell(on_item, name, f"failed: {f.reason}")


def _failed_or_skipped(report: IngestReport, item: Failure, on_item) -> None:
    if item.code in (errors.E_SKIPPED, errors.E_FORGOTTEN):
        report.skipped.append(item)
        _tell(on_item, item.input, f"skipped: {item.reason}")
    else:
        report.failed.append(item)
        _tell(on_item, item.input, f"failed: {item.reason}")


def _forgotten(store, doc: Document, report, on_item, force: bool, near: tuple[Deduper, set[str]]) -> bool:
    """True (and a note) when ``doc`` was forgotten with ``mmon forget``, or is a near copy
    of a forgotten document (``near``: the deduper and the forgotten ids it holds); with
    ``force`` the tombstone goes and the document is ingested again."""
    digest = content_hash(doc.text)
    name = doc.source_path or doc.title or doc.id
    if store.is_forgotten(digest):
        if force:
            store.unforget(digest)
            return False
        _failed_or_skipped(report, Failure(name, errors.FORGOTTEN, errors.E_FORGOTTEN), on_item)
        return True
    dedup, ids = near
    verdict = dedup.check(doc) if ids else None
    if verdict is None or verdict[1] not in ids:
        return False
    _failed_or_skipped(report, Failure(name, errors.NEAR_FORGOTTEN, errors.E_FORGOTTEN), on_item)
    return True


def _seed_forgotten(store, dedup: Deduper) -> set[str]:
    """Give ``dedup`` the fingerprints of forgotten documents; returns their ids."""
    ids = set()
    for doc_id, fp in store.forgotten_fingerprints():
        dedup.add_fingerprint(doc_id, fp)
        ids.add(doc_id)
    return ids


def _ingest_one(store, doc: Document, extractor, report, dedup, on_item) -> None:
    """Store one document unless it is stored already or a duplicate."""
    name = doc.source_path or doc.title or doc.id
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
        return
    verdict = dedup.check(doc)
    if verdict is not None:
        report.duplicates.append((name, verdict[0], verdict[1]))
        _tell(on_item, name, f"{verdict[0]} duplicate of {verdict[1]}")
        return
    sheet, statements = extractor(doc)
    store.save(doc, sheet, statements, extractor.version)
    dedup.add(doc.id, doc.text)
    report.stored += 1
    report.documents.append(doc.id)
    _tell(on_item, name, "stored")


def _tell(cb, name, outcome):
    if cb is not None:
        cb(name, outcome)
