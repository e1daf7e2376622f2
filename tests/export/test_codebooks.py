"""Every code and label that acled-csv and gtd-csv write, checked against tables copied here from
the codebooks themselves (not from export/exchange.yaml, which the exporters read): a code or a
label changed in that table, or a new mapping to a code that does not exist, fails here.

Sources:
  GTD: Global Terrorism Database Codebook: Methodology, Inclusion Criteria, and Variables (START,
       University of Maryland, October 2021), section II "GTD Variables & Inclusion Criteria".
  ACLED: Armed Conflict Location & Event Data Project (ACLED) Codebook (2023), sections "Event
       types and sub-event types", "Actors" (inter codes, interaction), "Time" (time precision) and
       "Geography" (geo-precision); column list as in "Guide to 2023 ACLED column changes".
"""
from __future__ import annotations

import pytest

from militant_monitor.export.common import exchange

# --- GTD Codebook (2021) ---------------------------------------------------------------------------

# II.B "Incident Location": specificity, the geospatial resolution of latitude and longitude.
GTD_SPECIFICITY = {
    1: "event occurred in city/village/town and lat/long is for that location",
    2: "event occurred in city/village/town and no lat/long could be found, so coordinates are for "
       "centroid of smallest subnational administrative region identified",
    3: "event did not occur in city/village/town, so coordinates are for centroid of smallest "
       "subnational administrative region identified",
    4: "no 2nd order or smaller region could be identified, so coordinates are for center of 1st "
       "order administrative region",
    5: "no 1st order administrative region could be identified for the location of the attack, so "
       "latitude and longitude are unknown",
}

# II.D "Attack Information": attacktype1-3 (the codebook's hierarchy; text as in the data file).
GTD_ATTACKTYPE = {1: "Assassination", 2: "Armed Assault", 3: "Bombing/Explosion", 4: "Hijacking",
                  5: "Hostage Taking (Barricade Incident)", 6: "Hostage Taking (Kidnapping)",
                  7: "Facility/Infrastructure Attack", 8: "Unarmed Assault", 9: "Unknown"}

# II.F "Target/Victim Information": targtype1-3.
GTD_TARGTYPE = {1: "Business", 2: "Government (General)", 3: "Police", 4: "Military", 5: "Abortion Related",
                6: "Airports & Aircraft", 7: "Government (Diplomatic)", 8: "Educational Institution",
                9: "Food or Water Supply", 10: "Journalists & Media", 11: "Maritime", 12: "NGO", 13: "Other",
                14: "Private Citizens & Property", 15: "Religious Figures/Institutions", 16: "Telecommunication",
                17: "Terrorists/Non-State Militia", 18: "Tourists", 19: "Transportation", 20: "Unknown",
                21: "Utilities", 22: "Violent Political Party"}

# II.H "Weapon Information": weaptype1-4.
GTD_WEAPTYPE = {1: "Biological", 2: "Chemical", 3: "Radiological", 4: "Nuclear", 5: "Firearms", 6: "Explosives",
                7: "Fake Weapons", 8: "Incendiary", 9: "Melee",
                10: "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)",
                11: "Sabotage Equipment", 12: "Other", 13: "Unknown"}

# II.B: country and region codes (Appendix: the GTD's own numbering, not ISO).
GTD_COUNTRY = {"PK": (153, "Pakistan"), "AF": (4, "Afghanistan"), "IN": (92, "India"), "IR": (94, "Iran")}
GTD_REGION = {6: "South Asia", 10: "Middle East & North Africa"}

# --- ACLED Codebook (2023) -------------------------------------------------------------------------

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]

# "Event types and sub-event types": the six event types, their 25 sub-event types, disorder types.
ACLED_EVENT_TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}
ACLED_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
                  "Violence against civilians": "Political violence", "Protests": "Demonstrations",
                  "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}

# "Actors": inter codes; interaction is the two codes, lower first, or the code and 0 for one actor alone.
ACLED_INTER = {1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
               5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces"}

# "Time": 1 the source gives the day; 2 a specific week or weekend (the middle of it is coded);
# 3 only a particular month (its mid-point is coded unless the start or end of the month is said).
ACLED_TIME_PRECISION = {1: "day", 2: "week", 3: "month"}

# "Geography": 1 a particular town (or its outskirts) with coordinates; 2 near a known location or a
# small part of a region; 3 a larger region without further detail (a provincial capital is used).
ACLED_GEO_PRECISION = {1: "town", 2: "part of a region", 3: "region"}

ACLED_COUNTRY = {"PK": (586, "Pakistan", "South Asia"), "AF": (4, "Afghanistan", "South Asia"),
                 "IN": (356, "India", "South Asia"), "IR": (364, "Iran", "Middle East")}


# --- the published tables of exchange.yaml ---------------------------------------------------------

def test_gtd_published_tables_are_the_codebooks():
    gtd = exchange()["published"]["gtd"]
    assert gtd["attacktype"] == GTD_ATTACKTYPE
    assert gtd["targtype"] == GTD_TARGTYPE
    assert gtd["weaptype"] == GTD_WEAPTYPE
    assert gtd["specificity"] == GTD_SPECIFICITY


def test_acled_published_tables_are_the_codebooks():
    acled = exchange()["published"]["acled"]
    assert acled["columns"] == ACLED_COLUMNS
    assert acled["event_types"] == ACLED_EVENT_TYPES
    assert set(acled["disorder_type"]) == set(ACLED_DISORDER.values())
    assert {k: v.lower() for k, v in acled["inter"].items()} == {k: v.lower() for k, v in ACLED_INTER.items()}
    assert set(acled["time_precision"]) == set(ACLED_TIME_PRECISION)
    assert set(acled["geo_precision"]) == set(ACLED_GEO_PRECISION)
    for code, unit in ACLED_TIME_PRECISION.items():
        assert unit in acled["time_precision"][code], code
    for code, unit in ACLED_GEO_PRECISION.items():
        assert unit in acled["geo_precision"][code], code


# --- our mappings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("ours", sorted(exchange()["types"]))
def test_each_event_type_maps_to_codebook_codes(ours):
    t = exchange()["types"][ours]
    a = t["acled"]
    assert a["sub_event_type"] in ACLED_EVENT_TYPES[a["event_type"]]
    assert a["disorder_type"] == ACLED_DISORDER[a["event_type"]]
    g = t["gtd"]
    if g is None:                                     # not an attack: the GTD does not record it
        assert ours in ("arrest", "other")
        return
    assert GTD_ATTACKTYPE[g["attacktype"]] == g["attacktype_txt"]
    assert GTD_WEAPTYPE[g["weaptype"]] == g["weaptype_txt"]
    assert g["suicide"] == (1 if ours == "suicide_bombing" else 0)
    if ours in ("bombing", "suicide_bombing"):
        assert (g["attacktype"], g["weaptype"]) == (3, 6)
    if ours == "kidnapping":
        assert g["attacktype"] == 6


def test_target_words_map_to_codebook_target_types():
    x = exchange()
    for t in x["targets"]:
        assert GTD_TARGTYPE[t["targtype"]] == t["targtype_txt"], t
    assert GTD_TARGTYPE[x["unknown_target"]["targtype"]] == x["unknown_target"]["targtype_txt"] == "Unknown"
    by_word = {w: t["targtype"] for t in x["targets"] for w in t["words"]}
    assert by_word["police"] == 3 and by_word["soldiers"] == 4 and by_word["journalists"] == 10
    assert by_word["mosque"] == 15 and by_word["civilians"] == 14 and by_word["school"] == 8


def test_inter_codes_and_countries():
    x = exchange()
    assert ACLED_INTER[x["inter"]["state_forces"]] == "State forces"
    assert ACLED_INTER[x["inter"]["armed_side"]] == "Rebel groups"
    assert ACLED_INTER[x["inter"]["civilians"]] == "Civilians"
    for code, c in x["countries"].items():
        assert (c["gtd_country"], c["name"]) == GTD_COUNTRY[code]
        assert GTD_REGION[c["gtd_region"]] == c["gtd_region_txt"]
        assert (c["iso"], c["name"], c["acled_region"]) == ACLED_COUNTRY[code]


PLACES = [  # (place of an event row, GTD specificity, ACLED geo_precision), by the codebooks' rules
    ({"name": "Jandola", "district": "Tank", "province": "Khyber Pakhtunkhwa", "country": "PK", "lat": 32.33, "lon": 70.12}, 1, 1),
    ({"name": "Jandola", "district": "Tank", "province": "Khyber Pakhtunkhwa", "country": "PK"}, 2, 1),
    ({"name": None, "district": "Tank", "province": "Khyber Pakhtunkhwa", "country": "PK"}, 3, 2),
    ({"name": "Tank", "district": "Tank", "country": "PK"}, 3, 2),              # the district itself
    ({"province": "Khyber Pakhtunkhwa", "country": "PK"}, 4, 3),
    ({"country": "PK"}, 5, 3),
    ({}, 5, 3),
]


@pytest.mark.parametrize("place,gtd,acled", PLACES)
def test_place_precision_codes(place, gtd, acled):
    from militant_monitor.export.acled_csv import acled_row
    from militant_monitor.export.gtd_csv import gtd_row
    row = _row(place=place)
    g, a = gtd_row(row, 1), acled_row(row, 1)
    assert g["specificity"] == gtd and a["geo_precision"] == acled
    assert g["specificity"] in GTD_SPECIFICITY and a["geo_precision"] in ACLED_GEO_PRECISION
    if gtd == 5:                                      # the codebook: latitude and longitude unknown
        assert g["latitude"] == g["longitude"] == ""


DATES = [  # (the sources' dates, ACLED time_precision and event_date, GTD imonth/iday/approxdate)
    (["2024-02-11"], 1, "2024-02-11", 2, 11, False),
    (["2024-02-11", "2024-02-15"], 2, "2024-02-13", 2, 11, True),     # days within a week: its middle
    (["2024-02-03", "2024-02-20"], 3, "2024-02-15", 2, 3, True),      # days within a month: its mid-point
    (["2024-02"], 3, "2024-02-15", 2, 0, True),                      # a month: its mid-point
    (["2024-01-25", "2024-03-02"], None, None, 1, 25, True),          # more than a month apart: not codable
    (["2024"], None, None, 0, 0, True),                               # ACLED codes nothing coarser than a month
]


@pytest.mark.parametrize("said,precision,event_date,imonth,iday,approx", DATES)
def test_date_precision_codes(said, precision, event_date, imonth, iday, approx):
    from militant_monitor.export.acled_csv import acled_row, dated
    from militant_monitor.export.gtd_csv import gtd_row
    days = [d for d in said if len(d) == 10]
    row = _row(date=max(said, key=len), dates=[{"value": d, "source": {}} for d in said],
               date_conflict=len(set(days)) > 1)
    g = gtd_row(row, 1)
    assert (g["imonth"], g["iday"], bool(g["approxdate"])) == (imonth, iday, approx)
    assert g["eventid"].startswith(f"2024{imonth:02d}{iday:02d}")
    assert dated(row) == (precision is not None)
    if precision is None:                             # left out of acled-csv
        return
    a = acled_row(row, 1)
    assert a["time_precision"] == precision and precision in ACLED_TIME_PRECISION
    assert a["event_date"] == event_date and a["year"] == "2024"


def test_acled_row_codes_for_the_sides():
    """inter1/inter2/interaction as the codebook composes them: the armed group 2 against the
    state 1 is 12; the armed group alone 20; against civilians (no state force) 27; the state
    alone (an arrest) 10."""
    from militant_monitor.export.acled_csv import acled_row
    both = acled_row(_row(actor1=["TTP"], actor2=["police"]), 1)
    assert (both["inter1"], both["inter2"], both["interaction"]) == (2, 1, "12")
    alone = acled_row(_row(actor1=["TTP"]), 1)
    assert (alone["inter1"], alone["inter2"], alone["interaction"]) == (2, "", "20")
    civ = acled_row(_row(actor1=["TTP"], targets=["worshippers"]), 1)
    assert (civ["inter2"], civ["interaction"], civ["actor2"]) == (7, "27", "Civilians (Pakistan)")
    assert civ["civilian_targeting"] == "Civilian targeting"
    state = acled_row(_row(type="arrest", actor2=["police"]), 1)
    assert (state["actor1"], state["inter1"], state["interaction"]) == ("police", 1, "10")
    assert (state["event_type"], state["sub_event_type"]) == ("Strategic developments", "Arrests")
    for r in (both, alone, civ, state):
        assert list(r) == ACLED_COLUMNS
        for side in ("inter1", "inter2"):
            assert r[side] == "" or r[side] in ACLED_INTER


def _row(**over) -> dict:
    """An event row (``query.events.row``'s keys) of our own making."""
    base = {"id": "E-TEST", "type": "bombing", "place": {"name": "Jandola", "district": "Tank", "country": "PK"},
            "date": "2024-02-11", "dates": [{"value": "2024-02-11", "source": {}}], "date_conflict": False,
            "killed": 2, "killed_range": [2, 2], "injured": None, "injured_range": None, "reports": 1,
            "actor1": [], "actor2": [], "targets": [], "hedged": False, "evidence": "A test event.",
            "sources": [{"doc_id": "d1", "publisher": "Test Outlet", "published": "2024-02-12", "title": "t"}]}
    base.update(over)
    return base
