"""Extraction: a Document in, a fact sheet (and its statements) out.

The stage order lives in :mod:`militant_monitor.extract.pipeline`.
"""
from .pipeline import extract, Extractor  # noqa: F401
