"""HTML pages: main text without page chrome, metadata, fallbacks."""
from __future__ import annotations

from militant_monitor.ingest import Failure, read_paths
from militant_monitor.ingest import html as html_mod
from militant_monitor.model.document import Document


def _one(path) -> Document:
    items = list(read_paths([str(path)]))
    assert len(items) == 1
    assert isinstance(items[0], Document), items[0]
    return items[0]


def test_html_main_text_without_nav_cookie_banner_or_footer(data_dir):
    doc = _one(data_dir / "article.html")
    assert "Commander Zarak" in doc.text
    assert "mountain villages where he grew up" in doc.text
    for chrome in ("uses cookies", "Accept all", "Sport", "Copyright 2023", "Terms of use"):
        assert chrome not in doc.text


def test_html_metadata_from_meta_tags(data_dir):
    doc = _one(data_dir / "article.html")
    assert doc.title == "Valley Front names new commander after spring offensive"
    assert doc.published == "2023-04-18"
    assert doc.author == "Amina Qadir"
    assert doc.publisher == "Frontier Ledger"
    assert doc.url == "https://ledger.example.org/2023/04/valley-front-commander"
    assert doc.language == "en"
    assert doc.source_path == str(data_dir / "article.html")


def test_html_keeps_raw_html(data_dir):
    doc = _one(data_dir / "article.html")
    assert doc.raw_html is not None and "cookie-banner" in doc.raw_html
    assert "raw_html" not in doc.to_dict()


def test_html_date_fallback_to_htmldate(write):
    page = write(
        "dated.html",
        """<!DOCTYPE html><html><head><title>Talks planned in Karvan</title></head><body>
        <article><h1>Talks planned in Karvan</h1>
        <p class="date">Published: 2022-11-07</p>
        <p>Elders from three villages in the fictional district of Karvan said on Sunday that they would
        meet representatives of the armed group next week to discuss the release of two teachers.</p>
        <p>The elders said the teachers had been held since the start of the month and that their
        families had asked for help from the provincial government as well.</p>
        </article></body></html>""",
    )
    doc = _one(page)
    assert doc.published == "2022-11-07"
    assert doc.title == "Talks planned in Karvan"


def test_html_tag_strip_fallback_when_trafilatura_finds_nothing(write, monkeypatch):
    monkeypatch.setattr(html_mod, "_trafilatura", lambda markup: None)
    page = write(
        "plain.html",
        "<html><head><title>Short note</title><style>p{color:red}</style></head><body>"
        "<nav>Home | World</nav><p>The district office said the curfew ended at dawn.</p>"
        "<script>var tracking = 1;</script><p>Schools will reopen on Monday.</p></body></html>",
    )
    doc = _one(page)
    assert doc.text == (
        "The district office said the curfew ended at dawn.\n\nSchools will reopen on Monday."
    )
    assert doc.title == "Short note"
    assert doc.extra["extracted_by"] == "tag-strip"


def test_html_without_any_text_is_a_failure(write):
    page = write("blank.html", "<html><head><title></title></head><body><div></div></body></html>")
    items = list(read_paths([str(page)]))
    assert items == [Failure(str(page), "no text found")]


def test_html_sniffed_without_extension(write, data_dir):
    page = write("saved_page", (data_dir / "article.html").read_bytes())
    doc = _one(page)
    assert doc.publisher == "Frontier Ledger"
    assert doc.raw_html is not None
