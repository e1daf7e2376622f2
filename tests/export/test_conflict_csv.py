"""acled-csv and gtd-csv: the datasets' published columns, in order, and their code vocabularies."""
from __future__ import annotations

import csv
import io
import json

import yaml

from militant_monitor.export.common import EXCHANGE

# The published lists (ACLED Codebook 2023, GTD Codebook 2021), with their sources, in exchange.yaml.
PUBLISHED = yaml.safe_load(EXCHANGE.read_text(encoding="utf-8"))["published"]
ACLED_COLUMNS = PUBLISHED["acled"]["columns"]
ACLED_TYPES = {k: set(v) for k, v in PUBLISHED["acled"]["event_types"].items()}
ACLED_DISORDER = set(PUBLISHED["acled"]["disorder_type"])
ACLED_INTER = {str(k) for k in PUBLISHED["acled"]["inter"]}
ACLED_TIME = {str(k) for k in PUBLISHED["acled"]["time_precision"]}
ACLED_GEO = {str(k) for k in PUBLISHED["acled"]["geo_precision"]}
GTD_COLUMNS = PUBLISHED["gtd"]["columns"]
GTD_ATTACK = PUBLISHED["gtd"]["attacktype"]
GTD_TARGET = PUBLISHED["gtd"]["targtype"]
GTD_WEAPON = PUBLISHED["gtd"]["weaptype"]
GTD_SPECIFICITY = {str(k) for k in PUBLISHED["gtd"]["specificity"]}


def test_published_lists_are_whole():
    """The lists themselves: the codebooks' counts, no name twice, the 2023 ACLED changes."""
    assert len(ACLED_COLUMNS) == 31 and len(set(ACLED_COLUMNS)) == 31
    assert {"disorder_type", "civilian_targeting", "tags"} <= set(ACLED_COLUMNS)
    assert not {"event_id_no_cnty", "data_id", "iso3"} & set(ACLED_COLUMNS)      # removed in 2023
    assert len(GTD_COLUMNS) == 135 and len(set(GTD_COLUMNS)) == 135
    assert GTD_COLUMNS[:4] == ["eventid", "iyear", "imonth", "iday"] and GTD_COLUMNS[-1] == "related"
    assert sum(len(v) for v in ACLED_TYPES.values()) == 25 and len(GTD_TARGET) == 22 and len(GTD_ATTACK) == 9
    assert ACLED_INTER == {str(i) for i in range(1, 9)} and GTD_SPECIFICITY == {"1", "2", "3", "4", "5"}


def test_row_makers_fill_published_columns_only(kb):
    """Every key a row maker writes is a published column (a misspelt one would be lost)."""
    from militant_monitor.export.acled_csv import acled_row
    from militant_monitor.export.common import Selection
    from militant_monitor.export.gtd_csv import gtd_row
    from militant_monitor.store import Store
    store = Store(kb, create=False)
    try:
        rows = Selection(store).rows()
        attacks = [r for r in rows if r["type"] not in ("arrest", "other")]
        assert rows and attacks
        assert list(acled_row(rows[0], 1)) == ACLED_COLUMNS
        assert list(gtd_row(attacks[0], 1)) == GTD_COLUMNS
    finally:
        store.close()


def _csv(mmon, kb, fmt, *args):
    code, stdout, err = mmon("export", "-f", fmt, "--db", kb, *args)
    assert code == 0, err
    if fmt == "acled-csv" and not args:      # the events ACLED cannot code are counted, never dropped silently
        code, events, _ = mmon("events", "--db", kb, "-f", "jsonl")
        uncodable = sum(len(json.loads(x).get("date") or "") < 7 for x in events.splitlines())
        if uncodable:
            assert f"left out {uncodable} event(s): ACLED codes no event known only to the year" in err
        else:
            assert "left out" not in err
    reader = csv.reader(io.StringIO(stdout))
    header = next(reader)
    return header, [dict(zip(header, r)) for r in reader], [len(r) for r in csv.reader(io.StringIO(stdout))]


def test_acled_columns_and_codes(kb, mmon):
    header, rows, widths = _csv(mmon, kb, "acled-csv")
    assert header == ACLED_COLUMNS
    assert set(widths) == {len(ACLED_COLUMNS)}
    code, events, _ = mmon("events", "--db", kb, "-f", "jsonl")
    dates = [json.loads(x).get("date") or "" for x in events.splitlines()]
    assert len(rows) == sum(len(d) >= 7 for d in dates) > 0     # ACLED codes to the month at most: no year-only events
    assert len(rows) < len(dates)                                # (the examples have one)
    assert {r["event_id_cnty"] for r in rows} == {f"PAK{i}" for i in range(1, len(rows) + 1)}
    for r in rows:
        assert r["disorder_type"] in ACLED_DISORDER
        assert r["sub_event_type"] in ACLED_TYPES[r["event_type"]]
        assert r["time_precision"] in ACLED_TIME and r["geo_precision"] in ACLED_GEO
        assert r["fatalities"].isdigit()
        assert r["inter1"] in ACLED_INTER | {""} and r["inter2"] in ACLED_INTER | {""}
        assert r["civilian_targeting"] in PUBLISHED["acled"]["civilian_targeting"]
        if r["inter1"] and r["inter2"]:
            assert r["interaction"] == "".join(sorted(r["inter1"] + r["inter2"]))
        assert r["event_id_cnty"][:3].isalpha() and r["event_id_cnty"][3:].isdigit()
        assert "[mmon E-" in r["notes"]      # the event's minted id
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
        assert r["specificity"] in GTD_SPECIFICITY
        assert r["country_txt"] and (r["specificity"] != "1" or r["latitude"])     # 1: the town's own coordinates
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


def test_acled_import_round_trip_and_origin(kb, mmon, query, tmp_path):
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
    docs = query(new, "SELECT publisher, source_path, title FROM documents")   # each fact keeps its dataset and row
    extractors = {r[0] for r in query(new, "SELECT DISTINCT extractor FROM statements")}
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


GTD_KEY = ["iyear", "imonth", "iday", "country", "provstate", "city", "latitude", "longitude", "specificity", "suicide",
           "attacktype1", "attacktype1_txt", "targtype1", "weaptype1", "gname", "gname2", "nkill", "nwound", "doubtterr"]


def test_gtd_import_round_trip_and_twice(kb, mmon, query, tmp_path):
    src = tmp_path / "gtd.csv"
    mmon("export", "-f", "gtd-csv", "--db", kb, "-o", str(src))
    new = str(tmp_path / "gtd.db")
    code, _, err = mmon("import", "-f", "gtd-csv", str(src), "--db", new)
    assert code == 0, err
    before = query(new, "SELECT COUNT(*) FROM statements")[0][0]
    code, _, err = mmon("import", "-f", "gtd-csv", str(src), "--db", new)
    assert code == 0 and "added nothing" in err                     # twice changes nothing
    assert query(new, "SELECT COUNT(*) FROM statements")[0][0] == before
    docs = query(new, "SELECT publisher, source_path FROM documents")
    _, again, _ = _csv(mmon, new, "gtd-csv")
    with open(src, newline="", encoding="utf-8") as fh:
        first = list(csv.DictReader(fh))
    assert first and {d[0] for d in docs} == {"GTD"} and len(docs) == len(first)
    assert sorted(tuple(r[k] for k in GTD_KEY) for r in again) == sorted(tuple(r[k] for k in GTD_KEY) for r in first)


def test_gtd_import_reads_the_gtds_own_rows(mmon, tmp_path):
    """A row as the GTD writes it: unknown day, an 'Unknown' group, a province-level place, a
    business target (no word of ours), a suicide bombing."""
    rows = [dict.fromkeys(GTD_COLUMNS, "") for _ in range(2)]
    rows[0].update(eventid="201403000007", iyear="2014", imonth="3", iday="0", country="153", country_txt="Pakistan",
                   provstate="Khyber Pakhtunkhwa", city="Unknown", specificity="2", attacktype1="3", suicide="1",
                   attacktype1_txt="Bombing/Explosion", targtype1="1", targtype1_txt="Business", gname="Unknown",
                   nkill="4", nwound="", summary="A made-up blast at a made-up depot.", doubtterr="1")
    rows[1].update(eventid="201405120001", iyear="2014", imonth="5", iday="12", country="4", country_txt="Afghanistan",
                   provstate="Kandahar", city="Spin Boldak", specificity="1", latitude="31.0", longitude="66.4",
                   attacktype1="1", targtype1="3", target1="police", gname="Invented Front", gname2="Other Invented Front",
                   nkill="2")
    src = tmp_path / "own.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=GTD_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    db = str(tmp_path / "own.db")
    code, _, err = mmon("import", "-f", "gtd-csv", str(src), "--db", db)
    assert code == 0, err
    code, out, _ = mmon("events", "--db", db, "-f", "jsonl")
    import json
    events = {e["date"]: e for e in map(json.loads, out.splitlines())}
    blast, shooting = events["2014-03"], events["2014-05-12"]
    assert blast["type"] == "suicide_bombing" and blast["killed"] == 4 and blast["perpetrators"] == []
    assert blast["place"]["province"] == "Khyber Pakhtunkhwa" and blast["place"].get("name") is None and blast["hedged"]
    assert shooting["type"] == "targeted_killing" and shooting["place"]["name"] == "Spin Boldak"
    assert shooting["place"]["country"] == "AF" and shooting["targets"] == ["police"]
    assert shooting["perpetrators"] == ["Invented Front", "Other Invented Front"]


def test_gtd_import_errors_are_one_line(mmon, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = mmon("import", "-f", "gtd-csv", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "not a GTD table" in err and len(err.strip().splitlines()) == 1
    row = dict.fromkeys(GTD_COLUMNS, "")
    row.update(eventid="1", iyear="2014", imonth="2", iday="30", attacktype1="2", gname="X")
    bad.write_text(",".join(GTD_COLUMNS) + "\n" + ",".join(row[c] for c in GTD_COLUMNS) + "\n", encoding="utf-8")
    code, _, err = mmon("import", "-f", "gtd-csv", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "bad.csv:2" in err and "not a date" in err and len(err.strip().splitlines()) == 1
