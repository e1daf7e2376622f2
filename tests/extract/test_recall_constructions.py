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


def _people(sheet):
    return {p["name"]: p for p in sheet["people"]}


def test_names_in_apposition_to_a_counted_descriptor_share_its_fate(extractor):
    sheet = sheet_of(extractor,
                     "Two local residents from Khanpur, Gul Rehman Dawar and Sher Ali Dawar, were arrested on "
                     "March 10 for sheltering the attackers.")
    people = _people(sheet)
    for name in ("Gul Rehman Dawar", "Sher Ali Dawar"):
        assert people[name]["status"]["state"] == "arrested", people


def test_a_leaders_sons_listed_in_apposition_share_the_fate(extractor):
    sheet = sheet_of(extractor,
                     "Police killed Zarak Khan, the chief of the Lashkar-e-Jhangvi, in a shootout in Multan on "
                     "Monday. Khan's two sons, Imran and Shah Wali, and Gul Rehman of the LeJ were also killed.")
    people = _people(sheet)
    assert people["Imran"]["status"]["state"] == "killed", people
    assert people["Shah Wali"]["status"]["state"] == "killed", people


def test_residents_listed_as_killed_are_victims_not_entries(extractor):
    sheet = sheet_of(extractor,
                     "Two local residents from Khanpur, Gul Rehman Dawar and Sher Ali Dawar, were killed in the "
                     "blast in Khanpur on Monday.")
    assert not any(p["status"] for p in sheet["people"]), sheet["people"]


def test_a_listed_pair_with_no_fate_gets_none(extractor):
    sheet = sheet_of(extractor,
                     "Zarak Khan leads the Lashkar-e-Jhangvi in Multan. His two brothers, Imran and Shah Wali, "
                     "run a shop in Dubai.")
    assert not any(p["status"] for p in sheet["people"]), sheet["people"]


def _groups_of(sheet, name):
    return {a["group"] for a in _people(sheet)[name]["affiliations"]}


def test_a_man_joining_a_group_is_its_member(extractor):
    sheet = sheet_of(extractor,
                     "Zarak Khan reportedly began his militant career by first joining the Lashkar-e-Taiba (LeT) "
                     "and was wanted in several cases.")
    assert "Lashkar-e-Taiba" in _groups_of(sheet, "Zarak Khan")


def test_a_man_joining_hands_with_a_group_is_not_its_member(extractor):
    sheet = sheet_of(extractor,
                     "Zarak Khan, a commander of the Tehreek-e-Taliban Pakistan, was wanted in several cases after "
                     "joining hands with the Lashkar-e-Taiba (LeT).")
    assert "Lashkar-e-Taiba" not in _groups_of(sheet, "Zarak Khan")


def test_a_militant_neutralised_is_killed(extractor):
    sheet = sheet_of(extractor,
                     "Security forces killed a terrorist ring leader in an intelligence-based operation in Khyber "
                     "district on Wednesday. Meanwhile, another terrorist named Rauf was also neutralised in a "
                     "separate operation in the Dera Ismail Khan district, the military's media wing stated.")
    assert _people(sheet)["Rauf"]["status"]["state"] == "killed"


def test_a_militant_who_neutralised_others_is_not_killed(extractor):
    sheet = sheet_of(extractor,
                     "A terrorist named Rauf neutralised two guards at the gate of the camp in the Dera Ismail Khan "
                     "district on Wednesday and fled.")
    assert not _people(sheet)["Rauf"]["status"]


def _clash_at(sheet, word):
    return next(e for e in sheet["events"] if e["type"] == "clash" and word in str(e["place"]))


def test_a_separate_operation_is_fought_by_the_forces_told_before(extractor):
    sheet = sheet_of(extractor,
                     "A terrorist named Gul Zaman was gunned down in an exchange of fire between the militants and "
                     "security forces during an intelligence-based operation in Khyber district on Wednesday.\n\n"
                     "Meanwhile, another terrorist named Rauf was also neutralised in a separate operation in the "
                     "Dera Ismail Khan district, the military's media wing stated.")
    assert "security forces" in _clash_at(sheet, "Dera Ismail Khan")["perpetrators"]


def test_an_operation_not_told_as_separate_keeps_no_force(extractor):
    sheet = sheet_of(extractor,
                     "A terrorist named Gul Zaman was gunned down in an exchange of fire between the militants and "
                     "security forces during an intelligence-based operation in Khyber district on Wednesday.\n\n"
                     "A week earlier, a terrorist named Rauf was killed in an operation in the Dera Ismail Khan "
                     "district, the military's media wing stated.")
    assert "security forces" not in _clash_at(sheet, "Dera Ismail Khan")["perpetrators"]


STRIKE = ("We can now confirm that the precision strike {verb} the U.S. military on Oct. 12 in Paktika, "
          "Afghanistan, resulted in the death of senior al-Qaeda leader Abu Zarak al-Masri. Another al-Qaeda "
          "leader in Afghanistan, Gul Zaman, was also targeted in a separate strike.")


def test_a_strike_conducted_by_a_force_and_a_separate_strike_are_the_forces(extractor):
    sheet = sheet_of(extractor, STRIKE.format(verb="conducted by"))
    strikes = [e for e in sheet["events"] if e["type"] == "targeted_killing"]
    assert len(strikes) == 2 and all(e["perpetrators"] == ["U.S. military"] for e in strikes), strikes


def test_a_strike_condemned_by_a_force_is_not_its_strike(extractor):
    sheet = sheet_of(extractor, STRIKE.format(verb="condemned by"))
    assert not any("U.S. military" in e["perpetrators"] for e in sheet["events"]), sheet["events"]


def test_a_title_before_the_next_name_is_not_the_first_mans(extractor):
    sheet = sheet_of(extractor,
                     "Three women and four children, family members of BLF's chief Zarak Khan Baloch and commander "
                     "of BLA Gul Zaman, were arrested at Chaman. Gul Zaman was killed in a raid in 2016.")
    assert _groups_of(sheet, "Zarak Khan Baloch") == {"BLF"}


def test_a_title_after_a_mans_name_is_his(extractor):
    sheet = sheet_of(extractor,
                     "Zarak Khan Baloch, the chief of the BLF and a commander of BLA, was arrested at Chaman.")
    assert _groups_of(sheet, "Zarak Khan Baloch") == {"BLF", "BLA"}


def test_a_listed_pair_arrested_long_ago_keeps_its_later_release(extractor):
    sheet = sheet_of(extractor,
                     "An anti-terrorism court on Tuesday released on bail two men, Gul Rehman Dawar and Sher Ali "
                     "Dawar, who were arrested in 2022 on charges of raising funds for the LeJ.")
    assert _people(sheet)["Gul Rehman Dawar"]["status"]["state"] == "released"


def test_the_elimination_of_a_leader_in_apposition_is_his_death(extractor):
    sheet = sheet_of(extractor,
                     "Taliban intelligence carried out raids on TTP hideouts in Kunar province, which resulted in "
                     "the elimination of the leader of the group, Zarak Khan Mehsud (his profile is attached), as "
                     "well as three shelters of militants were destroyed.")
    assert _people(sheet)["Zarak Khan Mehsud"]["status"]["state"] == "killed"


def test_the_execution_of_a_plan_by_a_commander_is_no_death(extractor):
    sheet = sheet_of(extractor,
                     "Taliban intelligence said the raids on TTP hideouts in Kunar province followed the execution "
                     "of a plan by the leader of the group, Zarak Khan Mehsud (his profile is attached), as well as "
                     "three shelters of militants.")
    assert not _people(sheet)["Zarak Khan Mehsud"]["status"]


def test_a_group_that_claimed_killing_is_the_claimant(extractor):
    sheet = sheet_of(extractor,
                     "A suicide bomber killed 21 people in a market in Quetta on Friday. \u201cThe Islamic State\u2019s "
                     "Khorasan Province (ISKP) claimed killing and wounding 70 Hazara Shias in a suicide bombing in "
                     "Quetta,\u201d it said.")
    assert _event(sheet, 21)["perpetrators"] == ["Islamic State\u2019s Khorasan Province"]


def test_a_group_that_claimed_others_killed_is_not_the_claimant(extractor):
    sheet = sheet_of(extractor,
                     "A suicide bomber killed 21 people in a market in Quetta on Friday. \u201cThe Islamic State\u2019s "
                     "Khorasan Province (ISKP) claimed that police killed 70 Hazara Shias in Quetta,\u201d it said.")
    assert _event(sheet, 21)["perpetrators"] == []


def test_a_chain_of_aliases_gives_every_alias(extractor):
    sheet = sheet_of(extractor,
                     "Police killed terrorists Muhammad Zarif alias Adil alias Habibullah and Gul Zaman alias Qari "
                     "in Karachi.")
    people = _people(sheet)
    assert set(people["Muhammad Zarif"]["aliases"]) == {"Adil", "Habibullah"}
    assert people["Gul Zaman"]["aliases"] == ["Qari"]


def test_a_man_who_also_goes_by_an_alias_has_it(extractor):
    sheet = sheet_of(extractor,
                     "The ISPR said that Imam, who also goes by the alias Tora, is a hardcore militant and founder "
                     "of the Baloch National Army.")
    assert _people(sheet)["Imam"]["aliases"] == ["Tora"]


def test_a_man_who_also_went_to_a_place_has_no_alias(extractor):
    sheet = sheet_of(extractor,
                     "The ISPR said that Imam, who also went to Kabul, is a hardcore militant and founder of the "
                     "Baloch National Army.")
    assert not any(p["aliases"] for p in sheet["people"]), sheet["people"]


def test_a_deputy_to_a_leader_in_a_group_is_its_member(extractor):
    sheet = sheet_of(extractor,
                     "The press release said that Gul Zaman Marri was deputy to Sher Ali Bugti in the BRA till 2018 "
                     "and was a hardcore militant.")
    assert _groups_of(sheet, "Gul Zaman Marri") == {"BRA"}


def test_a_man_who_wrote_to_a_deputy_about_a_group_is_not_its_member(extractor):
    sheet = sheet_of(extractor,
                     "Police arrested Shah Wali Marri alias Tora, a commander of the TTP, who had written to the "
                     "deputy commissioner about the BRA in 2019.")
    assert _groups_of(sheet, "Shah Wali Marri") == {"TTP"}


def test_a_leaders_listed_sons_are_of_his_group(extractor):
    sheet = sheet_of(extractor,
                     "Police killed Zarak Khan, the chief of the Lashkar-e-Jhangvi, in a shootout in Multan on "
                     "Monday. Khan's two sons, Imran and Shah Wali, and Gul Rehman of the TTP were also killed.")
    assert _groups_of(sheet, "Imran") == {"Lashkar-e-Jhangvi"}
    assert _groups_of(sheet, "Gul Rehman") == {"TTP"}


def test_listed_suspects_are_not_of_the_leaders_group(extractor):
    sheet = sheet_of(extractor,
                     "Police killed Zarak Khan, the chief of the Lashkar-e-Jhangvi, in a shootout in Multan on "
                     "Monday. Two suspects, Imran and Shah Wali, and Gul Rehman of the TTP were also arrested.")
    assert _groups_of(sheet, "Imran") == set()


CORDON = ("A commander of Lashkar-e-Taiba (LeT) and his associate were killed on Monday in an encounter in "
          "Srinagar, J&K Police said.\n\n"
          "They identified the militants as LeT commander Zarak Khan and his associate Gul Zaman of Pulwama.\n\n"
          "According to officials, {who} cordoned off the city's Rainawari neighbourhood based on inputs about the "
          "presence of militants.")


def test_the_team_that_cordoned_off_the_place_is_the_clashs_force(extractor):
    sheet = sheet_of(extractor, CORDON.format(who="a joint team of J&K Police and CRPF"))
    clash = next(e for e in sheet["events"] if e["type"] == "clash")
    assert clash["perpetrators"][:2] == ["J&K Police", "CRPF"], clash


def test_a_force_only_reporting_the_clash_is_not_its_side(extractor):
    sheet = sheet_of(extractor, CORDON.format(who="the residents of the area"))
    clash = next(e for e in sheet["events"] if e["type"] == "clash")
    assert "J&K Police" not in clash["perpetrators"], clash


def test_a_victims_sons_listed_as_killed_are_victims_not_entries(extractor):
    sheet = sheet_of(extractor,
                     "Tribal elder Gul Zaman Dawar and his two sons, Imran Dawar and Shah Wali Dawar, were killed "
                     "when gunmen attacked their car in Bannu on Monday.")
    assert not any(p["status"] for p in sheet["people"]), sheet["people"]


def test_no_claim_sentence_binds_to_the_deed_just_told_not_an_earlier_claimed_one(extractor):
    sheet = sheet_of(extractor,
                     "At least nine people were killed in a blast at a bus stand in Sibi on Monday.\n\n"
                     "Jundullah claimed responsibility for killing 14 traders on 3 March 2016. In "
                     "the past, Jundullah also admitted bombings in Sibi in May 2018 which killed 40 "
                     "people.\n\nThere is a pattern in these attacks. The release of the men and today's attack "
                     "show a link. No one has yet taken responsibility for this attack.")
    assert _event(sheet, 40)["perpetrators"] == ["Jundullah"], sheet["events"]
    assert _event(sheet, 14)["perpetrators"] == ["Jundullah"]
    assert _event(sheet, 9)["perpetrators"] == []


def test_no_claim_sentence_after_a_recalled_claimed_deed_is_about_the_lead(extractor):
    sheet = sheet_of(extractor,
                     "At least nine people were killed in a blast at a bus stand in Sibi on Monday.\n\n"
                     "In May 2018, Jundullah claimed a bombing in Sibi which killed 40 people. No one has yet "
                     "taken responsibility for this attack.")
    assert _event(sheet, 40)["perpetrators"] == ["Jundullah"], sheet["events"]
    assert _event(sheet, 9)["perpetrators"] == []


def test_no_claim_sentence_still_undoes_a_claim_for_its_own_deed(extractor):
    sheet = sheet_of(extractor,
                     "At least nine people were killed in a blast at a bus stand in Sibi on Monday. Some "
                     "reports said Jundullah claimed responsibility for the attack. No one has yet "
                     "taken responsibility for this attack, police said.")
    assert _event(sheet, 9)["perpetrators"] == []


def test_listed_names_arrested_and_later_released_are_released(extractor):
    sheet = sheet_of(extractor,
                     "The TTP cell included two men, Karim Dad and Sher Afzal, who were arrested in 2022 and "
                     "later released on bail.")
    people = _people(sheet)
    for name in ("Karim Dad", "Sher Afzal"):
        assert people[name]["status"] == {"state": "released", "date": None, "place": None, "by": None}, people


def test_a_release_told_after_an_arrest_is_the_latest_and_undated_by_the_arrest(extractor):
    later = _people(sheet_of(extractor, "Karim Dad, a TTP commander, was arrested in 2022. He was later "
                                        "released on bail."))["Karim Dad"]
    assert later["status"]["state"] == "released" and later["status"]["date"] is None
    rel = _people(sheet_of(extractor, "Two suspects, Karim Dad and Sher Afzal, who were arrested in 2022, "
                                      "were later released on bail."))
    assert [rel[n]["status"]["date"] for n in ("Karim Dad", "Sher Afzal")] == [None, None], rel


def test_a_release_before_a_later_arrest_leaves_the_arrest(extractor):
    sheet = sheet_of(extractor, "Karim Dad, a TTP commander, was arrested in 2022. He had been released in 2019.")
    assert _people(sheet)["Karim Dad"]["status"]["state"] == "arrested"
    again = sheet_of(extractor, "Karim Dad, a TTP commander who was released in 2019, was arrested again in 2022.")
    assert _people(again)["Karim Dad"]["status"] == {"state": "arrested", "date": "2022", "place": None, "by": None}


def _dated(sheet, date):
    return next(e for e in sheet["events"] if e["date"] == date)


def test_a_claimed_record_that_names_a_deed_gives_that_deed_its_claimant(extractor):
    sheet = sheet_of(extractor,
                     "Jundullah is a militant group which has claimed responsibility for several attacks on "
                     "pilgrims, including the 2016 blasts in Sibi that killed over 60 people.")
    assert _event(sheet, 60)["perpetrators"] == ["Jundullah"], sheet["events"]


def test_a_claimed_record_naming_no_deed_gives_none(extractor):
    sheet = sheet_of(extractor,
                     "Jundullah has claimed responsibility for several attacks on pilgrims in Sibi, where blasts "
                     "in 2016 killed over 60 people.")
    assert _event(sheet, 60)["perpetrators"] == [], sheet["events"]


def test_deeds_listed_with_their_days_are_events_of_the_record_author(extractor):
    sheet = sheet_of(extractor,
                     "Earlier, Jundullah has carried out a number of attacks on traders in the province besides "
                     "the one on a bus in Sibi on March 3, 2016, attack on a hotel in Turbat on May 9, 2018 and "
                     "attack on a bank on 12 June 2020 in Quetta.")
    assert _dated(sheet, "2018-05-09")["perpetrators"] == ["Jundullah"], sheet["events"]
    assert _dated(sheet, "2018-05-09")["place"]["name"] == "Turbat"
    assert _dated(sheet, "2020-06-12")["perpetrators"] == ["Jundullah"]
    assert _dated(sheet, "2020-06-12")["place"]["district"] == "Quetta"


def test_deeds_listed_without_an_author_of_the_record_get_none(extractor):
    sheet = sheet_of(extractor,
                     "Police said the city had seen the attack on a hotel in Turbat on May 9, 2018 and attack "
                     "on a bank on 12 June 2020 in Quetta.")
    assert [e["perpetrators"] for e in sheet["events"]] in ([], [[]], [[], []]), sheet["events"]


def test_men_listed_as_arrested_then_released_as_they_are_released(extractor):
    people = _people(sheet_of(extractor, "Two suspects, Karim Dad and Sher Afzal, were arrested in 2022. They "
                                         "were later released on bail."))
    for name in ("Karim Dad", "Sher Afzal"):
        assert people[name]["status"] == {"state": "released", "date": None, "place": None, "by": None}, people


def test_one_man_arrested_is_not_released_by_a_plural_they(extractor):
    people = _people(sheet_of(extractor, "Police arrested Karim Dad, a TTP commander, in 2022. They were later "
                                         "released on bail."))
    assert people["Karim Dad"]["status"]["state"] == "arrested"
    killed = _people(sheet_of(extractor, "Two suspects, Karim Dad and Sher Afzal, were arrested in 2022. They "
                                         "were later transferred to Quetta."))
    assert {p["status"]["state"] for p in killed.values()} == {"arrested"}
