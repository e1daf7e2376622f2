"""Who did it: perpetrators of events as reporting names them. Every sentence was written for
these tests: people and places are invented or used only as settings, groups are real."""
from __future__ import annotations

from militant_monitor.model.document import Document


def events_of(extractor, text, published="2025-04-02"):
    return extractor(Document(text=text, published=published))[0]["events"]


def only_event(extractor, text, kind=None):
    evs = [e for e in events_of(extractor, text) if kind is None or e["type"] == kind]
    assert len(evs) == 1, [(e["type"], e["perpetrators"]) for e in evs]
    return evs[0]


def test_perpetrators_record_the_rule_that_named_each(extractor):
    ev = only_event(extractor, "A roadside bomb killed four soldiers in Tirah on Sunday. "
                               "The Tehreek-e-Taliban Pakistan claimed responsibility for the attack.")
    assert ev["perpetrators"] == ["Tehreek-e-Taliban Pakistan"]
    assert ev["rules"]["perpetrators"]["Tehreek-e-Taliban Pakistan"] == "event.perp.claim.group"


def test_perpetrators_a_record_of_attacks_does_not_name_the_author_of_this_one(extractor):
    ev = only_event(extractor, "A commander of Lashkar-e-Taiba, who was responsible for several attacks on "
                               "police in the valley, was killed in an encounter in Rainawari on Tuesday, police said.")
    assert "Lashkar-e-Taiba" not in ev["perpetrators"]


def test_perpetrators_the_men_arrested_are_targets_not_authors_of_the_arrest(extractor):
    ev = only_event(extractor, "Police arrested Karim Dad Marri, a commander of the Balochistan Liberation Army "
                               "who carried out the bombing of a gas pipeline, in Sibi on Friday.", kind="arrest")
    assert "Karim Dad Marri" not in ev["perpetrators"]


def test_perpetrators_a_force_that_reports_the_clash_is_not_its_side(extractor):
    ev = only_event(extractor, "The district police on Sunday said security forces had killed three militants "
                               "in a gunfight in the Tral area.")
    assert "police" not in ev["perpetrators"]
    assert "security forces" in ev["perpetrators"]


def test_perpetrators_a_force_that_claimed_to_have_killed_is_a_side(extractor):
    ev = only_event(extractor, "The Counter-Terrorism Department (CTD) Larkana on Friday claimed to have killed "
                               "a wanted commander during an operation in the Garhi area.")
    assert any(p.startswith("CTD") or p.startswith("Counter-Terrorism") for p in ev["perpetrators"])


def test_perpetrators_the_agency_that_gave_the_tip_off_is_not_a_side(extractor):
    ev = only_event(extractor, "Acting on information provided by the Frontier Corps, troops killed two militants "
                               "in a raid in the Zhob valley on Monday.")
    assert "Frontier Corps" not in ev["perpetrators"]
    assert ev["perpetrators"] == ["troops"]


def test_perpetrators_an_acronym_spelled_out_with_connectors_keeps_its_full_name(extractor):
    ev = only_event(extractor, "The National Directorate of Security (NDS) said on Monday that it had "
                               "arrested Abdul Wakil Noori, a financier, in Herat. The NDS arrested him "
                               "at a checkpoint.", kind="arrest")
    assert "Security" not in ev["perpetrators"]


def test_perpetrators_an_officer_who_speaks_of_attacks_is_not_their_author(extractor):
    ev = only_event(extractor, "A suicide bomber killed six passengers at the bus stand in Turbat on Saturday. "
                               "The Balochistan Liberation Army claimed responsibility. A deputy inspector general "
                               "of the provincial police, Tariq Zehri, said rebels often attacked buses.")
    assert ev["perpetrators"] == ["Balochistan Liberation Army"]


def test_perpetrators_a_partner_named_in_a_claim_is_a_perpetrator(extractor):
    ev = only_event(extractor, "A suicide bomber killed eleven people at a market in Quetta on Friday. "
                               "The Tehreek-e-Taliban Pakistan claimed responsibility for the attack, saying "
                               "it had collaborated with the banned Lashkar-e-Jhangvi.")
    assert set(ev["perpetrators"]) >= {"Tehreek-e-Taliban Pakistan", "Lashkar-e-Jhangvi"}


def test_perpetrators_forces_joined_by_and_are_one_side_of_the_clash(extractor):
    ev = only_event(extractor, "Security forces and police killed five militants in an intelligence-based "
                               "operation in the Tank district on Sunday.")
    assert ev["perpetrators"] == ["security forces", "police"]


def test_perpetrators_a_joint_team_of_indian_forces_is_the_side_of_the_clash(extractor):
    ev = only_event(extractor, "A joint team of J&K Police and CRPF killed two militants in a gunfight in "
                               "Sopore on Sunday.")
    assert ev["perpetrators"] == ["J&K Police", "CRPF"]


def test_perpetrators_us_forces_are_named_as_a_side(extractor):
    ev = only_event(extractor, "US forces killed a senior al Qaeda commander in a raid in Paktika province on Monday.")
    assert ev["perpetrators"] == ["US forces"]


def test_perpetrators_a_force_that_was_attacked_is_not_a_side(extractor):
    ev = only_event(extractor, "Three militants were killed in a gunfight in Shopian on Monday. The gunfight began "
                               "after militants fired on a CRPF patrol, police said.")
    assert "CRPF" not in ev["perpetrators"]


def test_perpetrators_claimed_by_a_described_group(extractor):
    ev = only_event(extractor, "At least nine policemen were killed in an attack on a checkpost near Tank on Tuesday. "
                               "Tuesday's attack, claimed by the militant group Tehreek-e-Taliban Pakistan, was the "
                               "deadliest this year.")
    assert ev["perpetrators"] == ["Tehreek-e-Taliban Pakistan"]


def test_perpetrators_every_named_claimant_is_kept_parent_and_branch(extractor):
    ev = only_event(extractor, "A suicide bomber killed thirty worshippers at a mosque in Mazar-i-Sharif on Friday. "
                               "The group known as Islamic State Khorasan claimed responsibility. The ISIS group said "
                               "in a statement on its news agency that it was behind the bombing.")
    assert ev["perpetrators"] == ["Islamic State Khorasan", "ISIS"]


def test_perpetrators_a_group_that_is_the_agent_of_the_killing(extractor):
    ev = only_event(extractor, "Lashkar-e-Jhangvi has also killed eleven miners in a brutal attack in Mach.")
    assert ev["perpetrators"] == ["Lashkar-e-Jhangvi"]


def test_perpetrators_a_group_that_admitted_the_bombing(extractor):
    ev = only_event(extractor, "In March 2014, Lashkar-e-Jhangvi admitted the bombing of a bus in Mastung which "
                               "killed 22 pilgrims.")
    assert ev["perpetrators"] == ["Lashkar-e-Jhangvi"]


def test_perpetrators_it_staged_names_the_group_spoken_of(extractor):
    ev = only_event(extractor, "The Haqqani network is based in North Waziristan. In June 2012, it staged a 12-hour "
                               "assault on a hotel in Kabul that killed 18 people.")
    assert ev["perpetrators"] == ["Haqqani network"]


def test_perpetrators_involvement_in_something_else_is_not_authorship(extractor):
    ev = only_event(extractor, "A bomb killed five people at a market in Parachinar on Monday. Officials said the "
                               "Kurram Taliban were involved in smuggling timber.")
    assert ev["perpetrators"] == []


def test_perpetrators_responsible_for_a_duty_is_not_responsible_for_the_attack(extractor):
    ev = only_event(extractor, "A bomb killed five people at a market in Parachinar on Monday. Police said Qari Zakir "
                               "Mehsud, a commander responsible for approving all operations in the district, had fled.")
    assert ev["perpetrators"] == []


def test_perpetrators_a_force_that_claimed_arresting_made_the_arrest(extractor):
    ev = only_event(extractor, "The Counter-Terrorism Department on Friday claimed arresting three members of a "
                               "banned outfit in a raid in Larkana.", kind="arrest")
    assert ev["perpetrators"] == ["Counter-Terrorism Department"]


def test_perpetrators_a_provincial_force_joined_to_another_is_named_too(extractor):
    ev = only_event(extractor, "Two militants were killed in an encounter with Pakistan Rangers Sindh and Sindh "
                               "Counter Terrorism Department in Karachi on Sunday.")
    assert ev["perpetrators"] == ["Pakistan Rangers Sindh", "Counter Terrorism Department"]


def test_perpetrators_khawarij_is_a_label_not_the_ttp(extractor):
    ev = only_event(extractor, "Security forces killed six khawarij in an intelligence-based operation in North "
                               "Waziristan on Monday, the ISPR said.")
    assert ev["perpetrators"] == ["security forces"]


def test_perpetrators_the_men_a_bomb_killed_are_not_its_authors(extractor):
    ev = only_event(extractor, "Five Lashkar-e-Islam fighters were killed in a roadside bomb blast in Tirah on Sunday.")
    assert ev["perpetrators"] == []


def test_targets_a_reporting_force_or_a_hospital_is_not_a_target(extractor):
    ev = only_event(extractor, "A suicide bomber struck a mosque in Peshawar on Friday, killing 12 worshippers, "
                               "police said. The wounded were rushed to the Lady Reading Hospital.")
    assert "police" not in ev["targets"] and "hospital" not in ev["targets"]
    assert "mosque" in ev["targets"]


def test_targets_a_side_of_the_clash_is_not_its_target(extractor):
    ev = only_event(extractor, "Security forces killed four militants in a gunfight in the Datta Khel area on Tuesday.")
    assert ev["perpetrators"] == ["security forces"] and "security forces" not in ev["targets"]


def test_perpetrators_a_group_that_disowns_the_attack_is_dropped(extractor):
    ev = only_event(extractor, "A bomb killed nine people at a market in Peshawar on Sunday. Police blamed the "
                               "Tehreek-e-Taliban Pakistan. The TTP distanced itself from the bombing in a statement.")
    assert ev["perpetrators"] == []
    assert ev["denied_by"] == ["Tehreek-e-Taliban Pakistan"]


def test_perpetrators_a_denial_beside_a_rival_claim_keeps_the_claimant(extractor):
    ev = only_event(extractor, "A bomb killed nine people at a market in Peshawar on Sunday. The Tehreek-e-Taliban "
                               "Pakistan denied involvement, but Jamaat-ul-Ahrar claimed responsibility for the bombing.")
    assert ev["perpetrators"] == ["Jamaat-ul-Ahrar"]


def test_perpetrators_joint_claimants_are_all_kept(extractor):
    ev = only_event(extractor, "A bomb killed nine people at a market in Peshawar on Sunday. Both Jamaat-ul-Ahrar "
                               "and the Islamic State claimed responsibility for the bombing.")
    assert ev["perpetrators"] == ["Jamaat-ul-Ahrar", "Islamic State"]


def test_perpetrators_nobody_claimed_it_outweighs_a_habit_of_claims(extractor):
    ev = only_event(extractor, "A bomb killed seven people at a bus stand in Kohat on Sunday. No one has yet taken "
                               "responsibility for the attack. Lashkar-e-Jhangvi has claimed the responsibility of "
                               "attacking Shias time and again.")
    assert ev["perpetrators"] == []


def test_perpetrators_the_man_a_chargesheet_names_as_chief_conspirator(extractor):
    evs = events_of(extractor, "The agency filed a chargesheet in the Aru attack case on Friday, naming "
                               "Lashkar-e-Taiba operative Rauf Dar as the chief conspirator of the attack.")
    assert any("Rauf Dar" in e["perpetrators"] for e in evs)


def test_perpetrators_a_purpose_is_not_a_deed(extractor):
    ev = only_event(extractor, "A bomb killed seven people at a bus stand in Kohat on Sunday. The blast came a week "
                               "after TTP commander Qari Hanif Orakzai was ordered to organise the bombing of a bridge.")
    assert "Qari Hanif Orakzai" not in ev["perpetrators"]


def test_perpetrators_the_media_wing_reports_an_arrest_the_troops_made(extractor):
    ev = only_event(extractor, "According to the ISPR, troops arrested three militants in a raid in Tank on Monday.",
                    kind="arrest")
    assert ev["perpetrators"] == ["troops"]


def test_perpetrators_army_in_a_group_name_is_no_force(extractor):
    ev = only_event(extractor, "Police said two members of the Baloch Liberation Army were arrested in Kech on Monday.",
                    kind="arrest")
    assert "army" not in ev["perpetrators"]


def test_perpetrators_the_commander_of_the_men_who_stormed_it(extractor):
    ev = only_event(extractor, "Qari Noor Wazir, a TTP commander, fled to Kunar in 2012. In 2011, men under his "
                               "command stormed a police post near Shabqadar, killing six policemen.")
    assert ev["perpetrators"] == ["Qari Noor Wazir"]


def test_perpetrators_the_man_who_directed_the_cell_that_killed(extractor):
    ev = only_event(extractor, "Hafiz Danish Qureshi is a senior leader of al-Qaeda in the Indian Subcontinent. Police "
                               "say he directed the cell that shot dead a police inspector in Korangi in March 2018.")
    assert ev["perpetrators"] == ["Hafiz Danish Qureshi"]


def test_perpetrators_a_man_named_at_first_and_then_cleared_is_not_kept(extractor):
    ev = only_event(extractor, "A bomb killed six polio workers in Mardan on May 3. Police initially named Hafiz Danish "
                               "Qureshi, a TTP commander, as the planner of the bombing, but the Islamic State later "
                               "claimed it.")
    assert ev["perpetrators"] == ["Islamic State"]
