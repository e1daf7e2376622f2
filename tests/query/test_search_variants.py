"""Search finds a name in every stored spelling of it (model.names), and still never interprets syntax."""
from __future__ import annotations

import pytest

from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.query.search import fts_query, search
from militant_monitor.store import Store


@pytest.fixture(scope="module")
def store(extractor, tmp_path_factory):
    d = tmp_path_factory.mktemp("variants")
    (d / "a.txt").write_text("QUETTA, May 2, 2025: Hakeemullah Zarkhan, a commander of the banned Tehreek-i-Taliban "
                             "Pakistan, was arrested in Pishin on Thursday, officials said.")
    (d / "b.txt").write_text("KARACHI, May 9, 2025: Police said a trader was shot dead in Lyari on Friday.")
    s = Store(str(d / "kb.db"))
    ingest_paths(s, [str(d)], extractor)
    yield s
    s.close()     # no connection left open for the garbage collector to close later


def test_search_variants_a_transliteration_finds_the_stored_spelling(store):
    res = search(store, "Hakimullah")
    assert res["mode"] == "all words"
    assert any("Hakeemullah" in str(f["value"]) for f in res["facts"])
    assert len(res["documents"]) == 1


def test_search_variants_other_words_are_unchanged(store):
    assert len(search(store, "Lyari")["documents"]) == 1
    both = search(store, "Hakimullah Lyari")          # no document has both: any word, each found
    assert both["mode"] == "any word" and len(both["documents"]) == 2


def test_search_variants_query_syntax_stays_quoted():
    q = fts_query('Hakimullah" OR NEAR(x) -y', {"hakimulah": ["hakeemullah"]})
    assert q == '(("Hakimullah" OR "hakeemullah") AND "OR" AND "NEAR" AND "x") NOT ("y")'
