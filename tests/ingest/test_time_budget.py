"""The per-document time budget of extraction (issue 16): ``Extractor(max_seconds=...)``,
``mmon ingest --max-seconds`` and ``MMON_MAX_SECONDS``.

Deterministic: the budget is so small (a nanosecond) that it is spent at the first
checkpoint, so what is extracted is fixed by where the checkpoints are, never by the
machine's speed. All texts are invented for these tests (the articles of
test_ingest_workers.py).
"""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from militant_monitor.extract.pipeline import STAGES, Extractor, chunk_spans
from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.model.document import Document
from militant_monitor.store import Store
from tests.api.live_server import LiveServer
from tests.ingest.test_ingest_workers import MMON, NAMES, _env, article, needs_mmon

TINY = 1e-9   # spent before the first checkpoint is reached
LATER_STAGES = [stage.__name__ for group in STAGES[1:] for stage in group]


def facts(statements) -> set:
    """(entity, property, value) of every statement but the document's ``partial`` one."""
    return {(s.entity_id, s.prop, json.dumps(s.value, sort_keys=True)) for s in statements if s.prop != "partial"}


def several(n: int) -> str:
    return "\n\n".join(article(i) for i in range(n))


def test_the_budget_stops_the_rules_at_the_first_checkpoint():
    doc = Document(text=article(3), title="t", published="2024-03-05")
    whole, whole_st = Extractor(use_model=False)(doc)
    part, part_st = Extractor(use_model=False, max_seconds=TINY)(doc)
    assert "partial" not in whole and whole["events"], "without a budget every stage runs"
    assert part["partial"] == {"reason": "time", "extracted_chars": len(doc.text), "of_chars": len(doc.text),
                               "skipped": LATER_STAGES, "max_seconds": TINY}
    assert [p["name"] for p in part["people"]] == [p["name"] for p in whole["people"]], "the first stages ran"
    assert part["events"] == [] and all(p["status"] is None for p in part["people"])
    assert facts(part_st) <= facts(whole_st), "a partial sheet holds no fact that the whole one lacks"
    (said,) = [s for s in part_st if s.prop == "partial"]
    assert said.entity_id == "document:" + doc.id and said.value == part["partial"]


def test_the_budget_stops_the_parse_after_the_first_chunk(extractor):
    if extractor.nlp is None:
        pytest.skip("no statistical model installed")
    text = several(6)
    ex = Extractor(max_chars=None, chunk_chars=1_000, max_seconds=TINY)
    first_end = chunk_spans(text, 1_000)[0][1]
    assert first_end < len(text) // 3
    sheet, statements = ex(Document(text=text, title="t", published="2024-03-05"))
    assert sheet["partial"]["extracted_chars"] == first_end and sheet["partial"]["of_chars"] == len(text)
    assert all(s.end is None or s.end <= first_end for s in statements)
    names = {p["name"] for p in sheet["people"]}
    assert NAMES[0] in names and NAMES[5] not in names, "a man named in a later chunk is not read"


def test_no_budget_and_a_bad_budget():
    sheet, statements = Extractor(use_model=False, max_seconds=None)(Document(text=article(1), title="t"))
    assert "partial" not in sheet and not any(s.prop == "partial" for s in statements)
    with pytest.raises(ValueError, match="max_seconds"):
        Extractor(use_model=False, max_seconds=0)


def _folder(root: Path, n: int = 4) -> Path:
    folder = root / "in"
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"a{i}.txt").write_text(article(i), encoding="utf-8")
    return folder


def _ingest(db: Path, folder: Path, **kw):
    outcomes: list = []
    store = Store(str(db))
    try:
        report = ingest_paths(store, [str(folder)], Extractor(use_model=False, max_seconds=TINY),
                              on_item=lambda n, o: outcomes.append((Path(n).name, o)), **kw)
        partial = {s["doc_id"]: s["value"] for s in store.statements(prop="partial")}
        docs = [d["id"] for d in store.documents()]
    finally:
        store.close()
    return report, outcomes, partial, docs


@pytest.mark.parametrize("engine,workers", [("local", 1), ("local", 2), ("dask", 2)])
def test_ingest_stores_each_document_with_what_the_budget_allowed(tmp_path, engine, workers):
    if engine == "dask":
        pytest.importorskip("distributed")
    report, outcomes, partial, docs = _ingest(tmp_path / "kb.db", _folder(tmp_path), engine=engine, workers=workers)
    assert report.stored == 4 and not report.failed and report.exit_code() == 0
    assert sorted(Path(p).name for p in report.over_budget) == [f"a{i}.txt" for i in range(4)]
    assert "over time budget 4" in report.summary()
    assert sorted(partial) == sorted(docs), "every document records that its sheet is partial"
    assert all(v["skipped"] == LATER_STAGES and v["max_seconds"] == TINY for v in partial.values())
    for name, outcome in outcomes:
        assert outcome.startswith("stored; over the time budget of 1e-09 s: extracted the first "), outcome


@needs_mmon
def test_the_cli_warns_once_per_document_and_the_views_show_it(tmp_path):
    import subprocess
    folder = _folder(tmp_path, 2)
    db = tmp_path / "kb.db"
    env = dict(_env(db), MMON_MAX_SECONDS="0.000000001")
    r = subprocess.run([str(MMON), "ingest", str(folder)], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if "time budget" in ln]
    assert len(lines) == 2 and all(ln.startswith("warning ") for ln in lines), r.stderr
    assert "a0.txt: over the time budget of 1e-09 s" in r.stderr and "Traceback" not in r.stderr
    # --max-seconds 0: no budget, whatever the environment says
    again = subprocess.run([str(MMON), "ingest", "--max-seconds", "0", str(_folder(tmp_path / "b", 2))],
                           env=dict(env, MMON_DB=str(tmp_path / "b.db")), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "time budget" not in again.stderr, again.stderr
    bad = subprocess.run([str(MMON), "ingest", str(folder)], env=dict(env, MMON_MAX_SECONDS="soon"),
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "--max-seconds" in bad.stderr
    with LiveServer(db) as base:
        def get(path: str) -> str:
            with urllib.request.urlopen(base + path, timeout=30) as resp:
                return resp.read().decode("utf-8")
        listing = json.loads(get("/api/documents"))
        doc_id = listing["items"][0]["id"]
        one = json.loads(get(f"/api/documents/{doc_id}"))
        assert one["partial"]["reason"] == "time" and one["partial"]["skipped"] == LATER_STAGES
        assert 'id="partial-note"' in get(f"/documents/{doc_id}")
        person = json.loads(get("/api/people/" + urllib.request.quote(NAMES[0])))
        assert person["sources"] and all(s["partial"] for s in person["sources"])
        assert "extraction stopped early" in get("/people/" + urllib.request.quote(person["id"]))
