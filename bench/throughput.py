"""Throughput of the extractor against a bare spaCy pass over the same texts.

    python bench/throughput.py [FOLDER...] [--repeat N]

Reports articles per second per core (one process, one core) for:
  - the bare statistical pipeline (the same spaCy model and components the extractor loads:
    tagger, parser, attribute ruler, lemmatizer and NER - the full English pipeline),
  - the whole extractor (that pass plus every rule stage).
Target (issue 11): the extractor costs at most 2x the bare pass of the full pipeline.
Exit status 1 when the ratio is above the target, so it can gate CI if wanted.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from militant_monitor.extract.pipeline import Extractor  # noqa: E402
from militant_monitor.ingest import Failure, read_paths  # noqa: E402

TARGET = 2.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="*", default=[str(ROOT / "tests/golden"), str(ROOT / "examples/articles")])
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    docs = [d for d in read_paths(a.folders) if not isinstance(d, Failure) and d.text.strip()]
    docs = [d for d in docs if not (d.source_path or "").endswith("gold.json")]
    if not docs:
        print("no articles found")
        return 2
    ex = Extractor()
    if ex.nlp is None:
        print("no statistical model installed: nothing to compare against")
        return 2
    texts = [d.text for d in docs]
    for d in docs[:3]:   # warm up both paths
        ex(d)

    def bare():
        for t in texts:
            ex.nlp(t)

    def full():
        for d in docs:
            ex(d)

    def best(fn):
        times = []
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    tb, tf = best(bare), best(full)
    n = len(docs)
    chars = sum(map(len, texts))
    print(f"{n} articles, {chars / n:,.0f} characters on average, best of {a.repeat} runs, one core")
    print(f"bare spaCy pass ({ex.model}): {n / tb:8.1f} articles/s")
    print(f"whole extractor             : {n / tf:8.1f} articles/s")
    ratio = tf / tb
    print(f"extractor / bare pass       : {ratio:8.2f}x  (target <= {TARGET}x)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
