"""Constructions of news English that carry a perpetrator, an affiliation or a fate, found
missing on real reporting. Every sentence here was written for these tests: people and places
are invented or generic; each construction has a look-alike that must not yield the fact.
"""
from __future__ import annotations

from militant_monitor.model.document import Document


def sheet_of(extractor, text, published="2025-03-13"):
    return extractor(Document(text=text, published=published))[0]


def _event(sheet, killed):
    return next(e for e in sheet["events"] if e["killed"] == killed)


def test_a_described_outfit_that_claims_is_the_group_just_named(extractor):
    sheet = sheet_of(extractor,
                     "Police on Monday said troops had killed three militants affiliated to the Lashkar-e-Taiba in "
                     "a gunfight in Pulwama district. The Pakistan-based terror outfit claimed responsibility for "
                     "the attack on a police convoy on February 14, which killed 12 policemen.")
    assert _event(sheet, 12)["perpetrators"] == ["Lashkar-e-Taiba"]


def test_an_indefinite_group_that_claims_is_nobody_named(extractor):
    sheet = sheet_of(extractor,
                     "Police on Monday said troops had killed three militants affiliated to the Lashkar-e-Taiba in "
                     "a gunfight in Pulwama district. A little-known militant outfit claimed responsibility for "
                     "the attack on a police convoy on February 14, which killed 12 policemen.")
    assert _event(sheet, 12)["perpetrators"] == []
