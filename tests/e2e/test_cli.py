"""The real ``mmon`` console script, run as a subprocess on temporary databases."""
from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"
GOLDEN = ROOT / "tests" / "golden" / "articles"
MMON = Path(sys.executable).parent / "mmon"

pytestmark = pytest.mark.skipif(not MMON.exists(), reason=f"no mmon console script next to {sys.executable}")


def mmon(*args, db=None, timeout=120, cwd=ROOT):
    env = {k: v for k, v in os.environ.items() if k not in ("MMON_DEBUG", "MMON_DB")}
    env.update({"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", "PYTHONIOENCODING": "utf-8"})
    if db is not None:
        env["MMON_DB"] = str(db)
    return subprocess.run([str(MMON), *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def statement_ids(db) -> set:
    with sqlite3.connect(db) as c:
        return {r[0] for r in c.execute("SELECT id FROM statements")}


def doc_count(db) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


@pytest.fixture(scope="module")
def example_db(tmp_path_factory):
    """The example corpus ingested once with ``mmon ingest examples/articles``."""
    db = tmp_path_factory.mktemp("examples") / "example.db"
    r = mmon("ingest", "examples/articles", db=db)
    return db, r


# --- ingest -----------------------------------------------------------------------------------


def test_ingest_examples_summary(example_db):
    db, r = example_db
    assert r.returncode == 0, r.stderr
    summary = r.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"read 8, stored 6, unchanged \d+, duplicates 2, failed 0", summary), summary
    assert "Traceback" not in r.stderr
    # the two copies are reported by name
    assert "duplicate-of-indus-herald-head-money.txt" in r.stderr
    assert "retitled-copy" in r.stderr
    assert doc_count(db) == 6
    assert len(statement_ids(db)) > 50


def test_ingest_again_changes_nothing(example_db):
    db, _ = example_db
    before = statement_ids(db)
    r = mmon("ingest", "examples/articles", "--quiet", db=db)
    assert r.returncode == 0, r.stderr
    summary = r.stdout.strip().splitlines()[-1]
    assert re.match(r"read 8, stored 0, unchanged 6, duplicates 2, failed 0", summary), summary
    assert statement_ids(db) == before
    assert doc_count(db) == 6


def test_stats(example_db):
    db, _ = example_db
    r = mmon("stats", db=db)
    assert r.returncode == 0, r.stderr
    assert re.search(r"documents 6, statements \d+, people \d+, events \d+, schema_version \d+", r.stdout), r.stdout


def test_db_option_overrides_the_environment(example_db, tmp_path):
    db, _ = example_db
    r = mmon("stats", "--db", db, db=tmp_path / "elsewhere.db")
    assert "documents 6" in r.stdout


# --- profile ----------------------------------------------------------------------------------


def test_profile_by_alias(example_db):
    db, _ = example_db
    r = mmon("profile", "Shamsheer", db=db)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    first = out.splitlines()[0]
    assert first.startswith("Rahmatullah Mehsud") and "Shamsheer" in first
    assert re.search(r"Tehreek-i-Taliban Pakistan|\bTTP\b", out)
    assert re.search(r"^Latest fate: killed on 2024-05-08\b", out, re.M), out
    assert "\nSources\n" in out
    sources = out.split("\nSources\n", 1)[1]
    assert re.search(r"^\s+\[1\] ", sources, re.M)
    # every numbered reference in the brief is listed under Sources
    refs = {int(n) for group in re.findall(r"\[([\d, ]+)\]", out.split("\nSources\n", 1)[0])
            for n in group.split(",")}
    listed = {int(n) for n in re.findall(r"^\s+\[(\d+)\]", sources, re.M)}
    assert refs and refs <= listed


def test_profile_by_full_name_and_json(example_db):
    db, _ = example_db
    r = mmon("profile", "rahmatullah mehsud", "--format", "json", db=db)
    assert r.returncode == 0, r.stderr
    p = json.loads(r.stdout)
    assert p["name"] == "Rahmatullah Mehsud"
    assert "Shamsheer" in [n["value"] for n in p["names"]]
    assert p["status"][0]["value"]["state"] == "killed"
    assert p["sources"]


def test_profile_of_the_deputy(example_db):
    db, _ = example_db
    r = mmon("profile", "Qari Zubair", db=db)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Zahid Bhittani")
    assert "arrested" in r.stdout


def test_profile_unknown_person_is_one_line_error(example_db):
    db, _ = example_db
    r = mmon("profile", "nobody here", db=db)
    assert r.returncode != 0
    assert r.stdout.strip() == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "nobody here" in lines[0] and lines[0].startswith("error:")
    assert "Traceback" not in r.stderr


# --- a folder with bad inputs ---------------------------------------------------------------------


def test_ingest_reports_bad_files_and_keeps_what_is_stored(tmp_path, extractor):
    from militant_monitor.ingest import read_paths
    from militant_monitor.store import Store

    db = tmp_path / "kb.db"
    # a document stored before, through the library
    store = Store(str(db))
    [earlier] = list(read_paths([str(EXAMPLES / "2024-02-20-indus-herald-head-money.txt")]))
    store.save(earlier, *extractor(earlier), extractor.version)
    store.close()
    earlier_ids = statement_ids(db)
    assert earlier_ids

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "broken-page.html").write_bytes(bytes(range(256)) * 12)
    (folder / "empty-file.txt").write_bytes(b"")
    good = (GOLDEN / "kurram-coach-roadside-bomb" / "article.txt").read_text(encoding="utf-8")
    (folder / "good-article.txt").write_text(good, encoding="utf-8")

    r = mmon("ingest", folder, db=db)
    assert r.returncode == 1, r.stderr   # partial failure: the good article stored, two inputs failed
    assert "Traceback" not in r.stderr
    summary = r.stdout.strip().splitlines()[-1]
    assert re.match(r"read 1, stored 1, unchanged 0, duplicates 0, failed 2 \(", summary), summary
    assert "broken-page.html" in r.stderr and "empty-file.txt" in r.stderr
    assert doc_count(db) == 2
    after = statement_ids(db)
    assert earlier_ids <= after and len(after) > len(earlier_ids)
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*) FROM documents WHERE id = ?", (earlier.id,)).fetchone() == (1,)


def test_ingest_of_nothing_readable_fails(tmp_path):
    bad = tmp_path / "only.html"
    bad.write_bytes(b"\x00\x01\x02\xff\xfe" * 100)
    r = mmon("ingest", bad, db=tmp_path / "kb.db")
    assert r.returncode == 3   # total failure
    assert "only.html" in r.stderr and "Traceback" not in r.stderr


# --- extract -----------------------------------------------------------------------------------------


def test_extract_json_validates(factsheet_validator):
    r = mmon("extract", EXAMPLES / "2024-05-09-sarhad-times-shamsheer-killed.html", "--format", "json")
    assert r.returncode == 0, r.stderr
    sheet = json.loads(r.stdout)
    errors = list(factsheet_validator.iter_errors(sheet))
    assert not errors, [e.message for e in errors]
    assert any("Shamsheer" in [p["name"], *p["aliases"]] for p in sheet["people"])


def test_extract_explain_shows_evidence():
    path = EXAMPLES / "2024-02-20-indus-herald-head-money.txt"
    text = path.read_text(encoding="utf-8")
    r = mmon("extract", path, "--explain")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert re.search(r"person:\S+ bounty = ", r.stdout)
    assert "rule person.bounty" in r.stdout
    evidence = [ln.strip()[1:-1] for ln in lines if ln.startswith("    \u201c") and ln.rstrip().endswith("\u201d")]
    assert evidence, r.stdout[:2000]
    assert all(e in " ".join(text.split()) for e in evidence if "\u2026" not in e)
    assert any("Rs2 million" in e for e in evidence)


def test_extract_missing_file_is_one_line_error(tmp_path):
    r = mmon("extract", tmp_path / "no-such-article.txt")
    assert r.returncode != 0
    assert "no-such-article.txt" in r.stderr and "Traceback" not in r.stderr


# --- eval ------------------------------------------------------------------------------------------------


def test_eval_golden_prints_f1():
    r = mmon("eval", "tests/golden/articles")
    assert r.returncode == 0, r.stderr
    last = r.stdout.strip().splitlines()[-1]
    assert last.startswith("F1 "), last
    assert 0.0 <= float(last.split()[1]) <= 1.0
    assert re.search(r"^all\s+\d+\s+\d+", r.stdout, re.M)


def test_eval_on_a_missing_folder_fails_cleanly(tmp_path):
    r = mmon("eval", tmp_path / "nothing")
    assert r.returncode != 0 and "Traceback" not in r.stderr


def test_eval_by_rule_scores_each_rule_against_gold(tmp_path):
    # one article of the fictional set; its gold altered so that one fact the extractor makes is false
    import shutil
    src = ROOT / "tests/golden/articles/kurram-coach-roadside-bomb"
    shutil.copytree(src, tmp_path / "a")
    r = mmon("eval", tmp_path, "--by-rule")
    assert r.returncode == 0, r.stderr
    rows = {(m.group(1), m.group(2)): (int(m.group(3)), float(m.group(4)))
            for m in re.finditer(r"^(\w+)\s+(\S+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$", r.stdout, re.M)}
    assert rows and all(k[1] != "-" for k in rows), r.stdout        # every fact names its rule
    events = [k for k in rows if k[0] == "events"]
    assert events and all(rows[k][1] == 1.0 for k in events)
    gold = json.loads((tmp_path / "a" / "gold.json").read_text())
    gold["events"] = []                                            # now every event found is spurious
    (tmp_path / "a" / "gold.json").write_text(json.dumps(gold))
    r = mmon("eval", tmp_path, "--by-rule")
    rows = {(m.group(1), m.group(2)): (int(m.group(3)), float(m.group(4)))
            for m in re.finditer(r"^(\w+)\s+(\S+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$", r.stdout, re.M)}
    assert all(rows[k][1] == 0.0 for k in rows if k[0] == "events")
