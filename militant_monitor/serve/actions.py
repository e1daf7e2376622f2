"""The writes the server offers (token only): merge, split, undo, forget, ingest an upload.

Each is what the ``mmon`` command of the same name does - the same judgements
recorded through ``resolve.judgements``, then ``resolve.resolve`` - with errors
raised as ``ActionError`` (an HTTP status and one line) instead of printed.
"""
from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

from ..errors import one_line

UPLOAD_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".xml", ".rss",
                   ".atom"}

_write_lock = threading.Lock()      # one write at a time in this server
_extractor = None


class ActionError(Exception):
    def __init__(self, status: int, message: str):
        self.status = status
        self.message = one_line(message)
        super().__init__(self.message)


def one_cluster(store, name: str, kind: str | None = None):
    """(canonical id, member ids) of the one entity known by ``name`` (a name or an entity id)."""
    from ..resolve.resolver import canonical_of, clusters_named, members_of
    name = (name or "").strip()
    if not name:
        raise ActionError(400, "give a name or an entity id")
    if ":" in name and name.split(":")[0] in ("person", "group"):
        cid = canonical_of(store, name)
        members = members_of(store, cid)
        if not store.statements(entity_ids=members, prop="name"):
            raise ActionError(404, f"no entity {name!r}")
        return cid, members
    found = clusters_named(store, name, kind)
    if not found:
        raise ActionError(404, f"nothing known as {name!r}")
    if len(found) > 1:
        raise ActionError(400, f"{name!r} is ambiguous: {', '.join(found)}; give one of these ids")
    return next(iter(found.items()))


def merge(store, a: str, b: str, user: str | None = None, note: str | None = None) -> dict:
    from ..resolve import judgements, resolve
    with _write_lock:
        ca, _ = one_cluster(store, a)
        cb, _ = one_cluster(store, b)
        if ca == cb:
            return {"judgement": None, "canonical": ca, "message": f"already one entity: {ca}"}
        jid = judgements.record(store, ca, cb, "positive", user, note)
        r = resolve(store)
        now, other = r.canonical.get(ca, ca), r.canonical.get(cb, cb)
        if now != other:   # an earlier split decision keeps them apart
            return {"judgement": jid, "canonical": now, "merged": [], "blocked": True,
                    "message": f"judgement {jid}: {ca} = {cb} recorded, but an earlier split keeps them apart; "
                               "undo that decision first"}
        return {"judgement": jid, "canonical": now, "merged": [ca, cb], "blocked": False,
                "message": f"judgement {jid}: {ca} = {cb}; now {now}"}


def split(store, entity: str, members: list[str] | None = None, user: str | None = None,
          note: str | None = None) -> dict:
    from ..resolve import judgements, resolve
    with _write_lock:
        cid, all_members = one_cluster(store, entity)
        if len(all_members) < 2:
            raise ActionError(400, f"{cid} has a single member; nothing to split")
        out = [m for m in (members or []) if m] or all_members
        bad = [m for m in out if m not in all_members]
        if bad:
            raise ActionError(400, f"not members of {cid}: {', '.join(bad)}")
        ids = []
        for m in out:
            for other in all_members:
                if other != m and (other not in out or other > m):
                    ids.append(judgements.record(store, m, other, "negative", user, note))
        resolve(store)
        return {"judgements": ids, "entity": cid, "split": out,
                "message": f"judgements {', '.join(map(str, ids))}: {len(out)} member(s) of {cid} kept apart"}


def undo(store, judgement_id: int) -> dict:
    from ..resolve import judgements, resolve
    with _write_lock:
        if not judgements.undo(store, judgement_id):
            raise ActionError(404, f"no active judgement {judgement_id}")
        resolve(store)
        return {"undone": judgement_id, "message": f"judgement {judgement_id} undone"}


def forget(store, doc_id: str) -> dict:
    from ..resolve import resolve
    from ..store.store import forget as run_forget
    doc_id = (doc_id or "").strip()
    if not re.fullmatch(r"doc-[0-9a-f]{1,64}", doc_id):
        raise ActionError(400, "a document id looks like doc-0123456789abcdef")
    with _write_lock:
        r = run_forget(store, doc_id)
        if not r["documents"]:
            raise ActionError(404, f"no document {doc_id!r}")
        resolve(store)
        return {**r, "doc_id": doc_id, "message": f"forgot {doc_id}: {r['statements']} statements removed"}


def data_folder(store) -> Path:
    """Where uploads are kept: next to the SQLite file (else a temporary folder)."""
    from .cache import sqlite_path
    p = sqlite_path(store)
    return (p.parent if p is not None else Path(tempfile.gettempdir())) / "uploads"


def _get_extractor():
    global _extractor
    if _extractor is None:
        from ..extract.pipeline import Extractor
        _extractor = Extractor()
    return _extractor


def ingest_upload(store, filename: str | None, body: bytes, max_bytes: int) -> dict:
    """Ingest an uploaded file. The client's file name only chooses the reader (its suffix,
    from a fixed list); the bytes go to a fresh file inside the data folder."""
    from ..ingest.runner import ingest_paths
    if len(body) > max_bytes:
        raise ActionError(413, f"upload too large (over {max_bytes // 1_000_000} MB)")
    if not body:
        raise ActionError(400, "empty upload")
    suffix = Path(os.path.basename((filename or "").replace("\\", "/"))).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        suffix = ".txt" if not body.lstrip()[:1] == b"<" else ".html"
    folder = data_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    fd, path = tempfile.mkstemp(prefix="upload-", suffix=suffix, dir=folder)
    keep = False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        with _write_lock:
            report = ingest_paths(store, [path], _get_extractor(), max_bytes=max_bytes)
        keep = report.stored > 0          # the stored documents' source_path points at it
        return {"summary": report.summary(), "read": report.read, "stored": report.stored,
                "unchanged": report.unchanged, "duplicates": [{"kind": k, "of": o} for _, k, o in report.duplicates],
                "failed": [f.reason for f in report.failed], "documents": list(dict.fromkeys(report.documents))}
    finally:
        if not keep:
            try:
                os.unlink(path)
            except OSError:
                pass
