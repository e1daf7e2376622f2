"""acled-csv and gtd-csv: the datasets' published columns, in order, and their code vocabularies."""
from __future__ import annotations

import csv
import io

import yaml

from militant_monitor.export.common import EXCHANGE

# ACLED Codebook (2023): the columns of an ACLED export, in order.
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
ACLED_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
ACLED_DISORDER = {"Political violence", "Demonstrations", "Strategic developments"}

# GTD Codebook (START, 2021): the 135 columns of the GTD, in order.
GTD_COLUMNS = """eventid iyear imonth iday approxdate extended resolution country country_txt region region_txt provstate
city latitude longitude specificity vicinity location summary crit1 crit2 crit3 doubtterr alternative alternative_txt multiple
success suicide attacktype1 attacktype1_txt attacktype2 attacktype2_txt attacktype3 attacktype3_txt targtype1 targtype1_txt
targsubtype1 targsubtype1_txt corp1 target1 natlty1 natlty1_txt targtype2 targtype2_txt targsubtype2 targsubtype2_txt corp2
target2 natlty2 natlty2_txt targtype3 targtype3_txt targsubtype3 targsubtype3_txt corp3 target3 natlty3 natlty3_txt gname
gsubname gname2 gsubname2 gname3 gsubname3 motive guncertain1 guncertain2 guncertain3 individual nperps nperpcap claimed
claimmode claimmode_txt claim2 claimmode2 claimmode2_txt claim3 claimmode3 claimmode3_txt compclaim weaptype1 weaptype1_txt
weapsubtype1 weapsubtype1_txt weaptype2 weaptype2_txt weapsubtype2 weapsubtype2_txt weaptype3 weaptype3_txt weapsubtype3
weapsubtype3_txt weaptype4 weaptype4_txt weapsubtype4 weapsubtype4_txt weapdetail nkill nkillus nkillter nwound nwoundus
nwoundte property propextent propextent_txt propvalue propcomment ishostkid nhostkid nhostkidus nhours ndays divert
kidhijcountry ransom ransomamt ransomamtus ransompaid ransompaidus ransomnote hostkidoutcome hostkidoutcome_txt nreleased
addnotes scite1 scite2 scite3 dbsource INT_LOG INT_IDEO INT_MISC INT_ANY related""".split()
GTD_ATTACK = {1: "Assassination", 2: "Armed Assault", 3: "Bombing/Explosion", 4: "Hijacking", 5: "Hostage Taking (Barricade Incident)",
              6: "Hostage Taking (Kidnapping)", 7: "Facility/Infrastructure Attack", 8: "Unarmed Assault", 9: "Unknown"}
GTD_TARGET = {1: "Business", 2: "Government (General)", 3: "Police", 4: "Military", 5: "Abortion Related", 6: "Airports & Aircraft",
              7: "Government (Diplomatic)", 8: "Educational Institution", 9: "Food or Water Supply", 10: "Journalists & Media",
              11: "Maritime", 12: "NGO", 13: "Other", 14: "Private Citizens & Property", 15: "Religious Figures/Institutions",
              16: "Telecommunication", 17: "Terrorists/Non-State Militia", 18: "Tourists", 19: "Transportation", 20: "Unknown",
              21: "Utilities", 22: "Violent Political Party"}
GTD_WEAPON = {1: "Biological", 2: "Chemical", 3: "Radiological", 4: "Nuclear", 5: "Firearms", 6: "Explosives", 7: "Fake Weapons",
              8: "Incendiary", 9: "Melee", 10: "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)",
              11: "Sabotage Equipment", 12: "Other", 13: "Unknown"}


def _csv(mmon, kb, fmt, *args):
    code, stdout, err = mmon("export", "-f", fmt, "--db", kb, *args)
    assert code == 0, err
    reader = csv.reader(io.StringIO(stdout))
    header = next(reader)
    return header, [dict(zip(header, r)) for r in reader], [len(r) for r in csv.reader(io.StringIO(stdout))]


def test_acled_columns_and_codes(kb, mmon):
    header, rows, widths = _csv(mmon, kb, "acled-csv")
    assert header == ACLED_COLUMNS
    assert set(widths) == {len(ACLED_COLUMNS)}
    code, events, _ = mmon("events", "--db", kb, "-f", "jsonl")
    assert len(rows) == len(events.splitlines()) > 0
    for r in rows:
        assert r["disorder_type"] in ACLED_DISORDER
        assert r["sub_event_type"] in ACLED_TYPES[r["event_type"]]
        assert r["time_precision"] in {"1", "2", "3"} and r["geo_precision"] in {"1", "2", "3"}
        assert r["fatalities"].isdigit()
        assert r["inter1"] in {"", "1", "2", "3", "4", "5", "6", "7", "8"} and r["inter2"] in {"", "1", "2", "7"}
        assert r["event_id_cnty"][:3].isalpha() and r["event_id_cnty"][3:].isdigit()
        assert "[mmon event:" in r["notes"]
        assert r["source"]
        if r["event_date"]:
            assert r["year"] == r["event_date"][:4]
    jandola = [r for r in rows if r["location"] == "Jandola"]
    assert jandola and jandola[0]["actor1"] == "Rahmatullah Mehsud" and jandola[0]["actor2"] == "Counter-Terrorism Department"
    assert jandola[0]["inter1"] == "2" and jandola[0]["inter2"] == "1" and jandola[0]["interaction"] == "12"
    assert jandola[0]["fatalities"] == "3" and jandola[0]["time_precision"] == "1" and jandola[0]["geo_precision"] == "1"
    assert jandola[0]["country"] == "Pakistan" and jandola[0]["iso"] == "586" and jandola[0]["admin2"] == "Tank"
    assert jandola[0]["event_type"] == "Battles"


def test_gtd_columns_and_codes(kb, mmon):
    header, rows, widths = _csv(mmon, kb, "gtd-csv")
    assert header == GTD_COLUMNS and len(header) == 135
    assert set(widths) == {135}
    assert rows
    for r in rows:
        assert GTD_ATTACK[int(r["attacktype1"])] == r["attacktype1_txt"]
        assert GTD_TARGET[int(r["targtype1"])] == r["targtype1_txt"]
        assert GTD_WEAPON[int(r["weaptype1"])] == r["weaptype1_txt"]
        assert r["specificity"] in {"1", "2", "3", "4", "5"}
        assert len(r["eventid"]) == 12 and r["eventid"].isdigit()
        assert 0 <= int(r["imonth"]) <= 12 and 0 <= int(r["iday"]) <= 31
        assert (r["iday"] == "0") == bool(r["approxdate"]) or r["iday"] != "0"
        assert r["gname"] and r["scite1"] and r["dbsource"] == "mmon"
        assert r["suicide"] in {"0", "1"} and r["doubtterr"] in {"0", "1"}
    assert not any("Arrest" in r["attacktype1_txt"] for r in rows)
    jandola = [r for r in rows if r["city"] == "Jandola"]
    assert jandola and jandola[0]["nkill"] == "3" and jandola[0]["nwound"] == "1"
    assert jandola[0]["gname"] == "Rahmatullah Mehsud" and jandola[0]["country"] == "153" and jandola[0]["targtype1"] == "3"


def test_filters_and_mapping_table(kb, mmon):
    _, rows, _ = _csv(mmon, kb, "acled-csv", "--type", "arrest")
    assert rows and {r["sub_event_type"] for r in rows} == {"Arrests"}
    _, rows, _ = _csv(mmon, kb, "gtd-csv", "--type", "arrest")
    assert rows == []
    table = yaml.safe_load(EXCHANGE.read_text(encoding="utf-8"))
    from militant_monitor.query.events import EVENT_TYPES
    assert set(table["types"]) == set(EVENT_TYPES)      # every type of ours is mapped, in the table
    for t in table["types"].values():
        assert t["acled"]["sub_event_type"] in ACLED_TYPES[t["acled"]["event_type"]]
        if t["gtd"]:
            assert GTD_ATTACK[t["gtd"]["attacktype"]] == t["gtd"]["attacktype_txt"]
            assert GTD_WEAPON[t["gtd"]["weaptype"]] == t["gtd"]["weaptype_txt"]
    for t in table["targets"]:
        assert GTD_TARGET[t["targtype"]] == t["targtype_txt"]


def test_formula_cells_neutralised():
    from militant_monitor.export.acled_csv import COLUMNS
    from militant_monitor.export.common import write_csv
    buf = io.StringIO()
    write_csv(buf, COLUMNS, [dict.fromkeys(COLUMNS, "=HYPERLINK(1)")])
    assert "'=HYPERLINK" in buf.getvalue()


KEY = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "fatalities", "location", "admin1", "admin2",
       "latitude", "longitude", "country", "time_precision", "geo_precision", "civilian_targeting", "interaction"]


def test_acled_import_round_trip_and_origin(kb, mmon, tmp_path):
    import sqlite3
    src = tmp_path / "acled.csv"
    mmon("export", "-f", "acled-csv", "--db", kb, "-o", str(src))
    new = str(tmp_path / "acled.db")
    code, _, err = mmon("import", "-f", "acled-csv", str(src), "--db", new)
    assert code == 0, err
    code, _, err = mmon("import", "-f", "acled-csv", str(src), "--db", new)
    assert code == 0 and "added nothing" in err                     # twice changes nothing
    _, again, _ = _csv(mmon, new, "acled-csv")
    with open(src, newline="", encoding="utf-8") as fh:
        first = list(csv.DictReader(fh))
    assert sorted(tuple(r[k] for k in KEY) for r in again) == sorted(tuple(r[k] for k in KEY) for r in first)
    with sqlite3.connect(new) as c:                                  # each fact keeps its dataset and row
        docs = c.execute("SELECT publisher, source_path, title FROM documents").fetchall()
        extractors = {r[0] for r in c.execute("SELECT DISTINCT extractor FROM statements")}
    assert len(docs) == len(first) and {d[0] for d in docs} == {"ACLED"}
    assert sorted(int(d[1].rsplit(":", 1)[1]) for d in docs) == list(range(2, len(first) + 2))
    assert all(d[2].startswith("ACLED ") for d in docs) and extractors == {"import:acled-csv"}


def test_acled_import_errors_are_one_line(mmon, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = mmon("import", "-f", "acled-csv", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "not an ACLED export" in err and len(err.strip().splitlines()) == 1
    bad.write_text(",".join(ACLED_COLUMNS) + "\n" + ",".join(["PAK9", "9 May 2024"] + [""] * (len(ACLED_COLUMNS) - 2)) + "\n")
    code, _, err = mmon("import", "-f", "acled-csv", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "bad.csv:2" in err and len(err.strip().splitlines()) == 1
