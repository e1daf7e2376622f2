"""Events as real reporting tells them: which events exist, their type, toll and date.
Every sentence was written for these tests: people and outlets are invented."""
from __future__ import annotations

from militant_monitor.model.document import Document


def events_of(extractor, text, published="2025-03-12"):
    return extractor(Document(text=text, published=published))[0]["events"]


def test_events_toll_of_one_of_nine_is_nine(extractor):
    evs = events_of(extractor, "Karim Zaman was one of nine people, including two suicide bombers, killed in an "
                               "intelligence-based operation in Bajaur district, the military said.")
    assert len(evs) == 1
    assert evs[0]["killed"] == 9 and evs[0]["rules"]["killed"] == "event.killed.one_of"


def test_events_bombers_counted_among_the_dead_are_no_bombing(extractor):
    evs = events_of(extractor, "Troops killed six militants, including two suicide bombers, in a raid in Khyber "
                               "district on Monday.")
    assert [e["type"] for e in evs] == ["clash"]


def test_events_bombers_who_act_make_a_suicide_bombing(extractor):
    evs = events_of(extractor, "Two suicide bombers blew themselves up at a checkpoint in Bannu on Monday, "
                               "killing six soldiers.")
    assert [(e["type"], e["killed"]) for e in evs] == [("suicide_bombing", 6)]


def test_events_police_counted_as_dead(extractor):
    evs = events_of(extractor, "At least 12 frontier police were killed in an attack on a checkpoint near Tank.")
    assert evs and evs[0]["killed"] == 12


def test_events_gunned_down_counts_the_dead(extractor):
    evs = events_of(extractor, "Five terrorists were gunned down and two others injured during an exchange of fire "
                               "with security forces in Karak district on Monday.")
    assert evs and (evs[0]["killed"], evs[0]["injured"]) == (5, 2)


def test_events_campaign_total_so_far_this_year_is_no_event(extractor):
    evs = events_of(extractor, "The inspector general said 240 militants have been killed in 90 operations across "
                               "the region this year so far.")
    assert evs == []


def test_events_total_over_these_encounters_is_no_event(extractor):
    evs = events_of(extractor, "\u201cIn these seven encounters, we killed 15 terrorists,\u201d the police chief said.")
    assert evs == []


def test_events_strike_on_a_named_man_is_a_targeted_killing(extractor):
    evs = events_of(extractor, "We can confirm that the precision strike conducted by the U.S. military on Oct. 3 in "
                               "Paktika, Afghanistan, resulted in the death of senior commander Wali Dost.",
                    published=None)
    assert [(e["type"], e["killed"]) for e in evs] == [("targeted_killing", 1)]
    assert evs[0]["rules"]["type"] == "event.type.strike_on_named"


def test_events_air_strike_on_unnamed_men_stays_a_bombing(extractor):
    evs = events_of(extractor, "An air strike on a compound in Kunar killed eight militants on Monday.")
    assert [e["type"] for e in evs] == ["bombing"]


def test_events_statement_released_on_a_day_dates_the_statement_not_the_raid(extractor):
    evs = events_of(extractor, "In a statement released on Thursday, the military said a militant commander named "
                               "Gul Zaman was gunned down during an operation in Khyber district.",
                    published="2024-03-07")
    assert evs and evs[0]["date"] is None


def test_events_summary_day_dates_the_operations_told_after_it(extractor):
    text = ("Two terrorists were killed in separate operations by security forces on Wednesday night, the military "
            "said.\n\nA ringleader named Gul Zaman was gunned down during an operation in Khyber district.\n\n"
            "Another terrorist named Rauf was also neutralised in a separate operation in Tank district.")
    evs = events_of(extractor, text, published="2024-03-07")
    assert [(e["date"], e["killed"]) for e in evs] == [("2024-03-06", 1), ("2024-03-06", 1)]
    assert evs[1]["rules"]["date"] == "event.date.summary"


def test_events_last_week_across_two_months_gives_the_year(extractor):
    evs = events_of(extractor, "Last week, three terrorists were killed in an operation in Karak district.",
                    published="2024-03-07")
    assert evs and evs[0]["date"] == "2024"


def test_events_last_week_within_a_month_gives_the_month(extractor):
    evs = events_of(extractor, "Last week, three terrorists were killed in an operation in Karak district.",
                    published="2024-03-20")
    assert evs and evs[0]["date"] == "2024-03"


def test_events_the_afghan_capital_is_kabul_not_the_dateline(extractor):
    evs = events_of(extractor, "ISLAMABAD -- A suicide bombing in the Afghan capital on Wednesday killed a deputy "
                               "minister and two guards, officials said.", published="2024-12-11")
    assert evs and evs[0]["place"]["name"] != "Islamabad" and evs[0]["place"]["country"] == "AF"


def test_events_a_year_named_past_bombing_is_its_own_event(extractor):
    text = ("A suicide bomber killed 14 people at a market in Quetta on Friday. The group has claimed many attacks, "
            "including the 2011 blasts in Quetta that killed over 90 people.")
    evs = events_of(extractor, text, published="2019-04-13")
    assert sorted((e["date"], e["killed"]) for e in evs) == [("2011", 90), ("2019-04-12", 14)]


def test_events_an_evacuation_operation_is_no_clash(extractor):
    evs = events_of(extractor, "The bombing at the airport killed 150 people as troops staged a large evacuation "
                               "operation.", published="2021-08-27")
    assert [e["type"] for e in evs] == ["bombing"]


def test_events_the_killing_an_attack_avenged_does_not_type_it(extractor):
    text = ("Militants stormed a police outpost near Tank, killing 12 constables. The group said the attack was "
            "retaliation for the killing of a senior commander.")
    evs = events_of(extractor, text)
    assert [e["type"] for e in evs] == ["armed_assault"]


def test_events_a_link_to_another_story_is_no_event(extractor):
    text = ("Police killed a militant commander in a raid in Tank on Monday.\n\n"
            "ALSO READ | Operation that killed two bombers in Lakki ends\n\nThe raid lasted three hours.")
    evs = events_of(extractor, text)
    assert len(evs) == 1


def test_events_a_man_attacked_four_times_is_no_event(extractor):
    evs = events_of(extractor, "A trader from the Hazara community was attacked four times by the group but survived.")
    assert evs == []


def test_events_weapons_seized_are_no_kidnapping(extractor):
    text = ("Police arrested three suspects in a raid in Orangi Town on Monday. Pistols and grenades were seized "
            "from their possession.")
    assert [e["type"] for e in events_of(extractor, text)] == ["arrest"]


def test_events_during_the_operation_is_the_arrest_raid_just_told(extractor):
    text = ("A team conducted an operation in Gulshan Town, leading to the apprehension of two men of the group. "
            "During the operation, the team also seized two ledgers.")
    assert [e["type"] for e in events_of(extractor, text)] == ["arrest"]


def test_events_a_date_in_a_pluperfect_aside_is_not_the_killing_date(extractor):
    evs = events_of(extractor, "The commander was gunned down in Spalga, the village from where he had begun his "
                               "career in militancy in 2012.")
    assert evs and evs[0]["date"] != "2012"


def test_events_iso_date_digits_are_no_toll(extractor):
    evs = events_of(extractor, "date 2019-04-12 At least 16 people were killed in a blast in a market in Quetta.",
                    published="2019-04-12")
    assert evs and evs[0]["killed"] == 16


def test_events_the_governor_and_his_driver_are_two_dead(extractor):
    evs = events_of(extractor, "A car bomb exploded in Faizabad on Tuesday. As a result, the governor and his "
                               "driver were killed.")
    assert evs and evs[0]["killed"] == 2 and evs[0]["rules"]["killed"].startswith("event.killed.man_and_his_one")


def test_events_another_54_people_are_more_victims_not_another_event(extractor):
    text = ("On July 15, militants stormed the cantonment in Bannu, and 12 people were killed. Officials said "
            "another 54 persons were injured in the attack.")
    evs = events_of(extractor, text, published="2024-07-20")
    assert len(evs) == 1 and evs[0]["injured"] == 54


def test_events_the_predecessor_killed_earlier_is_another_event(extractor):
    text = ("Police killed commander Tariq Lone in a gunfight in Shopian on Monday. Lone had taken over after "
            "Bilal Mir was killed in an encounter in May 2018.")
    evs = events_of(extractor, text, published="2019-03-12")
    assert sorted(e["date"] for e in evs) == ["2018-05", "2019-03-11"]


def test_events_an_attack_with_its_own_toll_is_not_merged_into_a_clash(extractor):
    text = ("Police said forces had killed three militants in a gunfight in Pulwama. The group had claimed the "
            "attack on a convoy on February 14, which killed 40 troopers.")
    evs = events_of(extractor, text)
    assert sorted((e["type"], e["killed"]) for e in evs) == [("attack", 40), ("clash", 3)]


def test_events_later_wounded_go_to_the_event_just_spoken_of(extractor):
    text = ("Forces killed three militants in a gunfight in Pulwama on Monday. The group had claimed the attack on a "
            "convoy in Lethpora, which killed 40 troopers. Four soldiers were killed in the gun battle. Four others "
            "were injured.")
    evs = {e["type"]: e for e in events_of(extractor, text)}
    assert evs["clash"]["injured"] == 4 and evs["attack"]["injured"] is None


def test_events_on_a_day_the_military_claimed_dates_the_claim(extractor):
    text = ("On July 15, militants stormed the cantonment in Bannu, killing 12 people. On July 16, the Inter "
            "Services Public Relations (ISPR) claimed that the ten attackers were killed during the operation.")
    evs = events_of(extractor, text, published="2024-07-20")
    assert [(e["date"], e["killed"]) for e in evs] == [("2024-07-15", 12)]


def test_events_a_rival_toll_from_social_media_does_not_fill_the_event(extractor):
    text = ("On July 15, militants stormed the cantonment in Bannu, killing 12 people. However, social media sources "
            "claimed that 30 persons were injured in the attack.")
    evs = events_of(extractor, text, published="2024-07-20")
    assert len(evs) == 1 and evs[0]["injured"] is None


def test_events_todays_operation_in_a_quote_is_the_lead_event(extractor):
    text = ("A commander and his associate were killed on Monday in an encounter in Srinagar, police said. "
            "The police chief told reporters, \u201cThe important thing about today\u2019s operation was that a "
            "top commander was killed in it.\u201d")
    evs = events_of(extractor, text, published="2020-10-13")
    assert [(e["type"], e["date"]) for e in evs] == [("clash", "2020-10-12")]


def test_events_this_was_the_eighth_encounter_is_no_new_event(extractor):
    text = ("Two militants were killed in an encounter in Srinagar on Monday. This was the eighth encounter in "
            "the city this year, the police chief said.")
    assert len(events_of(extractor, text, published="2020-10-13")) == 1


def test_events_the_city_a_train_was_bound_for_is_not_the_place(extractor):
    text = ("A suicide bomber blew himself up at a railway station on Saturday, killing 20 people. The attack "
            "happened as passengers waited for a train to travel to the garrison city of Rawalpindi from Quetta.")
    evs = events_of(extractor, text, published="2024-11-09")
    assert len(evs) == 1 and evs[0]["place"]["name"] != "Rawalpindi" and evs[0]["place"]["district"] == "Quetta"


def test_events_a_long_siege_with_seven_deaths_is_an_armed_assault_of_seven(extractor):
    evs = events_of(extractor, "In September 2011, the network staged a 19-hour assault on an embassy in Kabul "
                               "that resulted in seven deaths.", published="2014-11-05")
    assert [(e["type"], e["killed"], e["date"]) for e in evs] == [("armed_assault", 7, "2011-09")]


def test_events_three_nationals_and_their_driver_are_four_dead(extractor):
    evs = events_of(extractor, "A woman bomber blew herself up near a van in Karachi, killing 3 Chinese nationals "
                               "and their Pakistani driver.")
    assert evs and evs[0]["killed"] == 4


def test_events_shot_him_five_times_is_one_killing(extractor):
    evs = events_of(extractor, "Two men on a motorcycle pulled up outside his house in Naurang on June 24 and shot "
                               "him five times.", published="2024-06-30")
    assert [e["type"] for e in evs] == ["targeted_killing"]


def test_events_on_a_day_a_group_claimed_an_attack_dates_the_attack(extractor):
    text = ("Security forces killed a commander in a raid in Kulachi on May 14. On May 20, the TTP claimed a suicide "
            "attack on a convoy on the Tank-Jandola road that killed four soldiers.")
    evs = events_of(extractor, text, published="2025-06-01")
    assert sorted(e["date"] for e in evs) == ["2025-05-14", "2025-05-20"]


def test_events_the_gunfight_after_an_arrest_is_not_the_arrest(extractor):
    text = ("A suspect was arrested by the CTD at a checkpoint in Peshawar last month. Acting on a tip, a CTD team "
            "surrounded a compound in Lachi in March. The gunfight lasted three hours, and three militants were killed.")
    types = sorted(e["type"] for e in events_of(extractor, text, published="2024-09-10"))
    assert types == ["arrest", "clash"]


def test_events_a_lead_that_sums_up_raids_in_two_places_dates_the_raid_told_later(extractor):
    text = ("The Counter-Terrorism Department on Tuesday claimed arresting five militants of a banned group in "
            "raids in Sukkur and Larkana.\n\n"
            "In Sukkur, a team raided a house in Old Sukkur and held three men with explosives.\n\n"
            "In Larkana, the CTD conducted an operation in Larkana's Rehmatpur area and arrested two suspects, "
            "identified as Gul Hassan Jatoi and Noor Ali Bhutto.")
    sheet = extractor(Document(text=text, published="2025-06-11"))[0]
    later = [e for e in sheet["events"] if e["type"] == "arrest" and (e["place"].get("name") or "").startswith("Larkana")
             or e["type"] == "arrest" and e["place"].get("district") == "Larkana"]
    assert later and all(e["date"] == "2025-06-10" for e in later)
    people = {p["name"]: p["status"] for p in sheet["people"]}
    assert people.get("Gul Hassan Jatoi", {}).get("date") == "2025-06-10"


def test_events_a_lead_with_one_place_lends_no_date_to_a_later_deed(extractor):
    text = ("Police on Tuesday arrested a militant commander in Sukkur.\n\n"
            "Separately, unidentified gunmen shot dead a trader in Larkana, police said.")
    sheet = extractor(Document(text=text, published="2025-06-11"))[0]
    killing = [e for e in sheet["events"] if e["type"] != "arrest"]
    assert killing and killing[0]["date"] is None
