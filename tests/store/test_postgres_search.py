"""The search query language reads the same on SQLite (FTS5) and PostgreSQL (tsquery).

The translation is checked here without a server; the searches below run on SQLite, and on
PostgreSQL with ``pytest --backend postgresql`` (each ``Store(path)`` then a server database).
The texts are invented.
"""
from __future__ import annotations

import pytest

from militant_monitor.errors import MmonError
from militant_monitor.model.document import Document
from militant_monitor.query.search import fts_query, search
from militant_monitor.store import Store
from militant_monitor.store.pgsearch import Unreadable, snippet, tsquery


@pytest.mark.parametrize("fts, ts", [
    ('"Noor Wali"', "('noor' <-> 'wali')"),
    ('"Hakim"*', "'hakim':*"),
    ('"Abu Hak"*', "('abu' <-> 'hak':*)"),
    ('("a" OR "b") AND "c"', "(('a' | 'b') & 'c')"),
    ('("x") NOT ("y" OR "z w")', "('x' & !('y' | ('z' <-> 'w')))"),
    ('"Ḥaqqānī"', "'haqqani'"),
    ("Mehsud", "'mehsud'"),
])
def test_fts5_expressions_become_tsqueries(fts, ts):
    assert tsquery(fts) == ts


@pytest.mark.parametrize("raw", ['"unbalanced', "NEAR(", "a AND", "*", "col:x", "(a", "a)", "", "NOT a"])
def test_what_fts5_cannot_read_is_unreadable(raw):
    with pytest.raises(Unreadable):
        tsquery(raw)


def test_every_query_the_language_writes_translates():
    for q in ['"Noor Wali" Hakim* -Gomal NOT "suicide bomber" x*', "Tehreek-e-Taliban -Karachi", "Abu-Hak*"]:
        assert tsquery(fts_query(q))


TEXTS = [
    "Jalal-ud-Din Ḥaqqānī of Tehreek-e-Taliban Pakistan addressed fighters near Zhob, elders said.",
    "A Pakistani Tehreek faction met in Zhob; Karachi police were not told, an officer said.",
    "Traders in Karachi reopened their shops after the curfew was lifted on Friday.",
]


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "s.db"))
    for t in TEXTS:
        s.save(Document(t), {"document": {"title": t.split(" ")[0]}}, [], "x")
    yield s
    s.close()


@pytest.mark.parametrize("query, found", [
    ("Haqqani", [0]),                       # diacritics do not count
    ('"Taliban Pakistan"', [0]),            # a phrase inside a hyphenated name
    ('"Pakistani Tehreek"', [1]),
    ("Tehreek-e-Taliban", [0]),
    ("Zhob -Karachi", [0]),                 # exclusion
    ("Kara*", [1, 2]),                      # prefix
    ('Zhob NOT "Karachi police"', [0]),
    ("curfew shops", [2]),
])
def test_the_query_language_finds_the_same_documents(store, query, found):
    res = search(store, query)
    got = sorted(TEXTS.index(store.document(d["id"])["text"]) for d in res["documents"])
    assert got == found and res["total"]["documents"] == len(found)


def test_a_snippet_marks_the_word_found(store):
    doc = search(store, "curfew")["documents"][0]
    assert "[curfew]" in doc["snippet"]


def test_an_unreadable_expression_is_one_line_on_either_backend(store):
    with pytest.raises(MmonError, match="cannot be read"):
        store.search_documents("col:x")


def test_a_postgresql_snippet_brackets_a_hyphenated_name_whole():
    text = "Elders said the commander of the Tehreek-i-Taliban Pakistan faction in Zhob had left before the snow fell."
    got = snippet(text, tsquery('"Tehreek i Taliban"'), size=8)
    assert "[Tehreek-i-Taliban]" in got and got.endswith("…")
    assert snippet(text, tsquery('"Zh"*')).count("[Zhob]") == 1
