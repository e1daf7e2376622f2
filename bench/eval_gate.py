#!/usr/bin/env python3
"""Check the extractor's scores against the floors pinned in bench/eval_floors.json.

Each key of the floors file is a gold set, relative to the repository root:

* a folder of ``<name>/article.txt`` (or ``.html``) + ``<name>/gold.json``, scored as a whole;
* one article's own folder (it holds ``gold.json`` itself, like ``../shared/eval/dev/seed``),
  scored on that article alone (its tally is taken from the evaluation of its parent folder).

Each set pins, for every kind of fact (and ``all``), a floor on F1 and a floor on precision,
and the digest of the gold files it was pinned on. A set whose gold changed since its floors
were pinned fails until the floors are pinned again (``--pin``): a floor is never compared
with scores on other gold, and never lowered silently.

For every gold set that exists the per-kind table is printed; sets that are not here
(``../shared`` outside the workspace) are skipped. The exit status is 1 when a score is
below its floor, a digest differs, or a set that exists holds no gold articles; else 0.

    python bench/eval_gate.py [--floors FILE] [--no-model] [--only KEY ...]
    python bench/eval_gate.py --pin [KEY ...] [--allow-lower]   # write the current scores as floors
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "bench" / "eval_floors.json"
if str(ROOT) not in sys.path:      # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

METRICS = ("f1", "precision")


def digest(path: Path) -> str:
    """sha256 of a gold set's gold files and articles (names and bytes), in name order."""
    h = hashlib.sha256()
    files = [path / "gold.json"] if (path / "gold.json").exists() else sorted(path.glob("*/gold.json"))
    for gold in files:
        for f in [gold, *sorted(gold.parent.glob("article.*"))]:
            h.update(str(f.relative_to(path)).encode() + b"\0" + f.read_bytes() + b"\0")
    return "sha256:" + h.hexdigest()


def read_floors(path: Path = FLOORS) -> dict[str, dict]:
    """Floors by gold set: {"digest", "f1": {kind: floor}, "precision": {kind: floor}}.
    A bare number (the older format) is a floor on the overall F1 with no digest."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return {k: (v if isinstance(v, dict) else {"f1": {"all": float(v)}}) for k, v in raw.items()}


@dataclass
class Result:
    key: str             # the gold set as the floors file names it
    floors: dict
    path: Path
    tally: object = None  # militant_monitor.evaluate.Tally; None when the set is not here
    articles: int = 0
    digest: str | None = None
    failures: list = field(default_factory=list)

    @property
    def present(self) -> bool:
        return self.path.exists()

    @property
    def f1(self) -> float | None:
        return self.tally.f1 if self.tally is not None and self.articles else None

    def scores(self) -> dict[str, dict[str, float]]:
        """{"f1": {kind: value}, "precision": {kind: value}} for every kind with gold or system facts."""
        out: dict[str, dict[str, float]] = {"f1": {}, "precision": {}}
        for kind, gold, system, p, r, f in self.tally.rows():
            if gold or system:
                out["f1"][kind], out["precision"][kind] = f, p
        return out

    def check(self) -> list[str]:
        if not self.present:
            return []
        if not self.articles:
            return ["no gold articles"]
        problems = []
        pinned = self.floors.get("digest")
        if pinned and pinned != self.digest:
            problems.append(f"gold changed since its floors were pinned ({pinned[:15]}... now {self.digest[:15]}...): "
                            f"re-pin with `python bench/eval_gate.py --pin {self.key}` in a commit of its own")
        scores = self.scores()
        for metric in METRICS:
            for kind, floor in (self.floors.get(metric) or {}).items():
                value = scores[metric].get(kind, 0.0)
                if value + 1e-9 < floor:
                    problems.append(f"{kind} {metric} {value:.3f} < floor {floor:.2f}")
        return problems

    @property
    def ok(self) -> bool:
        return not self.check()


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

    def result(self, key: str, floors) -> Result:
        if not isinstance(floors, dict):
            floors = {"f1": {"all": float(floors)}}
        path = (ROOT / key)
        r = Result(key, floors, path)
        if not path.exists():
            return r
        r.digest = digest(path)
        if (path / "gold.json").exists():          # one article's own folder
            _, per = self.evaluate_dir(path.parent)
            tally = per.get(path.resolve().name)
            r.tally, r.articles = tally, (1 if tally is not None else 0)
        else:
            total, per = self.evaluate_dir(path)
            r.tally, r.articles = total, len(per)
        return r

    def run(self, floors: dict[str, dict]) -> list[Result]:
        return [self.result(k, f) for k, f in floors.items()]


def render(r: Result) -> str:
    if not r.present:
        return f"== {r.key}: not here, skipped"
    if not r.articles:
        return f"== {r.key}: no gold articles found - FAIL"
    problems = r.check()
    verdict = "ok" if not problems else "BELOW FLOOR"
    floor = (r.floors.get("f1") or {}).get("all")
    head = (f"== {r.key} ({r.articles} article{'s' if r.articles != 1 else ''}"
            f"{f', F1 floor {floor:.2f}' if floor is not None else ''}): {verdict}")
    return "\n".join([head, r.tally.report(), *(f"   below: {p}" for p in problems)])


def pinned(r: Result) -> dict:
    """The floors the current scores give: every kind's F1 and precision, rounded down to 0.01."""
    scores = r.scores()
    return {"digest": r.digest, "articles": r.articles,
            **{m: {k: math.floor(v * 100 + 1e-9) / 100 for k, v in sorted(scores[m].items())} for m in METRICS}}


def pin(results: list[Result], floors: dict, allow_lower: bool) -> tuple[dict, list[str]]:
    """New floors for the given results; lowering a floor on unchanged gold needs ``allow_lower``."""
    out, refused = dict(floors), []
    for r in results:
        if not r.present or not r.articles:
            continue
        new, old = pinned(r), floors.get(r.key, {})
        if old.get("digest") == r.digest and not allow_lower:
            lower = [f"{k} {m} {old[m][k]:.2f} -> {new[m].get(k, 0.0):.2f}" for m in METRICS
                     for k in (old.get(m) or {}) if new[m].get(k, 0.0) < old[m][k]]
            if lower:
                refused.append(f"{r.key}: would lower " + ", ".join(lower))
                continue
        out[r.key] = new
    return out, refused


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--floors", default=str(FLOORS), help="floors file (default: bench/eval_floors.json)")
    ap.add_argument("--no-model", action="store_true", help="rules only, without the statistical model")
    ap.add_argument("--only", nargs="*", default=None, help="only these gold sets (keys of the floors file)")
    ap.add_argument("--pin", nargs="*", default=None, metavar="KEY",
                    help="write the current scores as the floors of these sets (all present sets when none named)")
    ap.add_argument("--allow-lower", action="store_true", help="with --pin: let a floor go down on unchanged gold")
    args = ap.parse_args(argv)
    extractor = None
    if args.no_model:
        from militant_monitor.extract.pipeline import Extractor
        extractor = Extractor(use_model=False)
    floors = read_floors(Path(args.floors))
    keys = args.pin if args.pin else (args.only or list(floors))
    gate = Gate(extractor)
    results = [gate.result(k, floors.get(k, {})) for k in keys]
    for r in results:
        print(render(r))
        print()
    if args.pin is not None:
        new, refused = pin(results, floors, args.allow_lower)
        Path(args.floors).write_text(json.dumps(new, indent=1) + "\n", encoding="utf-8")
        for line in refused:
            print("REFUSED", line, "(use --allow-lower and say why in the commit)")
        print(f"pinned {sum(1 for r in results if r.present and r.articles) - len(refused)} set(s) in {args.floors}")
        return 1 if refused else 0
    failed = [r for r in results if not r.ok]
    checked = [r for r in results if r.present]
    for r in failed:
        for problem in r.check():
            print(f"FAIL {r.key}: {problem}")
    if not failed:
        print(f"ok: {len(checked)} gold set(s) at or above their floors, {len(results) - len(checked)} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
