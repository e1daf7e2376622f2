"""A corpus of bad inputs through the real ``mmon ingest``, end to end.

One folder holds every kind of bad input the issue names, built here at test
time, next to good articles; it is ingested into a store that already holds
documents, statements and an analyst's judgement. Each bad input must be named
on exactly one stderr line with a reason (or be read correctly), the run must
go on to exit 1 (partial failure), the good articles must be stored, what was stored before must
be untouched, and nothing may be written outside the test's folder.

(tests/ingest/ checks each reader on single files through the library; this is
the same ground through the console script, all at once, against a live store.)
"""
from __future__ import annotations

import io
import json
import re
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from reliability_support import (  # noqa: E402
    CORPUS, documents, judgements, needs_mmon, rows, run_mmon, statements, store_problems,
)

pytestmark = needs_mmon

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256)) * 8
TRAVERSAL = ("../../etc/evil", "/abs/path", "../evil")

STORED_BEFORE = ["06-profile-haji-lala-gul-bahadur.txt", "10-jua-confirms-death-ilyas-safi.txt",
                 "29-balochistan-doubles-bounty-lej-chief.txt"]
GOOD = "01-bla-buleda-fc-post-attack.txt"

GERMAN = """Neuer Anführer der Gruppe in Nord-Waziristan ernannt

Die pakistanischen Taliban haben nach Angaben örtlicher Behörden einen neuen Kommandeur für den Bezirk Nord-Waziristan ernannt. Der Mann, der unter dem Namen Kommandant Zarak bekannt ist, soll den früheren Anführer ersetzen, der im März bei einem Gefecht mit Sicherheitskräften getötet worden sein soll.

Bei einem Anschlag auf einen Kontrollposten in Mir Ali wurden am Montag sechs Soldaten getötet und vier weitere verletzt. Die Provinzregierung hat eine Belohnung von zehn Millionen Rupien auf ihn ausgesetzt.

Sicherheitsexperten sagten, der Wechsel an der Spitze könne eine Zeit der Unsicherheit einleiten, weil der neue Kommandeur außerhalb der Bergdörfer kaum bekannt sei.
"""

URDU = """شمالی وزیرستان میں نئے کمانڈر کا اعلان

مقامی حکام کے مطابق کالعدم تحریک طالبان پاکستان نے شمالی وزیرستان کے لیے نیا کمانڈر مقرر کر دیا ہے۔ کمانڈر زرک کے نام سے مشہور یہ شخص سابق سربراہ کی جگہ لے گا جو مارچ میں سیکیورٹی فورسز کے ساتھ جھڑپ میں مارا گیا تھا۔

پیر کے روز میر علی میں ایک چیک پوسٹ پر حملے میں چھ فوجی ہلاک اور چار زخمی ہو گئے۔ صوبائی حکومت نے اس کے سر کی قیمت ایک کروڑ روپے مقرر کی ہے۔
"""

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Karvan council names a new district chief</title></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Karvan council names a new district chief</h1>
<p>The district council of Karvan named a retired judge as its new chief on Tuesday, two council members said, after weeks of talks between the tribal elders of the valley.</p>
<p>The members said the judge had been chosen because he was known to all the families of the valley and had no ties to any of the armed groups that have fought over the road to the border.</p>
<p>Traders in the main bazaar said they hoped the appointment would bring the road back into use before the winter, when the passes close and the valley is cut off for months at a time.</p>
<p>The new chief is expected to meet the provincial governor next week to ask for money to rebuild the bridge that was washed away by floods two years ago, the council members said.</p>
</article><footer>Copyright Karvan Times</footer></body></html>
"""
CUT_AT = "rebuild the bri"          # truncated.html ends in the middle of a word, inside an open <p>

TAG_SOUP = """<html><body><div class=story><p>Elders of the Karvan valley met <b>the governor<i> on Monday</b> and asked
for the border road to be reopened</i>, one of them said.<p>He said the families of the valley had waited
<span>for more than a year</div></div></div> and that the traders could not wait <table><tr><td>any longer.
</body></p></html>"""

MIXED_ENCODINGS = (
    "Café owners in Karvan fear for their trade – again\n\n".encode("utf-8")
    + "The owner of the café said he was told to pay ".encode("utf-8")
    + "“£500 a month” to armed men".encode("cp1252")
    + " who came to the shop on Monday — the second time this year.\n".encode("utf-8")
    + "Another trader said the men “did not give a name” and left before the police arrived.\n".encode("cp1252")
)

CP1252 = ("Karvan traders close their shops – “we are afraid”\n\nThe café owner said £500 was taken from the till "
          "on Monday by armed men who said they belonged to the Valley Front, and that nobody had come to help.")

UTF16 = ("Karvan elders meet the governor about the border road\n\nThe elders of Karvan met the governor on Monday "
         "and asked for the border road to be reopened before the winter, one of the elders said afterwards.")

JSONL_GOOD = {"title": "Bridge repairs begin in the Karvan valley",
              "text": "Workers began repairing the bridge over the Karvan river on Wednesday, two years after it "
                      "was washed away by floods, a district official said. The official said the work would take "
                      "about four months and that the road to the border would be closed to lorries meanwhile.",
              "published": "2024-03-06"}

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + ']>\n<rss version="2.0"><channel><title>Bomb</title><item><title>x</title>'
    "<description>&lol9;</description></item></channel></rss>\n"
)
XXE = ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       '<rss version="2.0"><channel><title>Leak</title><item><title>x</title>'
       "<description>&xxe; in the description of an item that is long enough to be an article</description>"
       "</item></channel></rss>\n")
HTML_BOMB = (
    '<!DOCTYPE html [\n <!ENTITY a "aaaaaaaaaa">\n'
    + "".join(f' <!ENTITY a{i} "{("&a" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n<html><body><p>&a9;</p><p>The district office in Karvan reopened on Monday after a week, "
    "the district officer said.</p></body></html>"
)
INVALID_RSS = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Karvan News</title>\n'
               "<item><title>Road reopened</title><description>The road to the border was reopened on Monday"
               "</item></channel></rss>\n")


def _zip(path: Path, names) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for n in names:
            zf.writestr(zipfile.ZipInfo(n), "planted by an archive: must never be written\n")


def _tar(path: Path, names, mode: str = "w") -> None:
    with tarfile.open(path, mode) as tf:
        for n in names:
            data = b"planted by an archive: must never be written\n"
            info = tarfile.TarInfo(n)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))


def build_inbox(inbox: Path) -> dict[str, tuple[str, str]]:
    """Write the corpus. Returns input name -> ("refused", reason pattern) or ("stored", "")."""
    inbox.mkdir(parents=True)

    def put(name: str, data: bytes | str) -> None:
        (inbox / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    expect: dict[str, tuple[str, str]] = {}
    shutil.copy(CORPUS / GOOD, inbox / "good-article.txt")
    expect["good-article.txt"] = ("stored", "")

    # HTML: cut off mid-element; tag soup with an article in it; markup without a single word
    put("truncated.html", ARTICLE_HTML[: ARTICLE_HTML.index(CUT_AT) + len(CUT_AT)])
    expect["truncated.html"] = ("stored", "")
    put("tag-soup.html", TAG_SOUP)
    expect["tag-soup.html"] = ("stored", "")
    put("malformed.html", "<html><body><div><p></div></span><<<>>><table><tr><td>&nbsp;</td></body></p>")
    expect["malformed.html"] = ("refused", r"no text found")
    put("entity-bomb.html", HTML_BOMB)
    expect["entity-bomb.html"] = ("stored", "")

    # binary files under text names
    put("picture.html", PNG)
    expect["picture.html"] = ("refused", r"binary file, not text")
    zip_bytes = io.BytesIO()
    with zipfile.ZipFile(zip_bytes, "w") as zf:
        zf.writestr("../../etc/evil", "x")
    put("bundle.html", zip_bytes.getvalue())
    expect["bundle.html"] = ("refused", r"archives are not supported yet")

    # empty, blank, huge (sparse: no disk, no time)
    put("empty.txt", b"")
    expect["empty.txt"] = ("refused", r"empty file")
    put("blank.txt", b"   \n\t\n  \r\n   ")
    expect["blank.txt"] = ("refused", r"empty file")
    put("blank-utf16.txt", "  \n \n".encode("utf-16"))
    expect["blank-utf16.txt"] = ("refused", r"empty file")
    with open(inbox / "huge.txt", "wb") as fh:
        fh.truncate(200_000_000)
    expect["huge.txt"] = ("refused", r"file too large \(200 MB > limit 50 MB\)")

    # encodings
    put("cp1252.txt", CP1252.encode("cp1252"))
    expect["cp1252.txt"] = ("stored", "")
    put("utf16.txt", UTF16.encode("utf-16"))
    expect["utf16.txt"] = ("stored", "")
    put("mixed-encodings.txt", MIXED_ENCODINGS)
    expect["mixed-encodings.txt"] = ("stored", "")

    # not English
    put("german.txt", GERMAN)
    expect["german.txt"] = ("stored", "")
    put("urdu.txt", URDU)
    expect["urdu.txt"] = ("stored", "")

    # JSON Lines with broken lines around one good record
    put("broken.jsonl", "\n".join([
        '{"title": "Cut off", "text": "The record stops in the mid',   # 1: truncated
        "[1, 2, 3]",                                                      # 2: not an object
        json.dumps(JSONL_GOOD),                                           # 3: good
        "this line is not JSON at all",                                   # 4
        '{"title": "A record without any text"}',                        # 5
        "[" * 100_000,                                                    # 6: nested too deeply
        "",
        '{"text": "Trailing comma", }',                                   # 8
    ]) + "\n")
    expect["broken.jsonl:1"] = ("refused", r"invalid JSON: Unterminated string starting at column \d+")
    expect["broken.jsonl:2"] = ("refused", r"not a JSON object")
    expect["broken.jsonl:3"] = ("stored", "")
    expect["broken.jsonl:4"] = ("refused", r"invalid JSON: Expecting value at column 1")
    expect["broken.jsonl:5"] = ("refused", r"no text field \(expected one of: text, content, body\)")
    expect["broken.jsonl:6"] = ("refused", r"invalid JSON: nested too deeply")
    expect["broken.jsonl:8"] = ("refused", r"invalid JSON: .* at column \d+")

    # feeds: invalid XML, an entity bomb, an external entity
    put("invalid.rss", INVALID_RSS)
    expect["invalid.rss"] = ("refused", r"invalid XML: mismatched tag: line \d+, column \d+")
    put("billion-laughs.xml", BILLION_LAUGHS)
    expect["billion-laughs.xml"] = ("refused", r"XML with a DTD or entity declarations is refused \(unsafe\)")
    put("xxe.rss", XXE)
    expect["xxe.rss"] = ("refused", r"XML with a DTD or entity declarations is refused \(unsafe\)")

    # archives whose members would escape the folder
    _zip(inbox / "evil.zip", TRAVERSAL)
    expect["evil.zip"] = ("refused", r"archives are not supported yet")
    _tar(inbox / "evil.tar", TRAVERSAL)
    expect["evil.tar"] = ("refused", r"archives are not supported yet")
    _tar(inbox / "evil.tar.gz", TRAVERSAL, "w:gz")
    expect["evil.tar.gz"] = ("refused", r"archives are not supported yet")
    return expect


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Store three articles and a judgement, then ingest the bad-input folder once."""
    base = tmp_path_factory.mktemp("bad-inputs")
    db = base / "kb.db"
    seed = base / "seed"
    seed.mkdir()
    for name in STORED_BEFORE:
        shutil.copy(CORPUS / name, seed / name)
    r = run_mmon("ingest", seed, db=db)
    assert r.returncode == 0, r.stderr

    from militant_monitor.resolve import judgements as judgements_mod
    from militant_monitor.store import Store
    people = [p for (p,) in rows(db, "SELECT DISTINCT entity_id FROM statements "
                                     "WHERE entity_type = 'person' ORDER BY 1")]
    assert len(people) >= 2
    store = Store(str(db))
    judgements_mod.record(store, people[0], people[-1], "negative", "reliability-test", "kept apart before the run")
    store.close()

    before = {"documents": documents(db), "statements": statements(db), "judgements": judgements(db)}
    assert before["documents"] and before["statements"] and before["judgements"]

    inbox = base / "inbox"
    expect = build_inbox(inbox)
    cwd = base / "cwd"
    cwd.mkdir()
    outside_before = _files_outside(base)
    result = run_mmon("ingest", inbox, db=db, cwd=cwd, timeout=300)
    outside_after = _files_outside(base)
    return {"base": base, "db": db, "inbox": inbox, "cwd": cwd, "expect": expect, "before": before,
            "result": result, "outside": (outside_before, outside_after)}


def _files_outside(base: Path) -> set[Path]:
    """Every path under the session's temporary folder but outside this test's folder."""
    return {p for p in base.parent.rglob("*") if not p.is_relative_to(base)}


def _inputs(run, outcome):
    return {name: pat for name, (o, pat) in run["expect"].items() if o == outcome}


def _skipped_lines(run) -> list[str]:
    return [ln for ln in run["result"].stderr.splitlines() if ln.strip()]


def test_run_goes_on_and_exits_1(run):
    r = run["result"]
    assert r.returncode == 1, r.stderr   # partial failure: the good inputs stored, the bad ones named
    assert "Traceback" not in r.stderr + r.stdout
    n_stored, n_refused = len(_inputs(run, "stored")), len(_inputs(run, "refused"))
    summary = r.stdout.strip().splitlines()[-1]
    want = rf"read {n_stored}, stored {n_stored}, unchanged 0, duplicates 0, failed {n_refused} \("
    assert re.match(want, summary), summary


def test_each_bad_input_named_on_exactly_one_line_with_its_reason(run):
    lines = _skipped_lines(run)
    refused = _inputs(run, "refused")
    inbox = run["inbox"]
    for name, pattern in refused.items():
        prefix = f"skipped {inbox / name}: "
        hits = [ln for ln in lines if ln.startswith(prefix)]
        assert len(hits) == 1, (name, hits, lines)
        reason = hits[0][len(prefix):]
        assert re.fullmatch(pattern, reason), (name, reason)
        assert not reason.startswith("unexpected error"), (name, reason)
    # and nothing else on stderr: no warnings, no tracebacks, no line for a good input
    assert len(lines) == len(refused), "\n".join(lines)


def test_bad_inputs_leave_the_store_unchanged(run):
    db, inbox = run["db"], run["inbox"]
    refused = set(_inputs(run, "refused"))
    stored_sources = {d["source_path"] for d in documents(db).values()}
    for name in refused:
        path = str(inbox / name)
        assert not any(s == path or s.startswith(path + ":") or s.startswith(path + "#") for s in stored_sources), name
    new_docs = set(documents(db)) - set(run["before"]["documents"])
    assert len(new_docs) == len(_inputs(run, "stored"))
    assert store_problems(db) == []


def test_what_was_stored_before_is_identical(run):
    db, before = run["db"], run["before"]
    docs = documents(db)
    for doc_id, row in before["documents"].items():
        assert docs.get(doc_id) == row, doc_id
    now = statements(db)
    old_docs = set(before["documents"])
    assert {i: s for i, s in now.items() if s["doc_id"] in old_docs} == before["statements"]
    assert judgements(db) == before["judgements"]


def test_good_articles_are_stored_with_their_text(run):
    db, inbox = run["db"], run["inbox"]
    by_source = {d["source_path"]: d for d in documents(db).values()}
    for name in _inputs(run, "stored"):
        assert str(inbox / name) in by_source, name

    good = by_source[str(inbox / "good-article.txt")]
    assert good["language"] == "en" and "Buleda" in good["text"]
    assert rows(db, "SELECT COUNT(*) FROM statements WHERE doc_id = ? AND entity_type = 'event'", good["id"])[0][0] >= 1

    jl = by_source[str(inbox / "broken.jsonl:3")]
    assert jl["title"] == JSONL_GOOD["title"] and jl["published"] == "2024-03-06"


def test_encodings_are_decoded_without_mojibake(run):
    inbox = run["inbox"]
    by_source = {d["source_path"]: d for d in documents(run["db"]).values()}
    cp = by_source[str(inbox / "cp1252.txt")]["text"]
    assert "– “we are afraid”" in cp and "café owner said £500" in cp
    assert by_source[str(inbox / "utf16.txt")]["text"] == UTF16
    mixed = by_source[str(inbox / "mixed-encodings.txt")]["text"]
    for want in ("Café owners", "fear for their trade – again", "“£500 a month”", "on Monday — the second",
                 "the men “did not give a name”"):
        assert want in mixed, want
    for mojibake in ("Ã", "â€", "\ufffd"):
        assert mojibake not in mixed, mojibake


def test_broken_html_keeps_only_what_the_page_holds(run):
    inbox = run["inbox"]
    by_source = {d["source_path"]: d for d in documents(run["db"]).values()}
    truncated = by_source[str(inbox / "truncated.html")]["text"]
    assert "district council of Karvan named a retired judge" in truncated
    assert truncated.rstrip().endswith("rebuild the bri")          # nothing invented past the cut
    assert "Copyright" not in truncated and "Home" not in truncated

    soup = by_source[str(inbox / "tag-soup.html")]["text"]
    assert "Elders of the Karvan valley met" in soup and "any longer" in soup

    bomb = by_source[str(inbox / "entity-bomb.html")]["text"]
    assert "district office in Karvan reopened" in bomb
    assert len(bomb) < 10_000 and "aaaaaaaaaa" not in bomb     # entities not expanded


def test_non_english_articles_are_marked_and_yield_no_people_or_events(run):
    db, inbox = run["db"], run["inbox"]
    by_source = {d["source_path"]: d for d in documents(db).values()}
    for name, text in (("german.txt", GERMAN), ("urdu.txt", URDU)):
        doc = by_source[str(inbox / name)]
        # stored, not refused: the text is kept for search, but never labelled English
        assert doc["language"] not in ("en", None), (name, doc["language"])
        assert doc["language"] == "und"
        kinds = {t for (t,) in rows(db, "SELECT DISTINCT entity_type FROM statements WHERE doc_id = ?", doc["id"])}
        assert not kinds & {"person", "event"}, (name, kinds)
        [(lang,)] = rows(db, "SELECT value FROM statements WHERE doc_id = ? AND prop = 'language'", doc["id"])
        assert lang == '"und"'
        # whatever was read (a group name in the German text) has evidence inside the text
        for s, e in rows(db, "SELECT span_start, span_end FROM statements WHERE doc_id = ? AND span_start IS NOT NULL",
                         doc["id"]):
            assert 0 <= s < e <= len(doc["text"])


def test_feeds_never_expand_entities_or_read_local_files(run):
    db = run["db"]
    for (text,) in rows(db, "SELECT text FROM documents"):
        assert "lollol" not in text and "root:" not in text


def test_nothing_is_written_outside_the_test_folder(run):
    base = run["base"]
    outside_before, outside_after = run["outside"]
    assert outside_after == outside_before                      # nothing new beside the test folder
    assert not list(base.parent.rglob("evil")), "an archive member was extracted"
    assert not Path("/etc/evil").exists() and not Path("/abs/path").exists()
    assert list(run["cwd"].iterdir()) == []                     # no mmon-data/ in the working folder
    # inside the test folder: only the store (and its WAL files) and the inputs we wrote
    made = {p.name for p in base.iterdir()}
    assert made <= {"kb.db", "kb.db-wal", "kb.db-shm", "seed", "inbox", "cwd"}, made
    assert sorted(p.name for p in run["inbox"].iterdir()) == sorted({n.split(":")[0] for n in run["expect"]})


def test_input_names_with_brackets_are_printed_as_they_are(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "pic[bold].html").write_bytes(PNG)
    (inbox / "notes[red]2024.txt").write_bytes(b"")
    r = run_mmon("ingest", inbox, db=tmp_path / "kb.db", cwd=tmp_path)
    assert "Traceback" not in r.stderr
    assert f"skipped {inbox / 'pic[bold].html'}: binary file, not text" in r.stderr.splitlines()
    assert f"skipped {inbox / 'notes[red]2024.txt'}: empty file" in r.stderr.splitlines()


# --------------------------------------------------------------- the library calls behind the above


@pytest.mark.parametrize("data, text", [
    # a UTF-8 file with one line pasted from a cp1252 source
    ("Caf\u00e9 in Karvan \u2013 closed\n".encode() + "the owner said \u201cno\u201d\n".encode("cp1252"),
     "Caf\u00e9 in Karvan \u2013 closed\nthe owner said \u201cno\u201d\n"),
    # one line mixing both, UTF-8 outweighing the stray cp1252 bytes
    ("the caf\u00e9 \u2014 ".encode() + "\u201c\u00a3500\u201d".encode("cp1252") + " \u2014 r\u00e9open".encode(),
     "the caf\u00e9 \u2014 \u201c\u00a3500\u201d \u2014 r\u00e9open"),
    # plain cp1252 stays cp1252, even where two of its bytes happen to be valid UTF-8 ("\u00c9\u00bb")
    ("\u00abCAF\u00c9\u00bb ferm\u00e9 \u2013 oui\nd\u00e9j\u00e0 vu".encode("cp1252"),
     "\u00abCAF\u00c9\u00bb ferm\u00e9 \u2013 oui\nd\u00e9j\u00e0 vu"),
    ("\u00abCAF\u00c9\u00bb".encode("cp1252"), "\u00abCAF\u00c9\u00bb"),
    # the five bytes cp1252 leaves undefined
    (b"caf\xe9 \x81\x8d\x8f\x90\x9d", "caf\u00e9 \ufffd\ufffd\ufffd\ufffd\ufffd"),
])
def test_decoding_mixed_utf8_and_cp1252(data, text):
    from militant_monitor.ingest.textutil import decode_bytes
    assert decode_bytes(data) == text


@pytest.mark.parametrize("text, language", [
    (GERMAN, "und"), (URDU, "und"), ("\u674e" * 30, "und"),          # not English: never 'en'
    (UTF16, "en"), ("Karvan elders meet", None),                      # too short to tell: None
])
def test_document_language(text, language):
    from militant_monitor.ingest.textutil import document_language
    assert document_language(text) == language
