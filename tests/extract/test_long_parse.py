"""The statistical parse of a long text (issue 16): independent chunks cut at paragraph breaks."""
from __future__ import annotations

import pytest

from militant_monitor.extract.pipeline import Extractor, chunk_spans
from militant_monitor.model.document import Document

PARA = ("Police said Qari Zarar Khan, a commander of the Lashkar-e-Jhangvi, was arrested in a raid in "
        "Quetta on May 3. He carried a bounty of Rs2 million on his head.")


def test_chunk_spans_cover_the_text_at_paragraph_breaks():
    text = "\n\n".join(f"{PARA} ({i})" for i in range(60))
    spans = chunk_spans(text, 2_000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(b == a2 for (_, b), (a2, _) in zip(spans, spans[1:]))           # consecutive, nothing lost
    assert all(0 < b - a <= 2_000 for a, b in spans) and len(spans) > 1
    assert all(text.startswith("\n\n", b) for _, b in spans[:-1])               # each cut at a paragraph break


def test_chunk_spans_of_a_short_or_unbroken_text():
    assert chunk_spans("", 1_000) == []
    assert chunk_spans(PARA, 1_000) == [(0, len(PARA))]
    solid = "x" * 5_000
    spans = chunk_spans(solid, 1_000)
    assert spans[-1][1] == 5_000 and all(b - a == 1_000 for a, b in spans)   # no break at all: the budget itself


def test_too_small_a_chunk_is_refused():
    with pytest.raises(ValueError, match="chunk_chars"):
        Extractor(use_model=False, chunk_chars=10)


def test_a_long_text_is_parsed_in_chunks_with_the_same_facts(extractor):
    if extractor.nlp is None:
        pytest.skip("no statistical model installed")
    text = "\n\n".join(f"{PARA}" for _ in range(30))
    small = Extractor(max_chars=None, chunk_chars=2_000)
    parsed = small.parse(text)
    assert len(parsed) > 1
    for off, d in parsed:   # each Doc is the text at its offset
        assert text[off:off + len(d.text)] == d.text
    whole = Extractor(max_chars=None, chunk_chars=len(text))
    a, _ = small(Document(text=text, title="t", published="2024-06-01"))
    b, _ = whole(Document(text=text, title="t", published="2024-06-01"))
    assert [p["name"] for p in a["people"]] == [p["name"] for p in b["people"]]
    assert [p.get("bounties") for p in a["people"]] == [p.get("bounties") for p in b["people"]]
