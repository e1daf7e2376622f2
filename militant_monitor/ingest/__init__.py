"""Ingest: raw inputs (HTML, plain text, JSON Lines, RSS/Atom feeds, stdin) -> Documents.

    from militant_monitor.ingest import read_paths, Failure, Deduper

    for item in read_paths(["some/dir", "a.html", "b.jsonl", "feed.xml", "-"], max_bytes=50_000_000):
        ...  # a Document, or a Failure(input, reason)

    d = Deduper(threshold=0.9)
    d.add(doc_id, text)        # seed with stored documents
    d.check(doc)               # None, ("exact", other_id) or ("near", other_id)
"""
from militant_monitor.ingest.base import Failure
from militant_monitor.ingest.dedup import Deduper
from militant_monitor.ingest.files import DEFAULT_MAX_BYTES, read_file, read_paths, read_stdin

__all__ = ["DEFAULT_MAX_BYTES", "Deduper", "Failure", "read_file", "read_paths", "read_stdin"]
