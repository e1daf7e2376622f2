"""Work in proportion to the change (issue 12): what adding 10 documents, a merge, a split
and a forget cost on a store of N generated documents, and whether the results equal a full
rebuild.

    python bench/incremental.py [--docs 20000] [--leaders N] [--db PATH] [--seed 7]

1. Generates a store of N documents of statements, without the extractor: each document
   names 2 to 4 of ``--leaders`` made-up men (a full name, or the man's one-word alias,
   with his group and home district; now and then a death), one registry group, and 1
   or 2 events (type, date, place, toll, perpetrator), written in bulk as ``Store.save``
   writes them.
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
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST = ("Abdul Akhtar Amir Asad Aslam Bashir Daud Fazal Gul Habib Hafiz Hakim Hamid Haroon Hayat Ibrahim Ilyas "
         "Imran Ismail Jalal Jamil Kamran Karim Khalid Latif Majid Matiullah Mansoor Mukhtar Naeem Najib Nasir Noor "
         "Obaid Qasim Rafiq Rashid Sadiq Saeed Salman Shafiq Shahid Sharif Sultan Tariq Usman Wali Waqas Yaqub "
         "Zafar Zahid Zakir Zubair Asmatullah Hikmatullah Inamullah Saifullah Rahimullah Ehsanullah Najibullah").split()
LAST = ("Afridi Bangash Bhittani Burki Daur Durrani Ghilzai Jadoon Kakar Khattak Marwat Mehsud Mohmand Orakzai "
        "Shinwari Swati Tarkani Wazir Yousafzai Achakzai Bugti Marri Mengal Zehri Raisani Sherani Mandokhel "
        "Kasi Kundi Gandapur Turi Safi Salarzai Utmankhel Tanoli Awan Niazi Mamund Hotak Tarin "
        "Popalzai Alikozai Barakzai Nurzai Ishaqzai Alizai Kharoti Zadran Mangal Jaji Ahmadzai Sulemankhel").split()
HEAD = "Zar Toof Sham Qas Ghaz Tay Faat Muj Azz Saq Tal Baz Dil Sher Nur Sar Bab Zal Raz Daw Naw Kar Saf Wah".split()
TAIL = "rar an sheer war een ib ha dar gai yar ak oon ul ud".split()
END = ["", "i", "a", "o", "u", "e", "y", "ia", "ai", "am"]
TYPES = ["bombing", "suicide_bombing", "armed_assault", "targeted_killing", "attack", "clash", "arrest"]


def leaders(n: int, rng: random.Random, groups: list, districts: list) -> list[dict]:
    """``n`` made-up men: a full name, a one-word alias, a group and a home district each.
    Up to 3,750 men each have an alias of their own; beyond, aliases repeat (namesakes)."""
    names = sorted({f"{f} {last}" for f in FIRST for last in LAST})
    aliases = sorted({h + t + e for h in HEAD for t in TAIL for e in END})
    rng.shuffle(names)
    rng.shuffle(aliases)
    return [{"name": names[i % len(names)], "alias": aliases[i % len(aliases)], "group": rng.choice(groups),
             "place": rng.choice(districts)} for i in range(n)]


def document(i: int, rng: random.Random, men: list[dict], groups: list, districts: list, tag: str = "doc"):
    """One generated document and its statements (as the extractor would give them)."""
    from militant_monitor.extract.pipeline import slug
    from militant_monitor.model.document import Document
    from militant_monitor.model.statement import Statement
    day = f"20{18 + i % 7}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    d = Document(text=f"Generated {tag} {i} {rng.random()}: a bulletin.", published=day, title=f"Bulletin {i}")
    sts = []
    group = rng.choice(groups)
    gid = "group:" + slug(group.name)
    sts.append(Statement(gid, "group", "name", rng.choice([group.name, *group.aliases]), d.id, extractor="bench"))
    for k, man in enumerate(rng.sample(men, rng.randint(2, 4))):
        pid = f"person:{d.id}:p{k}"
        sts.append(Statement(pid, "person", "name", man["name"] if rng.random() < 0.7 else man["alias"], d.id,
                             extractor="bench"))
        if rng.random() < 0.4:
            sts.append(Statement(pid, "person", "alias", man["alias"], d.id, extractor="bench"))
        sts.append(Statement(pid, "person", "affiliation", {"group": man["group"].name, "relation": "commander"},
                             d.id, extractor="bench"))
        sts.append(Statement(pid, "person", "origin", man["place"], d.id, extractor="bench"))
        if rng.random() < 0.03:
            sts.append(Statement(pid, "person", "status", {"state": "killed", "date": day}, d.id, extractor="bench"))
    for k in range(rng.randint(1, 2)):
        eid = f"event:{d.id}:e{k}"
        place = rng.choice(districts)
        for prop, value in (("type", rng.choice(TYPES)), ("date", day), ("place", {"name": place, "district": place}),
                            ("killed", rng.randint(0, 12)), ("perpetrators", [rng.choice(groups).name])):
            sts.append(Statement(eid, "event", prop, value, d.id, extractor="bench"))
    sts.append(Statement(f"person:{d.id}:p0", "person", "event", f"event:{d.id}:e0", d.id, extractor="bench"))
    return d, sts


def bulk_save(store, batch) -> None:
    """Write documents and statements as ``Store.save`` does, many per transaction."""
    from militant_monitor.model.document import content_hash
    from militant_monitor.model.names import key as name_key
    from militant_monitor.store import relation_refs, schema
    now = "2026-01-01T00:00:00+00:00"
    docs, rows = [], []
    for d, sts in batch:
        docs.append({"id": d.id, "content_hash": content_hash(d.text), "title": d.title, "published": d.published,
                     "text": d.text, "extractor": "bench", "ingested_at": now})
        for s in {s.id: s for s in sts}.values():
            rows.append({"id": s.id, "entity_id": s.entity_id, "entity_type": s.entity_type, "prop": s.prop,
                         "value": s.value_json, "value_key": name_key(s.value) if s.prop in ("name", "alias") else None,
                         "doc_id": s.doc_id, "extractor": "bench", "confidence": 1.0, "first_seen": now})
    with store.engine.begin() as c:
        c.execute(schema.documents.insert(), docs)
        c.execute(schema.statements.insert(), rows)
        relation_refs.refresh(c, [d.id for d, _ in batch])


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
    from militant_monitor import data
    from militant_monitor.query.events import Filters, cluster, event_table, load_events
    from militant_monitor.query.profile import profile
    from militant_monitor.resolve import decisions, event_clusters, resolve
    from militant_monitor.store import Store
    rng = random.Random(a.seed)
    groups = data.groups()[:12]
    districts = sorted({p.name for p in data.places() if p.kind == "district"})[:150]
    men = leaders(a.leaders or max(200, a.docs // 8), rng, groups, districts)
    tmp = tempfile.TemporaryDirectory()
    store = Store(a.db or str(Path(tmp.name) / "bench.db"))
    res: dict = {}

    def build():
        batch = []
        for i in range(a.docs):
            batch.append(document(i, rng, men, groups, districts))
            if len(batch) == 1000:
                bulk_save(store, batch)
                batch = []
        if batch:
            bulk_save(store, batch)
    timed(f"generate and store {a.docs} documents", build, res)
    print(store.counts(), flush=True)
    timed("full resolution (mmon resolve)", lambda: resolve(store, full=True), res)
    timed("full event clustering", lambda: event_clusters.update(store, full=True), res)

    new = [document(a.docs + i, rng, men, groups, districts, tag="new") for i in range(10)]
    timed("store 10 new documents (Store.save)", lambda: [store.save(d, {"document": {
        "published": d.published, "title": d.title}}, sts, "bench") for d, sts in new], res)
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
    group = groups[0].name
    rows = timed(f"events query (--group {group[:20]})", lambda: event_table(store, Filters(group=group)), res)
    print(f"    {len(rows)} events", flush=True)
    man = men[len(men) // 2]["name"]
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
