"""Citations and group links as news reporting writes them. Every sentence was written for these
tests: people and towns are invented, outlets and groups are real."""
from __future__ import annotations

import time

import pytest

from militant_monitor.extract import citations, groups
from militant_monitor.extract.pipeline import set_anchors
from militant_monitor.extract.state import GroupRec, Work
from militant_monitor.extract.text import sentences
from militant_monitor.model.document import Document


def sheet_of(extractor, text, published="2025-03-12"):
    return extractor(Document(text=text, published=published))[0]


def cited(sheet):
    return sorted((s["outlet"], s["date"]) for s in sheet["sources"])


def linked(sheet):
    return {frozenset((g["name"], link["group"])) for g in sheet["groups"] for link in g.get("links") or []}


# --- citations ----------------------------------------------------------------------------------

def test_citations_told_an_outlet_cites_it(extractor):
    sheet = sheet_of(extractor, "Gunmen stormed a checkpoint in Zarakot on Monday. A district official "
                                "told Reuters that four guards died.")
    assert cited(sheet) == [("Reuters", None)]


def test_citations_told_reporters_cites_nobody(extractor):
    sheet = sheet_of(extractor, "Gunmen stormed a checkpoint in Zarakot on Monday. A district official "
                                "told reporters that four guards died.")
    assert cited(sheet) == []


def test_citations_told_the_publisher_is_not_a_citation(extractor):
    text = ("Gunmen stormed a checkpoint in Zarakot on Monday. Police sources told Dawn that four guards "
            "died.\n\nPublished in Dawn, March 12th, 2025")
    assert cited(sheet_of(extractor, text)) == []


def test_citations_per_and_as_outlet_reported_cite_the_outlet(extractor):
    sheet = sheet_of(extractor, "The bombing in Tarkhel killed nine people, per the AP. As AFP reported, "
                                "the reward also covers the earlier attack.")
    assert cited(sheet) == [("AFP", None), ("AP", None)]


def test_citations_an_outlet_that_noted_is_cited(extractor):
    sheet = sheet_of(extractor, "The New York Times noted that the group had attacked Shia mosques before.")
    assert cited(sheet) == [("New York Times", None)]


def test_citations_an_official_body_saying_is_a_statement(extractor):
    sheet = sheet_of(extractor, "The State Department said the reward stands at five million dollars.")
    assert cited(sheet) == []


def test_citations_a_groups_own_channel_is_not_cited(extractor):
    sheet = sheet_of(extractor, "The attack was claimed within hours, according to Amaq News Agency.")
    assert cited(sheet) == []


def test_citations_data_compiled_by_a_portal_is_cited(extractor):
    sheet = sheet_of(extractor, "Partial data compiled by the South Asia Terrorism Portal show 61 deaths "
                                "in the district this year.")
    assert cited(sheet) == [("South Asia Terrorism Portal", None)]


def test_citations_without_a_year_stay_open_and_distinct(extractor):
    text = ("Zarif Khan was arrested in a raid in Spin Ghar (Pajhwok, May 2; see MLM, June 9, 2017). "
            "He had been moved to a prison in Kabul (Pajhwok, May 5).")
    sheet = sheet_of(extractor, text, published=None)
    assert cited(sheet) == [("MLM", "2017-06-09"), ("Pajhwok", None), ("Pajhwok", None)]


# --- group links --------------------------------------------------------------------------------

# --- speed --------------------------------------------------------------------------------------

HOSTILE = {
    "one long capitalised token": "A" * 100_000,
    "hyphenated capitals": "Ab-" * 33_334,
    "capitalised words": "Word " * 20_000,
    "dotted capitals": "A." * 50_000,
}


def _work(text: str) -> Work:
    work = Work(doc=Document(text=text), text=text, published=None, sentences=sentences(text))
    work.meta = {"publisher": None}
    set_anchors(work)
    return work


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_citations_and_links_stay_linear_on_long_input(text):
    citations.read_citations(_work("Warm-up: the outlet and pattern tables load once (Dawn, May 5)."))
    work = _work(text)
    started = time.perf_counter()
    citations.read_citations(work)
    one, two = GroupRec(name="Lashkar-e-Taiba"), GroupRec(name="Jaish-e-Mohammed")
    work.group_hits = {s.index: [(s.start, s.start + 1, one), (s.end - 1, s.end, two)] for s in work.sentences}
    groups.read_links(work)
    assert time.perf_counter() - started < 1.0   # about 0.3 s; a quadratic regex takes minutes
