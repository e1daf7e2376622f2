"""Watching: ingest new files as they appear and report the changes that matter for
watched leaders - killed or arrested, a new attack attributed, a new bounty."""
from __future__ import annotations

import datetime as dt
import time
from typing import Callable, Iterable

from sqlalchemy import delete, select

from ..store import Store, schema


def add(store: Store, name: str) -> None:
    with store.engine.begin() as c:
        if c.execute(select(schema.watchlist.c.name).where(schema.watchlist.c.name == name)).first() is None:
            c.execute(schema.watchlist.insert().values(
                name=name, created_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()))


def remove(store: Store, name: str) -> bool:
    with store.engine.begin() as c:
        return c.execute(delete(schema.watchlist).where(schema.watchlist.c.name == name)).rowcount > 0


def watched(store: Store) -> list[dict]:
    with store.engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(select(schema.watchlist).order_by(schema.watchlist.c.name))]


def alerts(store: Store, doc_ids: Iterable[str]) -> list[dict]:
    """What the documents ``doc_ids`` say about watched leaders that an analyst must see."""
    from .actors import report_refs
    from .profile import candidates
    doc_ids = set(doc_ids)
    if not doc_ids:
        return []
    out = []
    docs = {d["id"]: d for d in store.documents(doc_ids)}
    for w in watched(store):
        # by id: every man the watched name means (a minted id names one), never a namesake's deeds
        # (several namesakes: each alert says by ``id`` which man it is about)
        cid_of = {m: cid for cid, ms in candidates(store, w["name"]).items() for m in [cid, *ms]}
        members = set(cid_of)
        for doc_id in doc_ids:
            d = docs.get(doc_id, {})
            where = f"{d.get('publisher') or doc_id} {d.get('published') or ''}".strip()
            stmts = store.statements(doc_id=doc_id)
            reports: dict = {}
            for s in stmts:
                if s["entity_type"] == "event" and s["prop"] in ("perpetrators", "perpetrator_ids"):
                    reports.setdefault(s["entity_id"], {"doc_id": doc_id})[s["prop"]] = s["value"]
            for s in stmts:
                v = s["value"]
                if s["entity_id"] in members and s["prop"] == "status" and v.get("state") in ("killed", "arrested", "surrendered", "released"):
                    out.append({"leader": w["name"], "id": cid_of[s["entity_id"]], "kind": v["state"], "doc_id": doc_id,
                                "text": f"{w['name']} reported {v['state']}" + (f" on {v['date']}" if v.get("date") else "")
                                + (f" at {v['place']}" if v.get("place") else "") + f" ({where})"})
                elif s["entity_id"] in members and s["prop"] == "bounty":
                    out.append({"leader": w["name"], "id": cid_of[s["entity_id"]], "kind": "bounty", "doc_id": doc_id,
                                "text": f"bounty on {w['name']}: {v['currency']} {v['amount']:,.0f} ({where})"})
                elif (s["entity_type"] == "event" and s["prop"] == "perpetrators"
                      and report_refs(reports[s["entity_id"]]) & members):
                    who = sorted(cid_of[m] for m in report_refs(reports[s["entity_id"]]) & members)
                    out.append({"leader": w["name"], "id": who[0], "kind": "attack", "doc_id": doc_id,
                                "text": f"event attributed to {w['name']}: {s['entity_id']} ({where})"})
    return out


def run(store: Store, paths: list[str], interval: float = 30.0, once: bool = False, extractor=None,
        on_alert: Callable[[dict], None] | None = None, on_report: Callable | None = None,
        stop: Callable[[], bool] | None = None, on_error: Callable[[str], None] | None = None,
        follow_links: bool = False) -> list[dict]:
    """Ingest ``paths`` now and then every ``interval`` seconds; alerts for new documents.

    New documents are recorded as pending in the store before their alerts are made;
    a document leaves that list only once all its alerts were handed to ``on_alert``
    without an error. A pass that fails to report (an error in ``on_alert``, a store
    error) tells ``on_error`` in one line, and the next pass - or the next run -
    reports its documents again.
    """
    from ..ingest.runner import Extractor
    extractor = extractor or Extractor()
    seen: list[dict] = []
    while True:
        try:
            seen.extend(watch_pass(store, paths, extractor, on_alert, on_report, follow_links))
        except Exception as exc:
            if on_error is None:
                raise
            on_error(_pass_error(exc))
        if once or (stop and stop()):
            return seen
        time.sleep(interval)


def _pass_error(exc: BaseException) -> str:
    """One line for a failed watch pass: the store's reason or the unexpected error."""
    from sqlalchemy.exc import DBAPIError

    from ..errors import MmonError, store_error, unexpected_error
    if isinstance(exc, DBAPIError):
        detail = store_error(exc)
    elif isinstance(exc, MmonError):
        detail = str(exc)
    else:
        detail = unexpected_error(exc)
    return f"watch pass failed, its documents stay pending: {detail}"


def watch_pass(store: Store, paths: list[str], extractor, on_alert=None, on_report=None,
               follow_links: bool = False) -> list[dict]:
    """One look: ingest, record the new documents as pending, report the alerts of every
    pending document (this pass's and any an earlier pass failed to report)."""
    from ..ingest.runner import ingest_paths
    known = {d["id"] for d in store.documents()}
    report = ingest_paths(store, paths, extractor, follow_links=follow_links)
    store.add_pending(d for d in report.documents if d not in known)
    if on_report:
        on_report(report)
    return report_pending(store, on_alert)


def report_pending(store: Store, on_alert=None) -> list[dict]:
    """Hand the alerts of pending documents to ``on_alert``, one document at a time; a
    document is marked done only after all its alerts went out. An error propagates."""
    out: list[dict] = []
    for doc_id in store.pending():
        found = alerts(store, [doc_id])
        for a in found:
            if on_alert:
                on_alert(a)
        store.done_pending([doc_id])
        out.extend(found)
    return out
