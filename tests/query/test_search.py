"""Search an analyst can use: totals and pages, phrases, prefixes, exclusion, spelling
variants, and malformed queries that end in one line (or plain words), never an SQLite error.
A real store of invented items (tests/query/search_corpus.py) ingested by the real pipeline."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from militant_monitor.errors import MmonError
from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.query.search import Term, fts_query, parse, search
from militant_monitor.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_corpus import CHECKPOSTS, GOMAL, ITEMS, write_corpus  # noqa: E402

ALL = CHECKPOSTS + len(ITEMS)


@pytest.fixture(scope="module")
def store(extractor, tmp_path_factory):
    d = tmp_path_factory.mktemp("search")
    write_corpus(d / "items")
    s = Store(str(d / "kb.db"))
    report = ingest_paths(s, [str(d / "items")], extractor)
    assert report.stored == ALL, report
    yield s
    s.close()


def ids(res) -> list[str]:
    return [d["id"] for d in res["documents"]]


def titles_of(store, res) -> set[str]:
    return {store.document(i)["text"].split(":")[0] for i in ids(res)}


# --- totals and pages -------------------------------------------------------------------------------
def test_search_counts_every_match_not_just_a_page(store):
    res = search(store, "checkpost", limit=10)
    assert res["total"]["documents"] == CHECKPOSTS
    assert len(res["documents"]) == 10 and res["limit"] == 10 and res["offset"] == 0


def test_search_pages_are_disjoint_and_cover_every_match(store):
    pages = [ids(search(store, "checkpost", limit=10, offset=o)) for o in (0, 10, 20, 30)]
    assert [len(p) for p in pages] == [10, 10, 10, CHECKPOSTS - 30]
    seen = [i for p in pages for i in p]
    assert len(set(seen)) == CHECKPOSTS
    assert search(store, "checkpost", limit=10, offset=CHECKPOSTS)["documents"] == []
    assert search(store, "checkpost", limit=10, offset=CHECKPOSTS)["total"]["documents"] == CHECKPOSTS


def test_search_pages_facts_with_their_total(store):
    first = search(store, "Hakeemullah", limit=1)
    assert first["total"]["facts"] >= 1 and len(first["facts"]) == 1
    every = search(store, "Hakeemullah", limit=100)["facts"]
    assert len(every) == first["total"]["facts"]


@pytest.mark.parametrize("limit, offset", [(0, 0), (5, -1)])
def test_search_refuses_a_page_that_cannot_be(store, limit, offset):
    with pytest.raises(MmonError):
        search(store, "checkpost", limit=limit, offset=offset)


# --- phrases, prefixes, exclusion ---------------------------------------------------------------------
def test_a_phrase_keeps_its_words_together_and_in_order(store):
    words = search(store, "suicide bomber")
    phrase = search(store, '"suicide bomber"')
    assert words["total"]["documents"] == 2
    assert phrase["total"]["documents"] == 1
    assert titles_of(store, phrase) == {"BANNU, March 5, 2025"}
    assert search(store, '"bomber suicide"')["total"]["documents"] == 0


def test_a_prefix_finds_every_word_that_starts_so(store):
    res = search(store, "Hakim*")
    assert titles_of(store, res) == {"QUETTA, March 3, 2025", "PESHAWAR, March 4, 2025"}   # Hakeemullah, Hakimzada
    assert search(store, "Hakimz*")["total"]["documents"] == 1
    assert search(store, "checkp*")["total"]["documents"] == CHECKPOSTS


@pytest.mark.parametrize("query", ["checkpost -Gomal", "checkpost NOT Gomal", "checkpost --Gomal"])
def test_exclusion_leaves_out_what_has_the_word(store, query):
    res = search(store, query, limit=100)
    assert res["total"]["documents"] == CHECKPOSTS - GOMAL
    assert not any("Gomal" in store.document(i)["text"] for i in ids(res))


def test_an_excluded_phrase_and_a_lower_case_not(store):
    assert titles_of(store, search(store, 'suicide -"suicide bomber"')) == {"LAKKI MARWAT, March 6, 2025"}
    lower = search(store, "checkpost not Gomal")      # 'not' is a word (in no item), 'NOT' the operator
    assert lower["mode"] == "any word" and lower["total"]["documents"] == CHECKPOSTS


def test_a_query_that_only_excludes_is_one_line(store):
    with pytest.raises(MmonError, match="only excludes") as e:
        search(store, "-Gomal")
    assert "\n" not in str(e.value)


# --- spelling variants ---------------------------------------------------------------------------------
def test_a_transliteration_finds_the_stored_spelling(store):
    for q in ("Hakimullah", '"Hakimullah Zarkhan"', "Hakimullah -Gomal"):
        res = search(store, q)
        assert titles_of(store, res) == {"QUETTA, March 3, 2025"}, q
        assert res["mode"] == "all words"
    assert any("Hakeemullah" in str(f["value"]) for f in search(store, "Hakimullah")["facts"])
    assert search(store, "checkpost -Hakimullah")["total"]["documents"] == CHECKPOSTS


@pytest.mark.parametrize("query", ["Tehrik-e-Taliban", '"Tehreek e Taliban Pakistan"', "tehrik-i-taliban"])
def test_connector_and_group_spellings_fold_in_phrases(store, query):
    assert titles_of(store, search(store, query)) == {"QUETTA, March 3, 2025"}


# --- malformed queries ------------------------------------------------------------------------------------
@pytest.mark.parametrize("query, expected", [
    ('"suicide bomber', 2),           # an unbalanced quote: plain words
    ("checkpost *", CHECKPOSTS),      # a lone star: dropped
    ("checkpost -", CHECKPOSTS),      # a lone minus: dropped
    ("NEAR(checkpost Gomal)", GOMAL),  # FTS operators are words (no item has 'NEAR': any word)
    ("checkpost^ title:Gomal", GOMAL),
    ("checkpost AND OR", CHECKPOSTS),  # AND, OR are words (found in no item: any word)
    ("checkpost' ; DROP TABLE documents; --", CHECKPOSTS),
])
def test_malformed_queries_are_read_as_plain_words(store, query, expected):
    res = search(store, query, limit=100)
    assert res["total"]["documents"] >= expected
    assert search(store, "checkpost")["total"]["documents"] == CHECKPOSTS   # the store is intact


@pytest.mark.parametrize("query", ["", "*", '"', "-", "NOT", "!!! ???", '""', "- * \" NOT"])
def test_queries_with_nothing_to_find_are_one_line(store, query):
    with pytest.raises(MmonError) as e:
        search(store, query)
    assert "\n" not in str(e.value) and str(e.value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list('"*-()^:+,.{}[]ab NOTRANDE\'\\')) | st.characters(), max_size=24))
def test_no_query_raises_anything_but_a_one_line_error(store, query):
    try:
        res = search(store, query, limit=3)
    except MmonError as e:
        assert "\n" not in str(e)
    else:
        assert res["total"]["documents"] >= len(res["documents"])


def test_parse_reads_the_small_language():
    q = parse('"Noor Wali" Hakim* -Gomal NOT "suicide bomber" x* -')
    assert q.include == [Term(("Noor", "Wali")), Term(("Hakim",), prefix=True), Term(("x",))]
    assert q.exclude == [Term(("Gomal",)), Term(("suicide", "bomber"))]
    assert fts_query(q) == '("Noor Wali" AND "Hakim"* AND "x") NOT ("Gomal" OR "suicide bomber")'


@pytest.mark.parametrize("raw", ['"unbalanced', "NEAR(", "a AND", "*", "col:x"])
def test_the_store_turns_fts_syntax_errors_into_one_line(store, raw):
    for call in (store.search_documents, store.search_facts, store.count_documents, store.count_facts):
        with pytest.raises(MmonError, match="cannot be read"):
            call(raw)


def test_spelling_variants_follow_the_names_stored_since_the_last_search(tmp_path):
    """The variants are kept between searches and rebuilt when a name is stored or forgotten."""
    from militant_monitor.model.document import Document
    from militant_monitor.model.statement import Statement
    from militant_monitor.store.store import forget

    s = Store(str(tmp_path / "v.db"))
    try:
        plain = Document("Elders in Wana said Hakeemullah had left the valley before the snow.")
        s.save(plain, {"document": {}}, [], "x")
        assert search(s, "Hakimullah")["total"]["documents"] == 0      # no stored name spells it so yet
        named = Document("Hakeemullah Zarkhan was seen at a wedding in Makeen, a relative said.")
        s.save(named, {"document": {}}, [Statement("person:z", "person", "name", "Hakeemullah Zarkhan", named.id)], "x")
        assert search(s, "Hakimullah")["total"] == {"documents": 2, "facts": 1}
        forget(s, named.id)
        assert search(s, "Hakimullah")["total"] == {"documents": 0, "facts": 0}
    finally:
        s.close()


@pytest.mark.parametrize("query", ["Tehreek-i-Taliban", "Tehrik-e-Taliban", "Tahreek", "Taleban"])
def test_a_group_is_found_in_every_spelling_the_registry_knows(store, query):
    """The stored key spells it 'tehreek taliban'; the text and the query may spell it otherwise."""
    assert "QUETTA, March 3, 2025" in titles_of(store, search(store, query)), query


def test_a_word_stored_only_in_its_canonical_key_is_found_as_written(tmp_path):
    """'Muhammad' and 'Mohammad' in two texts: the key folds both to 'mohammed', the search finds both."""
    from militant_monitor.model.document import Document
    from militant_monitor.model.statement import Statement

    s = Store(str(tmp_path / "m.db"))
    try:
        for text, name in (("Muhammad Zarin Gul spoke to elders in Tank.", "Muhammad Zarin Gul"),
                           ("Mohammad Zarin Gul left Tank for Wana.", "Mohammad Zarin Gul")):
            doc = Document(text)
            s.save(doc, {"document": {}}, [Statement("person:g", "person", "name", name, doc.id)], "x")
        for q in ("Muhammad", "Mohammad", "Mohammed Zarin"):
            assert search(s, q)["total"]["documents"] == 2, q
    finally:
        s.close()
