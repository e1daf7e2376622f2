"""Exact and near-duplicate detection."""
from __future__ import annotations

import random
import time

import pytest

from militant_monitor.ingest import Deduper
from militant_monitor.ingest.dedup import jaccard, shingle_hashes
from militant_monitor.model.document import Document


def test_dedup_exact_duplicate_ignores_whitespace(article_text):
    d = Deduper(threshold=0.9)
    d.add("doc-a", article_text)
    reflowed = Document(text="  " + " ".join(article_text.split()) + "\n")
    assert d.check(reflowed) == ("exact", "doc-a")


def test_dedup_near_duplicate(article_text):
    d = Deduper(threshold=0.9)
    d.add("doc-a", article_text)
    # the same story with a changed word, or with an extra footer line
    for edited in (
        article_text.replace("on Monday evening", "on Monday night"),
        article_text + "\nRead more stories from Karvan.\n",
    ):
        assert jaccard(shingle_hashes(article_text), shingle_hashes(edited)) >= 0.9
        assert d.check(Document(text=edited)) == ("near", "doc-a")
    # case-only differences are near duplicates, not exact
    assert d.check(Document(text=article_text.upper())) == ("near", "doc-a")


def test_dedup_different_article_not_flagged(article_text, other_article_text):
    d = Deduper(threshold=0.9)
    d.add("doc-a", article_text)
    assert d.check(Document(text=other_article_text)) is None
    # a follow-up that shares one paragraph is not a near duplicate either
    half = article_text.split("\n\n")[1] + "\n\n" + other_article_text
    assert d.check(Document(text=half)) is None


def test_dedup_check_does_not_add(article_text):
    d = Deduper()
    doc = Document(text=article_text)
    assert d.check(doc) is None
    assert d.check(doc) is None
    d.add(doc.id, doc.text)
    assert d.check(doc) == ("exact", doc.id)
    assert len(d) == 1


def test_dedup_threshold_validation():
    with pytest.raises(ValueError):
        Deduper(threshold=0)
    with pytest.raises(ValueError):
        Deduper(threshold=1.5)


def test_dedup_lower_threshold_finds_looser_copies(article_text):
    paragraphs = article_text.split("\n\n")
    shorter = "\n\n".join(paragraphs[:3])  # last paragraph dropped
    j = jaccard(shingle_hashes(article_text), shingle_hashes(shorter))
    assert 0.5 < j < 0.9
    strict, loose = Deduper(threshold=0.9), Deduper(threshold=0.5)
    for d in (strict, loose):
        d.add("doc-a", article_text)
    assert strict.check(shorter) is None
    assert loose.check(shorter) == ("near", "doc-a")


def test_dedup_many_documents_fast_and_deterministic():
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(3000)]
    texts = [" ".join(rng.choice(vocab) for _ in range(300)) for _ in range(2000)]
    d = Deduper(threshold=0.9)
    start = time.perf_counter()
    for i, t in enumerate(texts):
        d.add(f"doc-{i}", t)
    words = texts[1234].split()
    words[150] = "changed"
    probe = " ".join(words)
    assert d.check(probe) == ("near", "doc-1234")
    assert d.check(" ".join(rng.choice(vocab) for _ in range(300))) is None
    assert time.perf_counter() - start < 10
    assert shingle_hashes("a b c d e f") == shingle_hashes("A b c d e f")
