"""Every fact sheet the extractor writes validates against the project's contract.

The contract is ``shared/spec/factsheet.schema.json``; ``tests/factsheet.schema.json``
is a verbatim copy so that this test runs without ../shared.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from militant_monitor.ingest import Failure, read_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCHEMA_FILE = ROOT / "tests" / "factsheet.schema.json"

GOLDEN = sorted((ROOT / "tests" / "golden" / "articles").glob("*/article.txt"))
EXAMPLES = sorted(p for p in (ROOT / "examples" / "articles").iterdir() if p.is_file())
DEV_DIR = SHARED / "eval" / "dev"
DEV = sorted(DEV_DIR.glob("*/article.txt")) if DEV_DIR.is_dir() else []


def _id(path: Path) -> str:
    return path.parent.name


def test_the_shipped_schema_is_the_shared_contract():
    shared = SHARED / "spec" / "factsheet.schema.json"
    if not shared.exists():
        pytest.skip("../shared/spec is not here")
    assert json.loads(SCHEMA_FILE.read_text()) == json.loads(shared.read_text())


def test_there_is_something_to_check():
    assert len(GOLDEN) >= 10
    assert len(EXAMPLES) >= 7


def _check(path, extractor, validator):
    docs = list(read_paths([str(path)]))
    failures = [d for d in docs if isinstance(d, Failure)]
    assert not failures, failures
    assert docs
    for doc in docs:
        sheet, statements = extractor(doc)
        errors = sorted(validator.iter_errors(sheet), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
        # the sheet is plain JSON (what `mmon extract --format json` writes)
        assert json.loads(json.dumps(sheet)) == sheet
        # event ids a person refers to exist
        ids = {e["id"] for e in sheet["events"]}
        for p in sheet["people"]:
            assert set(p["events"]) <= ids, (p["name"], p["events"], ids)


@pytest.mark.parametrize("path", GOLDEN, ids=_id)
def test_golden_article_sheet_is_valid(path, extractor, factsheet_validator):
    _check(path, extractor, factsheet_validator)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_article_sheet_is_valid(path, extractor, factsheet_validator):
    _check(path, extractor, factsheet_validator)


@pytest.mark.skipif(not DEV, reason="../shared/eval/dev is not here")
@pytest.mark.parametrize("path", DEV or [None], ids=lambda p: p.parent.name if p else "none")
def test_dev_article_sheet_is_valid(path, extractor, factsheet_validator):
    _check(path, extractor, factsheet_validator)


def test_gold_sheets_are_valid_too(factsheet_validator):
    """The gold sheets the scores are measured against follow the same contract."""
    golds = sorted((ROOT / "tests" / "golden" / "articles").glob("*/gold.json"))
    if DEV_DIR.is_dir():
        golds += sorted(DEV_DIR.glob("*/gold.json"))
    assert golds
    for g in golds:
        errors = list(factsheet_validator.iter_errors(json.loads(g.read_text(encoding="utf-8"))))
        assert not errors, (str(g), [e.message for e in errors])
