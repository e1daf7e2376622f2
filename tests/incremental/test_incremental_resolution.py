"""Incremental resolution: after random adds, forgets, merges, splits and undos, the stored
clusters equal a full resolution, ids included, and a run re-resolves only what a change touches."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "resolve"))
from kb_support import LEJ, TTP, add_doc  # noqa: E402

from militant_monitor.resolve import decisions, resolve  # noqa: E402
from militant_monitor.resolve.ids import current_id  # noqa: E402
from militant_monitor.store import Store, schema  # noqa: E402
from militant_monitor.store.store import forget  # noqa: E402

PEOPLE = [("Zarmak Gul Baitani", TTP), ("Zarmak", TTP), ("Hamid Shah Orakzai", TTP), ("Hamid Shah", LEJ),
          ("Saifullah Tarkani", TTP), ("Saifullah Tarkani", LEJ), ("Saifullah", TTP), ("Qari Noor Wazir", None),
          ("Noor Wazir", TTP), ("Muhammad Khan", LEJ), ("Muhammad Rafiq Khan", LEJ), ("Rafiq", None)]


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "kb.db"))
    yield s
    s.close()


def stored(store) -> dict[str, str]:
    r = schema.resolved.c
    with store.engine.connect() as c:
        return {row.entity_id: row.canonical_id for row in c.execute(schema.resolved.select())} if r else {}


def partition(mapping: dict[str, str]) -> set[frozenset]:
    by: dict = {}
    for e, cid in mapping.items():
        by.setdefault(cid, set()).add(e)
    return {frozenset(v) for v in by.values()}


def random_doc(store, rng: random.Random, i: int) -> str:
    people = [(f"p{k}", *rng.choice(PEOPLE)) for k in range(rng.randint(1, 3))]
    people = [(slug, name, group, None, rng.choice(["Bajaur", "Quetta", None])) for slug, name, group in people]
    return add_doc(store, f"Invented report {i} {rng.random()}", f"{rng.choice([2021, 2022])}-0{rng.randint(1, 9)}-1{i % 9}",
                   people)


def test_random_changes_equal_a_full_resolution(store):
    rng = random.Random(5)
    docs = [random_doc(store, rng, i) for i in range(6)]
    resolve(store, full=True)
    judgements: list[int] = []
    for step in range(45):
        roll = rng.random()
        if roll < 0.45 or len(docs) < 4:
            docs.append(random_doc(store, rng, 100 + step))
            resolve(store)
        elif roll < 0.6:
            forget(store, docs.pop(rng.randrange(len(docs))))
            resolve(store)
        elif roll < 0.75:
            ids = sorted(set(stored(store).values()))
            a, b = rng.sample(ids, 2)
            out = decisions.merge(store, a, b)
            if out.get("judgement"):
                judgements.append(out["judgement"])
        elif roll < 0.9:
            multi = [cid for cid in set(stored(store).values()) if list(stored(store).values()).count(cid) > 1]
            if multi:
                cid = rng.choice(sorted(multi))
                members = sorted(e for e, c in stored(store).items() if c == cid)
                out = decisions.split(store, cid, [rng.choice(members)])
                judgements.extend(out["judgements"])
        elif judgements:
            try:
                decisions.undo(store, judgements.pop(rng.randrange(len(judgements))))
            except decisions.ActionError:
                pass
        now = stored(store)
        full = resolve(store, write=False)
        assert partition(now) == partition(full.canonical), step
    assert any(len(g) > 2 for g in partition(stored(store)))        # people were joined
    before = stored(store)
    resolve(store, full=True)                                        # a full run keeps every id
    assert stored(store) == before


def test_a_new_document_re_resolves_only_what_it_touches(store):
    rng = random.Random(9)
    for i in range(30):
        random_doc(store, rng, i)
    lone = add_doc(store, "Invented note on a man seen once.", "2022-01-01", [("x", "Dilawar Jan Yousafzai", None)])
    resolve(store, full=True)
    total = len(stored(store))
    res = resolve(store)
    assert res.touched == set() and len(res.canonical) == total      # nothing changed: nothing done
    add_doc(store, "Invented second note on him.", "2022-02-02", [("x", "Dilawar Jan Yousafzai", None)])
    res = resolve(store)
    assert res.touched is not None and len(res.touched) == 2         # the newcomer and the man it matched
    assert current_id(store, f"person:{lone}:x") in res.members and len(res.canonical) == total + 1
    assert partition(stored(store)) == partition(resolve(store, write=False).canonical)
