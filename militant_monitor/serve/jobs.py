"""Long work off the request: an upload is saved at once and ingested by one background worker, one
job at a time (the store has one writer); its progress is a job record the API and the review page
show. Jobs live in the server's memory: the last ``KEEP`` are kept, a restart forgets them (what
they stored stays in the store)."""
from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

KEEP = 200


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


class Jobs:
    def __init__(self) -> None:
        self._jobs: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mmon-job")
        self._futures: dict[str, Future] = {}

    def submit(self, label: str, work: Callable[[Callable[[str, str], None]], dict],
               done: Callable[[], None] | None = None) -> dict:
        """Queue ``work(on_item)``; ``on_item(input, outcome)`` counts what it has read so far. ``done``
        runs after the work, whatever its outcome (the server refreshes its caches there)."""
        job: dict[str, Any] = {"id": secrets.token_hex(8), "label": label, "state": "queued", "items": 0, "outcomes": {},
               "created": _now(), "started": None, "finished": None, "result": None, "error": None}
        with self._lock:
            self._jobs[job["id"]] = job
            while len(self._jobs) > KEEP:
                old, _ = self._jobs.popitem(last=False)
                self._futures.pop(old, None)

        def on_item(_input: str, outcome: str) -> None:
            with self._lock:
                job["items"] += 1
                job["outcomes"][outcome] = job["outcomes"].get(outcome, 0) + 1

        def run() -> None:
            with self._lock:
                job["state"], job["started"] = "running", _now()
            try:
                result = work(on_item)
                with self._lock:
                    job["result"], job["state"] = result, "done"
            except Exception as exc:  # noqa: BLE001 - a job's failure is its record, never the server's
                with self._lock:
                    job["error"], job["state"] = getattr(exc, "message", None) or str(exc).splitlines()[0][:300], "failed"
            finally:
                with self._lock:
                    job["finished"] = _now()
                if done is not None:
                    done()
        self._futures[job["id"]] = self._pool.submit(run)
        return self.get(job["id"]) or job

    def get(self, job_id: str) -> dict | None:
        with self._lock:
            j = self._jobs.get(job_id)
            return {**j, "outcomes": dict(j["outcomes"])} if j is not None else None

    def wait(self, job_id: str, timeout: float | None = None) -> dict | None:
        f = self._futures.get(job_id)
        if f is not None:
            f.result(timeout=timeout)
        return self.get(job_id)

    def recent(self, n: int = 10) -> list[dict]:
        with self._lock:
            return [{**j, "outcomes": dict(j["outcomes"])} for j in list(self._jobs.values())[-n:]][::-1]

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
