"""People, aliases and affiliations: the structures of news English that tie a name to a man and a man
to a group. Every sentence was written for these tests: people are invented, groups and places are real."""
from __future__ import annotations

from militant_monitor.model.document import Document


def sheet_of(extractor, text, published="2025-03-12"):
    return extractor(Document(text=text, published=published))[0]


def names(sheet):
    return sorted(p["name"] for p in sheet["people"])


def person(sheet, name):
    found = [p for p in sheet["people"] if name in (p["name"], *p["aliases"])]
    assert len(found) == 1, [(p["name"], p["aliases"]) for p in sheet["people"]]
    return found[0]


def groups_of(p):
    return sorted(a["group"] for a in p["affiliations"])


def test_people_relatives_sharing_a_family_name_stay_apart(extractor):
    sheet = sheet_of(extractor, "Washington offered a reward for Nasiruddin Zadran, the head of the Haqqani network. "
                                "The bounty for Zadran was raised to $7 million. His cousin Karimullah Zadran and "
                                "his uncle Daud Zadran were also named in the notice as senior commanders of the "
                                "network.")
    lead = person(sheet, "Nasiruddin Zadran")
    assert "Karimullah Zadran" not in lead["aliases"] and "Daud Zadran" not in lead["aliases"]


def test_people_a_shared_family_name_alone_is_the_lead_mans(extractor):
    sheet = sheet_of(extractor, "Washington offered a reward for Nasiruddin Zadran, the head of the Haqqani network. "
                                "His cousin Karimullah Zadran was named too. Zadran is believed to hide in Khost.")
    lead = person(sheet, "Nasiruddin Zadran")
    assert "Zadran" in lead["aliases"]


def test_groups_a_proper_name_before_a_lower_case_network_is_the_group(extractor):
    sheet = sheet_of(extractor, "Nasiruddin Zadran leads the Haqqani network from North Waziristan.")
    assert [g.lower() for g in groups_of(person(sheet, "Nasiruddin Zadran"))] == ["haqqani network"]
