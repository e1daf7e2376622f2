"""The review queue and status histories over a real server: GET /api/review, the /review page
with its answer forms (token, redirect after POST with a one-time message), POST
/api/review/answer, and a profile's status_history. Invented documents, real SQLite store."""
from __future__ import annotations

import pytest

httpx = pytest.importorskip("httpx")

from test_review_queue import build  # noqa: E402

from militant_monitor.resolve import ids  # noqa: E402
from militant_monitor.store import Store  # noqa: E402

TOKEN = "review-secret-token"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    db = tmp_path_factory.mktemp("review") / "review.db"
    store = Store(str(db))
    e = build(store)
    e["sher_id"] = ids.current_id(store, e["sher"][0])
    store.close()
    return {**e, "db": db, "token": TOKEN}


def auth():
    return {"Authorization": f"Bearer {TOKEN}"}


def test_review_queue_api_page_and_answers(client, kb):
    q = client.get("/api/review", params={"limit": 5}).json()
    assert q["total"] == 2 and {i["kind"] for i in q["items"]} == {"merge", "split"}
    merge = next(i for i in q["items"] if i["kind"] == "merge")
    sentences = [m["sentence"] for s in (merge["left"], merge["right"]) for m in s["mentions"]]
    assert "Late report: Gulbaz Khan Wardak was seen in Quetta." in sentences
    assert client.get("/api/review", params={"limit": 0}).status_code in (400, 422)

    page = client.get("/review")
    assert page.status_code == 200 and "Suggestions to review (2)" in page.text
    assert page.text.count('class="review-item"') == 2 and "Late report: Gulbaz Khan Wardak was seen in Quetta." in page.text

    # a write without the token is refused and changes nothing
    r = client.post("/review/answer", data={"key": merge["key"], "answer": "unsure"})
    assert r.status_code in (401, 403) and client.get("/api/review").json()["total"] == 2
    # with it: 303 to the page, whose message shows once
    r = client.post("/review/answer", data={"key": merge["key"], "answer": "unsure", "token": TOKEN},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/review?")
    shown = client.get(r.headers["location"])
    assert "no cluster changed" in shown.text and "Suggestions to review (1)" in shown.text
    assert "no cluster changed" not in client.get(r.headers["location"]).text
    r = client.post("/review/answer", data={"key": "merge:P-NONE|P-NADA", "answer": "merge", "token": TOKEN})
    assert r.status_code == 404 and "no review item" in r.text

    # the split suggestion answered through the API: one judgement; undone, the person is one again
    split = client.get("/api/review").json()["items"][0]
    assert split["kind"] == "split" and split["left_id"] == kb["sher_id"]
    assert client.post("/api/review/answer", json={"key": split["key"], "answer": "split"}).status_code == 401
    r = client.post("/api/review/answer", json={"key": split["key"], "answer": "split"}, headers=auth())
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["judgements"]) == 1 and len(body["ids"]) == 2
    items = client.get("/api/judgements").json()["items"]
    assert [j["judgement"] for j in items] == ["unsure", "split"]
    assert client.get("/api/review").json()["total"] == 0
    assert "Nothing to review." in client.get("/review").text
    assert client.post("/api/undo", json={"judgement": body["judgement"]}, headers=auth()).status_code == 200
    assert client.get(f"/api/people/{kb['sher_id']}").json()["entities"] == sorted(kb["sher"])
    assert client.get("/api/review").json()["total"] == 1


def test_status_history_in_the_api_and_on_the_profile_page(client, kb):
    p = client.get(f"/api/people/{kb['sher_id']}").json()
    h = p["status_history"]
    assert [e["transition"] for e in h] == ["reported killed"] * 2      # Tirah twice: one claim, two sources
    tirah, kunar = sorted(h, key=lambda e: e["place"] != "Tirah")
    assert len(tirah["sources"]) == 2 and len(kunar["sources"]) == 1
    assert "death also reported at Tirah" in kunar["disputed"] and "at Kunar" in tirah["disputed"]
    page = client.get(f"/people/{kb['sher_id']}")
    assert "Status history (oldest first)" in page.text and "DISPUTED: death also reported at Tirah" in page.text
