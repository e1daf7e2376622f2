"""Matching logics measured on labelled name pairs.

    python bench/match_pairs.py [--logic logic_v1] [--pairs real|fictional|PATH] [--errors]

Two sets: ``fictional`` (tests/corpus/name_pairs.jsonl, the invented corpus) and ``real``
(bench/pairs_real.jsonl, the people of the real dev articles, built by
bench/build_pairs_real.py). Each pair has two names with context (group(s), place(s),
year, aliases, fates) and whether they are the same entity. Prints precision, recall and
F1 of each versioned logic at its threshold.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from militant_monitor.resolve.matching import MATCHERS, Profile, group_key, place_words  # noqa: E402

PAIRS = ROOT / "tests" / "corpus" / "name_pairs.jsonl"
SETS = {"fictional": PAIRS, "real": ROOT / "bench" / "pairs_real.jsonl"}


def profile(side: dict, kind: str, n: int) -> Profile:
    p = Profile(f"{kind}:{n}", kind, f"doc{n}")
    p.aliases = set(side.get("aliases", []))
    p.names = {side["name"], *p.aliases}
    p.groups = {group_key(g) for g in [side.get("group"), *side.get("groups", [])] if g}
    for place in [side.get("place"), *side.get("places", [])]:
        p.places |= place_words(place) if place else set()
    if side.get("year"):
        p.years = {int(str(side["year"])[:4])}
    p.fates = {tuple(f) for f in side.get("fates", [])}
    return p


def measure(logic: str, path: Path = PAIRS) -> dict:
    compare, threshold = MATCHERS[logic]
    tp = fp = fn = tn = 0
    errors = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        pair = json.loads(line)
        kind = pair.get("kind", "person")
        a, b = profile(pair["a"], kind, 2 * n), profile(pair["b"], kind, 2 * n + 1)
        said = compare(a, b) >= threshold
        if said and pair["same"]:
            tp += 1
        elif said:
            fp += 1
            errors.append(("false merge", pair))
        elif pair["same"]:
            fn += 1
            errors.append(("missed", pair))
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"logic": logic, "pairs": tp + fp + fn + tn, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0, "errors": errors}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--logic", action="append")
    ap.add_argument("--pairs", default="fictional", help="real, fictional or a path to a .jsonl file")
    ap.add_argument("--errors", action="store_true")
    a = ap.parse_args(argv)
    path = SETS.get(a.pairs) or Path(a.pairs)
    for logic in a.logic or list(MATCHERS):
        m = measure(logic, path)
        print(f"{logic}: {m['pairs']} pairs, precision {m['precision']:.3f}, recall {m['recall']:.3f}, F1 {m['f1']:.3f}")
        if a.errors:
            for kind, pair in m["errors"]:
                print(f"  {kind}: {pair['a']['name']!r} / {pair['b']['name']!r}  ({pair.get('note', '')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
