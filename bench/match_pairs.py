"""Matching logics measured on labelled name pairs (tests/corpus/name_pairs.jsonl).

    python bench/match_pairs.py [--logic logic_v1]

Each pair has two names with context (group, place, year) and whether they are the
same entity. Prints precision, recall and F1 of each versioned logic at its threshold.
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


def profile(side: dict, kind: str, n: int) -> Profile:
    p = Profile(f"{kind}:{n}", kind, f"doc{n}")
    p.names = {side["name"], *side.get("aliases", [])}
    if side.get("group"):
        p.groups = {group_key(side["group"])}
    if side.get("place"):
        p.places = place_words(side["place"])
    if side.get("year"):
        p.years = {int(str(side["year"])[:4])}
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
    ap.add_argument("--errors", action="store_true")
    a = ap.parse_args(argv)
    for logic in a.logic or list(MATCHERS):
        m = measure(logic)
        print(f"{logic}: {m['pairs']} pairs, precision {m['precision']:.3f}, recall {m['recall']:.3f}, F1 {m['f1']:.3f}")
        if a.errors:
            for kind, pair in m["errors"]:
                print(f"  {kind}: {pair['a']['name']!r} / {pair['b']['name']!r}  ({pair.get('note', '')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
