"""Scores against gold fact sheets stay at or above the floors pinned in bench/eval_floors.json.

The scoring is ``militant_monitor.evaluate.evaluate`` driven by ``bench/eval_gate.py``
(the same code ``make eval`` runs), with the session's extractor.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from militant_monitor.evaluate import evaluate, gold_articles

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "articles"
GATE_FILE = ROOT / "bench" / "eval_gate.py"


def _load_gate():
    spec = importlib.util.spec_from_file_location("mmon_eval_gate", GATE_FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


GATE = _load_gate()
FLOORS = GATE.read_floors()


@pytest.fixture(scope="module")
def gate(extractor):
    return GATE.Gate(extractor)


def test_floors_file_names_the_gold_sets():
    assert set(FLOORS) >= {"tests/golden/articles", "../shared/eval/dev", "../shared/eval/dev/seed"}
    for key, floors in FLOORS.items():
        assert floors["digest"].startswith("sha256:"), key
        assert all(0.0 <= f <= 1.0 for m in GATE.METRICS for f in floors[m].values()), key


def test_floors_of_the_real_dev_set_cover_every_kind_of_fact():
    from militant_monitor.evaluate import KINDS
    dev = FLOORS["../shared/eval/dev"]
    for metric in GATE.METRICS:
        assert set(dev[metric]) == set(KINDS) | {"all"}, metric


def test_every_golden_article_has_gold():
    dirs = sorted(p for p in GOLDEN.iterdir() if p.is_dir())
    found = [name for name, _, _ in gold_articles(GOLDEN)]
    assert found == [d.name for d in dirs] and len(found) >= 10


@pytest.mark.parametrize("key", list(FLOORS))
def test_scores_at_or_above_floors(gate, key):
    r = gate.result(key, FLOORS[key])
    if not r.present:
        pytest.skip(f"{key} is not here")
    assert r.articles > 0, f"{key}: no gold articles"
    assert r.ok, "\n".join(r.check()) + "\n" + GATE.render(r)


def _one_article(tmp_path):
    gold = tmp_path / "gold"
    shutil.copytree(GOLDEN / "kurram-coach-roadside-bomb", gold / "kurram-coach-roadside-bomb")
    return gold


def test_gate_fails_a_set_whose_gold_changed_since_pinning(gate, tmp_path):
    gold = _one_article(tmp_path)
    floors = GATE.pinned(gate.result(str(gold), {}))
    assert gate.result(str(gold), floors).ok
    f = gold / "kurram-coach-roadside-bomb" / "gold.json"
    f.write_text(f.read_text() + "\n")
    changed = GATE.Gate(gate.extractor).result(str(gold), floors)
    assert any("gold changed" in p for p in changed.check())


def test_gate_fails_a_kind_below_its_own_floor(gate, tmp_path):
    gold = _one_article(tmp_path)
    r = gate.result(str(gold), {})
    floors = GATE.pinned(r)
    kind = next(k for k in floors["precision"] if k != "all")
    floors["precision"][kind] = 1.01
    problems = gate.result(str(gold), floors).check()
    assert problems == [f"{kind} precision {r.scores()['precision'][kind]:.3f} < floor 1.01"]


def test_pinning_never_lowers_a_floor_silently(gate, tmp_path):
    gold = _one_article(tmp_path)
    r = gate.result(str(gold), {})
    high = GATE.pinned(r)
    high["f1"]["all"] = 1.01
    new, refused = GATE.pin([r], {str(gold): high}, allow_lower=False)
    assert refused and new[str(gold)]["f1"]["all"] == 1.01
    new, refused = GATE.pin([r], {str(gold): high}, allow_lower=True)
    assert not refused and new[str(gold)]["f1"]["all"] <= 1.0


def test_the_gate_evaluates_each_folder_once(gate):
    gate.result("tests/golden/articles", 0.0)
    runs = dict(gate._runs)
    gate.result("tests/golden/articles", 0.0)
    assert gate._runs == runs


def test_a_single_article_set_is_that_articles_tally(gate, extractor, tmp_path):
    # the tally the gate takes from the parent folder's run equals evaluating the article alone
    name = "kurram-coach-roadside-bomb"
    shutil.copytree(GOLDEN / name, tmp_path / name)
    alone, per = evaluate(tmp_path, extractor)
    assert list(per) == [name]
    from_parent = gate.result(f"tests/golden/articles/{name}", 0.0)
    assert from_parent.articles == 1
    assert from_parent.tally.kinds == alone.kinds


def test_a_set_that_is_not_here_is_skipped_not_failed(gate):
    r = gate.result("no/such/gold/set", 0.99)
    assert not r.present and r.ok
    assert "skipped" in GATE.render(r)


def test_the_empty_article_scores_nothing_spurious(extractor):
    [(name, article, gold)] = [g for g in gold_articles(GOLDEN) if g[0] == "peshawar-fruit-prices-rain"]
    from militant_monitor.ingest import read_paths
    [doc] = list(read_paths([str(article)]))
    sheet, _ = extractor(doc)
    assert sheet["people"] == [] and sheet["events"] == [] and sheet["groups"] == []
    assert sheet["document"]["published"] == gold["document"]["published"]


def _run_gate(floors: dict, tmp_path):
    floors_file = tmp_path / "floors.json"
    floors_file.write_text(json.dumps(floors))
    env = {k: v for k, v in os.environ.items() if k != "MMON_DEBUG"}
    return subprocess.run([sys.executable, str(GATE_FILE), "--floors", str(floors_file), "--no-model"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_gate_script_exits_1_below_a_floor(tmp_path):
    gold = tmp_path / "gold"
    shutil.copytree(GOLDEN / "kurram-coach-roadside-bomb", gold / "kurram-coach-roadside-bomb")
    r = _run_gate({str(gold): 1.01, "no/such/set": 0.5}, tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "kind" in r.stdout and "F1 " in r.stdout           # the per-kind table was printed
    assert f"FAIL {gold}: all f1" in r.stdout
    assert "not here, skipped" in r.stdout


def test_gate_script_exits_0_at_or_above_the_floors(tmp_path):
    gold = tmp_path / "gold"
    shutil.copytree(GOLDEN / "kurram-coach-roadside-bomb", gold / "kurram-coach-roadside-bomb")
    r = _run_gate({str(gold): 0.0, str(gold / "kurram-coach-roadside-bomb"): 0.0}, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("\nF1 ") == 2
