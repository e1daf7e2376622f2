"""mmon datasette: the store with shipped metadata, requested through Datasette's own test client."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

pytest.importorskip("datasette")
pytestmark = pytest.mark.sqlite_only        # Datasette serves SQLite files


@pytest.fixture(scope="module")
def ds(kb):
    from datasette.app import Datasette

    from militant_monitor.export.datasette import metadata
    return Datasette([kb], metadata=metadata(kb)), Path(kb).stem


def get(ds, path):
    async def run():
        return await ds.client.get(path)
    return asyncio.run(run())


def test_tables_have_descriptions_and_facets(ds):
    app, name = ds
    r = get(app, f"/{name}/statements")
    assert r.status_code == 200
    assert "One fact per row" in r.text and "entity_type" in r.text
    meta = get(app, "/-/metadata.json").json()
    cols = meta["databases"][name]["tables"]["statements"]["columns"]
    assert "qualifier" in cols and "rule" in cols
    r = get(app, f"/{name}/statements.json?_facet=prop&_shape=objects")
    assert r.status_code == 200 and "prop" in r.json()["facet_results"]
    r = get(app, f"/{name}/documents.json?_search=Shamsheer&_shape=array")
    assert r.status_code == 200 and r.json()


def test_canned_queries(ds):
    app, name = ds
    fates = get(app, f"/{name}/leaders_by_fate.json?_shape=array").json()
    assert any(r["fate"] == "killed" and r["leader"] == "Rahmatullah Mehsud" and r["date"] == "2024-05-08" for r in fates)
    counts = get(app, f"/{name}/fates_count.json?_shape=array").json()
    assert {"killed", "arrested"} <= {r["fate"] for r in counts}
    months = get(app, f"/{name}/events_per_month_by_group.json?_shape=array").json()
    assert months and all(len(r["month"]) in (4, 7) and r["events"] >= 1 for r in months)
    bounties = get(app, f"/{name}/bounties.json?_shape=array").json()
    assert any(r["amount"] == 5000000.0 and r["currency"] == "PKR" for r in bounties)
    page = get(app, f"/{name}/bounties")
    assert page.status_code == 200 and "Head money" in page.text


def test_metadata_command(kb, mmon):
    code, stdout, err = mmon("datasette", "--db", kb, "--metadata")
    assert code == 0, err
    meta = json.loads(stdout)
    assert set(meta["databases"]) == {Path(kb).stem}
    assert {"leaders_by_fate", "events_per_month_by_group", "bounties"} <= set(meta["databases"][Path(kb).stem]["queries"])
