"""Datasette over a store, with shipped metadata (``export/datasette.yaml``): table and column
descriptions, labels, facets, full-text search on documents and the canned queries an analyst
wants (leaders by fate, events per month by group, bounties)."""
from __future__ import annotations

import copy
from pathlib import Path

import yaml

METADATA = Path(__file__).resolve().parent / "datasette.yaml"


def metadata(db_path: str | None = None) -> dict:
    """The metadata, its database keyed by the store file's name as Datasette names it."""
    meta = copy.deepcopy(yaml.safe_load(METADATA.read_text(encoding="utf-8")))
    if db_path:
        meta["databases"] = {Path(db_path).stem: meta["databases"].pop("mmon")}
    return meta


def sqlite_path(store) -> str:
    """The file of a SQLite store (Datasette serves files only)."""
    from ..errors import MmonError
    url = str(store.url)
    if not url.startswith("sqlite:///"):
        raise MmonError("input", f"Datasette serves SQLite files only, not {url.split('://')[0]}")
    return url[len("sqlite:///"):]
