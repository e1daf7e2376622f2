"""Ingest into the store: read inputs, skip duplicates, extract, save - one document at a time.

This is the library call behind ``mmon ingest``. Every document is saved in
its own transaction, so a failure on one input never loses what is stored.
With ``workers`` > 1, reading and extraction run in worker processes
(:mod:`.parallel`), or with ``engine="dask"`` on a Dask cluster (:mod:`.cluster`),
and the decisions and writes stay here, in input order.

Duplicates are decided by the store, so that runs at once store what one run
would: its unique index on the content hash (a run that loses the race reports
"exact duplicate"), and a near-duplicate check against the stored documents
that share a band with the text (read by index, whoever stored them), once
before extracting and again inside the save's transaction (:class:`_Known`).

A text longer than the extractor's budget (``max_chars``) is stored whole with
the facts of its first part, and one line says so ("too long: N chars,
extracted the first M"); one whose extraction ran out of its time budget
(``max_seconds``) likewise ("over the time budget of S s: ..."). Either way its
sheet records that it is partial (a ``partial`` statement of the document).
A store that cannot be written (disk full, locked) stops the run with one
:class:`~militant_monitor.errors.StoreError` instead of failing every input.
"""
from __future__ import annotations

from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from typing import Callable, Generator, Iterable, Iterator

from sqlalchemy.exc import DBAPIError, IntegrityError

from .. import errors
from ..errors import MmonError, StoreError, one_line, store_error, unexpected_error
from ..extract.pipeline import Extractor
from ..model.document import Document, content_hash
from ..store import Store
from .base import Failure
from .cluster import ENGINES
from .dedup import Deduper
from .files import DEFAULT_MAX_BYTES, FileUnit, read_unit, read_units
from .parallel import Extracted, Item, extract_in_workers, peek, work_units, worker_spec


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: list = field(default_factory=list)   # (input, kind, other doc id)
    failed: list = field(default_factory=list)       # Failure
    skipped: list = field(default_factory=list)      # Failure with a note, not an error (FIFO, link, forgotten)
    documents: list = field(default_factory=list)    # ids stored or already present
    too_long: list = field(default_factory=list)     # inputs stored with facts from their first part only
    over_budget: list = field(default_factory=list)  # inputs stored with what was extracted in the time budget

    def summary(self) -> str:
        skipped = f"skipped {len(self.skipped)}, " if self.skipped else ""
        skipped += f"too long {len(self.too_long)}, " if self.too_long else ""
        skipped += f"over time budget {len(self.over_budget)}, " if self.over_budget else ""
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
                 force: bool = False, workers: int = 1, engine: str = "local",
                 scheduler: str | None = None) -> IngestReport:
    """Ingest ``paths`` into ``store``. ``on_item(input, outcome)`` reports progress.

    ``follow_links`` follows symbolic links out of a folder; ``force`` ingests documents
    forgotten with ``mmon forget`` again. ``workers`` > 1 reads and extracts in up to that many
    processes (:mod:`.parallel`; two inputs a worker at least, so none for one input); the store is written here, in
    input order, so it is the same as with one. ``engine="dask"`` reads and extracts on the
    Dask cluster at ``scheduler`` instead (None: a local cluster of ``workers`` processes on
    127.0.0.1; :mod:`.cluster`), writing here as well. Raises :class:`StoreError` (its ``report``
    holds what was done) when the store cannot be written, and :class:`MmonError` when the
    engine cannot run (dask not installed, no scheduler at that address).
    """
    if engine not in ENGINES:
        raise MmonError(errors.E_ENGINE, f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise MmonError(errors.E_ENGINE, "--scheduler needs --engine dask")
    extractor = extractor or Extractor()
    report = IngestReport()
    try:
        with closing(_items(store, paths, extractor, max_bytes, follow_links, force, workers,
                            engine, scheduler)) as items:
            _ingest_all(store, items, extractor, report, _Known(store, Deduper(threshold=near_threshold)),
                        on_item, force)
        if report.stored or store.has_unresolved():
            # also after a run that was stopped between storing documents and resolving them
            from ..resolve import event_clusters, resolve
            resolve(store), event_clusters.update(store)   # both touch only what the new documents affect
    except DBAPIError as exc:
        raise _stopped(exc, report) from None
    return report


def _items(store, paths, extractor, max_bytes, follow_links, force, workers, engine="local", scheduler=None):
    """(document or failure, what a worker extracted of it or None), in input order; ``close()`` ends it."""
    units: Iterator = read_units(paths, max_bytes=max_bytes, follow_links=follow_links)
    if engine == "dask":
        if not hasattr(extractor, "spec"):
            raise MmonError(errors.E_ENGINE, "--engine dask needs an extractor that a worker can build again")
        from .cluster import extract_on_cluster
        return extract_on_cluster(work_units(units), worker_spec(extractor, store, force), scheduler, workers)
    if workers > 1 and hasattr(extractor, "spec"):   # an extractor that can be built again in a worker
        head, units = peek(work_units(units), 2 * workers + 1)
        workers = min(workers, len(head) // 2)   # two inputs a worker at least: a worker costs a model load
        if workers > 1:
            return extract_in_workers(units, worker_spec(extractor, store, force), workers)
    return _read_here(units)


def _read_here(units) -> Generator[tuple[Item, Extracted], None, None]:
    for unit in units:
        for item in (read_unit(unit) if isinstance(unit, FileUnit) else [unit]):
            yield item, None


class _Known:
    """Near-duplicate checks against the store as it is now (``Store.near_candidates``: the
    stored documents that share a band with a text, by index, stored by this process or
    another) and against the forgotten documents' fingerprints held in ``dedup``."""

    def __init__(self, store: Store, dedup: Deduper):
        self.store, self.dedup = store, dedup

    def check(self, doc: Document, conn=None) -> tuple[str, str] | None:
        """("exact" or "near", id) of a document like ``doc`` (read through ``conn`` when given), else None."""
        return self.dedup.check(doc, stored=lambda bands, shared: self.store.near_candidates(bands, conn, shared))


class _Duplicate(Exception):
    """Raised in a save's transaction: the document is a near copy of one stored meanwhile."""


class _ExtractionFailed(Exception):
    """A worker's one-line reason why a document could not be extracted."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _stopped(exc: BaseException, report: IngestReport) -> StoreError:
    """The StoreError that ends a run, with the report of what was done before."""
    e = StoreError(f"{store_error(exc)}; stopped after storing {report.stored} document(s)")
    e.report = report
    return e


class _WholeWrites:
    """Ctrl-C (SIGINT) while a document is being stored takes effect once its write is done: a
    KeyboardInterrupt raised inside a transaction could be lost in the driver's clean-up, leaving
    the connection half rolled back and the run going on. Installed once for a run (``with``);
    each document's write is ``with guard.write():``. Between writes, Ctrl-C goes to the handler
    there was before. Python runs signal handlers in the main thread only; elsewhere this does nothing."""

    def __enter__(self) -> "_WholeWrites":
        import signal
        import threading
        self.pending = self.writing = False
        self.installed = threading.current_thread() is threading.main_thread()
        if self.installed:
            self.old = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, *exc) -> None:
        import signal
        if self.installed:
            signal.signal(signal.SIGINT, self.old if self.old is not None else signal.default_int_handler)

    def _on_sigint(self, signum, frame) -> None:
        """During a write: note it for the write's end; between writes: what the old handler does."""
        import signal
        if self.writing:
            self.pending = True
        elif callable(self.old):
            self.old(signum, frame)
        elif self.old != signal.SIG_IGN:
            raise KeyboardInterrupt

    @contextmanager
    def write(self) -> Iterator[None]:
        """One document's write: a Ctrl-C during it is raised when it ends (not after a failed write)."""
        self.writing = True
        try:
            yield
        finally:
            self.writing = False
            pending, self.pending = self.pending, False
        if pending:
            raise KeyboardInterrupt


def _ingest_all(store, items, extractor, report, known: _Known, on_item, force) -> None:
    """Store every document of ``items``; a bad one is a Failure, a store error propagates."""
    forgotten = set() if force else _seed_forgotten(store, known.dedup)
    with _WholeWrites() as guard:
        for item, extracted in items:
            if isinstance(item, Failure):
                _failed_or_skipped(report, item, on_item)
                continue
            try:
                if _forgotten(store, item, report, on_item, force, (known.dedup, forgotten)):
                    continue
                report.read += 1
                with guard.write():
                    _ingest_one(store, item, extractor, report, known, on_item, extracted)
            except DBAPIError:
                raise
            except Exception as exc:  # one bad document never stops the run
                name = item.source_path or item.title or item.id
                reason = exc.reason if isinstance(exc, _ExtractionFailed) else one_line(unexpected_error(exc))
                f = Failure(name, reason)
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


def _extraction(doc: Document, extractor, extracted: Extracted) -> tuple:
    """The sheet and statements of ``doc``: a worker's, or extracted here."""
    if isinstance(extracted, str):
        raise _ExtractionFailed(extracted)
    return extracted if extracted is not None else extractor(doc)


def _stored(doc: Document, report, verb: str, sheet: dict) -> str:
    """The outcome line of a stored document; one extracted in part (its sheet's ``partial``) says so."""
    partial = sheet.get("partial")
    if partial is None:
        return verb
    name, cut = doc.source_path or doc.title or doc.id, partial["extracted_chars"]
    if partial["reason"] == "time":
        report.over_budget.append(name)
        stages = f", skipped {', '.join(partial['skipped'])}" if partial["skipped"] else ""
        return (f"{verb}; over the time budget of {partial['max_seconds']:g} s: extracted the first "
                f"{cut:,} of {len(doc.text):,} chars{stages}")
    report.too_long.append(name)
    return f"{verb}; too long: {len(doc.text):,} chars, extracted the first {cut:,}"


def _ingest_one(store, doc: Document, extractor, report, known: _Known, on_item, extracted: Extracted = None) -> None:
    """Store one document unless it is stored already or a duplicate."""
    name = doc.source_path or doc.title or doc.id
    digest = content_hash(doc.text)
    existing = store.has_hash(digest)
    if existing:
        # the same text again: re-extract only when the extractor changed (checked before extracting)
        sheet, statements = (_extraction(doc, extractor, extracted)
                             if store.extractor_of(existing) != extractor.version else (None, None))
        if sheet is not None and store.save(doc, sheet, statements, extractor.version):
            report.stored += 1
            _tell(on_item, name, _stored(doc, report, "re-extracted", sheet))
        else:
            if existing in report.documents:
                report.duplicates.append((name, "exact", existing))
                _tell(on_item, name, f"exact duplicate of {existing}")
            else:
                report.unchanged += 1
                _tell(on_item, name, "unchanged")
        report.documents.append(existing)
        return
    verdict = known.check(doc)
    if verdict is None:
        sheet, statements = _extraction(doc, extractor, extracted)
        verdict = _save_new(store, doc, (sheet, statements), extractor.version, known)
    if verdict is not None:
        report.duplicates.append((name, verdict[0], verdict[1]))
        _tell(on_item, name, f"{verdict[0]} duplicate of {verdict[1]}")
        return
    report.stored += 1
    report.documents.append(doc.id)
    _tell(on_item, name, _stored(doc, report, "stored", sheet))


def _save_new(store, doc: Document, extraction: tuple, version: str, known: _Known) -> tuple[str, str] | None:
    """Save a new document with its ``extraction`` (sheet, statements); None, or the ("exact" or
    "near", id) duplicate verdict when another process stored it or a near copy of it first (the
    store's unique index on the content hash, then the near-duplicate check in the save's
    transaction, decide)."""
    sheet, statements = extraction

    def guard(conn) -> None:
        verdict = known.check(doc, conn)
        if verdict is not None:
            raise _Duplicate(*verdict)

    try:
        if not store.save(doc, sheet, statements, version, guard=guard):
            return ("exact", doc.id)   # stored by another run since we looked
    except _Duplicate as dup:
        return dup.args[0], dup.args[1]
    except IntegrityError:
        other = store.has_hash(content_hash(doc.text))
        if other is None:
            raise
        return ("exact", other)
    return None


def _tell(cb, name, outcome):
    if cb is not None:
        cb(name, outcome)
