"""Properties: no input makes read_paths raise; helpers behave on odd values."""
from __future__ import annotations

import builtins
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from militant_monitor.errors import MmonError, one_line
from militant_monitor.ingest import Failure, read_paths
from militant_monitor.ingest.textutil import NotText, clean_text, decode_bytes, normalise_date
from militant_monitor.model.document import Document


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), ext=st.sampled_from(["", ".txt", ".html", ".jsonl", ".xml", ".json"]))
def test_robustness_any_bytes_give_documents_or_failures(write, data, ext):
    path = write(f"fuzz{ext}", data)
    for item in read_paths([str(path)]):
        assert isinstance(item, (Document, Failure))
        if isinstance(item, Failure):
            assert "\n" not in item.reason
        else:
            assert item.text.strip()


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_robustness_decode_bytes_only_raises_not_text(data):
    try:
        text = decode_bytes(data)
    except NotText:
        return
    assert "\r" not in text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_robustness_clean_text_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


def test_robustness_html_entity_bomb_is_not_expanded(write):
    bomb = (
        '<!DOCTYPE html [\n <!ENTITY a "aaaaaaaaaa">\n'
        + "".join(f' <!ENTITY a{i} "{("&a" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
        + "]>\n<html><body><p>&a9;</p><p>The district office reopened on Monday.</p></body></html>"
    )
    start = time.perf_counter()
    items = list(read_paths([str(write("bomb.html", bomb))]))
    assert time.perf_counter() - start < 5
    assert len(items) == 1
    if isinstance(items[0], Document):
        assert len(items[0].text) < 10_000


def test_robustness_permission_error_is_a_failure(write, monkeypatch):
    path = write("locked.txt", "Locked\n\nText.")
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    assert list(read_paths([str(path)])) == [Failure(str(path), "permission denied")]


def test_robustness_normalise_date():
    assert normalise_date("2023-04-18T09:30:00+05:00") == "2023-04-18"
    assert normalise_date("Tue, 21 Mar 2023 08:15:00 +0500") == "2023-03-21"
    assert normalise_date("2023-04") == "2023-04"
    assert normalise_date("2023") == "2023"
    assert normalise_date("18 April 2023") == "2023-04-18"
    assert normalise_date(1681810200) == "2023-04-18"
    assert normalise_date(1681810200000) == "2023-04-18"
    assert normalise_date("2023-02-30") is None
    assert normalise_date("yesterday") is None
    assert normalise_date("") is None
    assert normalise_date(None) is None
    assert normalise_date(True) is None


def test_robustness_errors_module():
    err = MmonError("input.empty", "empty\nfile")
    assert (err.code, str(err)) == ("input.empty", "empty file")
    assert one_line("x" * 500).endswith("...") and len(one_line("x" * 500)) == 200
    f = Failure("a.txt", "line one\nline two")
    assert f.reason == "line one line two"
    assert str(f) == "a.txt: line one line two"
    assert Failure("a", "b", code="input.x") == Failure("a", "b")
