#!/usr/bin/env python3
"""Check the extractor's scores against the pinned floors in bench/eval_floors.json.

Each key of the floors file is a gold set, relative to the repository root:

* a folder of ``<name>/article.txt`` (or ``.html``) + ``<name>/gold.json``, scored as a whole;
* one article's own folder (it holds ``gold.json`` itself, like ``../shared/eval/dev/seed``),
  scored on that article alone (its tally is taken from the evaluation of its parent folder).

For every gold set that exists the per-kind table is printed; sets that are not here
(``../shared`` outside the workspace) are skipped. The exit status is 1 when any overall
F1 is below its floor (or a set that exists holds no gold articles), else 0.

    python bench/eval_gate.py [--floors FILE] [--no-model]
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "bench" / "eval_floors.json"
if str(ROOT) not in sys.path:      # run from a checkout without installing
    sys.path.insert(0, str(ROOT))


@dataclass
class Result:
    key: str             # the gold set as the floors file names it
    floor: float
    path: Path
    tally: object = None  # militant_monitor.evaluate.Tally; None when the set is not here
    articles: int = 0

    @property
    def present(self) -> bool:
        return self.path.exists()

    @property
    def f1(self) -> float | None:
        return self.tally.f1 if self.tally is not None and self.articles else None

    @property
    def ok(self) -> bool:
        if not self.present:
            return True
        return self.f1 is not None and self.f1 + 1e-9 >= self.floor


def read_floors(path: Path = FLOORS) -> dict[str, float]:
    return {k: float(v) for k, v in json.loads(Path(path).read_text(encoding="utf-8")).items()}


class Gate:
    """Evaluates gold sets, each folder once (a single article's set reuses its parent's run)."""

    def __init__(self, extractor=None):
        self.extractor = extractor
        self._runs: dict[Path, tuple] = {}

    def _extractor(self):
        if self.extractor is None:
            from militant_monitor.extract.pipeline import Extractor
            self.extractor = Extractor()
        return self.extractor

    def evaluate_dir(self, folder: Path):
        folder = folder.resolve()
        if folder not in self._runs:
            from militant_monitor.evaluate import evaluate
            self._runs[folder] = evaluate(folder, self._extractor())
        return self._runs[folder]

    def result(self, key: str, floor: float) -> Result:
        path = (ROOT / key)
        r = Result(key, floor, path)
        if not path.exists():
            return r
        if (path / "gold.json").exists():          # one article's own folder
            _, per = self.evaluate_dir(path.parent)
            tally = per.get(path.resolve().name)
            r.tally, r.articles = tally, (1 if tally is not None else 0)
        else:
            total, per = self.evaluate_dir(path)
            r.tally, r.articles = total, len(per)
        return r

    def run(self, floors: dict[str, float]) -> list[Result]:
        return [self.result(k, f) for k, f in floors.items()]


def render(r: Result) -> str:
    if not r.present:
        return f"== {r.key}: not here, skipped (floor {r.floor:.2f})"
    if not r.articles:
        return f"== {r.key}: no gold articles found - FAIL"
    verdict = "ok" if r.ok else "BELOW FLOOR"
    head = f"== {r.key} ({r.articles} article{'s' if r.articles != 1 else ''}, floor {r.floor:.2f}): {verdict}"
    return head + "\n" + r.tally.report()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--floors", default=str(FLOORS), help="floors file (default: bench/eval_floors.json)")
    ap.add_argument("--no-model", action="store_true", help="rules only, without the statistical model")
    args = ap.parse_args(argv)
    extractor = None
    if args.no_model:
        from militant_monitor.extract.pipeline import Extractor
        extractor = Extractor(use_model=False)
    results = Gate(extractor).run(read_floors(Path(args.floors)))
    for r in results:
        print(render(r))
        print()
    failed = [r for r in results if not r.ok]
    checked = [r for r in results if r.present]
    for r in failed:
        f1 = "none" if r.f1 is None else f"{r.f1:.3f}"
        print(f"FAIL {r.key}: F1 {f1} < floor {r.floor:.2f}")
    if not failed:
        print(f"ok: {len(checked)} gold set(s) at or above their floors, {len(results) - len(checked)} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
