#!/usr/bin/env python3
"""Compare the extractor with gold on a folder of gold articles, fact by fact.

    python scripts/dev_diff.py [GOLD_DIR] [--only NAME ...] [--kind KIND ...] [--out DIR]

Extracts every article in one process, writes the fact sheets to --out (default
/tmp/mmon-dev-out), prints the per-kind table of ``shared/eval/score.py`` rules and, per
article, the facts of the chosen kinds that are missed (-) or spurious (+).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from militant_monitor.evaluate import Tally, score  # noqa: E402
from militant_monitor.extract.pipeline import Extractor  # noqa: E402
from militant_monitor.ingest import read_paths  # noqa: E402


def _people(sheet):
    out = {}
    for p in sheet.get("people") or []:
        st = p.get("status") or {}
        out[p["name"]] = {
            "aliases": sorted(p.get("aliases") or []),
            "affiliations": sorted({a["group"] for a in p.get("affiliations") or []}),
            "status": (st.get("state"), st.get("date")) if st else None,
            "bounties": [(b.get("amount"), b.get("currency")) for b in p.get("bounties") or []],
            "origin": p.get("origin"),
        }
    return out


def _events(sheet):
    rows = []
    for e in sheet.get("events") or []:
        pl = e.get("place") or {}
        place = "/".join(str(pl.get(k)) for k in ("name", "district", "province", "country") if pl.get(k))
        rows.append(f"{e.get('type'):<16} {str(e.get('date')):<10} {place:<30} k={e.get('killed')} i={e.get('injured')} "
                     f"perps={e.get('perpetrators')}")
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold_dir", nargs="?", default=str(ROOT.parent / "shared/eval/dev"))
    ap.add_argument("--only", nargs="*", default=None, help="article folder names")
    ap.add_argument("--out", default="/tmp/mmon-dev-out")
    ap.add_argument("--quiet", action="store_true", help="only the table")
    a = ap.parse_args(argv)
    ex = Extractor()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    total = Tally()
    for d in sorted(Path(a.gold_dir).iterdir()):
        if not (d / "gold.json").exists() or (a.only and d.name not in a.only):
            continue
        src = d / "article.txt" if (d / "article.txt").exists() else d / "article.html"
        doc = next(iter(read_paths([str(src)])))
        sheet = ex(doc)[0]
        (out / f"{d.name}.json").write_text(json.dumps(sheet, indent=1, ensure_ascii=False))
        gold = json.loads((d / "gold.json").read_text())
        one = score(gold, sheet)
        score(gold, sheet, total)
        if a.quiet:
            continue
        print(f"\n######## {d.name}  F1 {one.f1:.2f}")
        gp, sp = _people(gold), _people(sheet)
        print("-- people (gold | system)")
        for n in sorted(set(gp) | set(sp)):
            print(f"  {n}: {gp.get(n)}  |  {sp.get(n)}")
        print("-- gold events")
        print("\n".join("  " + r for r in _events(gold)))
        print("-- system events")
        print("\n".join("  " + r for r in _events(sheet)))
        print("-- sources gold", [(s['outlet'], s['date']) for s in gold.get('sources') or []],
              "system", [(s['outlet'], s['date']) for s in sheet.get('sources') or []])
    print(total.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
