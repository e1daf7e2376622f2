"""Shared fixtures for the whole suite.

The spaCy extractor is loaded once per session (loading the model is the
slowest step of a run); every test that extracts uses this one instance.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]          # the repository root
TESTS = ROOT / "tests"
SHARED = ROOT.parent / "shared"                      # ../shared, present in the workspace only
SCHEMA_FILE = TESTS / "factsheet.schema.json"        # a verbatim copy of shared/spec/factsheet.schema.json


@pytest.fixture(scope="session")
def extractor():
    """The real extraction pipeline (rules + the statistical model when installed)."""
    from militant_monitor.extract.pipeline import Extractor
    return Extractor()


@pytest.fixture(scope="session")
def factsheet_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def factsheet_validator(factsheet_schema):
    from jsonschema import Draft202012Validator
    Draft202012Validator.check_schema(factsheet_schema)
    return Draft202012Validator(factsheet_schema)
