"""Exports (and imports) in the formats analysts' tools speak: one module per format.

Every exporter is ``export(store, out, selection, progress)``: it writes text to ``out`` (a file or
stdout) as it goes and returns a count of what it wrote. ``selection`` (``common.Selection``) holds
the filters of ``mmon events``: the event rows they keep and the documents that report them.
"""
from __future__ import annotations

FORMATS = ("jsonl", "acled-csv", "gtd-csv", "geojson", "graphml", "stix", "ftm", "ftm-statements")
IMPORT_FORMATS = ("jsonl", "acled-csv", "gtd-csv", "ftm")


def exporter(fmt: str):
    """The ``export`` function of format ``fmt`` (ValueError, one line, for an unknown one)."""
    import importlib
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt[:40]!r}: use one of {', '.join(FORMATS)}")
    return importlib.import_module(f".{fmt.replace('-', '_')}", __name__).export


def importer(fmt: str):
    """The ``load`` function of import format ``fmt`` (ValueError, one line, for an unknown one)."""
    import importlib
    if fmt not in IMPORT_FORMATS:
        raise ValueError(f"unknown import format {fmt[:40]!r}: use {', '.join(IMPORT_FORMATS)}")
    return importlib.import_module(f".{fmt.replace('-', '_')}", __name__).load
