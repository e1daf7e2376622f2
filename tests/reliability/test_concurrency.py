"""Ingest while the web server answers 20 concurrent clients, end to end.

A real ``mmon serve`` process runs over a store that already holds
examples/articles; ``mmon ingest tests/corpus/articles`` runs as a second
process against the same SQLite file while 20 client threads on loopback ask
for a mix of API endpoints and pages, until the ingest has finished and 3 s
more (at most 60 s in all).

What must hold:

* every answer is 200 (or the 404 of a person the ingest has not stored yet);
  no 5xx, no transport error, no "database is locked" or traceback in any
  answer, in the server's log or in the ingest's output;
* the ingest exits 0 with its summary line;
* answers are consistent while the store changes: the counts clients see never
  go down in real time (an answer that began after another one ended never
  reports fewer documents or statements), and every list answer is whole
  (``total`` equals the items of a single page, ids unique);
* after the ingest the server's answers are those of the library and the CLI
  on the same store: ``/api/stats`` = ``Store.counts()``, the event list =
  ``mmon events --format jsonl``, the people list = the same index computed
  afresh, every person's members resolved to that person in ``resolved``.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "api"))
from live_server import LiveServer  # noqa: E402
from reliability_support import CORPUS, MMON, ROOT, freeze_code, mmon_env, needs_mmon, rows, run_mmon  # noqa: E402

pytestmark = [needs_mmon, pytest.mark.slow]

EXAMPLES = ROOT / "examples" / "articles"
CLIENTS = 20
AFTER_INGEST_S = 3.0
CAP_S = 60.0
LATE_PERSON = "Qasim Mohmand"          # only in tests/corpus/articles: 404 until the ingest stores him

# (path, statuses allowed)
PATHS = [
    ("/api/stats", {200}),
    ("/api/events?per_page=200", {200}),
    ("/api/people?per_page=200", {200}),
    ("/api/search?q=Mastung+commander", {200}),
    ("/api/search?q=Shamsheer", {200}),
    ("/api/documents?per_page=200", {200}),
    ("/people/Shamsheer", {200}),
    (f"/people/{LATE_PERSON.replace(' ', '%20')}", {200, 404}),
    (f"/api/people/{LATE_PERSON.replace(' ', '%20')}", {200, 404}),
    ("/events", {200}),
    ("/events?type=attack", {200}),
    ("/api/stats", {200}),
    ("/api/timeline?name=Shamsheer", {200}),
    ("/groups/TTP", {200}),
    ("/search?q=Mastung", {200}),
    ("/api/events?type=attack&per_page=200", {200}),
    ("/", {200}),
    ("/documents", {200}),
    ("/api/groups?per_page=200", {200}),
    ("/api/graph?name=Shamsheer", {200}),
    ("/graph?name=Shamsheer", {200}),
    ("/map", {200}),
    ("/review?q=Mehsud", {200}),
    ("/api/stats", {200}),
    ("/groups", {200}),
    ("/timeline?name=TTP", {200}),
]

BAD_WORDS = ("database is locked", "Traceback", "OperationalError", "internal error")


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.answers: list[dict] = []
        self.problems: list[str] = []

    def add(self, answer: dict, problems: list[str]):
        with self.lock:
            self.answers.append(answer)
            self.problems.extend(problems)


def check_answer(path: str, allowed: set, r) -> tuple[dict, list[str]]:
    """One answer: its status, the numbers to check for monotony, and what is wrong with it."""
    problems = []
    text = r.text
    if r.status_code not in allowed:
        problems.append(f"{path}: status {r.status_code}: {text[:200]!r}")
    for word in BAD_WORDS:
        if word.lower() in text.lower():
            problems.append(f"{path}: answer contains {word!r}: {text[:200]!r}")
    numbers = {}
    if r.status_code == 200 and path.startswith("/api/"):
        try:
            body = r.json()
        except ValueError:
            return numbers, problems + [f"{path}: not JSON: {text[:200]!r}"]
        if path == "/api/stats":
            numbers = {"stats.documents": body["documents"], "stats.statements": body["statements"]}
        elif "per_page=200" in path:
            ids = [x.get("id", x.get("key")) for x in body["items"]]
            if body["total"] != len(ids) or len(set(ids)) != len(ids) or body["pages"] != 1:
                problems.append(f"{path}: total {body['total']}, {len(ids)} items, {len(set(ids))} distinct, "
                                f"{body['pages']} pages")
            if path.startswith("/api/documents"):
                numbers = {"documents.total": body["total"]}
            elif path.startswith("/api/people"):
                if any(not p["members"] for p in body["items"]):
                    problems.append(f"{path}: a person without members")
        elif path.startswith("/api/search"):
            if not {"documents", "facts", "mode"} <= set(body):
                problems.append(f"{path}: keys {sorted(body)}")
    elif r.status_code == 200 and "</html>" not in text:
        problems.append(f"{path}: a page cut short ({len(text)} characters)")
    return numbers, problems


def client(n: int, base: str, stop: threading.Event, rec: Recorder):
    i = n
    with httpx.Client(base_url=base, timeout=30) as c:
        while not stop.is_set():
            path, allowed = PATHS[i % len(PATHS)]
            i += 1
            t0 = time.monotonic()
            try:
                r = c.get(path)
                r.read()
            except httpx.HTTPError as exc:
                rec.add({"path": path, "status": None, "t0": t0, "t1": time.monotonic(), "numbers": {}},
                        [f"{path}: {type(exc).__name__}: {exc}"])
                continue
            t1 = time.monotonic()
            try:
                numbers, problems = check_answer(path, allowed, r)
            except Exception as exc:  # noqa: BLE001 - an answer of the wrong shape: a problem, not a dead client
                numbers, problems = {}, [f"{path}: {type(exc).__name__}: {exc}: {r.text[:200]!r}"]
            rec.add({"path": path, "status": r.status_code, "t0": t0, "t1": t1, "numbers": numbers}, problems)


def decreases(samples: list[tuple[float, float, int]]) -> list[tuple]:
    """Pairs (earlier answer, later answer) where an answer that began after another had ended
    reports a smaller value: what no linearizable store may show when values only grow."""
    by_end = sorted(samples, key=lambda s: s[1])
    best, j, bad = None, 0, []
    for s in sorted(samples, key=lambda s: s[0]):
        while j < len(by_end) and by_end[j][1] < s[0]:
            if best is None or by_end[j][2] > best[2]:
                best = by_end[j]
            j += 1
        if best is not None and s[2] < best[2]:
            bad.append((best, s))
    return bad


def all_items(c, path: str) -> list[dict]:
    items, page = [], 1
    while True:
        r = c.get(path, params={"page": page, "per_page": 200})
        assert r.status_code == 200, r.text[:300]
        body = r.json()
        items += body["items"]
        if page >= body["pages"]:
            return items
        page += 1


# What the library says about a store, computed afresh in a process of its own (the frozen code).
LIBRARY = """
import json, sys
from militant_monitor.serve.cache import Snapshot
from militant_monitor.serve.views import person_json
from militant_monitor.store import Store
store = Store(sys.argv[1])
people = Snapshot(store).people()
print(json.dumps({"counts": store.counts(), "people": [person_json(people["by_id"][k]) for k in people["order"]]}))
"""


def library_view(db: Path, cwd: Path) -> dict:
    r = subprocess.run([sys.executable, "-c", LIBRARY, str(db)], cwd=cwd, env=mmon_env(db), capture_output=True,
                       text=True, timeout=120)        # cwd: not the repository root, whose package -c would import
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout)


def test_ingest_while_twenty_clients_read(tmp_path, monkeypatch):
    code = freeze_code(tmp_path / "code")
    monkeypatch.setenv("PYTHONPATH", str(code))       # inherited by every mmon process started below
    db = tmp_path / "busy.db"
    pre = run_mmon("ingest", "-q", EXAMPLES, db=db)
    assert pre.returncode == 0, pre.stderr
    docs_before = rows(db, "SELECT COUNT(*) FROM documents")[0][0]
    corpus_files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    assert docs_before > 0 and corpus_files

    server = LiveServer(db)
    rec = Recorder()
    stop = threading.Event()
    with server as base:
        threads = [threading.Thread(target=client, args=(n, base, stop, rec), daemon=True) for n in range(CLIENTS)]
        started = time.monotonic()
        for t in threads:
            t.start()
        while len(rec.answers) < CLIENTS and time.monotonic() - started < 10:   # every client is asking
            time.sleep(0.05)
        ingest_start = time.monotonic()
        ingest = subprocess.Popen([str(MMON), "ingest", str(CORPUS)], cwd=ROOT, env=mmon_env(db),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            out, err = ingest.communicate(timeout=CAP_S - AFTER_INGEST_S)
        except subprocess.TimeoutExpired:
            ingest.kill()
            out, err = ingest.communicate()
            stop.set()
            pytest.fail(f"the ingest did not finish within {CAP_S - AFTER_INGEST_S:.0f} s under load:\n{err[-2000:]}")
        ingest_end = time.monotonic()
        time.sleep(max(0.0, min(AFTER_INGEST_S, started + CAP_S - ingest_end)))
        stop.set()
        for t in threads:
            t.join(40)
        assert not any(t.is_alive() for t in threads), "a client hung"

        # --- the ingest -----------------------------------------------------------------------------------
        assert ingest.returncode == 0, err[-2000:]
        summary = out.strip().splitlines()[-1] if out.strip() else ""
        m = re.fullmatch(r"read (\d+), stored (\d+), unchanged (\d+), duplicates (\d+), failed (\d+)(.*)", summary)
        assert m, (out, err)
        read, stored, failed = int(m.group(1)), int(m.group(2)), int(m.group(5))
        assert read == len(corpus_files) and failed == 0 and stored > 0, summary
        for word in BAD_WORDS:
            assert word.lower() not in (out + err).lower(), err[-2000:]

        # --- every answer during the run --------------------------------------------------------------------
        answers = rec.answers
        assert not rec.problems, ("\n".join(rec.problems[:20]) + f"\n({len(rec.problems)} problems)\n"
                                  f"server log:\n{server.output()[-6000:]}")
        during = [a for a in answers if a["t0"] < ingest_end and a["t1"] > ingest_start]
        assert len(during) >= CLIENTS, f"only {len(during)} answers overlapped the ingest"
        assert {a["path"] for a in answers} == {p for p, _ in PATHS}
        for series in ("stats.documents", "stats.statements", "documents.total"):
            samples = [(a["t0"], a["t1"], a["numbers"][series]) for a in answers if series in a["numbers"]]
            assert samples, series
            bad = decreases(samples)
            assert not bad, f"{series} went down: {bad[:3]}"
        seen_docs = sorted({a["numbers"]["stats.documents"] for a in answers if "stats.documents" in a["numbers"]})
        print(f"{len(answers)} answers, {len(during)} during the ingest "
              f"({ingest_end - ingest_start:.1f} s); document counts seen: {seen_docs}")
        assert seen_docs[0] == docs_before and seen_docs[-1] == docs_before + stored, seen_docs

        # --- after the ingest: the server answers what the library and the CLI answer ------------------------
        lib = library_view(db, tmp_path)
        with httpx.Client(base_url=base, timeout=60) as c:
            stats = c.get("/api/stats").json()
            assert stats == lib["counts"]
            assert stats["documents"] == docs_before + stored

            cli = run_mmon("events", "--format", "jsonl", db=db, timeout=120)
            assert cli.returncode == 0, cli.stderr
            cli_events = [json.loads(line) for line in cli.stdout.splitlines() if line.strip()]
            api_events = all_items(c, "/api/events")
            assert cli_events, "no events"
            assert [e["id"] for e in api_events] == [e["id"] for e in cli_events]
            assert api_events == cli_events

            api_people = all_items(c, "/api/people")
            assert [p["id"] for p in api_people] == [p["id"] for p in lib["people"]]
            assert api_people == lib["people"]
            canonical = dict(rows(db, "SELECT entity_id, canonical_id FROM resolved"))
            for p in api_people:
                assert all(canonical.get(m, m) == p["id"] for m in p["members"]), p

            late = c.get(f"/api/people/{LATE_PERSON}")
            assert late.status_code == 200, late.text[:300]
            assert LATE_PERSON in {n["value"] for n in late.json()["names"]}
            docs = all_items(c, "/api/documents")
            assert len(docs) == stats["documents"]

    log = server.output()
    for word in BAD_WORDS + ("ERROR", "Exception"):
        assert word.lower() not in log.lower(), log[-3000:]
