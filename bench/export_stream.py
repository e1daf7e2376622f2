"""Peak memory of ``mmon export`` per format at two store sizes (issue 13: exports stream).

    python bench/export_stream.py [--sizes 200 800] [--formats jsonl stix ...] [--rebuild] [--code DIR]

1. Builds (once; cached as ``mmon-data/bench/export-<N>.db``) a store of N synthetic articles
   with ``bench/web_latency.py``'s generator: the project's own articles with their people,
   places, figures and dates swapped, each extracted by the real pipeline; resolution at the end.
2. Runs each format's exporter in a fresh process over each store, writing to a temporary file,
   and reports the peak of Python's allocations (``tracemalloc``), the process's peak resident
   memory (``ru_maxrss``, which includes the interpreter, libraries and SQLite's cache), the size
   written and the time taken. The store's event clusters are brought up to date before the
   measure (the first read of a store does that once, whatever reads it).

A format that streams shows a tracemalloc peak that barely moves when the store grows; one
that holds the store shows a peak in proportion to it. ``--code DIR`` runs the exporters of
another checkout (``git archive REV militant_monitor | tar -x -C DIR``) over the same stores, to
compare. Not run by the test suite.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMATS = ("jsonl", "acled-csv", "gtd-csv", "geojson", "graphml", "stix", "ftm", "ftm-statements")

# Run in the child: import, then measure only the export itself.
CHILD = r"""
import json, os, resource, sys, tempfile, time, tracemalloc
sys.path.insert(0, sys.argv[1])
from militant_monitor.export import exporter
from militant_monitor.export.common import Selection
from militant_monitor.store import Store
import militant_monitor.export.{module}  # noqa: the format's libraries loaded before measuring
store = Store(sys.argv[2], create=False)
try:                                     # the stored event clusters brought up to date first (a one-off
    from militant_monitor.resolve import event_clusters   # of the store, not of the export)
    event_clusters.update(store)
except ImportError:
    pass
run = exporter(sys.argv[3])
fd, path = tempfile.mkstemp(suffix=".out")
os.close(fd)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
t0 = time.perf_counter()
with open(path, "w", encoding="utf-8") as fh:
    n = run(store, fh, Selection(store))
seconds = time.perf_counter() - t0
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
size = os.path.getsize(path)
os.unlink(path)
store.close()
print(json.dumps({{"records": n, "peak_mb": peak / 1e6, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3,
                  "rss_before_mb": base / 1e3, "out_mb": size / 1e6, "seconds": seconds}}))
"""


def store_for(n: int, rebuild: bool) -> Path:
    """The cached store of ``n`` synthetic documents, built when missing (or asked to)."""
    from bench.web_latency import build_store, doc_count
    db = ROOT / "mmon-data" / "bench" / f"export-{n}.db"
    if rebuild or doc_count(db) < n * 0.9:
        build_store(db, n)
    return db


def measure(db: Path, fmt: str, code_dir: Path = ROOT) -> dict:
    """One export of ``fmt`` over ``db`` in a fresh interpreter (the code of ``code_dir``); its figures."""
    code = CHILD.format(module=fmt.replace("-", "_"))
    res = subprocess.run([sys.executable, "-c", code, str(code_dir), str(db), fmt], capture_output=True, text=True, timeout=3600)
    if res.returncode != 0:
        return {"error": (res.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs=2, default=[200, 800], metavar=("SMALL", "LARGE"))
    ap.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose exporters run (default: this one)")
    args = ap.parse_args(argv)
    stores = {n: store_for(n, args.rebuild) for n in args.sizes}
    print(f"{'format':<16}" + "".join(f"{'peak MB @' + str(n):>14}{'rss MB':>9}{'out MB':>9}{'s':>7}" for n in args.sizes)
          + f"{'peak ratio':>12}")
    for fmt in args.formats:
        figures = [measure(stores[n], fmt, args.code) for n in args.sizes]
        cells = ""
        for f in figures:
            cells += (f"{f['peak_mb']:>14.1f}{f['rss_mb']:>9.0f}{f['out_mb']:>9.1f}{f['seconds']:>7.1f}" if "error" not in f
                      else f"{'error: ' + f['error'][:40]:>39}")
        ok = all("error" not in f for f in figures)
        ratio = f"{figures[1]['peak_mb'] / max(figures[0]['peak_mb'], 1e-9):>12.2f}" if ok else ""
        print(f"{fmt:<16}{cells}{ratio}", flush=True)
    print(f"store sizes: {args.sizes[0]} and {args.sizes[1]} documents (x{args.sizes[1] / args.sizes[0]:.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
