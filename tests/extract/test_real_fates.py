"""Fates read from the clause that tells them (extract/fates.py): the person must be the patient of
the fate, not a bounty's object, a group named after him, the killer or the speaker. Every sentence
was written for these tests: people and villages are invented, groups and provinces are real."""
from __future__ import annotations

import pytest

from militant_monitor.model.document import Document


def sheet_of(extractor, text, published="2025-03-12"):
    return extractor(Document(text=text, published=published))[0]


def status_of(sheet, name):
    found = [p for p in sheet["people"] if name in (p["name"], *p["aliases"])]
    return (found[0].get("status") or None) if found else None


def state_of(sheet, name):
    st = status_of(sheet, name)
    return st and st["state"]


def test_fates_reward_for_arrest_is_no_arrest(extractor):
    sheet = sheet_of(extractor, "The State Department offered a reward of $5 million for information leading to the "
                                "arrest of Qari Zarghun Wazir, the head of the Lashkar-e-Taiba cell.")
    assert state_of(sheet, "Qari Zarghun Wazir") is None


def test_fates_wanted_dead_or_alive_is_no_death(extractor):
    sheet = sheet_of(extractor, "Police announced a bounty of Rs 2 million for the arrest or death of "
                                "Tehreek-e-Taliban Pakistan commander Gul Sher Dawar.")
    assert state_of(sheet, "Gul Sher Dawar") is None


def test_fates_speaker_of_a_killing_is_not_killed(extractor):
    sheet = sheet_of(extractor, "Tehreek-e-Taliban Pakistan commander Mullah Fazal Dawar was arrested in Bannu. "
                                "\u201cWe killed nine terrorists this month,\u201d police chief Arif Noorani said.")
    assert state_of(sheet, "Arif Noorani") is None


LEADER = "Lashkar-e-Taiba said Hafiz Karim Bangash leads the cell. "


@pytest.mark.parametrize("text", [
    LEADER + "Two Hafiz Karim Bangash militants were killed in a raid in Khyber district on Monday.",
    LEADER + "Security forces killed an associate of Hafiz Karim Bangash in Khyber district on Monday.",
    LEADER + "Police arrested six of Hafiz Karim Bangash's men in Khyber district on Monday.",
])
def test_fates_group_named_after_a_leader_gives_him_no_fate(extractor, text):
    work = extractor.prepare(Document(text=text, published="2025-03-12"))
    fates = {p.name: p.status for p in work.people if "Bangash" in p.name}
    assert fates and all(st is None for st in fates.values()), fates


def test_fates_killing_of_an_appositive_leader(extractor):
    sheet = sheet_of(extractor, "The Tehreek-e-Taliban Pakistan said the raid avenged the killing of a senior "
                                "commander of the Tehreek-e-Taliban Pakistan, Mufti Rehmat Gul, in Bajaur.")
    assert state_of(sheet, "Mufti Rehmat Gul") == "killed"


def test_fates_man_identified_among_the_dead(extractor):
    sheet = sheet_of(extractor, "Police identified two of the four slain Jaish-e-Mohammed militants as Abid Mir "
                                "and Sameer Lone.")
    assert state_of(sheet, "Abid Mir") == "killed"
    assert state_of(sheet, "Sameer Lone") == "killed"


def test_fates_identified_men_of_an_arrest(extractor):
    sheet = sheet_of(extractor, "Two Lashkar-e-Jhangvi terrorists, identified as Nasir Baloch and Wali Jan Marri, "
                                "were arrested in Quetta on Tuesday.")
    assert state_of(sheet, "Nasir Baloch") == "arrested"
    assert status_of(sheet, "Nasir Baloch")["date"] == "2025-03-11"


def test_fates_conjoined_name_after_a_group_phrase_is_killed(extractor):
    work = extractor.prepare(Document(text="Gunmen attacked a police convoy in Multan on Tuesday. Rahim Dad of the "
                                           "Lashkar-e-Jhangvi and two of his guards were also killed.",
                                      published="2025-03-12"))
    dad = next(p for p in work.people if p.name == "Rahim Dad")
    assert dad.status and dad.status["state"] == "killed"


def test_fates_negated_killing_gives_no_fate(extractor):
    sheet = sheet_of(extractor, "Lashkar-e-Taiba commander Aslam Rather was not killed in the raid in Sopore, "
                                "police said.")
    assert state_of(sheet, "Aslam Rather") is None


def test_fates_date_of_the_fate_clause_not_of_a_neighbouring_one(extractor):
    sheet = sheet_of(extractor, "The Hizbul Mujahideen chief Tahir Wani, who joined the group in 2012, was "
                                "shot dead by troops in Pulwama on Tuesday.")
    st = status_of(sheet, "Tahir Wani")
    assert st and st["state"] == "killed" and st["date"] == "2025-03-11"


def test_fates_successor_is_not_tied_to_his_predecessor_death(extractor):
    sheet = sheet_of(extractor, "Police identified the three deceased Jaish-e-Mohammed militants as Yasin Dar, "
                                "Umar Khan and a Pakistani. They said Yasin Dar became the group's commander after "
                                "Qasim Bhat was killed in an encounter in Tral in June 2019.")
    st = status_of(sheet, "Yasin Dar")
    assert st and st["state"] == "killed" and st["date"] is None


def test_fates_headline_passive_without_auxiliary(extractor):
    sheet = sheet_of(extractor, "Lashkar-e-Jhangvi chief Qadir Bakhsh killed in Multan police encounter\n\n"
                                "MULTAN: Seven militants were killed in a shootout with police in Multan on "
                                "Tuesday, police said. Gunmen had freed Qadir Bakhsh from a police van an hour "
                                "earlier.")
    st = status_of(sheet, "Qadir Bakhsh")
    assert st and st["state"] == "killed" and st["date"] == "2025-03-11"


def test_fates_relative_clause_subject_is_not_killed(extractor):
    work = extractor.prepare(Document(text="The soldier Karim Jan killed in the raid was buried in Kohat on "
                                           "Monday. Police said the man Karim Jan killed was a courier.",
                                      published="2025-03-12"))
    from militant_monitor.extract.fates import parse_fate
    s = work.sentences[1]
    a = s.start + s.text.index("Karim Jan")
    assert parse_fate(work, a, a + len("Karim Jan"))[0] is None


def test_fates_men_identified_in_a_later_sentence_share_the_told_arrest(extractor):
    sheet = sheet_of(extractor, "Counter-terrorism police on Monday raided a house in Sukkur, leading to the "
                                "apprehension of two men linked to the Sindhudesh Revolutionary Army. The suspects, "
                                "identified as Gul Hassan Mahar and Nazir Ahmed Jatoi, were moved to a lock-up.")
    assert state_of(sheet, "Gul Hassan Mahar") == "arrested"
    assert state_of(sheet, "Nazir Ahmed Jatoi") == "arrested"


def test_fates_men_identified_as_the_militants_take_the_lead_event_date(extractor):
    sheet = sheet_of(extractor, "Two Lashkar-e-Taiba militants were killed on Monday in an encounter in Sopore, "
                                "police said. They identified the militants as Bilal Ganie and Showkat Mir.")
    st = status_of(sheet, "Showkat Mir")
    assert st and st["state"] == "killed" and st["date"] == "2025-03-10"


def bounties_of(sheet, name):
    found = [p for p in sheet["people"] if name in (p["name"], *p["aliases"])]
    return sorted((b["amount"], b["currency"]) for b in found[0]["bounties"]) if found else None


def test_fates_raised_bounty_keeps_only_the_new_sum(extractor):
    sheet = sheet_of(extractor, "The State Department raised the bounty on Lashkar-e-Taiba commander Abu Talha "
                                "Rehmani from $3 million to $7 million on Monday.")
    assert bounties_of(sheet, "Abu Talha Rehmani") == [(7000000, "USD")]


def test_fates_each_bounty_goes_to_every_man_listed_before_it(extractor):
    sheet = sheet_of(extractor, "The Sindh government named Lashkar-e-Jhangvi militants Gul Zaman Brohi and "
                                "Sher Dil Khoso, who carry bounties of Rs 1 million each.")
    assert bounties_of(sheet, "Gul Zaman Brohi") == [(1000000, "PKR")]
    assert bounties_of(sheet, "Sher Dil Khoso") == [(1000000, "PKR")]


def test_fates_among_the_arrested_reaches_the_last_name_of_a_long_list(extractor):
    sheet = sheet_of(extractor, "Counter-terrorism police arrested five alleged terrorists in Punjab on Monday. "
                                "Among the arrested terrorists are two members of Tehreek-e-Taliban Pakistan, "
                                "Sher Afzal Khan and Gul Rehman, a member of Lashkar-e-Jhangvi, Bilal Ahmed "
                                "Qureshi, and a member of Daesh, Abdul Samad Niazi.")
    assert state_of(sheet, "Abdul Samad Niazi") == "arrested"


def test_fates_man_called_the_suicide_bomber_died_in_the_bombing(extractor):
    sheet = sheet_of(extractor, "A suicide bomber blew himself up outside a bank in Quetta on Monday, killing four "
                                "people. The Baloch Liberation Army claimed the attack. The first suicide bomber "
                                "of BLA Zarina Baloch who carried out the attack in Quetta was a teacher.")
    assert state_of(sheet, "Zarina Baloch") == "killed"


def test_fates_man_merely_praised_by_bombers_is_not_killed(extractor):
    sheet = sheet_of(extractor, "A suicide bomber blew himself up outside a bank in Quetta on Monday, killing four "
                                "people. The Baloch Liberation Army claimed the attack, which its commander "
                                "Nawaz Marri ordered.")
    assert state_of(sheet, "Nawaz Marri") is None


@pytest.mark.parametrize("when,date", [("two days ago", "2025-03-10"), ("a day ago", "2025-03-11"),
                                       ("three weeks ago", "2025-02"), ("last night", "2025-03-11")])
def test_fates_relative_date_of_the_fate_resolves_against_publication(extractor, when, date):
    sheet = sheet_of(extractor, f"ISLAMABAD: Tehreek-e-Taliban Pakistan commander Rahim Bugti was killed {when} "
                                "in a drone strike in Kurram, officials said on Thursday.")
    st = status_of(sheet, "Rahim Bugti")
    assert st and st["state"] == "killed" and st["date"] == date


def test_fates_death_denied_later_is_not_the_latest_fate(extractor):
    sheet = sheet_of(extractor, "Baloch Liberation Front chief Rahim Bugti was reported killed in an air strike in "
                                "Kech in 2019. The group later denied reports of his death and released a video "
                                "of him.")
    assert state_of(sheet, "Rahim Bugti") is None


def test_fates_death_confirmed_later_stays(extractor):
    sheet = sheet_of(extractor, "Baloch Liberation Front chief Rahim Bugti was reported killed in an air strike in "
                                "Kech in 2019. The group confirmed his death a week later.")
    assert state_of(sheet, "Rahim Bugti") == "killed"


def test_fates_hedged_death_is_still_the_status_marked_hedged(extractor):
    sheet = sheet_of(extractor, "Baloch Liberation Front chief Rahim Bugti was reportedly killed in an air strike "
                                "in Kech on Sunday, officials are claiming.")
    st = status_of(sheet, "Rahim Bugti")
    assert st and st["state"] == "killed" and st["date"] == "2025-03-09" and st.get("hedged") is True


def test_fates_purpose_infinitive_is_not_an_arrest(extractor):
    sheet = sheet_of(extractor, "Police arrested Tehreek-e-Taliban Pakistan militant Sher Ali Mehsud in Tank on "
                                "Monday. His accomplice Naimatullah Wazir escaped, and raids are being conducted "
                                "to arrest Naimatullah Wazir.")
    assert state_of(sheet, "Sher Ali Mehsud") == "arrested"
    assert state_of(sheet, "Naimatullah Wazir") is None


def test_fates_speaker_with_a_relative_clause_keeps_his_own_fate(extractor):
    sheet = sheet_of(extractor, "\u201cHe was a quiet man,\u201d said Gul Badshah, a former Lashkar-e-Islam fighter "
                                "who surrendered to the army in 2017.")
    st = status_of(sheet, "Gul Badshah")
    assert st and st["state"] == "surrendered" and st["date"] == "2017"


def test_fates_alias_written_as_compound_is_no_group_name(extractor):
    sheet = sheet_of(extractor, "June 11: 12 militants, including BLA 'commander' Dost Mohammad Bugti alias Shero, "
                                "surrendered to the authorities at a ceremony in Kohlu District.", published="2024-06-20")
    assert state_of(sheet, "Dost Mohammad Bugti") == "surrendered"


def test_fates_victim_of_militants_is_not_made_a_militant(extractor):
    sheet = sheet_of(extractor, "Tehreek-e-Taliban Pakistan militants shot dead schoolteacher Gul Nawaz Khan in "
                                "Bannu on Monday.")
    assert all(p["name"] != "Gul Nawaz Khan" for p in sheet["people"])
