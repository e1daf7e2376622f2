"""Ingest on all cores: reading, cleaning and extraction in worker processes.

The parent walks the inputs (folders, stdin, the records of JSON Lines and
feeds) into units of work, hands each unit to a pool of worker processes and
takes the results back in input order (:func:`extract_in_workers`), so the
runner decides duplicates and writes to the store exactly as a one-worker run
does: the store is the same whatever the number of workers.

A unit is a file (the worker reads, cleans and extracts it) or one Document
(the worker extracts it). Each worker loads the statistical model once, and
opens the store read-only to skip extracting documents that are stored already
with this extractor. At most ``2 x workers + 1`` units are in flight, so memory
does not grow with the input. Workers ignore Ctrl-C; the parent stops them, and
a worker whose parent was killed ends by itself.
A worker that dies (killed, out of memory) costs its unit one retry in a fresh
pool, then that unit is one failure line; the run goes on.

Workers are started with ``spawn``: no thread, lock or database connection of
the parent is carried into them. As with any ``spawn`` pool, a script that calls
``ingest_paths(..., workers=N)`` must do so under ``if __name__ == "__main__":``
(the ``mmon`` command and ``bench/ingest_workers.py`` do).
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Union

from ..errors import one_line, unexpected_error
from ..model.document import Document, content_hash
from .base import Failure
from .files import FileUnit, read_unit

Item = Union[Document, Failure]
Unit = Union[Document, Failure, FileUnit]
# what a worker made of one document: (sheet, statements), an error line (str), or None (not extracted)
Extracted = Union[tuple, str, None]

WORKER_DIED = "a worker process died while reading or extracting it"


def default_workers() -> int:
    """The cores this process may use."""
    count = getattr(os, "process_cpu_count", None)   # Python 3.13+
    if count is not None:
        return max(1, count() or 1)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def work_units(units: Iterable[Item | FileUnit]) -> Iterator[Unit]:
    """Units of work from :func:`~.files.read_units`: files of many records are read here,
    so each of their records is a unit of its own."""
    for unit in units:
        if isinstance(unit, FileUnit) and unit.parent_reads:
            yield from read_unit(unit)
        else:
            yield unit


def extract_in_workers(units: Iterable[Unit], spec: dict, workers: int) -> WorkerResults:
    """(item, extracted) for every document or failure of ``units``, in input order,
    read and extracted by ``workers`` processes built from ``spec`` (see :func:`worker_spec`).
    The workers start now (loading the model while the caller gets ready); ``close()`` stops them."""
    return WorkerResults(units, spec, workers)


class WorkerResults:
    """The ordered results of a pool of workers, at most ``2 x workers + 1`` units ahead.
    ``pool``: another engine's pool (:mod:`.cluster`), with ``submit``, ``take``, ``finish``
    and ``stop`` as :class:`_Pool` has them; by default a pool of local processes."""

    def __init__(self, units: Iterable[Any], spec: dict, workers: int, pool: Any = None):
        self.pool = pool if pool is not None else _Pool(spec, workers)
        self.window = 2 * workers + 1
        self.units = iter(units)
        self.pending: deque[list] = deque()   # [unit, future, tries], oldest first
        self._fill()

    def _fill(self) -> None:
        while len(self.pending) < self.window:
            unit = next(self.units, None)
            if unit is None:
                return
            self.pending.append([unit, self.pool.submit(unit), 1])

    def __iter__(self) -> Iterator[tuple[Item, Extracted]]:
        try:
            while self.pending:
                yield from self.pool.take(self.pending)
                self._fill()
            self.pool.finish()   # all done: workers exit and close their store
        finally:
            self.close()

    def close(self) -> None:
        self.pool.stop()


def worker_spec(extractor, store, force: bool) -> dict:
    """What a worker needs to build the parent's extractor and read its store."""
    return {"extractor": dict(extractor.spec), "version": extractor.version, "db": store.url,
            "force": force, "model_env": os.environ.get("MMON_MODEL"), "parent": os.getpid()}


class _Pool:
    """A process pool that is rebuilt when a worker dies."""

    def __init__(self, spec: dict, workers: int):
        self.spec, self.workers = spec, workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(self.spec,))

    def submit(self, unit: Unit) -> Future | None:
        if isinstance(unit, FileUnit):
            return self.executor.submit(_read_and_extract, unit)
        if isinstance(unit, Document):
            return self.executor.submit(_extract_one, unit)
        return None   # a Failure: nothing to do

    def take(self, pending: deque) -> list[tuple[Item, Extracted]]:
        """The results of the oldest unit in ``pending`` (removed)."""
        unit, future, tries = pending[0]
        try:
            if future is None:
                got: list[tuple[Item, Extracted]] = [(unit, None)]
            elif isinstance(unit, Document):
                got = [(unit, future.result())]
            else:
                got = future.result()
        except BrokenProcessPool:
            self._restart(pending)
            if tries < 2:
                pending[0][2] = tries + 1
                return []
            got = [(Failure(_name(unit), WORKER_DIED), None)]
        pending.popleft()
        return got

    def finish(self) -> None:
        """All done: the workers exit and close their store."""
        self.executor.shutdown(wait=True)

    def _restart(self, pending: deque) -> None:
        """A fresh pool, and every pending unit submitted to it again."""
        self.stop()
        self.executor = self._start()
        for entry in pending:
            entry[1] = self.submit(entry[0])

    def stop(self) -> None:
        """Stop the workers now (on Ctrl-C or an error: work in flight is thrown away, nothing was written)."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        for proc in list((getattr(self.executor, "_processes", None) or {}).values()):
            if proc.is_alive():
                proc.terminate()
        for proc in list((getattr(self.executor, "_processes", None) or {}).values()):
            proc.join(5)
        # the pool's manager thread sees its workers gone and ends: wait for it here, or the
        # interpreter's exit joins it later and it may write to a pipe already closed
        # (a traceback from threading._shutdown after the run's one-line error)
        try:
            self.executor.shutdown(wait=True)
        except OSError:
            pass


def _name(unit: Unit) -> str:
    if isinstance(unit, FileUnit):
        return unit.path
    if isinstance(unit, Document):
        return unit.source_path or unit.title or unit.id
    return unit.input


# ------------------------------------------------------------------ in the worker

_worker: dict[str, Any] = {}


def _init_worker(spec: dict) -> None:
    """Load the extractor once per worker; open the store to look documents up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C and stops the pool
    threading.Thread(target=_exit_with_parent, args=(spec["parent"],), daemon=True).start()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")           # one core per worker
    if spec["model_env"] is None:
        os.environ.pop("MMON_MODEL", None)
    else:
        os.environ["MMON_MODEL"] = spec["model_env"]
    from multiprocessing.util import Finalize

    from ..extract.pipeline import Extractor
    from ..store import Store
    extractor = Extractor(**spec["extractor"])
    _worker.update(extractor=extractor if extractor.version == spec["version"] else None,
                   force=spec["force"], version=spec["version"])
    try:
        store = Store(spec["db"], create=False)
    except Exception:  # noqa: BLE001 - no look-ups then: every document is extracted
        return
    _worker["store"] = store
    Finalize(None, store.close, exitpriority=10)


def _exit_with_parent(parent: int) -> None:
    """End this worker when the parent is gone (killed with SIGKILL: nothing stops the pool,
    and a worker waiting for work would wait for ever)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _stored_already(doc: Document, state: dict) -> bool:
    """True when the parent will not need this document's facts: stored with this extractor, or forgotten."""
    store = state.get("store")
    if store is None:
        return False
    try:
        digest = content_hash(doc.text)
        if not state["force"] and store.is_forgotten(digest):
            return True
        existing = store.has_hash(digest)
        return existing is not None and store.extractor_of(existing) == state["version"]
    except Exception:  # noqa: BLE001 - a look-up that fails only costs an extraction
        return False


def _extract_one(doc: Document, state: dict | None = None) -> Extracted:
    """What the worker whose ``state`` (extractor, store, force, version) is given makes of ``doc``."""
    state = _worker if state is None else state
    extractor = state.get("extractor")
    if extractor is None or _stored_already(doc, state):
        return None   # the parent looks again and extracts if it must
    try:
        return extractor(doc)
    except Exception as exc:  # noqa: BLE001 - one bad document is one failure line
        return one_line(unexpected_error(exc))


def _read_and_extract(unit: FileUnit) -> list[tuple[Item, Extracted]]:
    return extract_items(read_unit(unit), _worker)


def extract_items(items: Iterable[Item], state: dict) -> list[tuple[Item, Extracted]]:
    """(item, extracted) for the documents and failures read from one file."""
    out: list[tuple[Item, Extracted]] = []
    for item in items:
        if isinstance(item, Document):
            out.append((item, _extract_one(item, state)))
            item.raw_html = None   # not stored: no need to send it back
        else:
            out.append((item, None))
    return out


def peek(units: Iterable[Unit], n: int) -> tuple[list[Unit], Iterator[Unit]]:
    """The first ``n`` units, and an iterator over all of them."""
    it = iter(units)
    head = list(itertools.islice(it, n))
    return head, itertools.chain(head, it)
