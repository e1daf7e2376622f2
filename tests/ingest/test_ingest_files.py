"""read_paths: folders, dispatch, encodings, size limit, bad inputs."""
from __future__ import annotations

import io
import os
import sys
import tarfile
import zipfile

import pytest

from militant_monitor.errors import ARCHIVE_NOT_SUPPORTED, BINARY_FILE, EMPTY_FILE
from militant_monitor.ingest import Failure, read_paths
from militant_monitor.model.document import Document

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def test_files_folder_recursion_sorted_and_hidden_skipped(write, tmp_path):
    write("b.txt", "Second file\n\nThe second text.")
    write("a.txt", "First file\n\nThe first text.")
    write("sub/c.txt", "Third file\n\nThe third text.")
    write("sub/deeper/d.md", "Fourth file\n\nThe fourth text.")
    write(".hidden.txt", "Hidden\n\nShould not be read.")
    write(".git/config.txt", "Hidden folder\n\nShould not be read.")
    write("sub/.cache/e.txt", "Hidden folder\n\nShould not be read.")
    items = list(read_paths([str(tmp_path)]))
    assert all(isinstance(i, Document) for i in items), items
    assert [os.path.relpath(d.source_path, tmp_path) for d in items] == [
        "a.txt",
        "b.txt",
        os.path.join("sub", "c.txt"),
        os.path.join("sub", "deeper", "d.md"),
    ]
    assert [d.title for d in items] == ["First file", "Second file", "Third file", "Fourth file"]


def test_files_read_paths_is_lazy(write, tmp_path):
    write("a.txt", "One\n\nFirst text.")
    write("b.txt", "Two\n\nSecond text.")
    it = read_paths([str(tmp_path)])
    first = next(it)
    (tmp_path / "b.txt").unlink()  # not read yet, so its removal shows up as a Failure
    rest = list(it)
    assert isinstance(first, Document)
    assert rest == [Failure(str(tmp_path / "b.txt"), "no such file or directory")]


def test_files_mixed_inputs_in_order(write, data_dir):
    txt = write("note.txt", "A short note\n\nThe council met.")
    items = list(read_paths([str(txt), str(data_dir / "feed.atom"), str(data_dir / "article.html")]))
    assert [type(i).__name__ for i in items] == ["Document"] * 4
    assert items[1].source_path.endswith("feed.atom#1")


def test_files_binary_file_named_html(write):
    path = write("picture.html", PNG_HEADER + bytes(range(256)) * 4)
    assert list(read_paths([str(path)])) == [Failure(str(path), BINARY_FILE)]


def test_files_binary_without_nul_bytes(write):
    junk = bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13)) * 50
    path = write("junk.txt", junk)
    assert list(read_paths([str(path)])) == [Failure(str(path), "binary file, not text")]


def test_files_cp1252_decodes(write):
    text = "Caf\u00e9 owners in Karvan \u2013 \u201cwe are afraid\u201d\n\nThe owner said \u00a3500 was taken."
    path = write("cp.txt", text, encoding="cp1252")
    (doc,) = list(read_paths([str(path)]))
    assert doc.title == "Caf\u00e9 owners in Karvan \u2013 \u201cwe are afraid\u201d"
    assert "\u00a3500" in doc.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-16-le"])
def test_files_utf16_and_bom_decode(write, encoding):
    text = "Kommandant \u00fcbernimmt in Karvan\n\nThe group said \u201cnothing\u201d \u2014 \u0627\u0639\u0644\u0627\u0646."
    path = write(f"enc-{encoding}.txt", text, encoding=encoding)  # utf-16-le: no BOM
    (doc,) = list(read_paths([str(path)]))
    assert isinstance(doc, Document), doc
    assert doc.text == text
    assert doc.title == "Kommandant \u00fcbernimmt in Karvan"


def test_files_html_in_declared_charset(write):
    html = (
        '<html><head><meta charset="iso-8859-1"><title>Se\u00f1or in Karvan</title></head>'
        "<body><p>The caf\u00e9 was closed.</p></body></html>"
    )
    path = write("latin.html", html, encoding="iso-8859-1")
    (doc,) = list(read_paths([str(path)]))
    assert "caf\u00e9" in doc.text


def test_files_crlf_line_ends(write):
    (doc,) = list(read_paths([str(write("crlf.txt", "A headline here\r\n\r\nBody line.\r\n"))]))
    assert doc.text == "A headline here\n\nBody line."


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", "  \n".encode("utf-16")])
def test_files_empty_file(write, content):
    path = write("empty.txt", content)
    assert list(read_paths([str(path)])) == [Failure(str(path), EMPTY_FILE)]


def test_files_only_boilerplate_is_no_text(write):
    path = write("cookies.txt", "We use cookies on this site.\nAccept all\n")
    assert list(read_paths([str(path)])) == [Failure(str(path), "no text found")]


def test_files_over_size_limit_not_read(write, monkeypatch):
    path = write("big.txt", "word " * 400)  # 2000 bytes
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    items = list(read_paths([str(path)], max_bytes=1000))
    assert items == [Failure(str(path), "file too large (0.002 MB > limit 0.001 MB)")]
    assert opened == []
    assert len(list(read_paths([str(path)], max_bytes=2000))) == 1


def test_files_size_message_in_megabytes():
    from militant_monitor.errors import file_too_large

    assert file_too_large(123_400_000, 50_000_000) == "file too large (123 MB > limit 50 MB)"
    assert file_too_large(1_500_000, 1_000_000) == "file too large (1.5 MB > limit 1 MB)"


def test_files_zip_is_not_extracted(write, tmp_path):
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("inner.txt", "A story\n\nInside the archive.")
    assert list(read_paths([str(path)])) == [Failure(str(path), ARCHIVE_NOT_SUPPORTED)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.zip"]


def test_files_archives_by_name_and_by_content(write, tmp_path):
    tar_path = tmp_path / "bundle.tar"
    with tarfile.open(tar_path, "w") as tf:
        data = b"A story\n\nInside the archive."
        info = tarfile.TarInfo("inner.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    disguised = write("disguised", (tmp_path / "bundle.tar").read_bytes())
    named = write("x.tar.gz", b"not really gzip")
    items = list(read_paths([str(tar_path), str(disguised), str(named)]))
    assert [i.reason for i in items] == [ARCHIVE_NOT_SUPPORTED] * 3


def test_files_missing_path(tmp_path):
    missing = str(tmp_path / "nope.html")
    assert list(read_paths([missing])) == [Failure(missing, "no such file or directory")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_files_permission_denied(write):
    path = write("secret.txt", "Secret\n\nText.")
    path.chmod(0)
    try:
        assert list(read_paths([str(path)])) == [Failure(str(path), "permission denied")]
    finally:
        path.chmod(0o644)


def test_files_unknown_extensions(write):
    pdf = write("report.pdf", b"%PDF-1.7\n...")
    csv = write("table.csv", "name,role\nZarak,commander\n")
    dated = write("notes.2023-04-18", "A dated note\n\nThe text of the note.")
    items = list(read_paths([str(pdf), str(csv), str(dated)]))
    assert items[0] == Failure(str(pdf), "unsupported file type (.pdf)")
    assert isinstance(items[1], Failure) and items[1].reason.startswith("unsupported file type (.csv)")
    assert isinstance(items[2], Document)


def test_files_failure_reasons_are_one_line(write, tmp_path):
    write("bad.xml", "<rss><channel>\n<item>\n</rss>")
    write("empty.txt", "")
    write("bad.jsonl", "{oops\n")
    for item in read_paths([str(tmp_path)]):
        assert isinstance(item, Failure)
        assert "\n" not in item.reason and len(item.reason) <= 200
        assert "Traceback" not in item.reason


def test_files_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Piped headline\n\nPiped body text.\n")))
    (doc,) = list(read_paths(["-"]))
    assert doc.title == "Piped headline"
    assert doc.text == "Piped headline\n\nPiped body text."
    assert doc.source_path == "<stdin>"


def test_files_stdin_over_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 5000)))
    (item,) = list(read_paths(["-"], max_bytes=1000))
    assert isinstance(item, Failure) and item.input == "<stdin>"
    assert item.reason.startswith("input too large")


def test_files_reader_bug_becomes_a_failure(write, monkeypatch):
    from militant_monitor.ingest import files

    def broken(text, source):
        raise RuntimeError("boom\nsecond line")
        yield  # pragma: no cover

    monkeypatch.setattr(files, "_plain", broken)
    path = write("a.txt", "Some text here.")
    assert list(read_paths([str(path)])) == [Failure(str(path), "unexpected error: RuntimeError: boom second line")]


def test_files_json_without_articles(write):
    path = write("none.json", "[]")
    assert list(read_paths([str(path)])) == [Failure(str(path), "no text found")]


def test_files_single_string_is_one_path(write):
    path = write("one.txt", "Just one\n\nA single path given as a string.")
    assert len(list(read_paths(str(path)))) == 1
