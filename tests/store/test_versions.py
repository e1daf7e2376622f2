"""Versioned extraction: the version follows the rules, stale documents are counted and re-extracted,
facts read again keep their first_seen."""
from __future__ import annotations

import dataclasses

from militant_monitor.extract import pipeline
from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.ingest.reextract import reextract
from militant_monitor.model.document import Document
from militant_monitor.store import Store

ARTICLE = ("PESHAWAR: Security forces on Monday arrested Zarin Gul alias Shahin, a commander of the banned "
           "Tehreek-i-Taliban Pakistan, in a raid in Bara, officials said. He carried a bounty of Rs2 million.")


class OldExtractor:
    """The real extractor under another version name, as a store built by older rules has it."""

    def __init__(self, real, version):
        self.real, self.version = real, version

    def __call__(self, doc):
        sheet, statements = self.real(doc)
        return sheet, [dataclasses.replace(s, extractor=self.version) for s in statements]


def test_versions_the_version_is_derived_from_the_rules_and_data(extractor):
    digest = pipeline.rules_digest()
    assert len(digest) == 12 and digest in extractor.version
    assert extractor.version.endswith("+" + extractor.model)


def test_versions_ingest_of_the_same_text_under_the_same_version_extracts_nothing(extractor, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    store = Store(str(tmp_path / "kb.db"))
    ingest_paths(store, [str(tmp_path / "a.txt")], extractor)
    calls = []

    class Counting:
        version = extractor.version

        def __call__(self, doc):
            calls.append(doc)
            return extractor(doc)
    r = ingest_paths(store, [str(tmp_path / "a.txt")], Counting())
    assert r.unchanged == 1 and calls == []          # the version is checked before extracting


def test_versions_reextract_brings_stale_documents_up_and_keeps_first_seen(extractor, tmp_path):
    store = Store(str(tmp_path / "kb.db"))
    old = OldExtractor(extractor, "mmon-rules/0.0.1+old+none")
    doc = Document(text=ARTICLE)
    store.save(doc, *old(doc), old.version)
    with store.engine.begin() as c:     # as if stored a year ago
        c.exec_driver_sql("UPDATE statements SET first_seen = '2025-01-01T00:00:00Z'")
    before = {(r["entity_id"], r["prop"], repr(r["value"])) for r in store.statements(doc_id=doc.id)}
    assert store.count_stale(extractor.version) == 1
    seen = []
    r = reextract(store, extractor, on_item=lambda d, outcome: seen.append((d, outcome)))
    assert r == {"reextracted": 1, "failed": 0, "remaining": 0} and seen == [(doc.id, "re-extracted")]
    rows = store.statements(doc_id=doc.id)
    assert {x["extractor"] for x in rows} == {extractor.version}
    kept = [x for x in rows if (x["entity_id"], x["prop"], repr(x["value"])) in before]
    assert kept and all(x["first_seen"] == "2025-01-01T00:00:00Z" for x in kept)
    assert reextract(store, extractor)["reextracted"] == 0          # nothing left: idempotent
