"""The JSON API and pages of ``mmon serve``, against a real server process on 127.0.0.1.

The store is built with ``mmon ingest examples/articles tests/corpus/articles``. Read tests
come first in this file; the writes (merge, split, forget, ingest) come last.
"""
from __future__ import annotations

import csv
import html
import io
import json
import math
import re
import sys
import tempfile
from pathlib import Path

import pytest

from militant_monitor.store import Store

httpx = pytest.importorskip("httpx")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live_server import MMON, LiveServer, build_db, mmon  # noqa: E402

pytestmark = pytest.mark.skipif(not MMON.exists(), reason=f"no mmon console script next to {sys.executable}")

TOKEN = "test-token-5f1c9a77e2"
XSS_TITLE = "<script>alert(1)</script> Militants storm <b>checkpost</b> in Tank"
XSS_BODY = ("TANK: Militants of the Tehreek-i-Taliban Pakistan attacked a police checkpost in Tank district on "
            "Monday, killing three policemen, officials said. <img src=x onerror=alert(1)> The attackers "
            "escaped.\n\nA spokesman said <script>alert(1)</script> the search for the attackers went on in "
            "the hills near Gomal.\n")


def foreign_scripts(page: str) -> list[str]:
    """Script tags other than this server's own files (/static/...js) and JSON data islands."""
    return [t for t in re.findall(r"(?is)<script\b[^>]*>", page)
            if not re.fullmatch(r'<script src="/static/[\w./-]+\.js">', t)
            and not re.fullmatch(r'<script type="application/json" id="[\w-]+">', t)]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def server(db):
    """The server with a token: reads open, writes need the token."""
    s = LiveServer(db, TOKEN)
    with s as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            yield client
    assert "Traceback" not in s.output() or "internal error" not in s.output()


@pytest.fixture(scope="module")
def readonly(db):
    """A second server over the same store, started without a token."""
    with LiveServer(db, None) as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            yield client


def auth(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def assert_clean_error(r, status):
    assert r.status_code == status, (r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"} and body["error"], body
    assert "Traceback" not in r.text and "File \"" not in r.text


def all_pages(client, path, params=None):
    items, page = [], 1
    while True:
        r = client.get(path, params={**(params or {}), "page": page, "per_page": 200})
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        if page >= body["pages"]:
            return items, body
        page += 1


# --- the OpenAPI document and the pages ------------------------------------------------------------------------

def test_openapi_lists_the_api(server):
    r = server.get("/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/people", "/api/people/{entity_id}",
                 "/api/groups", "/api/groups/{name}", "/api/events", "/api/search", "/api/timeline", "/api/graph",
                 "/api/merge", "/api/split", "/api/forget", "/api/ingest"):
        assert path in spec["paths"], path
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"group", "person", "type", "place", "since", "until", "min_killed", "page", "per_page", "format"} <= params


@pytest.mark.parametrize("path", ["/", "/search?q=Shamsheer", "/people", "/people/Shamsheer", "/groups",
                                  "/groups/TTP", "/events", "/events?type=attack", "/timeline?name=Shamsheer",
                                  "/graph?name=Shamsheer", "/map", "/documents", "/review", "/api"])
def test_pages_answer_with_strict_headers(server, path):
    r = server.get(path)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert not foreign_scripts(r.text)              # only this server's script files and JSON islands
    assert not re.search(r"\sstyle=", r.text)        # no inline styles (the CSP forbids them)
    assert "http://" not in r.text.replace("http://www.w3.org", "") or path == "/api"


def test_foreign_host_header_is_refused(server):
    r = server.get("/api/people", headers={"Host": "attacker.example"})
    assert r.status_code == 400


# --- reads: paging, filters, the same answers as the CLI --------------------------------------------------------

def test_people_paging(server):
    first = server.get("/api/people", params={"per_page": 5, "page": 1}).json()
    second = server.get("/api/people", params={"per_page": 5, "page": 2}).json()
    assert first["per_page"] == 5 and first["page"] == 1 and len(first["items"]) == 5
    assert first["total"] == second["total"] >= 10
    assert first["pages"] == math.ceil(first["total"] / 5)
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}
    everyone, _ = all_pages(server, "/api/people")
    assert len(everyone) == first["total"] == len({p["id"] for p in everyone})
    beyond = server.get("/api/people", params={"per_page": 5, "page": first["pages"] + 1}).json()
    assert beyond["items"] == []


def test_people_query_and_profile(server):
    found = server.get("/api/people", params={"q": "Shamsheer"}).json()
    assert found["items"][0]["name"] == "Rahmatullah Mehsud"
    pid = found["items"][0]["id"]
    p = server.get(f"/api/people/{pid}").json()
    assert p["name"] == "Rahmatullah Mehsud" and p["id"] == pid
    assert "Shamsheer" in {n["value"] for n in p["names"]}
    assert p["sources"] and all(s["doc_id"].startswith("doc-") for s in p["sources"])
    assert p["brief"].startswith("Rahmatullah Mehsud")
    by_alias = server.get("/api/people/Shamsheer").json()
    assert by_alias["id"] == pid


def test_documents_paging_and_detail(server):
    docs, body = all_pages(server, "/api/documents")
    assert body["total"] == len(docs) == 38
    dates = [d["published"] or "" for d in docs]
    assert dates == sorted(dates, reverse=True)
    one = server.get("/api/documents", params={"per_page": 3, "page": 2}).json()
    assert [d["id"] for d in one["items"]] == [d["id"] for d in docs[3:6]]
    d = server.get(f"/api/documents/{docs[0]['id']}").json()
    assert d["text"] and d["statements"] and all(s["doc_id"] == d["id"] for s in d["statements"])
    hits = server.get("/api/documents", params={"q": "Shamsheer"}).json()
    assert 0 < hits["total"] < 38 and all("snippet" in h for h in hits["items"])
    since = server.get("/api/documents", params={"since": "2024-05", "per_page": 200}).json()
    assert since["items"] and all(x["published"] >= "2024-05" for x in since["items"])


def _cli_events(db, *args):
    r = mmon("events", "--format", "jsonl", *args, db=db)
    assert r.returncode == 0, r.stderr
    return [json.loads(line)["id"] for line in r.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("params,args", [
    ({"type": "attack", "place": "Khyber Pakhtunkhwa"}, ["--type", "attack", "--place", "Khyber Pakhtunkhwa"]),
    ({"group": "TTP", "since": "2023"}, ["--group", "TTP", "--since", "2023"]),
    ({"person": "Shamsheer"}, ["--person", "Shamsheer"]),
])
def test_events_filters_match_the_cli(server, db, params, args):
    rows, body = all_pages(server, "/api/events", params)
    assert [r["id"] for r in rows] == _cli_events(db, *args)
    assert rows, params
    assert body["filters"] == params


def test_events_filters_do_filter(server):
    everything, _ = all_pages(server, "/api/events")
    attacks, _ = all_pages(server, "/api/events", {"type": "attack"})
    assert 0 < len(attacks) < len(everything)
    assert all(r["type"] in {"suicide_bombing", "bombing", "armed_assault", "targeted_killing", "kidnapping", "attack"}
               for r in attacks)
    killed, _ = all_pages(server, "/api/events", {"min_killed": 5})
    assert killed and all(r["killed_range"][1] >= 5 for r in killed)
    dated, _ = all_pages(server, "/api/events", {"since": "2024-03", "until": "2024-05"})
    assert dated and all("2024-03" <= r["date"][:7] <= "2024-05" for r in dated)
    page = server.get("/api/events", params={"per_page": 7, "page": 2}).json()
    assert [r["id"] for r in page["items"]] == [r["id"] for r in everything[7:14]]


def test_events_csv_download(server):
    r = server.get("/api/events", params={"type": "attack", "format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    total = server.get("/api/events", params={"type": "attack"}).json()["total"]
    assert len(rows) == total > 0
    assert {"id", "date", "type", "killed", "perpetrators", "sources"} <= set(rows[0])


def test_search_timeline_graph_groups(server):
    s = server.get("/api/search", params={"q": "Shamsheer Tank"}).json()
    assert s["documents"] and s["mode"] == "all words"
    t = server.get("/api/timeline", params={"name": "Shamsheer"}).json()
    dates = [e["date"] or "9999" for e in t["entries"]]
    assert t["entries"] and dates == sorted(dates)
    g = server.get("/api/graph", params={"name": "Shamsheer", "depth": 1}).json()
    ids = {n["id"] for n in g["nodes"]}
    assert any(n["start"] for n in g["nodes"]) and all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    groups = server.get("/api/groups", params={"per_page": 100}).json()
    assert any(x["name"] == "Tehreek-e-Taliban Pakistan" for x in groups["items"])
    ttp = server.get("/api/groups/TTP").json()
    assert ttp["name"] == "Tehreek-e-Taliban Pakistan"
    assert "Rahmatullah Mehsud" in {p["name"] for p in ttp["leaders"]}
    assert ttp["links"] and ttp["events_total"] >= 1


# --- bad requests: clean 400s, never a traceback ----------------------------------------------------------------

@pytest.mark.parametrize("path,params", [
    ("/api/events", {"since": "yesterday"}),
    ("/api/events", {"until": "2024-13"}),
    ("/api/events", {"type": "picnic"}),
    ("/api/events", {"min_killed": "many"}),
    ("/api/events", {"min_killed": -1}),
    ("/api/events", {"format": "xml"}),
    ("/api/people", {"page": 0}),
    ("/api/people", {"per_page": 100000}),
    ("/api/people", {"page": "two"}),
    ("/api/documents", {"since": "'; DROP TABLE documents; --"}),
    ("/api/search", {"q": "!!! ???"}),
    ("/api/search", {}),
    ("/api/graph", {"name": "Shamsheer", "depth": 9}),
    ("/api/timeline", {"name": ""}),
])
def test_bad_queries_are_400(server, path, params):
    assert_clean_error(server.get(path, params=params), 400)


def test_fts_syntax_is_searched_not_interpreted(server):
    r = server.get("/api/search", params={"q": 'Tank" OR NEAR(x) *'})
    assert r.status_code == 200


def test_unknown_things_are_404(server):
    assert_clean_error(server.get("/api/people/Nobody Atall"), 404)
    assert_clean_error(server.get("/api/documents/doc-0000000000000000"), 404)
    assert_clean_error(server.get("/api/groups/No Such Front"), 404)
    assert_clean_error(server.get("/api/graph", params={"name": "Nobody Atall"}), 404)
    r = server.get("/people/Nobody Atall")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_bad_evidence_span_is_400(server):
    doc = server.get("/api/documents", params={"per_page": 1}).json()["items"][0]["id"]
    for q in ("start=10&end=5", "start=-1&end=5", "start=0&end=99999999", "start=x&end=2", "start=3"):
        r = server.get(f"/documents/{doc}?{q}")
        assert r.status_code == 400, q
        assert "Traceback" not in r.text


# --- evidence: every line of a brief opens its evidence, highlighted ---------------------------------------------

def test_profile_lines_link_to_highlighted_evidence(server):
    page = server.get("/people/Shamsheer").text
    links = re.findall(r'href="(/documents/doc-[0-9a-f]+\?start=(\d+)&amp;end=(\d+)#evidence)"', page)
    assert len(links) >= 10
    brief_lines = re.findall(r'<li class="line">', page)
    assert brief_lines and page.count('class="ref') >= len(brief_lines)
    seen = set()
    for href, start, end in links[:12]:
        url = html.unescape(href)
        if url in seen:
            continue
        seen.add(url)
        doc_id = url.split("/")[2].split("?")[0]
        text = server.get(f"/api/documents/{doc_id}").json()["text"]
        r = server.get(url)
        assert r.status_code == 200
        m = re.search(r'<mark id="evidence">(.*?)</mark>', r.text, re.S)
        assert m, url
        assert html.unescape(m.group(1)) == text[int(start):int(end)]


# --- writes: refused without the token, done with it --------------------------------------------------------------

def _two_people(client, offset=0):
    """Two people, from those resolved from the fewest records."""
    items = client.get("/api/people", params={"per_page": 200}).json()["items"]
    fewest = sorted(items, key=lambda p: (len(p["members"]), p["id"]))
    return fewest[offset], fewest[offset + 1]


def test_writes_refused_without_configured_token(readonly):
    a, b = _two_people(readonly)
    assert_clean_error(readonly.post("/api/merge", json={"a": a["id"], "b": b["id"]}), 403)
    assert_clean_error(readonly.post("/api/merge", json={"a": a["id"], "b": b["id"]}, headers=auth()), 403)
    assert_clean_error(readonly.post("/api/forget", json={"doc_id": "doc-0000000000000000"}, headers=auth()), 403)
    r = readonly.post("/review/merge", data={"a": a["id"], "b": b["id"], "token": TOKEN})
    assert r.status_code == 403 and "writes are disabled" in r.text
    assert readonly.get("/healthz").json()["writable"] is False


def test_writes_refused_without_or_with_a_wrong_token(server):
    a, b = _two_people(server)
    for headers in ({}, auth("wrong-token-000000"), {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": TOKEN}):
        r = server.post("/api/merge", json={"a": a["id"], "b": b["id"]}, headers=headers)
        assert_clean_error(r, 401)
    r = server.post("/review/merge", data={"a": a["id"], "b": b["id"], "token": "nope"})
    assert r.status_code == 401
    r = server.post("/review/merge", data={"a": a["id"], "b": b["id"]})
    assert r.status_code == 401
    assert_clean_error(server.post("/api/ingest", files={"file": ("a.txt", b"hello there\nworld")}), 401)
    # nothing changed
    assert server.get(f"/api/people/{a['id']}").json()["entities"] == a["members"]
    assert server.get("/api/judgements").json()["items"] == []


def test_merge_and_split_with_the_token(server):
    a, b = _two_people(server)
    r = server.post("/api/merge", json={"a": a["id"], "b": b["id"], "note": "test"}, headers=auth())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["judgement"] >= 1
    merged = server.get(f"/api/people/{a['id']}").json()
    assert set(a["members"]) | set(b["members"]) <= set(merged["entities"])
    assert server.get(f"/api/people/{b['id']}").json()["id"] == merged["id"]
    hist = server.get("/api/judgements").json()["items"]
    assert hist[-1]["judgement"] == "positive" and hist[-1]["user"] == "web" and hist[-1]["note"] == "test"
    r = server.post("/api/split", json={"entity": merged["id"]}, headers=auth())
    assert r.status_code == 200, r.text
    assert server.get(f"/api/people/{a['id']}").json()["entities"] == a["members"]
    assert_clean_error(server.post("/api/merge", json={"a": "Nobody Atall", "b": a["id"]}, headers=auth()), 404)
    assert_clean_error(server.post("/api/merge", content=b"not json", headers={**auth(),
                                                                           "content-type": "application/json"}), 400)
    assert_clean_error(server.post("/api/split", json={"entity": a["id"]}, headers=auth()), 400)


def test_merge_on_the_review_page_with_the_token(server):
    a, b = _two_people(server, 2)
    r = server.post("/review/merge", data={"a": a["id"], "b": b["id"], "token": TOKEN, "user": "ana"})
    assert r.status_code == 303   # POST, then GET: the page the write redirects to shows its result once
    page = server.get(r.headers["location"])
    assert page.status_code == 200 and 'id="result"' in page.text
    assert 'id="result"' not in server.get(r.headers["location"]).text
    assert server.get(f"/api/people/{b['id']}").json()["id"] == server.get(f"/api/people/{a['id']}").json()["id"]
    j = server.get("/api/judgements").json()["items"][-1]
    r = server.post("/api/undo", json={"judgement": j["id"]}, headers=auth())
    assert r.status_code == 200
    assert server.get(f"/api/people/{a['id']}").json()["entities"] == a["members"]


# --- untrusted article text: escaped everywhere, never markup -------------------------------------------------------

def test_upload_with_script_is_stored_and_escaped(server, db):
    article = (XSS_TITLE + "\n\n" + XSS_BODY).encode()
    r = server.post("/api/ingest?wait=true", files={"file": ("../../../etc/evil<script>.txt", article, "text/plain")},
                    headers=auth())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] == 1, body
    doc_id = body["documents"][0]
    d = server.get(f"/api/documents/{doc_id}").json()
    assert "<script>alert(1)</script>" in d["text"] and "<img src=x onerror=alert(1)>" in d["text"]
    # the upload went into the data folder under a name of the server's choosing; the API shows the
    # file's name, never the server's path
    assert "source_path" not in d and "/" not in d["source_file"]
    st = Store(str(db), create=False)
    try:
        path = next(x["source_path"] for x in st.documents([doc_id]))
        folder = db.parent if not st.postgres else Path(tempfile.gettempdir())    # a server database: no data folder
    finally:
        st.close()
    assert Path(path).parent == folder / "uploads" and Path(path).name == d["source_file"]
    assert "evil" not in d["source_file"]
    stmt = next(s for s in d["statements"] if s["span_start"] is not None)
    pages = [f"/documents/{doc_id}", f"/documents/{doc_id}?start={stmt['span_start']}&end={stmt['span_end']}",
             "/documents", "/", "/search?q=checkpost+Tank", "/documents?q=onerror", "/events?place=Tank",
             "/review?q=Tank"]
    for path in pages:
        r = server.get(path)
        assert r.status_code == 200, path
        low = r.text.lower()
        assert not foreign_scripts(r.text) and "<script>alert" not in low, path
        assert "<img src=x" not in low and "onerror=alert" not in low.replace("onerror=alert(1)&gt;", ""), path
        assert "<b>checkpost</b>" not in low, path
    doc_page = server.get(f"/documents/{doc_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in doc_page
    assert "&lt;b&gt;checkpost&lt;/b&gt;" in doc_page


def test_upload_size_limit(server):
    big = b"word " * 4_400_000          # 22 MB > the 20 MB limit
    r = server.post("/api/ingest", files={"file": ("big.txt", big)}, headers=auth())
    assert_clean_error(r, 413)

    def multipart():                    # no Content-Length: counted as it arrives
        yield b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(25):
            yield b"x" * 1_000_000
        yield b"\r\n--XyZ--\r\n"
    r = server.post("/api/ingest", content=multipart(),
                    headers={**auth(), "content-type": "multipart/form-data; boundary=XyZ"})
    assert_clean_error(r, 413)


def test_forget_with_the_token(server):
    doc = server.get("/api/documents", params={"q": "checkpost"}).json()["items"][0]["id"]
    assert_clean_error(server.post("/api/forget", json={"doc_id": doc}), 401)
    assert_clean_error(server.post("/api/forget", json={"doc_id": "../etc/passwd"}, headers=auth()), 400)
    r = server.post("/api/forget", json={"doc_id": doc}, headers=auth())
    assert r.status_code == 200 and r.json()["documents"] == 1
    assert_clean_error(server.get(f"/api/documents/{doc}"), 404)
    assert_clean_error(server.post("/api/forget", json={"doc_id": doc}, headers=auth()), 404)


def test_serve_refuses_a_public_address_without_public(db):
    r = mmon("serve", "--host", "0.0.0.0", "--port", "1", db=db, timeout=60)
    assert r.returncode != 0 and "--public" in r.stderr and "Traceback" not in r.stderr
