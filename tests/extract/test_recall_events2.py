"""Recall of events, their dates and their authors on phrasings of news reporting. Every
sentence was written for these tests: people and towns are invented."""
from __future__ import annotations

from militant_monitor.model.document import Document


def events_of(extractor, text, published="2021-05-04"):
    return extractor(Document(text=text, published=published))[0]["events"]


def test_events_writers_todays_attack_dates_the_undated_lead(extractor):
    evs = events_of(extractor, "At least 12 people were killed and 20 were injured in a blast in a market in Sarban.\n\n"
                               "The police said the market was crowded. The timing of today's attack shows a clear "
                               "link with the release of the commander.")
    assert [e["date"] for e in evs] == ["2021-05-04"]


def test_events_quoted_todays_attack_leaves_the_lead_undated(extractor):
    evs = events_of(extractor, "At least 12 people were killed and 20 were injured in a blast in a market in Sarban.\n\n"
                               "\u201cWe condemn today's attack on the market,\u201d the governor said.")
    assert [e["date"] for e in evs] == [None]


def test_events_rank_counts_as_one_of_the_dead(extractor):
    evs = events_of(extractor, "On July 9, 2021, two terrorists and one Army captain were killed, while three other "
                               "soldiers sustained injuries, during an exchange of fire with terrorists in Datta Khel.")
    assert [(e["killed"], e["injured"]) for e in evs] == [(3, 3)]


def test_events_one_minor_wounded_is_one_injured(extractor):
    evs = events_of(extractor, "On July 10, 2021, three family members were killed and a minor was injured when "
                               "unidentified gunmen opened fire on their car near Sarban Bridge.")
    assert [(e["killed"], e["injured"]) for e in evs] == [(3, 1)]


def test_events_some_days_ago_gives_the_month(extractor):
    evs = events_of(extractor, "Some days ago, gunmen attacked a police party at Tarbela, killing two constables.",
                    published="2020-10-13")
    assert [e["date"] for e in evs] == ["2020-10"]


def test_events_killing_of_a_named_predecessor_by_forces_is_its_own_event(extractor):
    sheet = extractor(Document(text="Police captured the group's chief, Tariq Dawar, in Kandahar on April 4. A statement said "
                                    "he took charge following the killing of his predecessor, Abu Hamza Khattak, by Afghan "
                                    "and U.S. forces in 2018.", published=None))[0]
    killings = [e for e in sheet["events"] if e["type"] == "targeted_killing"]
    assert [(e["date"], e["killed"], e["perpetrators"]) for e in killings] == [("2018", 1, ["Afghan forces", "U.S. forces"])]
    assert "Abu Hamza Khattak" in [p["name"] for p in sheet["people"]]


def test_events_killing_avenged_is_no_new_event(extractor):
    evs = events_of(extractor, "Gunmen stormed a police post in Tarbela on Monday, killing four constables. The group said "
                               "the raid was revenge for the killing of its commander, Saleem Dar, by security forces.")
    assert [e["type"] for e in evs] == ["armed_assault"]


def test_events_group_the_dead_belonged_to_is_the_other_side_of_the_clash(extractor):
    evs = events_of(extractor, "On March 3, at least nine terrorists were killed in an intelligence based operation "
                               "conducted by security forces in Sarai Naurang.\n\nPolice sources said that the terrorists "
                               "belonged to the banned Tehreek-e-Taliban Pakistan.", published="2023-03-05")
    clash = [e for e in evs if e["type"] == "clash"]
    assert clash and clash[0]["perpetrators"] == ["security forces", "Tehreek-e-Taliban Pakistan"]


def test_events_men_counted_with_their_unit_are_the_injured(extractor):
    evs = events_of(extractor, "On March 3, police killed four militants in an encounter in Sarai Naurang. Officials "
                               "said six members of the elite police force (EPF) were also injured in the encounter.",
                    published="2023-03-05")
    assert [(e["killed"], e["injured"]) for e in evs] == [(4, 6)]
