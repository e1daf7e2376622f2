"""Scale (issue 14): ingest throughput, store write rate, peak memory and query latency by store size.

    python bench/scale.py [--sizes 1000,10000] [--big] [--pg URL] [--sample 40] [--repeat 20]
                          [--workers N] [--dask] [--json PATH]

One run reports:

1. Ingest: ``--sample`` invented articles (``bench/ingest_workers.article``) ingested
   for real into fresh SQLite stores on 1 worker and on ``--workers`` (default: all
   cores), in articles per second, with the speed-up and the efficiency ratio
   (speed-up / workers); ``--dask`` adds the same on a local Dask cluster
   (``--engine dask``, needs the ``cluster`` extra).
2. For each size (``--sizes``; ``--big`` adds 100,000 documents, about 3 million
   statements) and each backend (SQLite, and PostgreSQL with ``--pg URL`` or
   ``MMON_TEST_PG``), in a process of its own so that its peak memory is its own:
   a store of generated documents and statements (``bench/generate.py``, written
   through ``Store.save_many``, 500 documents a transaction: the bulk write rate),
   full resolution and event clustering, ``Store.save`` of 200 more documents one
   transaction each (the ingest write rate), the CPU per document of ``mmon ingest``
   beyond extraction (:func:`ingest_cost`: 200 more generated texts ingested for real,
   rules only, less the extractor's own CPU on them; ``--profile DIR`` keeps its
   cProfile statistics), then the first (cold) time and p50/p95
   of profile, search, events and graph, each on different subjects, ``--repeat``
   times (at most 30 s a query kind), against the 100 ms target: as ``mmon
   profile|search|events|graph`` run them (from the store), and events and graph as
   ``mmon serve`` runs them (over its whole-store results, ``serve.cache.Snapshot``,
   built once per state of the store: that build is timed too); and the peak RSS
   of that process.

A PostgreSQL database ``mmon_scale_<size>`` is created on the server for each size
and dropped after. Not run by the test suite; prints one line per figure.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MS = 100.0
QUERY_BUDGET_S = 30.0
SAVE_SAMPLE = 200


# ------------------------------------------------------------------ ingest throughput

def ingest_rate(sample: int, workers: int, dask: bool) -> dict:
    from bench.ingest_workers import article, snapshot
    from militant_monitor.extract.pipeline import Extractor
    from militant_monitor.ingest.runner import ingest_paths
    from militant_monitor.store import Store
    extractor = Extractor()
    out: dict = {"articles": sample, "extractor": extractor.version}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i in range(sample):
            (folder / f"{i:06}.txt").write_text(article(i), encoding="utf-8")
        runs = [("1 worker", 1, "local"), (f"{workers} workers", workers, "local")]
        if dask:
            runs.append((f"dask, {workers} workers", workers, "dask"))
        for label, n, engine in runs:
            db = Path(tmp) / f"{engine}-{n}.db"
            store = Store(str(db))
            try:
                t0 = time.perf_counter()
                report = ingest_paths(store, [str(folder)], extractor, workers=n, engine=engine)
                took = time.perf_counter() - t0
            finally:
                store.close()
            if report.failed or report.stored != sample:
                raise SystemExit(f"ingest ({label}) failed: {report.summary()}")
            out[label] = {"seconds": took, "per_s": sample / took, "same": snapshot(db) == snapshot(Path(tmp) / "local-1.db")}
            print(f"ingest {label:<18} {sample / took:7.2f} articles/s ({took:.1f} s)"
                  + ("" if n == 1 else f"; speed-up {out['1 worker']['seconds'] / took:.2f}, efficiency "
                                       f"{out['1 worker']['seconds'] / took / n:.2f}; store identical: {out[label]['same']}"),
                  flush=True)
    return out


# ------------------------------------------------------------------ one size, one backend (in a child process)

def pg_database(admin_url: str, name: str, drop: bool = False) -> str:
    """A fresh database ``name`` on the server at ``admin_url`` (dropped with ``drop``); its URL."""
    from sqlalchemy import create_engine, make_url
    url = admin_url.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not drop:
                c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _pct(times: list[float], q: float) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] * 1000


def timed_queries(fn, subjects: list, repeat: int) -> dict:
    """The first (cold) call, then p50/p95 of ``repeat`` calls over ``subjects`` in turn."""
    t0 = time.perf_counter()
    fn(subjects[-1])
    first = time.perf_counter() - t0
    times: list[float] = []
    spent = time.perf_counter()
    for subject in (subjects * repeat)[:repeat]:
        t0 = time.perf_counter()
        fn(subject)
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - spent > QUERY_BUDGET_S and len(times) >= 5:
            break
    return {"n": len(times), "first_ms": first * 1000, "p50_ms": _pct(times, 0.5), "p95_ms": _pct(times, 0.95),
            "mean_ms": statistics.mean(times) * 1000}


def ingest_cost(store, gen, start: int, n: int, profile_to: str = "") -> dict:
    """CPU seconds per document of ``mmon ingest``'s path beyond extraction at the store's size:
    ``n`` more generated documents, as text files, ingested for real (rules-only extractor, one
    worker: reading, duplicate checks, ``Store.save``, resolution and event clustering of what
    they touch), less the CPU the extractor alone spends on the same texts. ``profile_to``:
    write the run's cProfile statistics there."""
    import cProfile
    from bench import generate
    from militant_monitor.extract.pipeline import Extractor
    from militant_monitor.ingest.runner import ingest_paths
    extractor = Extractor(use_model=False)
    docs = [d for d, _, _ in generate.documents(gen, start, n)]
    with tempfile.TemporaryDirectory() as tmp:
        for k, d in enumerate(docs):
            Path(tmp, f"{k:05}.txt").write_text(d.text, encoding="utf-8")
        cpu = time.process_time()
        for d in docs:
            extractor(d)
        extraction = time.process_time() - cpu
        prof = cProfile.Profile() if profile_to else None
        cpu, wall = time.process_time(), time.perf_counter()
        if prof:
            prof.enable()
        report = ingest_paths(store, [tmp], extractor, workers=1)
        if prof:
            prof.disable()
            prof.dump_stats(profile_to)
        total, took = time.process_time() - cpu, time.perf_counter() - wall
    return {"documents": n, "stored": report.stored, "seconds": took, "cpu_s": total, "extraction_cpu_s": extraction,
            "beyond_extraction_cpu_per_doc_ms": (total - extraction) / n * 1000}


def _progress(out: dict) -> None:
    """The figures so far, on stderr (a long run stopped early still shows them)."""
    print(json.dumps(out), file=sys.stderr, flush=True)


def one_size(size: int, db_url: str, repeat: int, seed: int = 7, profile_to: str = "") -> dict:
    from bench import generate
    from militant_monitor.query.events import Filters, event_table
    from militant_monitor.query.graph import around
    from militant_monitor.query.profile import profile
    from militant_monitor.query.search import search
    from militant_monitor.resolve import event_clusters, resolve
    from militant_monitor.serve.cache import Snapshot
    from militant_monitor.store import Store
    gen = generate.cast(size, seed)
    rng = gen.rng
    store = Store(db_url)
    out: dict = {"size": size, "backend": store.engine.dialect.name}
    try:
        t0, cpu = time.perf_counter(), time.process_time()
        written = generate.write(store, gen, 0, size, progress=True)
        took = time.perf_counter() - t0
        out["statements"] = written
        out["bulk"] = {"seconds": took, "cpu_s": time.process_time() - cpu, "statements_per_s": written / took,
                       "documents_per_s": size / took}
        t0, cpu = time.perf_counter(), time.process_time()
        res = resolve(store, full=True)
        event_clusters.update(store, full=True)
        out["resolve_s"], out["resolve_cpu_s"] = time.perf_counter() - t0, time.process_time() - cpu
        _progress(out)
        new = list(generate.documents(gen, size, SAVE_SAMPLE))
        t0 = time.perf_counter()
        for d, sheet, sts in new:
            store.save(d, sheet, sts, generate.EXTRACTOR)
        took = time.perf_counter() - t0
        n_st = sum(len({s.id for s in sts}) for _, _, sts in new)
        out["save"] = {"documents_per_s": SAVE_SAMPLE / took, "statements_per_s": n_st / took}
        t0 = time.perf_counter()
        resolve(store)
        event_clusters.update(store)
        out["catch_up_s"] = time.perf_counter() - t0
        out["ingest"] = ingest_cost(store, gen, size + SAVE_SAMPLE, SAVE_SAMPLE, profile_to)
        _progress(out)

        # subjects: the most documented people (the worst case) and people at random
        people = sorted((c for c in res.members if c.startswith("P-")), key=lambda c: (-len(res.members[c]), c))
        top = people[: repeat // 2]
        subjects = top + rng.sample(people[len(top):], min(len(people) - len(top), repeat - len(top)))
        words = [m["name"].split()[-1] if k % 2 else m["alias"] for k, m in enumerate(rng.sample(gen.men, repeat))]
        names = [g.name for g in gen.groups]
        snap = Snapshot(store)
        t0 = time.perf_counter()
        snap.graph()
        out["server_warm_s"] = time.perf_counter() - t0
        out["queries"] = {
            "profile": timed_queries(lambda c: profile(store, c), subjects, repeat),
            "search": timed_queries(lambda w: search(store, w), words, repeat),
            # as mmon events|graph run them: from the store, each call
            "events": timed_queries(lambda g: event_table(store, Filters(group=g)), names, repeat),
            "graph": timed_queries(lambda c: around(store, c), subjects, repeat),
            # as mmon serve runs them: over the whole-store results kept until the store changes
            "events (serve)": timed_queries(lambda g: event_table(store, Filters(group=g), rows=snap.events()),
                                            names, repeat),
            "graph (serve)": timed_queries(lambda c: around(store, c, g=snap.graph()), subjects, repeat),
        }
        out["counts"] = store.counts()
    finally:
        store.close()
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_child(size: int, backend: str, pg: str | None, repeat: int, profile_dir: str = "") -> dict:
    """:func:`one_size` in a process of its own (its peak memory is its own)."""
    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "scale.db") if backend == "sqlite" else pg_database(pg or "", f"mmon_scale_{size}")
        try:
            prof = str(Path(profile_dir, f"ingest-{backend}-{size}.prof")) if profile_dir else ""
            proc = subprocess.run([sys.executable, __file__, "--child", str(size), "--db", url, "--repeat", str(repeat),
                                   "--profile", prof], stdout=subprocess.PIPE, text=True)
        finally:
            if backend != "sqlite":
                pg_database(pg or "", f"mmon_scale_{size}", drop=True)
    if proc.returncode != 0:
        raise SystemExit(f"size {size} on {backend} failed (its error above)")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def show(r: dict) -> None:
    b = r["backend"]
    print(f"{b:<10} {r['size']:>7} docs, {r['statements']:>9,} statements: bulk write {r['bulk']['statements_per_s']:,.0f} "
          f"statements/s; Store.save {r['save']['documents_per_s']:.1f} docs/s ({r['save']['statements_per_s']:,.0f} "
          f"statements/s); full resolve + clusters {r['resolve_s']:.1f} s; catch-up after {SAVE_SAMPLE} docs "
          f"{r['catch_up_s']:.1f} s; serve's whole-store results (events, graph) {r['server_warm_s']:.1f} s; "
          f"peak RSS {r['peak_rss_mb']:.0f} MB", flush=True)
    i = r["ingest"]
    print(f"{'':<10} ingest of {i['documents']} more ({i['stored']} stored, rules only, 1 worker): "
          f"{i['cpu_s']:.1f} CPU s, extraction {i['extraction_cpu_s']:.1f}: beyond extraction "
          f"{i['beyond_extraction_cpu_per_doc_ms']:.1f} CPU ms a document", flush=True)
    for q, t in r["queries"].items():
        flag = "" if t["p95_ms"] < TARGET_MS else f"  OVER {TARGET_MS:.0f} ms"
        print(f"{'':<10} {q:<15} first {t['first_ms']:8.1f} ms  p50 {t['p50_ms']:8.1f} ms  p95 {t['p95_ms']:8.1f} ms "
              f"(n={t['n']}){flag}", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--big", action="store_true", help="add 100,000 documents (about 1.9 million statements)")
    ap.add_argument("--pg", default=os.environ.get("MMON_TEST_PG"), help="PostgreSQL server (default: $MMON_TEST_PG)")
    ap.add_argument("--sample", type=int, default=40, help="articles ingested for real (0: skip)")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--workers", type=int, default=0, help="default: all cores")
    ap.add_argument("--dask", action="store_true", help="also ingest on a local Dask cluster")
    ap.add_argument("--json", default="", help="write every figure to this file")
    ap.add_argument("--profile", default="", help="a folder for the cProfile statistics of each size's ingest")
    ap.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--db", default="", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(one_size(a.child, a.db, a.repeat, profile_to=a.profile)))
        return 0
    from militant_monitor.ingest.parallel import default_workers
    workers = a.workers or default_workers()
    load = os.getloadavg()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs ({default_workers()} usable), "
          f"load {load[0]:.1f}; Python {platform.python_version()}", flush=True)
    results: dict = {"machine": {"cpus": os.cpu_count(), "usable": default_workers(), "load": load}, "sizes": []}
    if a.sample:
        results["ingest"] = ingest_rate(a.sample, workers, a.dask)
    if a.profile:
        Path(a.profile).mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in a.sizes.split(",") if s] + ([100_000] if a.big else [])
    backends = ["sqlite"] + (["postgresql"] if a.pg else [])
    slow = []
    for size in sizes:
        for backend in backends:
            r = run_child(size, backend, a.pg, a.repeat, a.profile)
            show(r)
            results["sizes"].append(r)
            slow += [f"{q} ({backend}, {size})" for q, t in r["queries"].items() if t["p95_ms"] >= TARGET_MS]
    print(f"p95 over {TARGET_MS:.0f} ms: {', '.join(slow) if slow else 'none'}")
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
