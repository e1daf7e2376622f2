"""Search through a real ``mmon serve`` on 127.0.0.1 and the real ``mmon search`` command:
totals and pages (limit/offset, total), phrases, prefixes, exclusion, spelling variants,
and malformed queries answered as plain words or one clean 400, never a 500.

The store holds the invented items of tests/query/search_corpus.py, ingested with ``mmon ingest``.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "query"))
from live_server import MMON, LiveServer, mmon  # noqa: E402
from search_corpus import CHECKPOSTS, GOMAL, write_corpus  # noqa: E402

pytestmark = pytest.mark.skipif(not MMON.exists(), reason=f"no mmon console script next to {sys.executable}")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("search-api")
    db = d / "search.db"
    r = mmon("ingest", "-q", write_corpus(d / "items"), db=db, timeout=300)
    assert r.returncode == 0, r.stderr
    return db


@pytest.fixture(scope="module")
def api(db):
    s = LiveServer(db, None)
    with s as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            yield client
    assert "Traceback" not in s.output()


def get(api, **params) -> dict:
    r = api.get("/api/search", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_api_search_has_totals_and_pages(api):
    first = get(api, q="checkpost", limit=10)
    assert first["total"]["documents"] == CHECKPOSTS and first["limit"] == 10 and first["offset"] == 0
    pages = [[d["id"] for d in get(api, q="checkpost", limit=10, offset=o)["documents"]] for o in (0, 10, 20, 30)]
    assert [len(p) for p in pages] == [10, 10, 10, CHECKPOSTS - 30]
    assert len({i for p in pages for i in p}) == CHECKPOSTS
    assert get(api, q="checkpost", limit=10, offset=100)["documents"] == []


def test_api_search_phrases_prefixes_exclusion_and_variants(api):
    assert get(api, q="suicide bomber")["total"]["documents"] == 2
    assert get(api, q='"suicide bomber"')["total"]["documents"] == 1
    assert get(api, q="Hakim*")["total"]["documents"] == 2            # Hakeemullah and Hakimzada
    assert get(api, q="checkpost -Gomal")["total"]["documents"] == CHECKPOSTS - GOMAL
    assert get(api, q="checkpost NOT Gomal")["total"]["documents"] == CHECKPOSTS - GOMAL
    found = get(api, q="Hakimullah")
    assert found["total"]["documents"] == 1 and "Hakeemullah" in found["documents"][0]["snippet"]


@pytest.mark.parametrize("q", ['"suicide bomber', "checkpost *", "NEAR(checkpost", "checkpost^ :x", "a OR",
                               "checkpost' ; DROP TABLE documents; --"])
def test_api_search_reads_malformed_queries_as_words(api, q):
    assert get(api, q=q)["total"]["documents"] >= 1


@pytest.mark.parametrize("params", [{"q": "*"}, {"q": '"'}, {"q": "-Gomal"}, {"q": "NOT"},
                                    {"q": "checkpost", "offset": -1}, {"q": "checkpost", "limit": 0},
                                    {"q": "checkpost", "offset": "two"}])
def test_api_search_bad_queries_are_one_clean_400(api, params):
    r = api.get("/api/search", params=params)
    assert r.status_code == 400, r.text
    assert "Traceback" not in r.text and "sqlite" not in r.text.lower()


def test_search_page_shows_totals_and_pages(api):
    r = api.get("/search", params={"q": "checkpost"})
    assert r.status_code == 200
    assert re.search(rf"Documents \(1–\d+ of {CHECKPOSTS}\)", r.text), r.text
    assert 'rel="next"' in r.text and "page 1 of" in r.text
    r2 = api.get("/search", params={"q": "checkpost", "page": 2})
    assert f"Documents (31–{CHECKPOSTS} of {CHECKPOSTS})" in r2.text and 'rel="prev"' in r2.text
    assert '<ol class="results" start="31">' in r2.text
    assert api.get("/search", params={"q": "checkpost", "page": "two"}).status_code == 400
    assert api.get("/search", params={"q": '"suicide bomber'}).status_code == 200
    hakim = api.get("/search", params={"q": '"Hakeemullah" -Gomal'}).text   # people are looked up by the words
    assert re.search(r'<a class="person" href="/people/[^"]+">Hakeemullah Zarkhan</a>', hakim), hakim
    assert api.get("/search", params={"q": "*"}).status_code == 400


def test_cli_search_pages_and_totals(db):
    r = mmon("search", "checkpost", "--limit", "10", "--page", "4", db=db)
    assert r.returncode == 0, r.stderr
    assert f"Documents (31-{CHECKPOSTS} of {CHECKPOSTS})" in r.stdout
    assert f"Documents (6-10 of {CHECKPOSTS})" in mmon("search", "checkpost", "--limit", "5", "--offset", "5", db=db).stdout
    r = mmon("search", "checkpost", "--limit", "10", db=db)
    assert f"Documents (1-10 of {CHECKPOSTS})" in r.stdout and "more: --page 2 (or --offset 10)" in r.stdout
    r = mmon("search", "checkpost -Gomal", "--limit", "100", "-f", "jsonl", db=db)
    assert r.returncode == 0 and len([x for x in r.stdout.splitlines() if '"kind": "documents"' in x]) == CHECKPOSTS - GOMAL


@pytest.mark.parametrize("args", [["search", '"suicide bomber'], ["search", "Hakim*"], ["search", "checkpost *"]])
def test_cli_search_reads_malformed_queries_without_a_traceback(db, args):
    r = mmon(*args, db=db)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("args", [["search", "*"], ["search", "--", "-Gomal"], ["search", "x", "-f", "xml"],
                                  ["search", "x", "--offset", "-3"], ["search", "x", "--limit", "0"],
                                  ["search", "x", "--page", "0"]])
def test_cli_search_errors_are_one_line(db, args):
    r = mmon(*args, db=db)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
