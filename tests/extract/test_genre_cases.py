"""Phrasings of the genre met on unseen reporting (wire copy, Indian and Afghan outlets,
weekly roundups). Every sentence was written for these tests: people are invented,
groups and places are real."""
from __future__ import annotations

from militant_monitor.model.document import Document


def sheet_of(extractor, text, published="2025-03-12"):
    return extractor(Document(text=text, published=published))[0]


def person(sheet, name):
    found = [p for p in sheet["people"] if name in (p["name"], *p["aliases"])]
    assert len(found) == 1, [p["name"] for p in sheet["people"]]
    return found[0]


def groups_of(p):
    return [a["group"] for a in p["affiliations"]]


def test_men_identified_after_a_group_description_belong_to_that_group(extractor):
    sheet = sheet_of(extractor, "Three Jaish-e-Mohammed militants were killed in a gunfight in Kathua on Monday. "
                                "The slain militants were identified as Tariq Hussain Shah and Nadeem Gujjar.")
    for name in ("Tariq Hussain Shah", "Nadeem Gujjar"):
        assert groups_of(person(sheet, name)) == ["Jaish-e-Mohammed"]


def test_identified_men_get_no_group_when_two_are_described(extractor):
    sheet = sheet_of(extractor, "Police said LeT militants and Hizbul Mujahideen cadres had regrouped in the "
                                "area. Two suspects arrested on Sunday were identified as Rafiq Bhat and Omar Lone.")
    assert groups_of(person(sheet, "Rafiq Bhat")) == []


def test_the_men_arrested_are_not_the_authors_of_their_arrest(extractor):
    sheet = sheet_of(extractor, "The Taliban's intelligence directorate said on Monday it had arrested four "
                                "members of Daesh in Mazar-i-Sharif, including their commander Nasrullah Haidari.")
    arrests = [e for e in sheet["events"] if e["type"] == "arrest"]
    assert arrests and "Nasrullah Haidari" not in arrests[0]["perpetrators"]
    assert person(sheet, "Nasrullah Haidari")["status"]["state"] == "arrested"
