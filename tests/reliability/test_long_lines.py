"""A long text on one line (no sentence end for 100,000 characters) found by bench/soak.py:
every mention looked up its parse tokens with ``len(Doc.text)``, which spaCy rebuilds
from all the chunk's tokens each time, so extraction grew with mentions x length (a
1 MB line took tens of minutes). Work.span must find the same tokens without it."""
from __future__ import annotations

import random
import re

import pytest

from militant_monitor.extract.state import chunk_length
from militant_monitor.model.document import Document

WORDS = ("Commander", "Ahmad", "said", "the", "militants", "attacked", "a", "post", "in", "Kech,", "and")


def one_line(chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        w = rng.choice(WORDS)
        out.append(w)
        size += len(w) + 1
    return " ".join(out) + "."


class CountingDoc:
    """A parsed chunk that counts reads of ``.text`` and passes everything else to the Doc."""

    def __init__(self, doc):
        self._doc, self.text_reads = doc, 0

    @property
    def text(self):
        self.text_reads += 1
        return self._doc.text

    def __len__(self):
        return len(self._doc)

    def __getitem__(self, i):
        return self._doc[i]

    def char_span(self, *args, **kwargs):
        return self._doc.char_span(*args, **kwargs)


@pytest.fixture(scope="module")
def long_work(extractor):
    if extractor.nlp is None:
        pytest.skip("the statistical English model is not installed")
    # two paragraphs so that a small chunk size gives several chunks, the second one not at 0
    text = one_line(6_000) + "\n" + one_line(6_000, seed=2) + "  \n"
    old = extractor.chunk_chars
    extractor.chunk_chars = 5_000
    try:
        work = extractor.prepare(Document(text=text, published="2025-03-04"))
    finally:
        extractor.chunk_chars = old
    assert len(work.parsed) >= 2
    return work


def test_chunk_length_is_the_length_of_the_chunk_text(long_work, extractor):
    for _, d in long_work.parsed:
        assert chunk_length(d) == len(d.text)
    assert chunk_length(extractor.nlp("")) == 0
    assert chunk_length(extractor.nlp("Ahmad was killed.   ")) == len("Ahmad was killed.   ")


def test_span_finds_the_tokens_of_every_mention_in_every_chunk(long_work):
    text = long_work.text
    mentions = [m.span() for m in re.finditer(r"Commander Ahmad|militants|Kech", text)]
    assert len(mentions) > 300
    seen_chunks = set()
    for a, b in mentions:
        span = long_work.span(a, b)
        assert span is not None
        off = next(o for o, d in long_work.parsed if d is span.doc)
        seen_chunks.add(off)
        assert span.text == text[a:b]
        assert off + span.start_char == a
    assert len(seen_chunks) == len(long_work.parsed)
    assert long_work.span(len(text) + 5, len(text) + 9) is None


def test_span_does_not_rebuild_the_chunk_text_per_mention(long_work):
    counted = [(off, CountingDoc(d)) for off, d in long_work.parsed]
    long_work.parsed, kept = counted, long_work.parsed
    try:
        for m in re.finditer(r"Commander Ahmad", long_work.text):
            assert long_work.span(*m.span()) is not None
    finally:
        long_work.parsed = kept
    assert [d.text_reads for _, d in counted] == [0] * len(counted)
