"""Ingest on several cores, concurrent ingests, and the per-document extraction budget.

All texts are invented for these tests. The plumbing tests run rules only
(no statistical model) so they stay quick on two cores; one small test runs the
model in the workers when it is installed.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from militant_monitor.extract.pipeline import Extractor, cut_at
from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.store import Store

ROOT = Path(__file__).resolve().parents[2]
MMON = Path(sys.executable).parent / "mmon"

PLACES = ["Karvan", "Dastgir", "Molan", "Surkhab", "Pirzai", "Tangi", "Baran", "Loya", "Zhob", "Kuram"]
NAMES = ["Zarak Gul", "Tariq Shah", "Noor Wali", "Hamid Jan", "Saif Ullah", "Rashid Khan", "Ilyas Bari",
         "Qadir Mir", "Sher Dil", "Anwar Said"]


def article(i: int) -> str:
    """An invented report, different for every ``i``."""
    name, place = NAMES[i % len(NAMES)], PLACES[(i * 3) % len(PLACES)]
    return (f"Commander {name} of the Tehrik-i-Taliban Pakistan (TTP) killed in {place}\n\n"
            f"Security forces killed {i % 7 + 2} militants, including commander {name}, alias Ustad {i}, "
            f"in an operation in {place} district on March {i % 27 + 1}, 2024, officials said.\n\n"
            f"{name}, the TTP chief for {place}, carried a bounty of Rs{i + 1} million, police said. "
            f"Residents of {place} reported heavy firing for {i % 5 + 2} hours near the old market {i}.\n\n"
            f"Report number {i}: the operation in {place} followed an attack on a checkpost in which "
            f"{i % 4 + 1} soldiers were killed, according to a statement.\n")


def make_folder(root: Path, n: int = 12, pad: int = 0) -> Path:
    """Articles (with ``pad`` paragraphs more each), an exact copy, a near copy, a JSON Lines
    file of three records, a broken file."""
    folder = root / "inbox"
    (folder / "sub").mkdir(parents=True)
    texts = [article(i) + "".join(f"\nIn paragraph {k} of report {i} the council of {PLACES[k % 10]} met again "
                                  f"and spoke of roads, water and schools for {k + i} villages.\n" for k in range(pad))
             for i in range(n)]
    for i, text in enumerate(texts):
        (folder / ("sub" if i % 3 == 0 else ".") / f"a{i:02}.txt").write_text(text, encoding="utf-8")
    (folder / "a99-copy.txt").write_text(texts[4], encoding="utf-8")
    (folder / "a98-retitled.txt").write_text("A retitled copy\n\n" + texts[5].split("\n", 1)[1], encoding="utf-8")
    records = [{"text": article(100 + k), "title": f"Record {k}", "published": "2024-04-0%d" % (k + 1)}
               for k in range(3)]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    return folder


def snapshot(db: Path) -> tuple[list, list]:
    """Documents and statements of a store, without the times of ingest."""
    c = sqlite3.connect(str(db))
    try:
        docs = c.execute("SELECT id, content_hash, title, published, author, publisher, url, language, "
                         "source_path, text, extractor FROM documents ORDER BY id").fetchall()
        stmts = c.execute("SELECT id, entity_id, entity_type, prop, value, value_key, doc_id, span_start, "
                          "span_end, citation, extractor, confidence, rule, qualifier FROM statements "
                          "ORDER BY id").fetchall()
    finally:
        c.close()
    return docs, stmts


def ingest_into(db: Path, folder: Path, workers: int, extractor) -> tuple[object, list]:
    outcomes: list = []
    store = Store(str(db))
    try:
        report = ingest_paths(store, [str(folder)], extractor, workers=workers,
                              on_item=lambda name, outcome: outcomes.append((name, outcome)))
    finally:
        store.close()
    return report, outcomes


@pytest.fixture(scope="module")
def rules_only():
    return Extractor(use_model=False)


class Watched:
    """The rules-only extractor, counting the documents extracted in this process."""

    def __init__(self, inner):
        self.inner, self.calls = inner, 0
        self.version, self.spec, self.cut = inner.version, inner.spec, inner.cut

    def __call__(self, doc):
        self.calls += 1
        return self.inner(doc)


def test_two_workers_store_what_one_worker_stores(tmp_path, rules_only):
    folder = make_folder(tmp_path)
    one, said_one = ingest_into(tmp_path / "one.db", folder, 1, rules_only)
    here = Watched(rules_only)
    two, said_two = ingest_into(tmp_path / "two.db", folder, 2, here)
    assert here.calls == 0, "every document was extracted in a worker"
    assert said_two == said_one, "the same outcomes, in input order"
    assert two.summary() == one.summary()
    assert one.stored == 15 and len(one.duplicates) == 2 and len(one.failed) == 1
    docs, stmts = snapshot(tmp_path / "one.db")
    assert len(docs) == 15 and len(stmts) > 100
    assert snapshot(tmp_path / "two.db") == (docs, stmts)
    # a second run with workers finds everything stored: nothing extracted, nothing changes
    again, _ = ingest_into(tmp_path / "two.db", folder, 2, rules_only)
    assert again.stored == 0 and again.unchanged == 15
    assert snapshot(tmp_path / "two.db") == (docs, stmts)


def test_model_in_two_workers_gives_the_same_facts(tmp_path, extractor):
    if extractor.nlp is None:
        pytest.skip("no statistical model installed")
    folder = tmp_path / "small"
    folder.mkdir()
    for i in range(4):
        (folder / f"m{i}.txt").write_text(article(i), encoding="utf-8")
    one, _ = ingest_into(tmp_path / "one.db", folder, 1, extractor)
    here = Watched(extractor)
    two, _ = ingest_into(tmp_path / "two.db", folder, 2, here)
    assert one.stored == two.stored == 4 and here.calls == 0
    assert snapshot(tmp_path / "two.db") == snapshot(tmp_path / "one.db")


def test_one_input_starts_no_pool(tmp_path, rules_only):
    """A single file, or fewer than two inputs a worker, is extracted in the process itself
    (a worker costs a model load); an extractor that cannot be rebuilt elsewhere (no ``spec``)
    is never sent to workers."""
    (tmp_path / "three").mkdir()
    for i in range(3):
        (tmp_path / "three" / f"{i}.txt").write_text(article(i), encoding="utf-8")
    here = Watched(rules_only)
    report, _ = ingest_into(tmp_path / "a.db", tmp_path / "three" / "0.txt", 4, here)
    assert report.stored == 1 and here.calls == 1
    report, _ = ingest_into(tmp_path / "b.db", tmp_path / "three", 4, here)
    assert report.stored == 3 and here.calls == 4

    class Local:
        version = rules_only.version

        def __call__(self, doc):
            return rules_only(doc)

    report, _ = ingest_into(tmp_path / "c.db", make_folder(tmp_path / "more"), 4, Local())
    assert report.stored == 15


def test_cut_at_stops_at_a_paragraph_then_a_sentence_then_a_space():
    para = "Word " * 30 + "end.\n\n"
    text = para * 10
    at = cut_at(text, 500)
    assert at <= 500 and text[at:at + 2] == "\n\n"
    line = "One sentence here. " * 100
    at = cut_at(line, 500)
    assert at <= 500 and line[at - 1] == "." and line[at] == " "
    words = "abc " * 300
    assert words[cut_at(words, 501)] == " "
    assert cut_at("x" * 1000, 300) == 300
    assert cut_at("short", 300) == 5 and cut_at("x" * 1000, None) == 1000


def test_a_long_text_is_stored_whole_with_the_facts_of_its_first_part(tmp_path):
    """A generated text of 2 MB: stored whole, facts read from the first part only, one line that says so."""
    budget = 30_000
    head = article(1)
    filler = "".join(f"Paragraph {k} tells of the weather in the hills and the price of flour. "
                     f"Traders said the roads were open on day {k}.\n\n" for k in range(20_000))
    late = "\n\nCommander Lateef Baig of the TTP was arrested in Quetta on May 2, 2024, police said.\n"
    text = head + "\n" + filler[:2_000_000] + late
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    outcomes: list = []
    store = Store(str(tmp_path / "kb.db"))
    try:
        t0 = time.perf_counter()
        report = ingest_paths(store, [str(tmp_path / "long.txt")], Extractor(use_model=False, max_chars=budget),
                              on_item=lambda n, o: outcomes.append(o))
        took = time.perf_counter() - t0
        (doc,) = store.documents()
        stored = store.document(doc["id"])
        statements = store.statements(doc_id=doc["id"])
    finally:
        store.close()
    assert report.stored == 1 and report.too_long == [str(tmp_path / "long.txt")]
    cut = cut_at(stored["text"], budget)
    assert outcomes == [f"stored; too long: {len(stored['text']):,} chars, extracted the first {cut:,}"]
    assert "too long 1" in report.summary() and report.exit_code() == 0
    assert len(stored["text"]) > 2_000_000, "the whole text is stored"
    assert any(s["prop"] == "name" and NAMES[1] in json.dumps(s["value"]) for s in statements)
    assert not any("Lateef" in json.dumps(s["value"]) for s in statements), "nothing after the budget"
    assert all(s["span_end"] is None or s["span_end"] <= cut for s in statements)
    assert took < 20


PAD = 60
needs_mmon = pytest.mark.skipif(not MMON.exists(), reason="no mmon console script")


def _env(db: Path) -> dict:
    import os
    env = {k: v for k, v in os.environ.items() if k not in ("MMON_DEBUG", "MMON_DB")}
    env.update({"MMON_DB": str(db), "MMON_MODEL": "none", "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb",
                "PYTHONPATH": str(ROOT)})
    return env


@needs_mmon
def test_the_cli_warns_of_a_long_text_in_one_line(tmp_path):
    (tmp_path / "long.txt").write_text(article(2) + "\n" + "More words of filler here.\n\n" * 4000,
                                       encoding="utf-8")
    r = subprocess.run([str(MMON), "ingest", "--max-chars", "5000", str(tmp_path / "long.txt")],
                       env=_env(tmp_path / "kb.db"), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if "too long" in ln]
    assert len(lines) == 1 and lines[0].startswith("warning ") and "long.txt: too long: " in lines[0]
    assert "extracted the first 4," in lines[0] and "Traceback" not in r.stderr


@needs_mmon
@pytest.mark.slow
def test_two_ingests_at_once_store_what_one_ingest_stores(tmp_path):
    """Two real processes ingest the same folder into one store at the same time."""
    folder = make_folder(tmp_path, n=12, pad=PAD)   # long enough that the two runs meet on the same files
    alone = tmp_path / "alone.db"
    r = subprocess.run([str(MMON), "ingest", "--workers", "1", str(folder)], env=_env(alone),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "stored 15," in r.stdout, (r.stdout, r.stderr)   # 1: the broken file
    shared = tmp_path / "shared.db"
    Store(str(shared)).close()   # migrated before, so the race is on the documents
    runs = [subprocess.Popen([str(MMON), "ingest", "--workers", "1", str(folder)], env=_env(shared),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in runs]
    for p, (out, err) in zip(runs, outs):
        assert p.returncode == 1, (out, err)
        assert "Traceback" not in err and "IntegrityError" not in err + out and "UNIQUE" not in err + out
        assert [ln.split(":")[0] for ln in err.splitlines() if ln.startswith("skipped")] == [
            f"skipped {folder / 'broken.txt'}"]
    stored = [int(out.split("stored ")[1].split(",")[0]) for out, _ in outs]
    assert sum(stored) == 15, outs
    assert snapshot(shared)[0] == snapshot(alone)[0]
    assert set(snapshot(shared)[1]) == set(snapshot(alone)[1])


@needs_mmon
@pytest.mark.slow
def test_ctrl_c_stops_the_workers_and_leaves_a_store_the_next_run_completes(tmp_path, ctrl_c_once_stored):
    folder = make_folder(tmp_path, n=16, pad=30)
    clean = tmp_path / "clean.db"
    subprocess.run([str(MMON), "ingest", "--workers", "1", str(folder)], env=_env(clean),
                   capture_output=True, text=True, timeout=300)
    db = tmp_path / "kb.db"
    p = subprocess.Popen([str(MMON), "ingest", "--workers", "2", str(folder)], env=_env(db), text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    ctrl_c_once_stored(p, db, 2, within=120)
    out, err = p.communicate(timeout=60)
    if p.returncode == 1 and "read " in out:
        pytest.skip("the run finished before it could be interrupted")
    assert p.returncode == 130, (out, err)
    assert err.strip().splitlines()[-1] == "error: interrupted" and "Traceback" not in err, err
    docs, stmts = snapshot(db)
    assert 2 <= len(docs) < 19 and {s[6] for s in stmts} == {d[0] for d in docs}, "each document whole"
    r = subprocess.run([str(MMON), "ingest", "--workers", "2", str(folder)], env=_env(db),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert snapshot(db) == snapshot(clean)
