"""An event's page and API entry by its minted id (E-...) and by any of its reports' ids, over a
real server on a store of invented reports."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "api"))
from event_docs import add_bombing, add_event_doc  # noqa: E402
from live_server import LiveServer  # noqa: E402

from militant_monitor.query.events import all_rows  # noqa: E402
from militant_monitor.store import Store  # noqa: E402


def test_event_page_and_api_by_minted_and_report_ids(tmp_path):
    db = tmp_path / "ev.db"
    store = Store(str(db))
    rng = random.Random(11)
    for _ in range(12):
        add_event_doc(store, rng, 2)
    rows = all_rows(store)
    store.close()
    joined = max(rows, key=lambda r: r["reports"])
    assert joined["reports"] > 1 and joined["id"].startswith("E-")
    with LiveServer(db) as base, httpx.Client(base_url=base, timeout=60) as c:
        for ref in (joined["id"], joined["id"].lower(), *joined["members"]):
            body = c.get(f"/api/events/{ref}").json()
            assert body["id"] == joined["id"] and sorted(body["members"]) == sorted(joined["members"])
            page = c.get(f"/events/{ref}")
            assert page.status_code == 200 and joined["place"]["name"] in page.text
            assert all(s["doc_id"] in page.text for s in joined["sources"])
        listed = {r["id"] for r in c.get("/api/events", params={"per_page": 200}).json()["items"]}
        assert listed == {r["id"] for r in rows}
        assert c.get("/api/events/E-AAAAAAAA").status_code == 404


def test_an_id_retired_by_a_join_opens_the_event_it_joined(tmp_path):
    db = tmp_path / "ev.db"
    store = Store(str(db))
    add_bombing(store, 1), add_bombing(store, 3)
    before = {r["id"] for r in all_rows(store)}
    add_bombing(store, 2)                       # ties the two: one event, one id retired
    (joined,) = all_rows(store)
    store.close()
    (retired,) = before - {joined["id"]}
    with LiveServer(db) as base, httpx.Client(base_url=base, timeout=60) as c:
        body = c.get(f"/api/events/{retired}").json()
        assert body["id"] == joined["id"] and body["former_ids"] == [retired] and body["reports"] == 3
        page = c.get(f"/events/{retired.lower()}")
        assert page.status_code == 200 and all(s["doc_id"] in page.text for s in joined["sources"])
