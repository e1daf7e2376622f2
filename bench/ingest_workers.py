"""Ingest throughput on one worker and on all workers, and the time of one huge article.

    python bench/ingest_workers.py [--docs N] [--workers N] [--rules-only] [--huge-mb M]

Generates a corpus of N invented articles (distinct names, places, numbers and
paragraphs, about 3 KB each) in a temporary folder, ingests it into a fresh
store with ``--workers 1`` and again with all workers, and reports articles per
second for each, the speed-up and the efficiency ratio (speed-up / workers;
issue 14 targets >= 0.8). Both stores are compared (documents and statements,
without ingest times): they must be identical.

``--huge-mb M`` then ingests one generated article of M MB (default 5) on one
worker with the default extraction budget (``--max-chars``) and reports its time
(issue 16: well under a minute on one core).

Not a test: run it by hand; it prints one line per figure.
"""
from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from militant_monitor.extract.pipeline import DEFAULT_MAX_CHARS, Extractor  # noqa: E402
from militant_monitor.ingest.parallel import default_workers  # noqa: E402
from militant_monitor.ingest.runner import ingest_paths  # noqa: E402
from militant_monitor.store import Store  # noqa: E402

FIRST = ["Zarak", "Tariq", "Noor", "Hamid", "Saif", "Rashid", "Ilyas", "Qadir", "Sher", "Anwar", "Gul", "Janan"]
LAST = ["Khan", "Shah", "Wali", "Jan", "Mir", "Baig", "Afridi", "Bari", "Said", "Dil", "Zaman"]
PLACES = ["Karvan", "Dastgir", "Molan", "Surkhab", "Pirzai", "Tangi", "Baran", "Loya", "Kuram", "Peshawar",
          "Quetta", "Bannu", "Swat", "Khyber"]
GROUPS = ["Tehrik-i-Taliban Pakistan (TTP)", "Lashkar-e-Jhangvi", "Jamaat-ul-Ahrar", "Hafiz Gul Bahadur group"]


def article(i: int) -> str:
    """An invented report, different for every ``i``."""
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
    place, group = PLACES[(i * 7) % len(PLACES)], GROUPS[i % len(GROUPS)]
    other = f"{FIRST[(i + 5) % len(FIRST)]} {LAST[(i + 3) % len(LAST)]}"
    paras = [
        f"Commander {name} of the {group} killed in {place}",
        f"Security forces killed {i % 9 + 2} militants, including commander {name}, alias Ustad {i}, in an "
        f"operation in {place} district on March {i % 27 + 1}, 2024, officials said on report {i}.",
        f"{name}, the group's chief for {place}, carried a bounty of Rs{i % 50 + 1} million, police said. "
        f"His deputy {other} was arrested in {PLACES[(i + 3) % len(PLACES)]} a week earlier.",
        f"Residents said the firing lasted {i % 5 + 2} hours. The operation followed an attack on a checkpost "
        f"in which {i % 4 + 1} soldiers were killed, according to a statement issued on day {i}.",
    ]
    paras += [f"In paragraph {k} of report {i} the elders of {PLACES[(i + k) % len(PLACES)]} spoke of roads, "
              f"water and {k * 3 + i} schools, and said the markets had reopened." for k in range(12)]
    return "\n\n".join(paras) + "\n"


def snapshot(db: Path) -> tuple:
    c = sqlite3.connect(str(db))
    try:
        return (c.execute("SELECT id, content_hash, title, published, text, extractor FROM documents "
                          "ORDER BY id").fetchall(),
                c.execute("SELECT id, entity_id, prop, value, doc_id, span_start, span_end, confidence, rule, "
                          "qualifier FROM statements ORDER BY id").fetchall())
    finally:
        c.close()


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def run(folder: Path, db: Path, workers: int, extractor) -> tuple[float, float, float]:
    """Ingest ``folder`` into a fresh store at ``db``: (wall seconds, CPU seconds of this, the
    parent process, CPU seconds of its worker processes)."""
    store = Store(str(db))
    try:
        t0, parent, children = time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        report = ingest_paths(store, [str(folder)], extractor, workers=workers)
        took = time.perf_counter() - t0
        parent, children = _cpu(resource.RUSAGE_SELF) - parent, _cpu(resource.RUSAGE_CHILDREN) - children
    finally:
        store.close()
    if report.failed or report.stored == 0:
        raise SystemExit(f"ingest with {workers} worker(s) failed: {report.summary()}")
    return took, parent, children


def cpu_line(docs: int, parent: float, children: float) -> str:
    """The CPU accounting of a run: per document in the parent and in the workers, and the
    speed-up ceiling that the parent's serial share sets, (parent + workers) / parent."""
    ceiling = f"; speed-up ceiling {(parent + children) / parent:.2f}" if children else ""
    return (f"  CPU a document: parent {parent / docs * 1000:.1f} ms, workers {children / docs * 1000:.1f} ms"
            f"{ceiling}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--rules-only", action="store_true", help="without the statistical model")
    ap.add_argument("--huge-mb", type=float, default=5.0, help="0: skip the huge article")
    a = ap.parse_args(argv)
    extractor = Extractor(use_model=not a.rules_only)
    print(f"extractor {extractor.version}; {a.docs} articles; {a.workers} workers; "
          f"{os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i in range(a.docs):
            (folder / f"{i:06}.txt").write_text(article(i), encoding="utf-8")
        one, parent, children = run(folder, Path(tmp) / "one.db", 1, extractor)
        print(f"1 worker: {a.docs / one:.2f} articles/s ({one:.1f} s)", flush=True)
        print(cpu_line(a.docs, parent, children), flush=True)
        many, parent, children = run(folder, Path(tmp) / "many.db", a.workers, extractor)
        speedup = one / many
        print(f"{a.workers} workers: {a.docs / many:.2f} articles/s ({many:.1f} s); speed-up {speedup:.2f}; "
              f"efficiency {speedup / a.workers:.2f}", flush=True)
        print(cpu_line(a.docs, parent, children), flush=True)
        same = snapshot(Path(tmp) / "one.db") == snapshot(Path(tmp) / "many.db")
        print(f"stores identical: {same}", flush=True)
        if a.huge_mb > 0:
            huge = Path(tmp) / "huge"
            huge.mkdir()
            text, i = [], 0
            while sum(map(len, text)) < a.huge_mb * 1_000_000:
                text.append(article(10_000 + i))
                i += 1
            (huge / "huge.txt").write_text("\n".join(text), encoding="utf-8")
            took, _, _ = run(huge, Path(tmp) / "huge.db", 1, extractor)
            print(f"one article of {a.huge_mb:g} MB, budget {DEFAULT_MAX_CHARS:,} chars: ingested in "
                  f"{took:.1f} s on one worker", flush=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
