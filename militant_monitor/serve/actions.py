"""The writes the server offers (token only): merge, split, undo, forget, ingest an upload.

Each is what the ``mmon`` command of the same name does - the same judgements
recorded through ``resolve.judgements``, then ``resolve.resolve`` - with errors
raised as ``ActionError`` (an HTTP status and one line) instead of printed.
"""
from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from ..resolve import decisions
from ..resolve.decisions import ActionError  # noqa: F401  (the server's error type)


UPLOAD_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".xml", ".rss",
                   ".atom"}

_write_lock = threading.Lock()      # one write at a time in this server
_extractor = None


def merge(store, *args, **kwargs) -> dict:
    with _write_lock:
        return decisions.merge(store, *args, **kwargs)


def split(store, *args, **kwargs) -> dict:
    with _write_lock:
        return decisions.split(store, *args, **kwargs)


def undo(store, *args, **kwargs) -> dict:
    with _write_lock:
        return decisions.undo(store, *args, **kwargs)


def forget(store, *args, **kwargs) -> dict:
    with _write_lock:
        return decisions.forget(store, *args, **kwargs)


def data_folder(store) -> Path:
    """Where uploads are kept: next to the SQLite file (else a temporary folder)."""
    from .cache import sqlite_path
    p = sqlite_path(store)
    return (p.parent if p is not None else Path(tempfile.gettempdir())) / "uploads"


def _get_extractor():
    global _extractor
    if _extractor is None:
        from ..ingest.runner import Extractor
        _extractor = Extractor()
    return _extractor


def ingest_upload(store, filename: str | None, body: bytes, max_bytes: int) -> dict:
    """Ingest an uploaded file now (``save_upload`` then ``ingest_saved``)."""
    return ingest_saved(store, save_upload(store, filename, body, max_bytes), max_bytes)


def save_upload(store, filename: str | None, body: bytes, max_bytes: int) -> str:
    """Check an upload and write it to a fresh file inside the data folder; its path. The client's
    file name only chooses the reader (its suffix, from a fixed list)."""
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
    with os.fdopen(fd, "wb") as f:
        f.write(body)
    return path


def ingest_saved(store, path: str, max_bytes: int, on_item=None) -> dict:
    """Ingest a saved upload; the file is kept only if a document was stored from it."""
    from ..ingest.runner import ingest_paths
    keep = False
    try:
        with _write_lock:
            report = ingest_paths(store, [path], _get_extractor(), max_bytes=max_bytes, on_item=on_item)
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
