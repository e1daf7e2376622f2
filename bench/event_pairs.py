#!/usr/bin/env python3
"""Event identity (model/event_identity.py) on labelled pairs of event reports.

    python bench/event_pairs.py [PAIRS.jsonl]

The pairs (bench/data/event_pairs.jsonl, written for the project) hold the same attack told
differently (granularity of type, dates either side of midnight, a site or only its district,
revised tolls, an undated follow-up) and different events that look alike (two sites of one
district on one day, one site on two days, a blast and a shooting, an attack and the
operation after it). Targets: precision >= 0.95 and recall >= 0.85 on "same".
Exit status 1 below a target. Every wrong answer is printed with the pair's note.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from militant_monitor.model.event_identity import same_event  # noqa: E402

PRECISION, RECALL = 0.95, 0.85


def measure(path: Path) -> dict:
    tp = fp = fn = tn = 0
    wrong = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        pair = json.loads(line)
        said = same_event(pair["a"], pair["b"]) and same_event(pair["b"], pair["a"])
        if said and pair["same"]:
            tp += 1
        elif said:
            fp += 1
            wrong.append(("joined", pair["note"]))
        elif pair["same"]:
            fn += 1
            wrong.append(("kept apart", pair["note"]))
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"pairs": tp + fp + fn + tn, "precision": p, "recall": r, "wrong": wrong}


def main(argv=None) -> int:
    path = Path(argv[0]) if argv else ROOT / "bench" / "data" / "event_pairs.jsonl"
    m = measure(path)
    print(f"{m['pairs']} pairs: precision {m['precision']:.3f} (target {PRECISION}), recall {m['recall']:.3f} (target {RECALL})")
    for what, note in m["wrong"]:
        print(f"  wrongly {what}: {note}")
    return 0 if m["precision"] >= PRECISION and m["recall"] >= RECALL else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
