"""Issue 16: never hang, never lose the good with the bad, never let the input steer.

Every input here is invented for these tests: the articles, the outlets ("Evil [/] Times",
"Ridge Brigade") and the people ("Tamour Zaiwar") are fictional.
"""
from __future__ import annotations

import io
import json
import os
import socket
import sqlite3
import threading

import pytest
from reliability_support import needs_mmon, run_mmon
from sqlalchemy import event

from militant_monitor import errors
from militant_monitor.errors import MmonError, StoreError, printable
from militant_monitor.ingest import Failure, read_paths
from militant_monitor.ingest.textutil import UnknownEncoding, decode_bytes
from militant_monitor.model.document import Document
from militant_monitor.store import Store

ARTICLE = (
    "Commander of the Ridge Brigade killed in strike\n\n"
    "Commander Tamour Zaiwar, the chief of the Ridge Brigade, was killed in a drone strike in the Kurram "
    "district on Sunday, two security officials said.\n"
    "The officials said Zaiwar had led the group since 2019 and that three of his guards were also killed "
    "in the strike on a compound near the village of Sadda.\n")


def article(n: int) -> str:
    """A distinct invented article (no two are near duplicates)."""
    words = " ".join(f"w{n}x{i}" for i in range(40))
    return (f"Report number {n} from the valley\n\nThe district council met on day {n} and said that "
            f"the road to the market would stay open for the harvest. {words}.\n")


def docs(items):
    return [i for i in items if isinstance(i, Document)]


def fails(items):
    return [i for i in items if isinstance(i, Failure)]


# --------------------------------------------------------------- 1. no markup, no terminal control

@pytest.mark.parametrize("raw, want", [
    ("Evil \x1b[31mRed\x1b[0m Times", "Evil Red Times"),
    ("title\x1b]0;pwned\x07 rest", "title rest"),                  # OSC: set the window title
    ("a\x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 hyperlink
    ("clear\x1b[2J\x1b[Hscreen", "clearscreen"),
    ("c1\x9b31mx\x85y", "c1xy"),                                    # 8-bit CSI and NEL
    ("bell\x07back\x08nul\x00del\x7f", "bellbacknuldel"),
    ("\u202eevil\u202c name", "evil name"),                         # bidi override
    ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
    ("Evil [/] Times", "Evil [/] Times"),                           # markup is not printable()'s job
])
def test_printable_strips_control_characters_and_escape_sequences(raw, want):
    assert printable(raw) == want


def test_one_line_messages_carry_no_control_characters():
    f = Failure("in\x1b[2Jbox/a\x07.txt", "bad \x1b[31mthing\x1b[0m\nsecond line")
    assert f.reason == "bad thing second line"
    assert "\x1b" not in errors.one_line("x\x1b]0;t\x07y")


def _console_output(text_from_input: str) -> str:
    from militant_monitor.cli import SafeConsole, shown
    buf = io.StringIO()
    console = SafeConsole(file=buf, force_terminal=True, width=200)
    console.print(f"[bold red]ALERT[/bold red] {shown(text_from_input)}", highlight=False)
    console.print(text_from_input, markup=False, highlight=False)
    return buf.getvalue()


def test_console_prints_input_literally_and_without_escapes():
    printed = _console_output("bounty on Zaiwar (Evil [/] Times \x1b]0;owned\x07\x1b[2J[bold]x[/bold])")
    plain = printed.replace("\x1b[1;31m", "").replace("\x1b[0m", "")
    assert "\x1b]" not in printed and "\x1b[2J" not in printed and "\x07" not in printed
    assert "Evil [/] Times" in plain and "[bold]x[/bold]" in plain


@needs_mmon
def test_watch_alert_from_a_publisher_named_like_markup(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rec = {"title": "Ridge \x1b[2J Brigade \x1b]0;pwned\x07commander killed", "publisher": "Evil [/] Times\x1b[31m",
           "published": "2024-03-03", "text": ARTICLE}
    (inbox / "wire.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    r = run_mmon("watch", inbox, "--once", "--leader", "Tamour Zaiwar", db=tmp_path / "w.db", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "error" not in r.stderr
    alerts = [ln for ln in r.stdout.splitlines() if ln.startswith("ALERT")]
    assert alerts and all("Evil [/] Times" in a for a in alerts), r.stdout
    assert "\x1b" not in r.stdout + r.stderr and "\x07" not in r.stdout + r.stderr


@needs_mmon
def test_file_names_with_escape_sequences_are_shown_clean(tmp_path, monkeypatch):
    monkeypatch.setenv("MMON_MODEL", "none")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "evil\x1b]0;owned\x07[red]name.txt").write_bytes(b"")
    (inbox / "good.txt").write_text(article(1), encoding="utf-8")
    r = run_mmon("ingest", inbox, db=tmp_path / "kb.db", cwd=tmp_path)
    assert "Traceback" not in r.stderr
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
    assert [ln for ln in r.stderr.splitlines() if "[red]name.txt: empty file" in ln], r.stderr


def test_a_watch_pass_that_fails_to_report_reports_next_time(tmp_path, extractor):
    from militant_monitor.query import watch
    store = Store(str(tmp_path / "w.db"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    watch.add(store, "Tamour Zaiwar")
    (inbox / "strike.txt").write_text(ARTICLE, encoding="utf-8")

    def broken(alert):
        raise RuntimeError("terminal went away")

    problems = []
    got = watch.run(store, [str(inbox)], once=True, extractor=extractor, on_alert=broken, on_error=problems.append)
    assert got == [] and len(problems) == 1 and "stay pending" in problems[0]
    assert len(store.pending()) == 1, "the stored document still owes its alerts"

    shown = []
    got = watch.run(store, [str(inbox)], once=True, extractor=extractor, on_alert=shown.append)
    assert shown and shown == got and any(a["kind"] == "killed" for a in shown), shown
    assert store.pending() == []
    assert watch.run(store, [str(inbox)], once=True, extractor=extractor) == [], "reported once only"


# --------------------------------------------------------------- 2. folders walked safely

def _read_with_deadline(paths, seconds=20, **kw):
    """read_paths in a thread; fails the test (instead of hanging) if it does not finish."""
    result = {}
    t = threading.Thread(target=lambda: result.setdefault("items", list(read_paths(paths, **kw))), daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "read_paths hung"
    return result["items"]


def test_fifo_and_socket_in_a_folder_are_skipped_not_opened(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(article(1), encoding="utf-8")
    os.mkfifo(inbox / "b-pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(inbox / "c-sock"))
    try:
        items = _read_with_deadline([str(inbox)])
    finally:
        sock.close()
    assert len(docs(items)) == 1
    skipped = fails(items)
    assert [f.input for f in skipped] == [str(inbox / "b-pipe.txt"), str(inbox / "c-sock")]
    assert all(f.code == errors.E_SKIPPED and "not a regular file" in f.reason for f in skipped)


def test_links_out_of_the_folder_are_not_followed_unless_asked(tmp_path):
    private, inbox = tmp_path / "private", tmp_path / "inbox"
    private.mkdir()
    inbox.mkdir()
    (private / "secret.txt").write_text(article(7), encoding="utf-8")
    (inbox / "own.txt").write_text(article(1), encoding="utf-8")
    (inbox / "to-private").symlink_to("../private")
    (inbox / "secret-file.txt").symlink_to(private / "secret.txt")
    items = _read_with_deadline([str(inbox)])
    assert [d.source_path for d in docs(items)] == [str(inbox / "own.txt")]
    assert {f.input for f in fails(items)} == {str(inbox / "to-private"), str(inbox / "secret-file.txt")}
    assert all(f.code == errors.E_SKIPPED and "--follow-links" in f.reason for f in fails(items))

    followed = _read_with_deadline([str(inbox)], follow_links=True)
    assert not fails(followed) and len(docs(followed)) == 3


def test_links_inside_the_folder_and_loops(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "sub" / "a.txt").write_text(article(1), encoding="utf-8")
    (inbox / "sub" / "loop").symlink_to("..")          # back to the folder itself
    (inbox / "alias").symlink_to("sub")                # the same folder twice
    for follow in (False, True):
        items = _read_with_deadline([str(inbox)], follow_links=follow)
        assert len(docs(items)) == 1 and not fails(items), items


@needs_mmon
def test_cli_ingest_of_a_folder_with_a_fifo_finishes(tmp_path, monkeypatch):
    monkeypatch.setenv("MMON_MODEL", "none")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(article(2), encoding="utf-8")
    os.mkfifo(inbox / "feed.xml")
    r = run_mmon("ingest", inbox, db=tmp_path / "kb.db", cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [f"skipped {inbox / 'feed.xml'}: {errors.NOT_A_FILE_IN_FOLDER}"]
    assert r.stdout.strip().splitlines()[-1].startswith("read 1, stored 1, unchanged 0, duplicates 0, skipped 1")


# --------------------------------------------------------------- 3. record by record; text is text

def test_a_torn_line_with_a_nul_byte_spoils_only_that_line(tmp_path):
    lines = [json.dumps({"title": f"Item {i}", "text": article(i)}).encode() for i in range(20)]
    lines.insert(3, b'{"title": "torn", "text": "half a rec\x00\x00\x00\x00')
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_paths([str(path)]))
    assert len(docs(items)) == 20
    assert fails(items) == [Failure(f"{path}:4", errors.NUL_IN_LINE)]


def test_a_feed_item_that_breaks_the_reader_spoils_only_itself(tmp_path, monkeypatch):
    from militant_monitor.ingest import feeds
    items = "".join(f"<item><title>Item {i}</title><description>{article(i)}</description></item>" for i in range(3))
    path = tmp_path / "wire.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Wire</title>{items}'
                    "</channel></rss>", encoding="utf-8")
    real = feeds._rss_item

    def flaky(item, publisher, where):
        if where.endswith("#2"):
            raise ValueError("reader bug")
        return real(item, publisher, where)
    monkeypatch.setattr(feeds, "_rss_item", flaky)
    got = list(read_paths([str(path)]))
    assert len(docs(got)) == 2
    assert fails(got) == [Failure(f"{path}#2", "unexpected error: ValueError: reader bug")]


def test_a_binary_file_named_jsonl_is_still_one_failure(tmp_path):
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert list(read_paths([str(path)])) == [Failure(str(path), errors.BINARY_FILE)]


def test_text_fields_are_text_not_markup(tmp_path):
    lead = "The council of the valley met on Monday and said "
    recs = [{"title": "One", "text": lead + '<b>a sign</b> <svg onload="x()"> was painted on the wall of the school. '
             + article(1)},
            {"title": "Two", "text": lead + "<b>nothing</b> else had changed since the spring floods. " + article(2)}]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    one, two = list(read_paths([str(path)]))
    assert '<b>a sign</b> <svg onload="x()"> was painted on the wall' in one.text and one.raw_html is None
    assert "district council met on day 1" in one.text
    assert "<b>nothing</b> else had changed" in two.text


@needs_mmon
def test_markup_in_text_does_not_make_the_next_record_a_duplicate(tmp_path, monkeypatch):
    monkeypatch.setenv("MMON_MODEL", "none")
    lead = "The council of the valley met on Monday and said that the "
    # read as HTML, each text would end at <svg>: two copies of the lead, the second a "duplicate"
    recs = [{"title": "One", "text": lead + "<b>sign</b> <svg width='1'> " + article(1)},
            {"title": "Two", "text": lead + "<b>sign</b> <svg width='1'> " + article(2)}]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    r = run_mmon("ingest", path, db=tmp_path / "kb.db", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "stored 2" in r.stdout and "duplicates 0" in r.stdout, r.stdout + r.stderr


@pytest.mark.parametrize("rec", [
    {"title": "Marked", "text": "<p>The council met.</p><p>The road stays open for the harvest season.</p>",
     "format": "html"},
    {"title": "Field", "html": "<p>The council met.</p><p>The road stays open for the harvest season.</p>"},
])
def test_a_record_that_says_html_is_read_as_html(tmp_path, rec):
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (doc,) = list(read_paths([str(path)]))
    assert doc.text == "The council met.\n\nThe road stays open for the harvest season."
    assert doc.raw_html.startswith("<p>") and "format" not in doc.extra and "html" not in doc.extra


def test_a_lone_surrogate_is_one_line_for_its_record(tmp_path):
    path = tmp_path / "wire.jsonl"
    good = json.dumps({"text": article(1)})
    bad = '{"title": "broken \\ud800 escape", "text": "The council met on Monday in the valley."}'
    path.write_text("\n".join([good, bad, json.dumps({"text": article(2)})]) + "\n", encoding="utf-8")
    items = list(read_paths([str(path)]))
    assert len(docs(items)) == 2
    (f,) = fails(items)
    assert f.input == f"{path}:2" and "lone surrogate" in f.reason and "title" in f.reason


# Urdu as Windows-1256 writes it: Arabic yeh (U+064A) for the Farsi yeh, "." for the Urdu full stop
URDU = ("وادی میں کمانڈر کی ہلاکت کی تصدیق\n\nمقامی حکام نے بتایا کہ گروپ کے سربراہ کو اتوار کے روز"
        " ایک حملے میں ہلاک کر دیا گیا۔ انہوں نے کہا کہ علاقے میں سکیورٹی سخت کر دی گئی ہے۔\n"
        ).replace("\u06cc", "\u064a").replace("\u06d4", ".")


def test_windows_1256_urdu_is_decoded_right(tmp_path):
    data = URDU.encode("cp1256")
    assert decode_bytes(data) == URDU
    path = tmp_path / "khabar.txt"
    path.write_bytes(data)
    (doc,) = list(read_paths([str(path)]))
    assert "کمانڈر" in doc.text and "ہلاک" in doc.text and doc.text == URDU.strip()


def test_windows_1256_in_one_jsonl_line(tmp_path):
    path = tmp_path / "wire.jsonl"
    line = '{"title": "خبر", "text": "' + URDU.replace("\n", " ") + '"}'
    path.write_bytes(json.dumps({"text": article(1)}).encode() + b"\n" + line.encode("cp1256") + b"\n")
    items = list(read_paths([str(path)]))
    assert len(docs(items)) == 2 and "کمانڈر" in docs(items)[1].text and docs(items)[1].title == "خبر"


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(("\ufeff" + article(3) + URDU).encode("utf-16-le"))
    (doc,) = list(read_paths([str(path)]))
    assert "district council met on day 3" in doc.text and "کمانڈر" in doc.text


def test_an_encoding_we_cannot_tell_is_named_in_one_line(tmp_path):
    russian = "Командир группы убит в горах, сообщили местные власти в воскресенье вечером.\n" * 3
    with pytest.raises(UnknownEncoding):
        decode_bytes(russian.encode("koi8-r"))
    path = tmp_path / "novosti.txt"
    path.write_bytes(russian.encode("koi8-r"))
    assert list(read_paths([str(path)])) == [Failure(str(path), errors.unknown_encoding())]


def test_latin_cp1252_is_still_cp1252():
    text = "Le commandant a été tué à Karvan, déclare «l’armée» – même source.\n"
    assert decode_bytes(text.encode("cp1252")) == text


# --------------------------------------------------------------- 4. exit codes; store errors

@needs_mmon
@pytest.mark.parametrize("files, code", [
    ({"a.txt": article(1), "b.txt": article(2)}, 0),
    ({"a.txt": article(1), "b.png": "\x00\x01\x02binary\x00" * 40}, 1),
    ({"a.png": "\x00\x01\x02binary\x00" * 40, "b.txt": ""}, 3),
])
def test_exit_code_tells_the_truth(tmp_path, monkeypatch, files, code):
    monkeypatch.setenv("MMON_MODEL", "none")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, text in files.items():
        (inbox / name).write_bytes(text.encode("latin-1") if name.endswith(".png") else text.encode())
    r = run_mmon("ingest", inbox, db=tmp_path / "kb.db", cwd=tmp_path)
    assert r.returncode == code, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr


@needs_mmon
def test_bad_usage_exits_2(tmp_path):
    r = run_mmon("ingest", "--no-such-option", tmp_path, db=tmp_path / "kb.db", cwd=tmp_path)
    assert r.returncode == 2


class _Counting:
    """A rules-only extractor that counts its calls."""

    def __init__(self):
        from militant_monitor.extract.pipeline import Extractor
        self.inner = Extractor(use_model=False)
        self.version = self.inner.version
        self.calls = 0

    def __call__(self, doc):
        self.calls += 1
        return self.inner(doc)


def test_a_full_disk_stops_the_run_with_one_line(tmp_path):
    from militant_monitor.ingest.runner import ingest_paths
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(30):
        (inbox / f"{i:02}.txt").write_text(article(i) + ("padding words here. " * 400), encoding="utf-8")
    store = Store(str(tmp_path / "kb.db"))
    with sqlite3.connect(tmp_path / "kb.db") as c:
        pages = c.execute("PRAGMA page_count").fetchone()[0]

    @event.listens_for(store.engine, "connect")
    def _small_disk(dbapi_conn, _):
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 12}")
    store.engine.dispose()
    extractor = _Counting()
    with pytest.raises(StoreError) as raised:
        ingest_paths(store, [str(inbox)], extractor)
    err = raised.value
    assert err.code == errors.E_STORE
    assert "database or disk is full" in str(err) and "\n" not in str(err) and "sqlalchemy" not in str(err).lower()
    assert err.report.failed == [] and 0 < err.report.stored < 30
    assert extractor.calls == err.report.stored + 1, "stopped at the first store error"
    store.engine.dispose()
    with sqlite3.connect(tmp_path / "kb.db") as c:       # what was stored is intact
        assert c.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == err.report.stored
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@needs_mmon
def test_a_locked_store_stops_the_run_with_one_line_and_exit_3(tmp_path, monkeypatch):
    monkeypatch.setenv("MMON_MODEL", "none")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(5):
        (inbox / f"{i}.txt").write_text(article(i), encoding="utf-8")
    db = tmp_path / "kb.db"
    Store(str(db)).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        r = run_mmon("ingest", inbox, db=db, cwd=tmp_path, timeout=200)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.returncode == 3, (r.stdout, r.stderr)
    errs = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert errs == ["error: store error: database is locked; stopped after storing 0 document(s)"], r.stderr
    assert "sqlalchemy" not in r.stderr.lower() and "Traceback" not in r.stderr
    assert "skipped" not in r.stderr, "no file is blamed for the store"


# --------------------------------------------------------------- 5. an unknown model is an error

def test_unknown_model_name_is_an_error(monkeypatch):
    from militant_monitor.extract.pipeline import Extractor, load_nlp
    monkeypatch.setenv("MMON_MODEL", "en_core_web_typo")
    with pytest.raises(MmonError) as raised:
        Extractor()
    assert raised.value.code == errors.E_MODEL and "en_core_web_typo" in str(raised.value)
    with pytest.raises(MmonError):
        load_nlp("no_such_model_pkg")
    monkeypatch.setenv("MMON_MODEL", "None")
    assert load_nlp() is None and Extractor().model == "none"


@needs_mmon
def test_cli_with_a_mistyped_model_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("MMON_MODEL", "en_core_web_smm")
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    r = run_mmon("ingest", tmp_path / "a.txt", db=tmp_path / "kb.db", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [f"error: {errors.unknown_model('en_core_web_smm')}"]
    with sqlite3.connect(tmp_path / "kb.db") as c:
        assert c.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


# --------------------------------------------------------------- 6. forget leaves a tombstone

def test_forget_leaves_a_tombstone_and_scrubs_the_text(tmp_path):
    from militant_monitor.ingest.runner import ingest_paths
    from militant_monitor.query import watch
    from militant_monitor.store.store import forget
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    marker = "Qqzvarkian Xylomancer"
    (inbox / "a.txt").write_text(article(1).replace("valley", f"valley of {marker}"), encoding="utf-8")
    (inbox / "b.txt").write_text(article(2), encoding="utf-8")
    db = tmp_path / "kb.db"
    store = Store(str(db))
    extractor = _Counting()
    first = ingest_paths(store, [str(inbox)], extractor)
    assert first.stored == 2
    doc_id = next(d["id"] for d in store.documents() if d["source_path"].endswith("a.txt"))
    assert forget(store, doc_id)["documents"] == 1
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert c.exec_driver_sql("SELECT doc_id FROM forgotten").scalars().all() == [doc_id]
    store.engine.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("kb.db*"))
    assert b"Qqzvarkian" not in raw and b"qqzvarkian" not in raw, "the forgotten text lingers in the file"

    store = Store(str(db))
    again = ingest_paths(store, [str(inbox)], extractor)
    assert again.stored == 0 and [f.input for f in again.skipped] == [str(inbox / "a.txt")]
    assert again.skipped[0].reason == errors.FORGOTTEN and again.exit_code() == 0
    watch.run(store, [str(inbox)], once=True, extractor=extractor)
    assert store.document(doc_id) is None, "a watch pass does not bring it back"

    forced = ingest_paths(store, [str(inbox)], extractor, force=True)
    assert forced.stored == 1 and store.document(doc_id) is not None and store.is_forgotten is not None
    with store.engine.connect() as c:
        assert c.exec_driver_sql("SELECT COUNT(*) FROM forgotten").scalar() == 0


def test_a_near_copy_of_a_forgotten_document_stays_out(tmp_path):
    from militant_monitor.ingest.runner import ingest_paths
    from militant_monitor.store.store import forget
    original, copy = tmp_path / "original.txt", tmp_path / "copy.txt"
    body = article(5) + " ".join(f"more{i}" for i in range(60)) + ".\n"
    original.write_text(body, encoding="utf-8")
    copy.write_text("Retitled by another outlet\n\n" + body, encoding="utf-8")
    store = Store(str(tmp_path / "kb.db"))
    extractor = _Counting()
    first = ingest_paths(store, [str(original), str(copy)], extractor)
    assert first.stored == 1 and first.duplicates[0][1] == "near"
    forget(store, first.documents[0])
    with store.engine.connect() as c:
        fp = c.exec_driver_sql("SELECT fingerprint FROM forgotten").scalar()
    assert "more1" not in fp and "council" not in fp, "the tombstone keeps no text"

    again = ingest_paths(store, [str(copy)], extractor)
    assert again.stored == 0 and [f.reason for f in again.skipped] == [errors.NEAR_FORGOTTEN]
    assert again.exit_code() == 0
    forced = ingest_paths(store, [str(copy)], extractor, force=True)
    assert forced.stored == 1
