"""Exact and near-duplicate detection for documents.

Exact: the same :func:`content_hash` (NFC, whitespace collapsed).

Near: Jaccard similarity of the sets of word 5-shingles >= ``threshold``.
Each shingle is hashed to 64 bits (blake2b, so results do not depend on
``PYTHONHASHSEED``). A 64-slot MinHash signature is made in one pass with
one-permutation hashing (the top 6 bits of a shingle hash pick its slot, the
slot keeps its smallest value; empty slots borrow from the next filled one),
and split into bands for locality-sensitive hashing: ``check()`` only looks
at documents that share a whole band, then confirms each candidate with the
exact Jaccard similarity of the stored shingle hashes.

The store keeps each document's band keys (``near_bands``, rows of :data:`STORED_ROWS`,
written with the document: :func:`stored_bands`), so ``check(doc, stored=...)`` reads the
stored documents that share a band with a text by index instead of holding every stored
document here: ingest's cost and memory do not grow with the store.

Memory per document: the low 32 bits of its shingle hashes (4 bytes per
distinct shingle, in an ``array``; enough to confirm a candidate, the odds of a
spurious 32-bit match between two articles are negligible) plus one dict
entry per band. About 50 MB for 10,000 articles of 800 words.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable
from hashlib import blake2b

from militant_monitor.model.document import Document, content_hash

SHINGLE = 5
SLOTS = 64
_SLOT_SHIFT = 58  # 64-bit hash >> 58 -> slot 0..63
_VALUE_MASK = (1 << _SLOT_SHIFT) - 1
_EMPTY = 1 << _SLOT_SHIFT  # larger than any value
_WORD = re.compile(r"\w+")
STORED_ROWS = 4   # rows per band of the bands the store keeps: what thresholds from 0.7 to 0.95 use
# A stored document is a candidate when it shares two of a text's 16 stored bands: a pair at
# Jaccard 0.8 does so with p = 0.997 (one band: 0.9998), at 0.85 with p = 0.9999; at 0.4 (the
# boilerplate that reports of one kind share) with p = 0.06 instead of 0.34, so the documents
# re-read per check stay few as the store grows (372 of 373 candidates shared one band, in a
# generated store of 3,000 bulletins).
MIN_SHARED = 2


def shingle_hashes(text: str, k: int = SHINGLE) -> array:
    """Sorted distinct 64-bit hashes of the word k-shingles of ``text`` (lower-cased).

    A text shorter than k words gives one shingle of all its words; no words, none.
    """
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if not words:
        return array("Q")
    if len(words) < k:
        grams: Iterable[str] = [" ".join(words)]
    else:
        grams = {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}
    hashes = {int.from_bytes(blake2b(g.encode("utf-8"), digest_size=8).digest(), "little") for g in grams}
    return array("Q", sorted(hashes))


def fingerprint(text: str) -> dict:
    """What near-duplicate checks need of a text, without the text: its MinHash
    signature and the low 32 bits of its shingle hashes (JSON-ready lists)."""
    hashes = shingle_hashes(text)
    return {"sig": signature(hashes), "low": sorted({h & 0xFFFFFFFF for h in hashes})}


def signature(hashes: Iterable[int]) -> list[int]:
    """One-permutation MinHash with rotation densification: SLOTS values."""
    mins = [_EMPTY] * SLOTS
    for h in hashes:
        slot = h >> _SLOT_SHIFT
        v = h & _VALUE_MASK
        if v < mins[slot]:
            mins[slot] = v
    if all(m == _EMPTY for m in mins):
        return mins
    # Densify: an empty slot takes the value of the next filled slot to its right
    # (circularly), offset by the distance so borrowed values stay distinguishable.
    out = mins[:]
    for i in range(SLOTS):
        if mins[i] == _EMPTY:
            d = 1
            while mins[(i + d) % SLOTS] == _EMPTY:
                d += 1
            out[i] = mins[(i + d) % SLOTS] + d * (_EMPTY + 1)
    return out


def band_keys(sig: list[int], rows: int) -> list[int]:
    """The LSH band keys of a MinHash signature, ``rows`` values a band."""
    # hash() of a tuple of ints is stable across runs (no string hashing involved)
    return [hash((b, *sig[b * rows : (b + 1) * rows])) for b in range(SLOTS // rows)]


def stored_bands(text: str) -> list[int]:
    """The distinct band keys the store keeps for ``text`` (none for a text without words)."""
    hashes = shingle_hashes(text)
    return sorted(set(band_keys(signature(hashes), STORED_ROWS))) if hashes else []


def _low(hashes: Iterable[int]) -> array:
    return array("I", sorted({h & 0xFFFFFFFF for h in hashes}))


def _rows_for(threshold: float) -> int:
    """Rows per band: the largest that still finds pairs at ``threshold`` with p >= 0.999."""
    for rows in (8, 4, 2, 1):
        bands = SLOTS // rows
        if 1 - (1 - threshold**rows) ** bands >= 0.999:
            return rows
    return 1


def jaccard(a: array, b: array) -> float:
    if not a and not b:
        return 1.0
    if len(a) > len(b):
        a, b = b, a
    inter = len(set(a).intersection(b))
    return inter / (len(a) + len(b) - inter)


class Deduper:
    """Finds exact and near duplicates among documents seen so far.

        d = Deduper(threshold=0.9)
        d.add("doc-1", "some text")        # seed with stored documents
        d.check(doc)                       # None, ("exact", id) or ("near", id)

    ``check`` does not add; call ``add`` for documents you keep.
    """

    def __init__(self, threshold: float = 0.9):
        if not 0 < threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.rows = _rows_for(threshold)
        self.bands = SLOTS // self.rows
        self._exact: dict[str, str] = {}  # content hash -> doc id
        self._ids: list[str] = []
        self._shingles: list[array] = []  # low 32 bits of the shingle hashes, sorted
        self._buckets: dict[int, int | list[int]] = {}  # hash(band no, band values) -> doc index(es)
        self._last: tuple[str, array, list[int]] | None = None  # check() then add() of one text

    def __len__(self) -> int:
        return len(self._ids)

    def _features(self, text: str, key: str) -> tuple[array, list[int]]:
        """(low 32 bits of the shingle hashes, MinHash signature), cached for one text."""
        if self._last is not None and self._last[0] == key:
            return self._last[1], self._last[2]
        hashes = shingle_hashes(text)
        sig = signature(hashes)
        low = _low(hashes)
        self._last = (key, low, sig)
        return low, sig

    def _band_keys(self, sig: list[int]) -> list[int]:
        return band_keys(sig, self.rows)

    def add(self, doc_id: str, text: str) -> None:
        """Remember a document (its id and main text). Adding the same text again is a no-op."""
        key = content_hash(text)
        if key in self._exact:
            return
        self._exact[key] = doc_id
        hashes, sig = self._features(text, key)
        self._insert(doc_id, hashes, sig)

    def add_fingerprint(self, doc_id: str, fp: dict) -> None:
        """Remember a document of which only its :func:`fingerprint` is left (a forgotten one)."""
        self._insert(doc_id, array("I", fp["low"]), list(fp["sig"]))

    def _insert(self, doc_id: str, hashes: array, sig: list[int]) -> None:
        """Index a document's shingles under its bands."""
        if not hashes:
            return
        idx = len(self._ids)
        self._ids.append(doc_id)
        self._shingles.append(hashes)
        buckets = self._buckets
        for bk in self._band_keys(sig):
            held = buckets.get(bk)
            if held is None:
                buckets[bk] = idx  # most buckets hold one document: no list for those
            elif isinstance(held, int):
                buckets[bk] = [held, idx]
            else:
                held.append(idx)

    def add_document(self, doc: Document) -> None:
        self.add(doc.id, doc.text)

    def check(self, doc: Document | str, stored=None) -> tuple[str, str] | None:
        """("exact", id) or ("near", id) of a document already added, else None. ``stored``:
        a function from band keys (:func:`stored_bands`' kind) and a count to the (id, text) of
        the stored documents that share that many of them, looked at too."""
        text = doc.text if isinstance(doc, Document) else doc
        key = content_hash(text)
        other = self._exact.get(key)
        if other is not None:
            return ("exact", other)
        hashes, sig = self._features(text, key)
        if not hashes:
            return None
        candidates: set[int] = set()
        for bk in self._band_keys(sig):
            held = self._buckets.get(bk)
            if held is None:
                continue
            if isinstance(held, int):
                candidates.add(held)
            else:
                candidates.update(held)
        found = [(self._ids[idx], self._shingles[idx]) for idx in sorted(candidates)]
        if stored is not None:
            found += [(doc_id, _low(shingle_hashes(other_text)))
                      for doc_id, other_text in stored(sorted(set(band_keys(sig, STORED_ROWS))), MIN_SHARED)]
        return self._best(hashes, found)

    def _best(self, hashes: array, found: list[tuple[str, array]]) -> tuple[str, str] | None:
        """("near", id) of the candidate most like ``hashes`` at the threshold, else None."""
        best: tuple[float, str] | None = None
        for doc_id, other_hashes in found:
            # |A∩B| <= min(|A|,|B|): skip pairs whose sizes alone rule them out
            small, large = sorted((len(hashes), len(other_hashes)))
            if small < self.threshold * large:
                continue
            j = jaccard(hashes, other_hashes)
            if j >= self.threshold and (best is None or j > best[0]):
                best = (j, doc_id)
        return None if best is None else ("near", best[1])
