"""Cross-document resolution of the dev articles' people, as if extraction were perfect:
the gold fact sheets' people (names, aliases, groups, fates) go into a fresh store, the
resolver clusters them, and the clusters are scored pair by pair against the identities
of ``build_pairs_real.SAME`` (one man across articles) - every other two are two men.

    python bench/resolve_real.py [GOLD_DIR] [--logic logic_v3]

Prints pair precision and recall of the clusters and every wrong or missed join.
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_pairs_real import GOLD, UNSURE, identity  # noqa: E402

from militant_monitor.model.document import Document  # noqa: E402
from militant_monitor.model.statement import Statement  # noqa: E402
from militant_monitor.resolve import resolve  # noqa: E402
from militant_monitor.resolve.matching import DEFAULT  # noqa: E402
from militant_monitor.store import Store  # noqa: E402


def person_statements(doc: Document, person: dict) -> list[Statement]:
    """The statements an extractor that read the article perfectly would make of one man."""
    pid = f"person:{doc.id}:" + re.sub(r"[^a-z0-9]+", "-", person["name"].lower()).strip("-")
    out = [Statement(pid, "person", "name", person["name"], doc.id)]
    out += [Statement(pid, "person", "alias", a, doc.id) for a in person.get("aliases") or []]
    out += [Statement(pid, "person", "affiliation", a, doc.id) for a in person.get("affiliations") or []]
    if person.get("status"):
        out.append(Statement(pid, "person", "status", person["status"], doc.id))
    if person.get("origin"):
        out.append(Statement(pid, "person", "origin", person["origin"], doc.id))
    return out


def load(store: Store, gold_dir: Path) -> dict:
    """Every gold person into ``store``; entity id -> (article, gold name)."""
    who = {}
    for f in sorted(gold_dir.glob("*/gold.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        meta = gold.get("document") or {}
        doc = Document(text=(f.parent / "article.txt").read_text(encoding="utf-8"), published=meta.get("published"),
                       source_path=str(f.parent / "article.txt"))
        statements = []
        for p in gold.get("people") or []:
            st = person_statements(doc, p)
            who[st[0].entity_id] = (f.parent.name, p["name"])
            statements += st
        store.save(doc, {"document": meta}, statements, "gold")
    return who


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(GOLD))
    ap.add_argument("--logic", default=DEFAULT)
    a = ap.parse_args(argv)
    store = Store(str(Path(tempfile.mkdtemp()) / "kb.db"))
    who = load(store, Path(a.gold))
    res = resolve(store, a.logic, write=False)
    tp = fp = fn = 0
    for x, y in itertools.combinations(sorted(who), 2):
        ka, kb = who[x], who[y]
        if any(ka in g and kb in g for g in UNSURE):
            continue
        same = identity({"article": ka[0], "name": ka[1]}) == identity({"article": kb[0], "name": kb[1]})
        joined = res.canonical[x] == res.canonical[y]
        tp += same and joined
        fp += joined and not same
        fn += same and not joined
        if joined != same:
            print(f"  {'wrong join' if joined else 'missed'}: {ka} / {kb}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(f"{a.logic}: {len(who)} people, pairs joined right {tp}, wrong {fp}, missed {fn}; "
          f"precision {p:.3f}, recall {r:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
