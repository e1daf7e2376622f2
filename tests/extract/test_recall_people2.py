"""Recall of people, aliases, affiliations and fates on constructions of news copy. Every
sentence was written for these tests: people are invented, groups and places are real."""
from __future__ import annotations

from militant_monitor.model.document import Document


def sheet_of(extractor, text, published="2025-03-12"):
    return extractor(Document(text=text, published=published))[0]


def person(sheet, name):
    found = [p for p in sheet["people"] if name in (p["name"], *p["aliases"])]
    assert len(found) == 1, [p["name"] for p in sheet["people"]]
    return found[0]


def groups_of(p):
    return sorted(a["group"] for a in p["affiliations"])


def test_people_member_of_group_and_its_named_faction(extractor):
    sheet = sheet_of(extractor, "Police said on Monday that Gul Sher Wazir, who belonged to the TTP Qari Nasim Group, "
                                "was arrested in Peshawar.")
    assert groups_of(person(sheet, "Gul Sher Wazir")) == ["Qari Nasim Group", "TTP"]


def test_people_group_alone_gives_no_faction(extractor):
    sheet = sheet_of(extractor, "Police said on Monday that Gul Sher Wazir, who belonged to the TTP, "
                                "was arrested in Peshawar. The TTP Qari Nasim Group denied it.")
    assert groups_of(person(sheet, "Gul Sher Wazir")) == ["TTP"]


def test_people_uncommon_names_after_arrest_verb_are_found(extractor):
    sheet = sheet_of(extractor, "Police arrested Wali Jan and Sher Jan Afridi in Khyber on Monday. "
                                "Separately, Gulab Jan Tareen was detained in Turbat.")
    for name in ("Wali Jan", "Sher Jan Afridi", "Gulab Jan Tareen"):
        assert person(sheet, name)["status"]["state"] == "arrested"


def test_people_arrest_verb_object_that_is_a_place_or_group_is_no_man(extractor):
    sheet = sheet_of(extractor, "Police arrested Lashkar-e-Jhangvi men in Dera Ismail Khan, and Kurram Agency was detained in fog.")
    assert sheet["people"] == []



def test_people_instrumental_in_forming_a_group_ties_the_subject_not_the_prepositional_object(extractor):
    sheet = sheet_of(extractor, "Police said Zarak Mengal, alias Tor, was arrested in Turbat on Monday. "
                                "Sher Ali Bugti, the chief of the Baloch Liberation Front, lives in exile. "
                                "Tor was deputy to Sher Ali Bugti in the Baloch Liberation Front till 2016 and was "
                                "instrumental in the formation of the Baloch Raji Aajoi Sangar.")
    assert "Baloch Raji Aajoi Sangar" in groups_of(person(sheet, "Zarak Mengal"))
    assert groups_of(person(sheet, "Sher Ali Bugti")) == ["Baloch Liberation Front"]


def test_people_his_predecessor_shares_the_group_of_the_post(extractor):
    sheet = sheet_of(extractor, "Gul Badshah Orakzai, a former Lashkar-e-Taiba fighter, was arrested in Kabul on Monday. "
                                "He was put in charge of the Jaish-e-Mohammed after the killing of his predecessor, "
                                "Noor Alam Swati, in 2019.")
    assert groups_of(person(sheet, "Noor Alam Swati")) == ["Jaish-e-Mohammed"]
    assert "predecessor" not in person(sheet, "Noor Alam Swati")["roles"]
