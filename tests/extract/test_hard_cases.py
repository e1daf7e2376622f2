"""Hard cases for the extractor, read through the public API (``sheet, statements = extractor(doc)``).

Every sentence here was written for these tests: the people are invented, the
groups, places and outlets are real. Each hard case is tried in at least two
phrasings. Where the extractor gets a case wrong today, the test stays and is
marked ``xfail`` with what goes wrong (strict=False, so a fix shows as XPASS).

The cases:

1. a person named in full, then by surname only
2. pronoun chains ("He ... His ... he"); a pronoun after an official's quote
3. claims of responsibility, in the same or the next sentence
4. numbers in words and ranges ("at least", "more than", "two dozen", sums)
5. dates relative to publication and to other dates
6. place chains ("the X area of Y Tehsil of Z District") and gazetteer towns
7. transliteration variants of group and province names
8. negation ("denied involvement", "was not involved") and hedging ("reportedly")
9. every statement has a rule, a confidence in (0, 1] and a span inside the text
10. rules-only mode (``Extractor(use_model=False)``, ``mmon extract --no-model``)
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from militant_monitor.model.document import Document

PUBLISHED = "2024-05-09"   # a Thursday: 'on Monday' is 2024-05-06, 'yesterday' 2024-05-08
KP = "Khyber Pakhtunkhwa"


# --- helpers --------------------------------------------------------------------------------------


def run(extractor, text, published=PUBLISHED):
    """The fact sheet and statements of one small document."""
    return extractor(Document(text=text, published=published))


def extract(extractor, text, published=PUBLISHED):
    return run(extractor, text, published)[0]


def names_of(p):
    return [p["name"], *p["aliases"]]


def person(sheet, name):
    found = [p for p in sheet["people"] if name in names_of(p)]
    assert found, f"no person {name!r} in {[names_of(p) for p in sheet['people']]}"
    assert len(found) == 1, f"{name!r} names several people: {found}"
    return found[0]


def only_event(sheet):
    assert len(sheet["events"]) == 1, [{k: e[k] for k in ("type", "date", "killed")} for e in sheet["events"]]
    return sheet["events"][0]


def groups_of(p):
    return [a["group"] for a in p["affiliations"]]


def person_statements(statements, name):
    """The statements of the one person entity that has a ``name`` statement with this value."""
    ids = {s.entity_id for s in statements if s.entity_type == "person" and s.prop == "name" and s.value == name}
    assert len(ids) == 1, f"person entities named {name!r}: {ids}"
    eid = ids.pop()
    return [s for s in statements if s.entity_id == eid]


def one(statements, prop, entity_type=None):
    found = [s for s in statements if s.prop == prop and (entity_type is None or s.entity_type == entity_type)]
    assert len(found) == 1, f"{prop}: {[(s.entity_id, s.value) for s in found]}"
    return found[0]


def group_entity_ids(statements):
    return {s.entity_id for s in statements if s.entity_type == "group"}


# --- 1. full name first, surname later --------------------------------------------------------------


def _assert_surname_alias(text, statements, full, surname):
    own = person_statements(statements, full)
    aliases = [s for s in own if s.prop == "alias" and s.value == surname]
    assert aliases, f"{surname!r} is not an alias statement of {full!r}"
    assert text[aliases[0].start:aliases[0].end] == surname


def test_people_surname_carries_origin_and_bounty(extractor):
    text = ("Ghulam Rasool Kakar, a senior commander of the Islamic State-Khorasan, was arrested in Quetta on "
            "Sunday. Officials said Kakar hails from Pishin and carries a bounty of Rs2 million.")
    sheet, statements = run(extractor, text)
    p = person(sheet, "Ghulam Rasool Kakar")
    assert p["name"] == "Ghulam Rasool Kakar"
    assert "Kakar" in p["aliases"]
    assert p["origin"] == "Pishin"
    assert [(b["amount"], b["currency"]) for b in p["bounties"]] == [(2_000_000, "PKR")]
    assert p["status"]["state"] == "arrested"
    _assert_surname_alias(text, statements, "Ghulam Rasool Kakar", "Kakar")
    # the bounty statement belongs to the same entity as the full name
    assert any(s.prop == "bounty" for s in person_statements(statements, "Ghulam Rasool Kakar"))


def test_people_surname_carries_head_money_after_an_arrest(extractor):
    text = ("Qari Ehsanullah Bangash, a commander of Lashkar-e-Islam, was arrested in Peshawar on Monday. "
            "Bangash had a head money of Rs2 million on him, police said.")
    sheet, statements = run(extractor, text)
    assert len(sheet["people"]) == 1
    p = person(sheet, "Bangash")
    assert p["name"] == "Qari Ehsanullah Bangash"
    assert [(b["amount"], b["currency"]) for b in p["bounties"]] == [(2_000_000, "PKR")]
    assert p["status"]["state"] == "arrested" and p["status"]["date"] == "2024-05-06"
    _assert_surname_alias(text, statements, "Qari Ehsanullah Bangash", "Bangash")


def test_people_surname_carries_wanted_in(extractor):
    text = ("Police identified the slain militant as Abdul Basit Achakzai, a member of the TTP. Achakzai was "
            "wanted in Quetta and Chaman, police said.")
    sheet, statements = run(extractor, text)
    assert len(sheet["people"]) == 1
    p = person(sheet, "Abdul Basit Achakzai")
    assert "Achakzai" in p["aliases"]
    assert set(p["wanted_in"]) == {"Quetta", "Chaman"}
    assert groups_of(p) == ["TTP"]
    _assert_surname_alias(text, statements, "Abdul Basit Achakzai", "Achakzai")


def test_people_surname_repeated_twice(extractor):
    text = ("Noor Hassan Mehsud, a commander of the TTP, was arrested in Tank on Monday. Mehsud had been on the "
            "run since 2019. Police said Mehsud carried a head money of Rs3 million.")
    sheet, statements = run(extractor, text)
    assert len(sheet["people"]) == 1
    p = person(sheet, "Mehsud")
    assert p["name"] == "Noor Hassan Mehsud"
    assert [(b["amount"], b["currency"]) for b in p["bounties"]] == [(3_000_000, "PKR")]
    _assert_surname_alias(text, statements, "Noor Hassan Mehsud", "Mehsud")


@pytest.mark.xfail(reason="a surname that is also a place name (Orakzai, a district) is never tracked on its "
                          "own: 'Orakzai later joined the Islamic State' gives Hafiz Abdul Qadir Orakzai no "
                          "Islamic State affiliation (affiliations == [TTP member] only) and no alias 'Orakzai'",
                   strict=False)
def test_people_surname_that_is_also_a_district(extractor):
    s = extract(extractor, "Hafiz Abdul Qadir Orakzai alias Jihadyar is a member of the TTP. Orakzai later "
                           "joined the Islamic State.")
    p = person(s, "Jihadyar")
    assert p["name"] == "Hafiz Abdul Qadir Orakzai"
    assert {"group": "Islamic State", "relation": "member"} in p["affiliations"]
    assert "Orakzai" in p["aliases"]


DAWAR = ("Mullah Zarif Khan Dawar, a commander of the Hafiz Gul Bahadur group, planned the kidnapping of two "
         "engineers in Bannu, officials said. Dawar is known to his fighters as Ustad, and the CTD has offered a "
         "reward of Rs3 million for his capture.")


def test_people_surname_carries_a_reward(extractor):
    text = DAWAR
    sheet, statements = run(extractor, text)
    p = person(sheet, "Mullah Zarif Khan Dawar")
    assert "Dawar" in p["aliases"]
    assert [(b["amount"], b["currency"]) for b in p["bounties"]] == [(3_000_000, "PKR")]
    _assert_surname_alias(text, statements, "Mullah Zarif Khan Dawar", "Dawar")


@pytest.mark.xfail(reason="in DAWAR, 'a commander of the Hafiz Gul Bahadur group' adds a second person named "
                          "'Hafiz Gul Bahadur' (alias 'Gul Bahadur', role commander) - the group's name read as a "
                          "titled person - and 'Dawar is known to his fighters as Ustad' gives no alias 'Ustad' "
                          "(aliases == ['Dawar'])", strict=False)
def test_people_surname_with_an_alias_given_later(extractor):
    s = extract(extractor, DAWAR)
    assert [g["name"] for g in s["groups"]] == ["Hafiz Gul Bahadur group"]
    assert [p["name"] for p in s["people"]] == ["Mullah Zarif Khan Dawar"]
    p = s["people"][0]
    assert {"group": "Hafiz Gul Bahadur group", "relation": "commander"} in p["affiliations"]
    assert {"Dawar", "Ustad"} <= set(p["aliases"])


# --- 2. pronoun chains -------------------------------------------------------------------------------


def test_people_pronoun_chain_gives_affiliations_to_the_subject(extractor):
    s = extract(extractor, "Police said Gul Rehman Afridi runs a network of militants in Khyber. He is a senior "
                           "commander of the TTP. His brother was killed in 2019. Officials said he is also a "
                           "member of Lashkar-e-Islam.")
    p = person(s, "Gul Rehman Afridi")
    assert {"group": "TTP", "relation": "commander"} in p["affiliations"]
    assert {"group": "Lashkar-e-Islam", "relation": "member"} in p["affiliations"]
    assert [q["name"] for q in s["people"]] == ["Gul Rehman Afridi"]


def test_people_pronoun_chain_gives_origin_and_bounty_to_the_subject(extractor):
    s = extract(extractor, "Police said Gul Rehman Afridi runs a network of militants in Khyber. He is a senior "
                           "commander of the TTP. He hails from Bara, and the provincial government has put a "
                           "bounty of Rs5 million on him. His brother was killed in 2019.")
    p = person(s, "Gul Rehman Afridi")
    assert p["origin"] == "Bara"
    assert [(b["amount"], b["currency"]) for b in p["bounties"]] == [(5_000_000, "PKR")]
    assert {"group": "TTP", "relation": "commander"} in p["affiliations"]


@pytest.mark.xfail(reason="'His native village is Sur Kamar in Bara, and the provincial government has put a "
                          "bounty of Rs5 million on him' creates a person 'Sur Kamar' that gets the Rs5 million "
                          "bounty; Gul Rehman Afridi gets no origin and no bounty", strict=False)
def test_people_pronoun_chain_his_native_village(extractor):
    s = extract(extractor, "Police said Gul Rehman Afridi runs a network of militants in Khyber. He is a senior "
                           "commander of the TTP. His native village is Sur Kamar in Bara, and the provincial "
                           "government has put a bounty of Rs5 million on him.")
    assert [q["name"] for q in s["people"]] == ["Gul Rehman Afridi"]
    p = s["people"][0]
    assert p["origin"] and "Sur Kamar" in p["origin"]
    assert [(b["amount"], b["currency"]) for b in p["bounties"]] == [(5_000_000, "PKR")]


def test_people_pronoun_chain_with_a_second_group(extractor):
    s = extract(extractor, "Police named Qari Sher Zaman, a commander of Lashkar-e-Jhangvi, as the planner of the "
                           "Quetta bombing. His name is on the Fourth Schedule, and the Balochistan government has "
                           "announced a bounty of Rs2 million on him. He is also a member of the Islamic State.")
    p = person(s, "Qari Sher Zaman")
    assert p["affiliations"] == [{"group": "Lashkar-e-Jhangvi", "relation": "commander"},
                                 {"group": "Islamic State", "relation": "member"}]
    assert p["bounties"] == [{"amount": 2_000_000, "currency": "PKR", "usd": None,
                              "issuer": "Balochistan government"}]


def test_people_pronoun_chain_native_of(extractor):
    s = extract(extractor, "Mufti Saadullah Wazir has led attacks on security forces in North Waziristan for a "
                           "decade. He is a veteran member of the TTP and a native of Mir Ali. His deputy was "
                           "arrested last year. Officials said he carries a bounty of Rs1 million.")
    p = person(s, "Mufti Saadullah Wazir")
    assert p["origin"] == "Mir Ali"
    assert groups_of(p) == ["TTP"]
    assert [(b["amount"], b["currency"]) for b in p["bounties"]] == [(1_000_000, "PKR")]


def test_people_pronoun_chain_reward_for_information(extractor):
    s = extract(extractor, "Mufti Saadullah Wazir is a veteran member of the TTP. He is a native of Mir Ali. The "
                           "government has offered Rs1 million for information on him.")
    p = person(s, "Mufti Saadullah Wazir")
    assert [(b["amount"], b["currency"]) for b in p["bounties"]] == [(1_000_000, "PKR")]


def test_people_pronoun_chain_linked_to(extractor):
    s = extract(extractor, "Police said Yar Muhammad Marri commands a cell of the Balochistan Liberation Army in "
                           "Kohlu. He hails from Kahan. The Balochistan government has offered a bounty of Rs2 "
                           "million for his arrest, and his associates say he is also linked to the Baloch "
                           "Republican Army.")
    p = person(s, "Yar Muhammad Marri")
    assert p["origin"] == "Kahan"
    assert [(b["amount"], b["issuer"]) for b in p["bounties"]] == [(2_000_000, "Balochistan government")]
    assert "Baloch Republican Army" in groups_of(p)


def _no_official(sheet, statements, official):
    everyone = [n for p in sheet["people"] for n in names_of(p)]
    assert not any(official in n or n in official for n in everyone), everyone
    slug = official.lower().replace(" ", "-")
    assert not [s for s in statements if s.entity_type == "person" and slug in s.entity_id]


def test_people_pronoun_after_an_officials_quote(extractor):
    text = ("Police killed TTP commander Shakir Ullah in Lakki Marwat on Sunday. District Police Officer Nazir "
            "Ahmad said the raid had been planned for weeks. He added that he had spent years tracking "
            "commanders of the TTP in the district.")
    sheet, statements = run(extractor, text)
    _no_official(sheet, statements, "Nazir Ahmad")
    p = person(sheet, "Shakir Ullah")
    assert p["affiliations"] == [{"group": "TTP", "relation": "commander"}]
    assert p["status"]["state"] == "killed"


def test_people_pronoun_after_an_inspector_generals_statement(extractor):
    text = ("Inspector General Akhtar Hayat said the CTD had arrested Hazrat Ali, a member of Lashkar-e-Islam, in "
            "Peshawar on Monday. He added that he had served in Bannu before joining the police and had fought "
            "the TTP there.")
    sheet, statements = run(extractor, text)
    _no_official(sheet, statements, "Akhtar Hayat")
    p = person(sheet, "Hazrat Ali")
    assert p["affiliations"] == [{"group": "Lashkar-e-Islam", "relation": "member"}]
    assert p["status"]["state"] == "arrested"


def test_people_pronoun_after_an_sp_told_reporters(extractor):
    text = ("SP Farooq Jan told reporters that the arrested man, Hazrat Ali, was a member of Lashkar-e-Islam. "
            "He said he had been posted to Khyber for five years.")
    sheet, statements = run(extractor, text)
    _no_official(sheet, statements, "Farooq Jan")
    assert groups_of(person(sheet, "Hazrat Ali")) == ["Lashkar-e-Islam"]


# --- 3. claims of responsibility -------------------------------------------------------------------------


def test_events_claim_in_the_next_sentence(extractor):
    e = only_event(extract(extractor, "Gunmen attacked a police station in Kulachi on Tuesday night, killing "
                                      "three policemen. The Tehrik-i-Taliban Pakistan claimed responsibility for "
                                      "the attack."))
    assert e["perpetrators"] == ["Tehrik-i-Taliban Pakistan"]
    assert e["date"] == "2024-05-07"


def test_events_claim_in_the_same_sentence(extractor):
    e = only_event(extract(extractor, "Unidentified gunmen attacked a police station in Kulachi on Tuesday night, "
                                      "killing three policemen, and the Tehrik-i-Taliban Pakistan claimed "
                                      "responsibility for the attack."))
    assert e["perpetrators"] == ["Tehrik-i-Taliban Pakistan"]


def test_events_responsibility_for_the_blast_was_claimed_by(extractor):
    e = only_event(extract(extractor, "A roadside bomb hit a Frontier Corps vehicle in Kech on Saturday, killing "
                                      "two soldiers. Responsibility for the blast was claimed by the Balochistan "
                                      "Liberation Front."))
    assert e["perpetrators"] == ["Balochistan Liberation Front"]
    assert e["killed"] == 2


def test_events_responsibility_was_claimed_by(extractor):
    e = only_event(extract(extractor, "A roadside bomb hit a Frontier Corps vehicle in Kech on Saturday, killing "
                                      "two soldiers. Responsibility was claimed by the Balochistan Liberation "
                                      "Front."))
    assert e["perpetrators"] == ["Balochistan Liberation Front"]


def test_events_said_it_was_behind_the_bombing(extractor):
    e = only_event(extract(extractor, "Eleven people were killed when a bomb went off at a shrine in Jhal Magsi on "
                                      "Friday. The Islamic State said it was behind the bombing."))
    assert e["killed"] == 11
    assert e["perpetrators"] == ["Islamic State"]


def test_events_said_it_was_behind_the_blast(extractor):
    e = only_event(extract(extractor, "A suicide attacker blew himself up near a mosque in Bajaur on Thursday, "
                                      "killing five worshippers. Jamaat-ul-Ahrar said it was behind the blast in a "
                                      "statement to reporters."))
    assert e["type"] == "suicide_bombing"
    assert e["perpetrators"] == ["Jamaat-ul-Ahrar"]


# --- 4. numbers in words and ranges ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "At least 12 people were killed when a bomb exploded in a vegetable market in Parachinar on Friday.",
    "A bomb exploded in a crowded bazaar in Parachinar on Friday, killing at least 12 people.",
])
def test_events_at_least_a_number(extractor, text):
    assert only_event(extract(extractor, text))["killed"] == 12


@pytest.mark.parametrize("text", [
    "More than 26 passengers were killed when gunmen opened fire on a bus in Kurram on Saturday.",
    "Gunmen opened fire on a passenger bus in Kurram on Saturday, killing more than 26 people.",
])
def test_events_more_than_a_number(extractor, text):
    assert only_event(extract(extractor, text))["killed"] == 26


@pytest.mark.parametrize("text", [
    "Two dozen people were injured when a bomb went off outside a court in Mardan on Monday.",
    "A grenade attack on a rally in Mardan on Monday injured two dozen people.",
])
def test_events_two_dozen(extractor, text):
    assert only_event(extract(extractor, text))["injured"] == 24


def test_events_a_soldier_and_three_civilians_were_killed(extractor):
    e = only_event(extract(extractor, "A soldier and three civilians were killed when militants fired rockets at "
                                      "a checkpoint in Tirah on Tuesday."))
    assert e["killed"] == 4


def test_events_killing_a_soldier_and_three_civilians(extractor):
    e = only_event(extract(extractor, "Militants fired rockets at a checkpoint in Tirah on Tuesday, killing a "
                                      "soldier and three civilians."))
    assert e["killed"] == 4


@pytest.mark.parametrize("text", [
    "The suicide bombing of a mosque in Peshawar on Monday killed 72 and injured 150.",
    "A suicide bomber struck a mosque in Peshawar on Monday, killing 72 people and injuring 150 others.",
])
def test_events_killed_and_injured_pair(extractor, text):
    e = only_event(extract(extractor, text))
    assert (e["killed"], e["injured"]) == (72, 150)
    assert e["type"] == "suicide_bombing"


def test_events_hyphenated_number_words(extractor):
    e = only_event(extract(extractor, "Twenty-two workers were killed and fifteen others were wounded when a bomb "
                                      "hit their bus in Gwadar on Wednesday."))
    assert (e["killed"], e["injured"]) == (22, 15)


def test_events_killing_three_constables(extractor):
    e = only_event(extract(extractor, "Gunmen attacked a police station in Kulachi on Tuesday night, killing three "
                                      "constables."))
    assert e["killed"] == 3


# --- 5. relative dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, published, date", [
    ("Militants stormed a check post in Tank on Sunday, killing four policemen.", "2024-05-09", "2024-05-05"),
    ("A roadside bomb killed three soldiers in North Waziristan on Sunday.", "2024-03-04", "2024-03-03"),
])
def test_dates_weekday_before_publication(extractor, text, published, date):
    assert only_event(extract(extractor, text, published))["date"] == date


@pytest.mark.parametrize("text, published, date", [
    ("A landmine blast killed two soldiers in Kohlu yesterday, officials said.", "2024-05-09", "2024-05-08"),
    ("Gunmen killed two polio workers in Bajaur yesterday.", "2024-03-01", "2024-02-29"),
])
def test_dates_yesterday(extractor, text, published, date):
    assert only_event(extract(extractor, text, published))["date"] == date


def test_dates_same_day_as_an_arrest(extractor):
    s = extract(extractor, "Police arrested TTP commander Wali Khan in Bannu on May 2. His brother Gul Khan was "
                           "arrested in Lakki Marwat the same day.")
    assert person(s, "Wali Khan")["status"]["date"] == "2024-05-02"
    assert person(s, "Gul Khan")["status"]["date"] == "2024-05-02"
    assert [e["date"] for e in s["events"]] == ["2024-05-02", "2024-05-02"]


def test_dates_same_day_as_another_event(extractor):
    s = extract(extractor, "A bomb exploded at a market in Khar on May 2, killing four people. The same day, "
                           "gunmen killed two policemen in Nawagai.")
    assert [(e["place"]["name"], e["date"], e["killed"]) for e in s["events"]] == [
        ("Khar", "2024-05-02", 4), ("Nawagai", "2024-05-02", 2)]


@pytest.mark.parametrize("text, published, dates", [
    ("A bomb exploded in Quetta on April 20, killing six people. A week later, militants attacked a police "
     "station in Mastung, killing two policemen.", "2024-05-09", ["2024-04-20", "2024-04-27"]),
    ("Militants ambushed a convoy in Zhob on March 3, killing three soldiers. A week later, a bomb killed two "
     "policemen in Loralai.", "2024-05-09", ["2024-03-03", "2024-03-10"]),
])
def test_dates_a_week_later(extractor, text, published, dates):
    assert [e["date"] for e in extract(extractor, text, published)["events"]] == dates


@pytest.mark.parametrize("text", [
    "A bomb killed two policemen in Loralai yesterday. A week earlier, a bomb killed three soldiers in Zhob.",
    "A bomb killed two policemen in Loralai on Wednesday. A week earlier, militants had ambushed a convoy in "
    "Zhob, killing three soldiers.",
])
def test_dates_a_week_earlier(extractor, text):
    assert [e["date"] for e in extract(extractor, text)["events"]] == ["2024-05-08", "2024-05-01"]


def test_dates_two_days_earlier(extractor):
    s = extract(extractor, "Militants ambushed a convoy in Zhob on Sunday, killing three soldiers. Two days "
                           "earlier, a bomb killed two policemen in Loralai.")
    assert [e["date"] for e in s["events"]] == ["2024-05-05", "2024-05-03"]


@pytest.mark.parametrize("text, dates", [
    ("Militants ambushed a convoy in Zhob on May 1, killing three soldiers. Two days later, a bomb exploded in "
     "Loralai, killing five civilians.", ["2024-05-01", "2024-05-03"]),
    ("Gunmen shot dead a cleric in Peshawar on Monday. Two days later a bomb killed four people in Charsadda.",
     ["2024-05-06", "2024-05-08"]),
])
def test_dates_two_days_later(extractor, text, dates):
    assert [e["date"] for e in extract(extractor, text)["events"]] == dates


def test_dates_weekday_relative_to_a_dateline(extractor):
    s = extract(extractor, "PESHAWAR, May 9, 2024: Police in Swat arrested Fazal Hadi alias Mullah Toor, a "
                           "commander of the TTP, on Monday.", published=None)
    assert s["document"]["published"] == "2024-05-09"
    e = only_event(s)
    assert e["date"] == "2024-05-06"
    assert e["place"]["name"] == "Swat"


# --- 6. places ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, name, district, province", [
    ("Militants attacked a police post in the Mughal Kot area of Daraban Tehsil of Dera Ismail Khan District on "
     "Saturday, killing four policemen.", "Mughal Kot", "Dera Ismail Khan", KP),
    ("Three soldiers were killed when terrorists ambushed a patrol in the Ghazni Khel area of Lakki Marwat "
     "District on Saturday.", "Ghazni Khel", "Lakki Marwat", KP),
    ("A roadside bomb killed two levies personnel in the Sangan area of Sibi district of Balochistan on "
     "Saturday.", "Sangan", "Sibi", "Balochistan"),
])
def test_places_area_of_tehsil_of_district(extractor, text, name, district, province):
    place = only_event(extract(extractor, text))["place"]
    assert (place["name"], place["district"], place["province"], place["country"]) == (name, district, province,
                                                                                       "PK")


@pytest.mark.parametrize("text, name, district, lat, lon", [
    ("A bomb exploded in the main bazaar of Pezu on Saturday, killing three people.",
     "Pezu", "Lakki Marwat", 32.31, 70.74),
    ("Militants attacked a polio team in Kalaya on Saturday, killing a policeman.",
     "Kalaya", "Orakzai", 33.67, 70.95),
    ("Gunmen attacked a police station in Kulachi on Tuesday night, killing three policemen.",
     "Kulachi", "Dera Ismail Khan", 31.93, 70.46),
])
def test_places_gazetteer_town_gets_coordinates(extractor, text, name, district, lat, lon):
    place = only_event(extract(extractor, text))["place"]
    assert (place["name"], place["district"], place["province"]) == (name, district, KP)
    assert place["lat"] == pytest.approx(lat, abs=0.3)
    assert place["lon"] == pytest.approx(lon, abs=0.3)


# --- 7. transliteration variants ----------------------------------------------------------------------------


def test_groups_tehreek_tehrik_variants_are_one_group(extractor):
    text = ("The Tehreek-e-Taliban Pakistan has expanded its presence in Khyber Pakhtunkhawa. Analysts say the "
            "Tehrik-i-Taliban Pakistan now controls several valleys, and a senior Tehrik-e-Taliban Pakistan "
            "commander said the group would continue its campaign.")
    sheet, statements = run(extractor, text)
    assert len(sheet["groups"]) == 1
    assert len(group_entity_ids(statements)) == 1


def test_groups_commanders_under_two_spellings_share_one_group(extractor):
    sheet, statements = run(extractor, "Tehrik-i-Taliban Pakistan commander Noor Ali Mehsud and Tehreek-e-Taliban "
                                       "Pakistan commander Gul Ayaz Mehsud were named in the case.")
    assert len(sheet["groups"]) == 1
    assert len(group_entity_ids(statements)) == 1
    a, b = person(sheet, "Noor Ali Mehsud"), person(sheet, "Gul Ayaz Mehsud")
    assert groups_of(a) == groups_of(b) == [sheet["groups"][0]["name"]]


def test_groups_acronym_and_full_name_are_one_group(extractor):
    sheet, statements = run(extractor, "The Tehreek-e-Taliban Pakistan (TTP) claimed the attack. The TTP has "
                                       "carried out dozens of such attacks, and the Tehrik-e-Taleban Pakistan "
                                       "warned of more.")
    assert len(sheet["groups"]) == 1
    assert len(group_entity_ids(statements)) == 1


def test_groups_qaida_qaeda_variants_are_one_group(extractor):
    sheet, statements = run(extractor, "Al-Qaeda has a small presence in Kunar. Reports say al-Qaida fighters "
                                       "trained local recruits, and Al Qaeda leaders met in the province last "
                                       "year.")
    assert len(sheet["groups"]) == 1
    assert len(group_entity_ids(statements)) == 1


def test_groups_e_and_i_connectors_are_one_group(extractor):
    sheet, statements = run(extractor, "Lashkar-i-Jhangvi commander Asif Chotu and Lashkar-e-Jhangvi commander "
                                       "Naeem Bukhari were named in the case.")
    assert len(sheet["groups"]) == 1
    assert len(group_entity_ids(statements)) == 1
    assert groups_of(person(sheet, "Asif Chotu")) == groups_of(person(sheet, "Naeem Bukhari"))


def test_groups_chained_connectors_are_one_group(extractor):
    sheet, statements = run(extractor, "Tehrik-i-Nifaz-i-Shariat-i-Muhammadi was banned in 2002. Leaders of the "
                                       "Tehreek-e-Nafaz-e-Shariat-e-Mohammadi later joined the TTP.")
    assert len(sheet["groups"]) == 2            # the TNSM and the TTP
    assert len(group_entity_ids(statements)) == 2


def test_groups_ul_hyphens_and_spaces_are_one_group(extractor):
    sheet, statements = run(extractor, "Jamaat-ul-Ahrar was formed in 2014. Later, Jamaat ul Ahrar rejoined the "
                                       "TTP.")
    names = [g["name"] for g in sheet["groups"]]
    assert len(names) == 2, names                 # Jamaat-ul-Ahrar and the TTP
    assert len(group_entity_ids(statements)) == 2


@pytest.mark.parametrize("province", ["Khyber Pakhtunkhawa", "Khyber Pukhtunkhwa", "Khyber-Pakhtunkhwa"])
def test_places_province_spelling_variants(extractor, province):
    e = only_event(extract(extractor, f"A bomb killed five soldiers in Bajaur, {province}, on Monday."))
    assert e["place"]["province"] == KP


# --- 8. negation and hedging ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, group", [
    ("A bomb ripped through a bus terminal in Kohat on Monday, killing seven people. The TTP denied involvement "
     "in the bombing.", "TTP"),
    ("A bomb ripped through a bus terminal in Kohat on Monday, killing seven people. A TTP spokesman said the "
     "group was not involved in the blast.", "TTP"),
    ("A bomb exploded near a police van in Quetta on Monday, killing three policemen. Police said "
     "Lashkar-e-Jhangvi was not involved in the attack.", "Lashkar-e-Jhangvi"),
    ("A bomb exploded near a police van in Quetta on Monday, killing three policemen. Lashkar-e-Jhangvi was not "
     "involved in the attack, police said.", "Lashkar-e-Jhangvi"),
])
def test_events_denial_is_not_a_perpetrator(extractor, text, group):
    sheet, statements = run(extractor, text)
    e = only_event(sheet)
    assert group not in e["perpetrators"]
    assert e.get("denied_by") == [group]
    for s in statements:
        if s.prop == "perpetrators":
            assert group not in s.value


@pytest.mark.parametrize("text, group", [
    ("A bomb ripped through a bus terminal in Kohat on Monday, killing seven people. The TTP was not involved, "
     "its spokesman said.", "TTP"),
    ("A bomb exploded near a police van in Quetta on Monday, killing three policemen. The Balochistan Liberation "
     "Army denied any involvement.", "Balochistan Liberation Army"),
])
def test_events_denial_without_an_event_noun(extractor, text, group):
    e = only_event(extract(extractor, text))
    assert group not in e["perpetrators"]
    assert e.get("denied_by") == [group]


def test_events_denial_and_a_claim_by_another_group(extractor):
    e = only_event(extract(extractor, "Gunmen attacked a polio team in Bajaur on Monday, killing two policemen. "
                                      "The TTP denied involvement in the attack, but Jamaat-ul-Ahrar claimed "
                                      "responsibility for it."))
    assert e["perpetrators"] == ["Jamaat-ul-Ahrar"]
    assert e.get("denied_by") == ["TTP"]


def _hedged_twin(statements, hedged_statements, entity_type, prop):
    plain = one(statements, prop, entity_type)
    hedged = one(hedged_statements, prop, entity_type)
    assert plain.qualifier is None
    assert hedged.qualifier == "hedged"
    assert 0 < hedged.confidence < plain.confidence
    return plain, hedged


@pytest.mark.parametrize("hedged_text, plain_text", [
    ("Militants reportedly attacked a checkpost in Khyber on Monday, killing four soldiers.",
     "Militants attacked a checkpost in Khyber on Monday, killing four soldiers."),
    ("Militants are believed to have attacked a polio team in Bajaur on Monday, killing two policemen.",
     "Militants attacked a polio team in Bajaur on Monday, killing two policemen."),
])
def test_events_hedged_event(extractor, hedged_text, plain_text):
    hs, hst = run(extractor, hedged_text)
    ps, pst = run(extractor, plain_text)
    assert only_event(hs).get("hedged") is True
    assert "hedged" not in only_event(ps)
    assert only_event(hs)["killed"] == only_event(ps)["killed"]
    _hedged_twin(pst, hst, "event", "killed")


def test_events_hedged_count(extractor):
    hs, hst = run(extractor, "Five soldiers were reportedly killed when a bomb hit their vehicle in Kech on Monday.")
    ps, pst = run(extractor, "Five soldiers were killed when a bomb hit their vehicle in Kech on Monday.")
    assert only_event(hs)["killed"] == 5 and only_event(hs).get("hedged") is True
    _hedged_twin(pst, hst, "event", "killed")


@pytest.mark.parametrize("hedged_text, plain_text", [
    ("TTP commander Zar Wali was reportedly killed in a clash with security forces in Bajaur on Monday.",
     "TTP commander Zar Wali was killed in a clash with security forces in Bajaur on Monday."),
    ("TTP commander Zar Wali was reportedly arrested by police in Swat on Monday.",
     "TTP commander Zar Wali was arrested by police in Swat on Monday."),
])
def test_people_hedged_status(extractor, hedged_text, plain_text):
    hs, hst = run(extractor, hedged_text)
    ps, pst = run(extractor, plain_text)
    hp, pp = person(hs, "Zar Wali"), person(ps, "Zar Wali")
    assert hp["status"]["state"] == pp["status"]["state"]
    assert hp["status"]["hedged"] is True
    assert "hedged" not in pp["status"]
    _hedged_twin(pst, hst, "person", "status")


@pytest.mark.parametrize("hedged_text, plain_text, state", [
    ("Jamaat-ul-Ahrar commander Sher Khan is believed to have been arrested by the CTD in Mohmand on Monday.",
     "Jamaat-ul-Ahrar commander Sher Khan was arrested by the CTD in Mohmand on Monday.", "arrested"),
    ("TTP commander Zar Wali is believed to have been killed in a drone strike in Paktika on Monday.",
     "TTP commander Zar Wali was killed in a drone strike in Paktika on Monday.", "killed"),
])
def test_people_believed_to_have_been(extractor, hedged_text, plain_text, state):
    hs, hst = run(extractor, hedged_text)
    ps, pst = run(extractor, plain_text)
    hp = hs["people"][0]
    assert hp["status"] is not None and hp["status"]["state"] == state
    assert hp["status"]["hedged"] is True
    _hedged_twin(pst, hst, "person", "status")


# --- 9. every statement has a rule, a confidence and a span inside the text -------------------------------------


STATEMENT_TEXTS = [
    "Ghulam Rasool Kakar, a senior commander of the Islamic State-Khorasan, was arrested in Quetta on Sunday. "
    "Officials said Kakar hails from Pishin and carries a bounty of Rs2 million (Dawn, May 6).",
    "Police said Gul Rehman Afridi runs a network of militants in Khyber. He is a senior commander of the TTP. He "
    "hails from Bara, and the provincial government has put a bounty of Rs5 million on him.",
    "TTP commander Zar Wali was reportedly killed in a clash with security forces in Bajaur on Monday.",
    "A bomb ripped through a bus terminal in Kohat on Monday, killing seven people and injuring 20 others. The TTP "
    "denied involvement in the bombing, but Jamaat-ul-Ahrar claimed responsibility for the attack, according to "
    "Geo News.",
    "Militants attacked a police post in the Mughal Kot area of Daraban Tehsil of Dera Ismail Khan District on "
    "Saturday. A week later, a bomb killed two policemen in Kulachi.",
]


@pytest.mark.parametrize("text", STATEMENT_TEXTS)
def test_statements_have_rule_confidence_and_span(extractor, text):
    doc = Document(text=text, published=PUBLISHED)
    sheet, statements = extractor(doc)
    assert statements
    assert any(s.entity_type != "document" for s in statements)
    for s in statements:
        assert s.doc_id == doc.id
        assert isinstance(s.rule, str) and s.rule, s
        assert isinstance(s.confidence, (int, float)) and 0 < s.confidence <= 1, s
        if s.entity_type != "document":
            assert s.start is not None and s.end is not None, s
        if s.start is not None or s.end is not None:
            assert 0 <= s.start < s.end <= len(text), (s.prop, s.value, s.start, s.end, len(text))
        assert s.qualifier in (None, "hedged")
        json.dumps(s.to_dict())   # serialisable


def test_statements_spans_hold_their_evidence(extractor):
    text = STATEMENT_TEXTS[0]
    _, statements = run(extractor, text)
    own = person_statements(statements, "Ghulam Rasool Kakar")
    assert text[one(own, "name").start:one(own, "name").end] == "Ghulam Rasool Kakar"
    assert "Rs2 million" in text[one(own, "bounty").start:one(own, "bounty").end]
    assert "Pishin" in text[one(own, "origin").start:one(own, "origin").end]
    assert "arrested" in text[one(own, "status").start:one(own, "status").end]


# --- 10. rules only -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rules_only():
    from militant_monitor.extract.pipeline import Extractor
    return Extractor(use_model=False)


def test_rules_only_has_no_model(rules_only):
    assert rules_only.nlp is None
    assert rules_only.version.endswith("+none")


@pytest.mark.parametrize("text, name, alias", [
    ("Police in Swat arrested Fazal Hadi alias Mullah Toor, a commander of the TTP, on Monday.",
     "Fazal Hadi", "Mullah Toor"),
    ("Mufti Noor Daraz, also known as Abu Jandal, is a senior commander of Lashkar-e-Jhangvi in Karachi.",
     "Mufti Noor Daraz", "Abu Jandal"),
])
def test_rules_only_alias(rules_only, text, name, alias):
    sheet, statements = run(rules_only, text)
    p = person(sheet, alias)
    assert p["name"] == name
    assert all(s.extractor.endswith("+none") for s in statements)


@pytest.mark.parametrize("text, name, amount, currency", [
    ("The Khyber Pakhtunkhwa government has announced a head money of Rs 3 million for Fazal Hadi alias Mullah "
     "Toor, a commander of the TTP.", "Fazal Hadi", 3_000_000, "PKR"),
    ("The United States has offered a reward of $10 million for information on Qari Zia Rahman, the chief of "
     "the Islamic State-Khorasan in Kunar.", "Qari Zia Rahman", 10_000_000, "USD"),
])
def test_rules_only_bounty(rules_only, text, name, amount, currency):
    p = person(extract(rules_only, text), name)
    assert [(b["amount"], b["currency"]) for b in p["bounties"]] == [(amount, currency)]


@pytest.mark.parametrize("text, killed, injured", [
    ("A roadside bomb killed four soldiers and injured two others in Kurram on Monday.", 4, 2),
    ("At least 12 people were killed when a bomb exploded in a vegetable market in Parachinar on Friday.", 12, None),
])
def test_rules_only_event_with_casualties(rules_only, text, killed, injured):
    e = only_event(extract(rules_only, text))
    assert (e["killed"], e["injured"]) == (killed, injured)


ARTICLE = """Commander held in Swat

Police in Swat arrested Fazal Hadi alias Mullah Toor, a commander of the TTP, on Monday. The Khyber Pakhtunkhwa
government had announced a head money of Rs 3 million for him.

A roadside bomb killed four soldiers and injured two others in Kurram on Tuesday.
"""


def _mmon(*args, cwd):
    exe = Path(sys.executable).parent / "mmon"
    assert exe.exists(), f"no console script at {exe}"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_rules_only_cli_extract_no_model(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = _mmon("extract", "--no-model", str(article), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    sheet = json.loads(done.stdout)
    assert sheet["extractor"].endswith("+none")
    p = person(sheet, "Mullah Toor")
    assert p["name"] == "Fazal Hadi"
    assert [(b["amount"], b["currency"]) for b in p["bounties"]] == [(3_000_000, "PKR")]
    assert any((e["killed"], e["injured"]) == (4, 2) for e in sheet["events"])


def test_rules_only_cli_statements_format(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = _mmon("extract", "--no-model", "--format", "statements", str(article), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert rows
    assert {r["prop"] for r in rows} >= {"alias", "bounty", "killed"}
    for r in rows:
        assert r["rule"] and 0 < r["confidence"] <= 1
        assert r["extractor"].endswith("+none")


# --- found on the way: wrong facts next to the hard cases ---------------------------------------------------


@pytest.mark.parametrize("text, name", [
    ("Ghulam Rasool Kakar, a senior commander of the Islamic State-Khorasan, was arrested in Quetta on Sunday.",
     "Ghulam Rasool Kakar"),
    ("The Balochistan government announced a bounty of Rs5 million on Aslam Baloch, a commander of the "
     "Balochistan Liberation Army.", "Aslam Baloch"),
])
def test_people_group_name_is_not_a_person(extractor, text, name):
    assert [p["name"] for p in extract(extractor, text)["people"]] == [name]


def test_people_killed_in_an_exchange_of_fire(extractor):
    s = extract(extractor, "A TTP commander, Shakir Ullah, was killed in an exchange of fire with police in Lakki "
                           "Marwat on Sunday.")
    p = person(s, "Shakir Ullah")
    assert p["status"] is not None and p["status"]["state"] == "killed"
    assert p["status"]["date"] == "2024-05-05"
    assert only_event(s)["killed"] == 1


@pytest.mark.parametrize("text, name", [
    ("TTP commander Zar Wali was killed in a clash with security forces in Bajaur on Monday.", "Zar Wali"),
    ("A TTP commander, Shakir Ullah, was killed in an exchange of fire with police in Lakki Marwat on Sunday.",
     "Shakir Ullah"),
])
def test_events_clash_names_both_sides(extractor, text, name):
    """By the annotation conventions (eval/README.md, rule 4) a clash names both sides as
    perpetrators: the security force and the militant who fought it."""
    e = only_event(extract(extractor, text))
    assert e["type"] == "clash"
    assert name in e["perpetrators"]
    assert any(p in ("security forces", "police") for p in e["perpetrators"])
    assert name not in e["targets"]
