"""Ingest on a Dask cluster: cleaning and extraction on the cluster's workers (``mmon ingest --engine dask``).

The cluster engine replaces only the executor of :mod:`.parallel`: the parent
walks the inputs, reads each file's bytes (the size, archive and binary checks of
:func:`~.files.load_file`), and sends the bytes, or one Document, to a worker,
which decodes, cleans and extracts it and sends back (document, sheet,
statements). The parent takes the results back in input order, through the same
:class:`~.parallel.WorkerResults` window (``2 x threads + 1`` units in flight), so
the runner decides duplicates and tombstones and writes the store exactly as a
one-worker run does. What travels: file bytes and Documents out; Documents,
fact sheets and statements back; nothing of the store but its URL.

Without ``scheduler`` a :class:`distributed.LocalCluster` of ``workers`` processes
(one thread each) is started on 127.0.0.1 (its HTTP servers on free loopback ports), and
closed at the end; nothing listens beyond the loopback address unless a scheduler elsewhere is
named. With ``scheduler`` (``tcp://host:8786``) the run uses that cluster's workers,
which need this package (and the same model) installed: a worker whose extractor
is another version sends nothing back and the parent extracts that document
itself. A worker opens the store read-only, when it can reach it, to skip
documents stored already; one that cannot extracts every document.

A worker that dies loses its tasks to the scheduler, which runs them again
elsewhere; a unit that kills workers over and over (``KilledWorker``) is one
failure line and the run goes on. Dask is the optional extra ``cluster``:
``pip install 'militant-monitor[cluster]'``.
"""
from __future__ import annotations

import json
import logging
import signal
import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from .. import errors
from ..errors import MmonError
from ..model.document import Document
from .base import Failure
from .files import FileUnit, LoadedUnit, load_unit, read_loaded
from .parallel import WORKER_DIED, Extracted, Item, Unit, WorkerResults, extract_items

ENGINES = ("local", "dask")
EXTRA = "cluster"
CONNECT_TIMEOUT_S = 10
WORKERS_TIMEOUT_S = 60


def extract_on_cluster(units: Iterable[Unit], spec: dict, scheduler: str | None = None,
                       workers: int = 2) -> WorkerResults:
    """(item, extracted) for every document or failure of ``units``, in input order, read
    and extracted on the Dask cluster at ``scheduler`` (None: a local cluster of ``workers``
    processes on 127.0.0.1). ``spec`` is :func:`~.parallel.worker_spec`'s. ``close()`` ends it."""
    client, cluster = connect(scheduler, workers)
    try:
        threads = sum(client.nthreads().values())
        pool = _DaskPool(client, cluster, spec)
        return WorkerResults(_loaded(units), spec, max(1, threads), pool=pool)
    except BaseException:
        client.close()
        if cluster is not None:
            cluster.close()
        raise


def connect(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    """A Dask client and the local cluster it owns (None when ``scheduler`` is given)."""
    try:
        from distributed import Client
    except ImportError:
        raise MmonError(errors.E_ENGINE, errors.engine_missing("dask", EXTRA, "dask[distributed]")) from None
    if not scheduler:
        cluster = local_cluster(workers)
        return Client(cluster, set_as_default=False), cluster
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise MmonError(errors.E_ENGINE, errors.scheduler_unreachable(scheduler, exc)) from None
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise MmonError(errors.E_ENGINE, errors.scheduler_unreachable(
            scheduler, f"no worker joined in {WORKERS_TIMEOUT_S} s ({exc})")) from None
    return client, None


def local_cluster(workers: int, processes: bool = True) -> Any:
    """A cluster on this machine: ``workers`` processes of one thread, listening on 127.0.0.1 only."""
    from distributed import LocalCluster
    # the scheduler's and workers' HTTP servers (health, metrics) on a free loopback port, not 8787;
    # threads talk in-process: nothing listens at all
    where: dict[str, Any] = ({"host": "127.0.0.1", "dashboard_address": "127.0.0.1:0"} if processes
                             else {"dashboard_address": None})
    if processes:   # the worker processes leave Ctrl-C to the parent, which stops the cluster (dask_setup)
        where["preload"] = [__name__]
    return LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=processes,
                        silence_logs=logging.ERROR, **where)


def dask_setup(worker: Any) -> None:
    """Run by a worker process of :func:`local_cluster` as it starts (Dask's preload): it ignores
    Ctrl-C, as the workers of :mod:`.parallel` do; the parent stops the cluster and says so in one line."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _loaded(units: Iterable[Unit]) -> Iterator[Document | Failure | LoadedUnit]:
    """Files read here (the workers may not see them), lazily: only as the window asks for them."""
    for unit in units:
        yield load_unit(unit) if isinstance(unit, FileUnit) else unit


class _DaskPool:
    """The executor of :class:`~.parallel.WorkerResults` on a Dask cluster."""

    def __init__(self, client: Any, cluster: Any, spec: dict):
        self.client, self.cluster = client, cluster
        self.spec = {**spec, "run": uuid.uuid4().hex}   # the stores this run opens on the workers
        self.spec["key"] = json.dumps([spec["extractor"], spec["version"], spec["model_env"]], sort_keys=True)
        self.futures: list = []
        self.closed = False

    def submit(self, unit: Document | Failure | LoadedUnit) -> Any:
        if isinstance(unit, LoadedUnit):
            future = self.client.submit(_read_and_extract, unit, self.spec, pure=False)
        elif isinstance(unit, Document):
            future = self.client.submit(_extract_one, unit, self.spec, pure=False)
        else:
            return None   # a Failure: nothing to do
        self.futures.append(future)
        return future

    def take(self, pending: deque) -> list[tuple[Item, Extracted]]:
        """The results of the oldest unit in ``pending`` (removed)."""
        from distributed.scheduler import KilledWorker
        unit, future, _tries = pending.popleft()
        try:
            if future is None:
                return [(unit, None)]
            if isinstance(unit, Document):
                return [(unit, future.result())]
            return future.result()
        except KilledWorker:
            return [(Failure(_name(unit), WORKER_DIED), None)]
        finally:
            if future is not None:
                future.release()
                self.futures.remove(future)

    def finish(self) -> None:
        self.stop()

    def stop(self) -> None:
        """Cancel what is in flight, close the stores this run opened on the workers, and the
        client (and the local cluster, when this run started it)."""
        if self.closed:
            return
        self.closed = True
        try:
            if self.futures:
                self.client.cancel(self.futures)
            self.client.run(_close_run, self.spec["run"])
        except Exception:  # noqa: BLE001 - a cluster gone already has nothing left to close
            pass
        finally:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()


def _name(unit: Any) -> str:
    if isinstance(unit, LoadedUnit):
        return unit.path
    if isinstance(unit, Document):
        return unit.source_path or unit.title or unit.id
    return unit.input


# ------------------------------------------------------------------ on a worker

_lock = threading.Lock()
_extractors: dict[tuple[int, str], Any] = {}          # (thread, extractor key) -> Extractor or None
_stores: dict[tuple[int, str], Any] = {}              # (thread, run) -> Store or None


def _state(spec: dict) -> dict:
    """This worker thread's extractor (kept for later runs) and store (this run's) for ``spec``."""
    thread = threading.get_ident()
    with _lock:
        known_ex, known_st = (thread, spec["key"]) in _extractors, (thread, spec["run"]) in _stores
    if not known_ex:
        from ..extract.pipeline import Extractor
        ex_spec = dict(spec["extractor"])
        ex_spec["model"] = ex_spec.get("model") or spec["model_env"]   # the parent's MMON_MODEL, not this machine's
        extractor = Extractor(**ex_spec)
        with _lock:
            _extractors[(thread, spec["key"])] = extractor if extractor.version == spec["version"] else None
    if not known_st:
        store = None
        try:
            from ..store import Store
            store = Store(spec["db"], create=False)
        except Exception:  # noqa: BLE001 - no look-ups then: every document is extracted
            store = None
        with _lock:
            _stores[(thread, spec["run"])] = store
    return {"extractor": _extractors[(thread, spec["key"])], "store": _stores[(thread, spec["run"])],
            "force": spec["force"], "version": spec["version"]}


def _close_run(run: str) -> int:
    """Close the stores that run ``run`` opened on this worker; returns how many."""
    with _lock:
        mine = [key for key in _stores if key[1] == run]
        stores = [_stores.pop(key) for key in mine]
    for store in stores:
        if store is not None:
            store.close()
    return len(stores)


def _extract_one(doc: Document, spec: dict) -> Extracted:
    from .parallel import _extract_one as extract
    return extract(doc, _state(spec))


def _read_and_extract(unit: LoadedUnit, spec: dict) -> list[tuple[Item, Extracted]]:
    return extract_items(read_loaded(unit), _state(spec))
