"""JSON Lines and JSON files."""
from __future__ import annotations

import json

from militant_monitor.ingest import Failure, read_paths
from militant_monitor.model.document import Document


def test_jsonl_broken_line_does_not_stop_the_file(write):
    lines = [
        json.dumps({"title": "First", "text": "The first article text.", "published": "2023-01-05"}),
        '{"title": "Broken", "text": "no closing brace"',
        "",
        json.dumps({"title": "Third", "content": "The third article text.", "date": "2023-02-07T10:00:00Z"}),
    ]
    path = write("batch.jsonl", "\n".join(lines) + "\n")
    items = list(read_paths([str(path)]))
    assert [type(i).__name__ for i in items] == ["Document", "Failure", "Document"]
    assert items[1].input == f"{path}:2"
    assert items[1].reason.startswith("invalid JSON")
    assert items[0].source_path == f"{path}:1"
    assert items[2].source_path == f"{path}:4"
    assert (items[0].title, items[0].published) == ("First", "2023-01-05")
    assert (items[2].title, items[2].text, items[2].published) == ("Third", "The third article text.", "2023-02-07")


def test_jsonl_field_variants(write):
    rec = {
        "headline": "Group names spokesman",
        "body": "<p>The group named a new spokesman.</p><p>He was not named.</p>",
        "format": "html",  # text fields are plain text unless the record says HTML
        "pubDate": "Mon, 01 May 2023 22:10:00 -0400",
        "authors": ["Farah Siddiqui", {"name": "Omar Baig"}],
        "publisher": {"name": "Karvan Monitor"},
        "link": "https://monitor.example.net/spokesman",
        "section": "Security",
    }
    (doc,) = list(read_paths([str(write("a.ndjson", json.dumps(rec)))]))
    assert isinstance(doc, Document)
    assert doc.title == "Group names spokesman"
    assert doc.text == "The group named a new spokesman.\n\nHe was not named."
    assert doc.raw_html.startswith("<p>")
    assert doc.published == "2023-05-01"
    assert doc.author == "Farah Siddiqui; Omar Baig"
    assert doc.publisher == "Karvan Monitor"
    assert doc.url == "https://monitor.example.net/spokesman"
    assert doc.extra == {"section": "Security"}


def test_jsonl_record_without_text_or_not_an_object(write):
    path = write("b.jsonl", '{"title": "No text here"}\n[1, 2]\n"just a string"\n')
    items = list(read_paths([str(path)]))
    assert all(isinstance(i, Failure) for i in items)
    assert [i.input for i in items] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert items[0].reason.startswith("no text field")
    assert items[1].reason == items[2].reason == "not a JSON object"


def test_jsonl_json_array_file(write):
    data = [{"text": "Article one text."}, {"text": "Article two text.", "source": "Ledger"}]
    items = list(read_paths([str(write("list.json", json.dumps(data)))]))
    assert [i.text for i in items] == ["Article one text.", "Article two text."]
    assert items[1].publisher == "Ledger"
    assert items[1].source_path.endswith("list.json#2")


def test_jsonl_sniffed_without_extension(write):
    items = list(read_paths([str(write("dump", '{"text": "One."}\n{"text": "Two."}\n'))]))
    assert [i.text for i in items] == ["One.", "Two."]
