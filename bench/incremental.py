"""Work in proportion to the change (issue 12): what adding 10 documents, a merge, a split
and a forget cost on a store of N generated documents, and whether the results equal a full
rebuild.

    python bench/incremental.py [--docs 20000] [--leaders N] [--db PATH] [--seed 7]

1. Generates a store of N documents of statements, without the extractor
   (``bench/generate.py``: bulletins about 1 or 2 attacks by 2 or 3 of ``--leaders``
   made-up men), written through ``Store.save_many``.
2. Builds resolution and the event clusters in full (timed: the full rebuild).
3. Times, each once: storing 10 new documents and bringing resolution and the event
   clusters up to date (the cost beyond extraction); a merge, a split, an undo and a
   forget (``resolve.decisions``, as ``mmon merge|split|judgements --undo|forget``); an
   events query (``mmon events --group``) and a profile (``mmon profile``).
4. Checks that the stored resolution and event clusters equal a full rebuild.

Not run by the test suite. Targets: 10 documents < 2 s; a merge, split or forget < 1 s.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

def timed(label: str, fn, results: dict):
    """Run ``fn`` and print its wall time and, beside it, the CPU time this process spent (on
    a machine shared with other work the wall time also counts the waits for a core)."""
    t, cpu = time.perf_counter(), time.process_time()
    out = fn()
    results[label] = time.perf_counter() - t
    results[label + " (cpu)"] = time.process_time() - cpu
    print(f"{label:<44} {results[label]:8.3f} s  (cpu {results[label + ' (cpu)']:.3f} s)", flush=True)
    return out


def partition(mapping: dict) -> set:
    by: dict = {}
    for e, cid in mapping.items():
        by.setdefault(cid, set()).add(e)
    return {frozenset(v) for v in by.values()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--leaders", type=int, default=0, help="made-up men (default: docs / 8)")
    ap.add_argument("--db", default="", help="store path (default: a temporary folder)")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    from bench import generate
    from militant_monitor.query.events import Filters, cluster, event_table, load_events
    from militant_monitor.query.profile import profile
    from militant_monitor.resolve import decisions, event_clusters, resolve
    from militant_monitor.store import Store
    gen = generate.cast(a.docs, a.seed, a.leaders)
    tmp = tempfile.TemporaryDirectory()
    store = Store(a.db or str(Path(tmp.name) / "bench.db"))
    res: dict = {}

    def build():
        generate.write(store, gen, 0, a.docs)
    timed(f"generate and store {a.docs} documents", build, res)
    print(store.counts(), flush=True)
    timed("full resolution (mmon resolve)", lambda: resolve(store, full=True), res)
    timed("full event clustering", lambda: event_clusters.update(store, full=True), res)

    new = list(generate.documents(gen, a.docs, 10))
    timed("store 10 new documents (Store.save)", lambda: [store.save(d, sheet, sts, generate.EXTRACTOR)
                                                          for d, sheet, sts in new], res)
    r = timed("  resolve them (incremental)", lambda: resolve(store), res)
    print(f"    re-resolved {len(r.touched or ())} of {len(r.canonical)} entities", flush=True)
    ev = timed("  cluster their events (incremental)", lambda: event_clusters.update(store), res)
    print(f"    re-clustered {ev['reports']} reports", flush=True)
    steps = ("store 10 new documents (Store.save)", "  resolve them (incremental)", "  cluster their events (incremental)")
    res["add 10 documents beyond extraction"] = sum(res[k] for k in steps)
    cpu = sum(res[k + " (cpu)"] for k in steps)
    print(f"{'= add 10 documents beyond extraction':<44} {res['add 10 documents beyond extraction']:8.3f} s  (cpu {cpu:.3f} s)")

    members = r.members
    people = sorted((cid for cid, ms in members.items() if cid.startswith("P-") and len(ms) > 2),
                    key=lambda c: (len(members[c]), c))
    a_id, b_id = people[len(people) // 2], people[len(people) // 3]
    merged = timed("merge two people (mmon merge)", lambda: decisions.merge(store, a_id, b_id), res)
    print(f"    {merged['message']}", flush=True)
    big = merged["canonical"]
    timed("split one member off (mmon split)",
          lambda: decisions.split(store, big, [sorted(resolve(store).members[big])[0]]), res)
    timed("undo the merge (mmon judgements --undo)", lambda: decisions.undo(store, merged["judgement"]), res)
    timed("forget a document (mmon forget)", lambda: decisions.forget(store, new[0][0].id), res)
    timed("  its events (incremental)", lambda: event_clusters.update(store), res)
    group = gen.groups[0].name
    rows = timed(f"events query (--group {group[:20]})", lambda: event_table(store, Filters(group=group)), res)
    print(f"    {len(rows)} events", flush=True)
    man = gen.men[len(gen.men) // 2]["name"]
    p = timed(f"profile ({man})", lambda: profile(store, man), res)
    print(f"    {p['id']}: {len(p['sources'])} sources, {len(p['events'])} events", flush=True)

    ok_r = partition(resolve(store).canonical) == partition(resolve(store, write=False).canonical)
    stored = event_clusters.stored(store)
    ok_e = partition(stored) == partition({e["id"]: i for i, g in enumerate(cluster(load_events(store))) for e in g})
    print(f"resolution equals a full rebuild: {ok_r}; event clusters equal a full rebuild: {ok_e}")
    store.close()
    tmp.cleanup()
    return 0 if ok_r and ok_e else 1


if __name__ == "__main__":
    sys.exit(main())
