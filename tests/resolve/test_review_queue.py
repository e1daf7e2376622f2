"""The review queue: suggested merges (pairs the matcher scored near its threshold) and splits
(people that look like several men), stored when resolution runs; answers merge, split, unsure;
a split is one judgement and its undo restores the clusters. Invented documents, real store."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from kb_support import TTP, add_doc  # noqa: E402

from militant_monitor.resolve import decisions, ids, judgements, resolve, review  # noqa: E402
from militant_monitor.store import Store, schema  # noqa: E402


def build(store: Store) -> dict:
    """Gulbaz Khan Wardak twice, far apart in time and place (a near miss), and Sher Alam
    Tarakzai, one man by name and group whose death is told in two places (a split to suggest)."""
    near = [add_doc(store, f"Early report {i}: Gulbaz Khan Wardak ran a cell in Bajaur.", f"2012-0{i + 1}-05",
                    [("g", "Gulbaz Khan Wardak", TTP, "commander", "Bajaur")]) for i in range(2)]
    far = add_doc(store, "Late report: Gulbaz Khan Wardak was seen in Quetta.", "2023-06-05",
                  [("g", "Gulbaz Khan Wardak", TTP, "commander", "Quetta")])
    sher = []
    for i, place in enumerate(("Tirah", "Tirah", "Kunar")):
        sher.append(add_doc(store, f"Account {i}: Sher Alam Tarakzai was killed in {place} on 2020-0{i + 3}-01.",
                            f"2020-0{i + 3}-02", [("s", "Sher Alam Tarakzai", TTP)],
                            [("s", "status", {"state": "killed", "date": None, "place": place, "by": None})]))
    resolve(store)
    return {"near": [f"person:{d}:g" for d in near], "far": f"person:{far}:g", "sher": [f"person:{d}:s" for d in sher]}


@pytest.fixture()
def kb(tmp_path):
    store = Store(str(tmp_path / "review.db"))
    yield store, build(store)
    store.close()


def test_the_queue_is_stored_by_resolution_and_ranked(kb):
    store, e = kb
    with store.engine.connect() as c:
        stored = c.execute(schema.review_queue.select()).fetchall()
    assert {r.kind for r in stored} == {"merge", "split"}
    q = review.queue(store, 10)
    assert q["total"] == 2 and [i["n"] for i in q["items"]] == [1, 2]
    scores = [i["score"] for i in q["items"]]
    assert scores == sorted(scores, reverse=True)
    merge = next(i for i in q["items"] if i["kind"] == "merge")
    near, far = ids.current_id(store, e["near"][0]), ids.current_id(store, e["far"])
    assert near != far and {merge["left_id"], merge["right_id"]} == {near, far}
    assert 0.5 < merge["score"] < 0.75          # under the matcher's threshold, near it
    sides = {tuple(merge["left"]["members"]), tuple(merge["right"]["members"])}
    assert sides == {tuple(sorted(e["near"])), (e["far"],)}
    mention = next(m for s in (merge["left"], merge["right"]) for m in s["mentions"] if m["entity_id"] == e["far"])
    assert mention["published"] == "2023-06-05" and mention["doc_id"] in e["far"]
    assert merge["left"]["groups"] == merge["right"]["groups"] == [TTP]
    split = next(i for i in q["items"] if i["kind"] == "split")
    assert split["why"] == ["deaths in 2 places"] and split["apart"] == [e["sher"][2]]
    assert sorted(split["rest"]) == sorted(e["sher"][:2])
    assert review.queue(store, 1, 1)["items"][0]["n"] == 2      # paging


def test_mentions_show_the_sentence_in_context(tmp_path):
    from militant_monitor.model.document import Document
    from militant_monitor.model.statement import Statement
    from militant_monitor.query.evidence import sentences
    store = Store(str(tmp_path / "ctx.db"))
    try:
        text = "Rain fell. Later Qadir Jan Afridi spoke to elders at a jirga. Nothing else."
        d = Document(text=text, published="2022-01-01")
        a = text.index("Qadir")
        st = Statement("person:x:q", "person", "name", "Qadir Jan Afridi", d.id, start=a, end=a + 16, extractor="t")
        store.save(d, {"document": {}}, [st], "t")
        got = sentences(store, store.statements(entity_ids=["person:x:q"]))
        assert list(got.values()) == ["Later Qadir Jan Afridi spoke to elders at a jirga."]
    finally:
        store.close()


def test_unsure_takes_the_item_off_and_changes_no_cluster(kb):
    store, e = kb
    before = dict(ids_map(store))
    merge = next(i for i in review.queue(store)["items"] if i["kind"] == "merge")
    r = review.answer(store, merge["key"], "unsure", user="ana")
    assert "no cluster changed" in r["message"]
    assert ids_map(store) == before
    assert [i["kind"] for i in review.queue(store)["items"]] == ["split"]
    assert [j["judgement"] for j in judgements.active(store)] == ["unsure"]
    assert not store.has_unresolved()                # nothing for the next ingest to re-resolve
    resolve(store)                                   # a later resolution keeps it off
    assert [i["kind"] for i in review.queue(store)["items"]] == ["split"]
    decisions.undo(store, r["judgement"])            # undone: back on the queue
    assert review.queue(store)["total"] == 2


def test_answering_merge_joins_them(kb):
    store, e = kb
    merge = next(i for i in review.queue(store)["items"] if i["kind"] == "merge")
    review.answer(store, merge["key"], "merge")
    assert ids.current_id(store, e["far"]) == ids.current_id(store, e["near"][0])
    assert [i["kind"] for i in review.queue(store)["items"]] == ["split"]


def test_a_merge_suggestion_answered_split_keeps_them_apart_and_off_the_queue(kb):
    store, e = kb
    merge = next(i for i in review.queue(store)["items"] if i["kind"] == "merge")
    review.answer(store, merge["key"], "split")
    assert ids.current_id(store, e["far"]) != ids.current_id(store, e["near"][0])
    assert [i["kind"] for i in review.queue(store)["items"]] == ["split"]


def test_a_split_is_one_judgement_and_its_undo_restores_the_clusters(kb):
    store, e = kb
    before = ids_map(store)
    cid = ids.current_id(store, e["sher"][0])
    split = next(i for i in review.queue(store)["items"] if i["kind"] == "split")
    r = review.answer(store, split["key"], "split", user="ana", note="two men")
    active = judgements.active(store)
    assert len(active) == 1 and active[0]["judgement"] == "split" and r["judgements"] == [active[0]["id"]]
    assert json.loads(active[0]["detail"]) == {"apart": [e["sher"][2]], "rest": sorted(e["sher"][:2])}
    assert ids.current_id(store, e["sher"][0]) == cid                 # the larger part keeps the id
    assert ids.current_id(store, e["sher"][2]) != cid
    assert [i["kind"] for i in review.queue(store)["items"]] == ["merge"]
    decisions.undo(store, r["judgement"])
    assert ids_map(store) == before
    # the command line's split is one judgement too
    s = decisions.split(store, cid, [e["sher"][0]])
    assert len(s["judgements"]) == 1 and len(judgements.active(store)) == 1


def test_a_split_suggestion_answered_merge_confirms_one_man(kb):
    store, e = kb
    before = ids_map(store)
    split = next(i for i in review.queue(store)["items"] if i["kind"] == "split")
    review.answer(store, split["key"], "merge")
    assert ids_map(store) == before
    assert [i["kind"] for i in review.queue(store)["items"]] == ["merge"]


def test_bad_answers_are_one_line_errors(kb):
    store, _ = kb
    with pytest.raises(decisions.ActionError) as exc:
        review.answer(store, "merge:P-NOPE|P-NADA", "merge")
    assert exc.value.status == 404 and "no review item" in exc.value.message
    with pytest.raises(decisions.ActionError) as exc:
        review.answer(store, review.queue(store)["items"][0]["key"], "perhaps")
    assert exc.value.status == 400


def ids_map(store: Store) -> dict:
    with store.engine.connect() as c:
        return {r.entity_id: r.canonical_id for r in c.execute(schema.resolved.select())}


def test_cli_review_lists_and_answers(tmp_path):
    import subprocess
    db = tmp_path / "cli.db"
    store = Store(str(db))
    build(store)
    store.close()
    mmon = str(Path(sys.executable).with_name("mmon"))
    env = {"MMON_DB": str(db), "MMON_USER": "cli-analyst", "PATH": "/usr/bin:/bin", "COLUMNS": "200",
           "PYTHONPATH": str(Path(__file__).parents[2])}

    def run(*args):
        return subprocess.run([mmon, "review", *args], capture_output=True, text=True, env=env, timeout=120)
    r = run("--limit", "1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("2 suggestion(s); 1-1 shown") and r.stdout.count("answer: mmon review") == 1
    r = run()
    assert "several men?" in r.stdout and "one man?" in r.stdout and "Gulbaz Khan Wardak was seen in Quetta." in r.stdout
    bad = run("--answer", "1", "--as", "maybe")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    first = json.loads(run("-f", "jsonl", "--limit", "1").stdout)
    r = run("--answer", "1", "--as", "unsure")
    assert r.returncode == 0 and "unsure" in r.stdout
    rest = [json.loads(line) for line in run("-f", "jsonl").stdout.splitlines()]
    assert len(rest) == 1 and rest[0]["key"] != first["key"]
    j = subprocess.run([mmon, "judgements"], capture_output=True, text=True, env=env, timeout=120)
    assert "unsure:" in j.stdout and "cli-analyst" in j.stdout
