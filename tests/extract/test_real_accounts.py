"""One incident told by several voices, and the words that tie a claim, a place or a name to it.

Real reports quote several sources with their own counts, name the place in an official's title,
set the scene a sentence before the deed, and call a firefight "the attack" when a group claims it.
Every sentence here was written for these tests: people, places and outlets are invented or generic.
"""
from __future__ import annotations

from militant_monitor.model.document import Document


def sheet_of(extractor, text, published="2025-03-13"):
    return extractor(Document(text=text, published=published))[0]


def test_a_claim_is_for_the_deed_the_sentence_before_told(extractor):
    sheet = sheet_of(extractor,
                     "On March 9, 2025, four policemen were killed when gunmen opened fire on their van near Sarai "
                     "Bridge in Lakki Marwat District.\n\n"
                     "On March 8, 2025, two terrorists and a soldier were killed during an exchange of fire with "
                     "terrorists in North Waziristan District. The Hafiz Gul Bahadur group claimed responsibility for "
                     "the attack.")
    by_date = {e["date"]: e for e in sheet["events"]}
    assert by_date["2025-03-08"]["perpetrators"][-1] == "Hafiz Gul Bahadur group" or \
        any("Bahadur" in p for p in by_date["2025-03-08"]["perpetrators"])
    assert not any("Bahadur" in p for p in by_date["2025-03-09"]["perpetrators"])


def test_a_claim_that_names_its_own_deed_is_not_the_deed_before(extractor):
    sheet = sheet_of(extractor,
                     "Troops killed three militants in a raid in Tral on Monday. The outfit claimed responsibility "
                     "for the attack on a police convoy in Awantipora last month, which killed 12 policemen.")
    raid = next(e for e in sheet["events"] if e["type"] == "clash")
    assert raid["killed"] == 3


def test_an_actor_and_its_acronym_are_one_perpetrator(extractor):
    sheet = sheet_of(extractor,
                     "Two militants were killed in an encounter with Pakistan Rangers and the Counter Terrorism "
                     "Department in Orangi Town, Karachi, on Tuesday night. The Rangers and CTD conducted the joint "
                     "operation on a tip-off.")
    clash = next(e for e in sheet["events"] if e["type"] == "clash")
    names = clash["perpetrators"]
    assert "Counter Terrorism Department" in names and "CTD" not in names


def test_a_place_in_a_speakers_title_is_not_where_it_happened(extractor):
    sheet = sheet_of(extractor,
                     "Chief minister of Sindh Karim Dad said on a social media platform that eight militants had "
                     "been killed. The attack was claimed by the Baloch Liberation Army.")
    assert sheet["events"], sheet
    for e in sheet["events"]:
        assert e["place"]["province"] != "Sindh", e


def test_other_voices_with_other_counts_are_one_incident(extractor):
    sheet = sheet_of(extractor,
                     "A group of six gunmen tried to storm the Kandahari port offices in Gwadar on Wednesday.\n\n"
                     "The troops responded and in the ensuing exchange of fire all six attackers were killed, the "
                     "military said.\n\n"
                     "A district official told reporters that five militants had been killed.\n\n"
                     "A security source also said seven militants had been killed, alongside three guards.")
    attacks = [e for e in sheet["events"] if e["type"] != "arrest"]
    assert len(attacks) == 1, attacks
    assert attacks[0]["killed"] == 6   # the first, complete count stays
    assert attacks[0]["place"]["district"] == "Gwadar"


def test_a_second_incident_with_its_own_count_stays_separate(extractor):
    sheet = sheet_of(extractor,
                     "Four soldiers were killed in a roadside bombing in Kohlu on Monday, officials said. In a "
                     "separate attack, police said, two constables had been killed in Sibi.")
    assert len(sheet["events"]) == 2, sheet["events"]


def test_the_opening_sentence_sets_the_scene_of_the_first_event(extractor):
    sheet = sheet_of(extractor,
                     "A band of militants attempted to break into the Zarghun Road police lines in Quetta on "
                     "Thursday.\n\nTroops engaged them at once, and in the ensuing fire exchange all five were "
                     "killed, officials said.", published="2025-03-14")
    ev = sheet["events"][0]
    assert ev["place"]["district"] == "Quetta" and ev["rules"]["place"] == "event.place.scene"


def test_a_dateline_in_capitals_is_not_the_scene(extractor):
    sheet = sheet_of(extractor,
                     "date 2025-03-14 ISLAMABAD: Militants attempted to break into a compound in Turbat on "
                     "Thursday.\n\nIn the ensuing fire exchange all four were killed, officials said.",
                     published="2025-03-14")
    ev = sheet["events"][0]
    assert ev["place"]["district"] == "Kech" or ev["place"]["name"] == "Turbat", ev["place"]
    assert ev["place"]["province"] != "Islamabad Capital Territory"


def test_a_countrys_capital_is_the_capital_city(extractor):
    sheet = sheet_of(extractor, "A bombing outside the main shrine of Afghanistan's capital killed at least three "
                                "people on Friday.")
    assert sheet["events"][0]["place"]["province"] == "Kabul", sheet["events"][0]["place"]


def test_the_parent_groups_affiliate_is_the_branch_the_story_names(extractor):
    sheet = sheet_of(extractor,
                     "The Islamic State Khorasan Province has grown more active in the north. A bomb went off at a "
                     "market in Kunduz on Friday, killing four people. The Islamic State affiliate claimed the attack.")
    bombing = next(e for e in sheet["events"] if e["type"] == "bombing")
    assert bombing["perpetrators"] == ["Islamic State Khorasan Province"], bombing


def test_a_claimed_assault_repelled_by_troops_is_the_claimants_assault(extractor):
    sheet = sheet_of(extractor,
                     "Soldiers killed five militants in an exchange of fire at a port compound in Pasni on Tuesday. "
                     "\"The terrorists attacked with rockets and grenades,\" an officer said. The Baloch Liberation "
                     "Army claimed the attack.")
    ev = sheet["events"][0]
    assert ev["type"] == "armed_assault" and ev["rules"]["type"] == "event.type.claimed_assault"
    assert ev["perpetrators"] == ["Baloch Liberation Army"]


def test_a_firefight_with_a_claim_but_no_assault_told_stays_a_clash(extractor):
    sheet = sheet_of(extractor,
                     "Two militants and a soldier were killed in an exchange of fire in Datta Khel on Tuesday. "
                     "The Hafiz Gul Bahadur group claimed responsibility for the attack.")
    assert sheet["events"][0]["type"] == "clash"


def test_an_event_with_no_day_place_or_count_is_not_coded(extractor):
    sheet = sheet_of(extractor, "Officers said the men they had detained were members of the cell.")
    assert sheet["events"] == []
    sheet = sheet_of(extractor, "Police said they had detained two men in Chaman on Sunday.")
    assert [e["type"] for e in sheet["events"]] == ["arrest"]


def test_a_faction_named_after_its_group_is_a_group_of_its_own(extractor):
    sheet = sheet_of(extractor, "Police said the two men killed in Orangi belonged to TTP Ustad Zaman Group and had "
                                "come to Karachi from Kunar to plan attacks.")
    groups = {g["name"]: g for g in sheet["groups"]}
    assert "Ustad Zaman Group" in groups, groups
    assert {"group": "TTP", "relation": "faction"} in groups["Ustad Zaman Group"]["links"]
    sheet = sheet_of(extractor, "In March the TTP and its allies met in Kunar.")
    assert [g["name"] for g in sheet["groups"]] == ["TTP"]   # 'TTP and' names no faction
