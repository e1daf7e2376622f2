"""The gazetteer (militant_monitor/data/places.tsv) loads, is well-formed and
holds the administrative facts the extractor relies on."""

from __future__ import annotations

import math
from collections import Counter
from importlib.resources import files

import pytest

from militant_monitor import data
from militant_monitor.data import PLACE_COLUMNS, PLACE_KINDS, Place

# Generous boxes around each country (AJK and Gilgit-Baltistan included).
BBOX = {
    "PK": (23.5, 37.2, 60.8, 77.9),
    "AF": (29.3, 38.5, 60.4, 75.0),
}
NEEDS_PROVINCE = {"division", "district", "tehsil", "town"}


@pytest.fixture(scope="module")
def rows() -> list[Place]:
    return data.places()


def one(rows, name, kind, **where) -> Place:
    found = [
        r for r in rows
        if r.name == name and r.kind == kind and all(getattr(r, k) == v for k, v in where.items())
    ]
    assert len(found) == 1, f"{len(found)} rows for {name!r} {kind} {where}"
    return found[0]


def names_of(rows, kind, **where) -> set[str]:
    return {r.name for r in rows if r.kind == kind and all(getattr(r, k) == v for k, v in where.items())}


def km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# --- the file itself -------------------------------------------------------------


def test_file_ships_as_package_data():
    resource = files("militant_monitor.data").joinpath("places.tsv")
    assert resource.is_file()
    text = resource.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "\t".join(PLACE_COLUMNS)
    assert text.endswith("\n") and not text.endswith("\n\n")
    for lineno, line in enumerate(lines[1:-1], start=2):
        fields = line.split("\t")
        assert len(fields) == len(PLACE_COLUMNS), f"line {lineno}: {line!r}"
        assert all(f == f.strip() for f in fields), f"line {lineno}: stray whitespace"
        assert "\r" not in line and '"' not in line, f"line {lineno}"


def test_loads(rows):
    assert len(rows) > 900
    assert all(isinstance(r, Place) for r in rows)


def test_loader_returns_fresh_lists_of_frozen_rows(rows):
    first = data.places()
    first.clear()
    assert len(data.places()) == len(rows)
    with pytest.raises(AttributeError):
        rows[0].name = "x"  # type: ignore[misc]


def test_kinds_countries_and_coordinates(rows):
    for r in rows:
        assert r.kind in PLACE_KINDS, r
        assert r.country in BBOX, r
        lat0, lat1, lon0, lon1 = BBOX[r.country]
        assert lat0 <= r.lat <= lat1 and lon0 <= r.lon <= lon1, f"{r.name} ({r.kind}) at {r.lat},{r.lon}"


def test_alt_names_are_clean(rows):
    for r in rows:
        folded = [a.casefold() for a in r.alt_names]
        assert all(a for a in r.alt_names), r
        assert len(folded) == len(set(folded)), f"duplicate alt name in {r.name}"
        assert r.name.casefold() not in folded, f"{r.name} lists itself"
        assert all("|" not in a and "\t" not in a for a in r.alt_names)


def test_one_row_per_country(rows):
    assert Counter(r.country for r in rows if r.kind == "country") == {"PK": 1, "AF": 1}
    assert one(rows, "Pakistan", "country").country == "PK"
    assert one(rows, "Afghanistan", "country").country == "AF"


def test_hierarchy_columns(rows):
    for r in rows:
        if r.kind in ("country", "province"):
            assert r.province == "" and r.district == "", r
        if r.kind in ("division", "district"):
            assert r.district == "", r
        if r.kind in NEEDS_PROVINCE:
            assert r.province, f"{r.name} ({r.kind}) has no province"
        if r.kind == "tehsil":
            assert r.district, f"tehsil {r.name} has no district"


def test_every_named_province_and_district_exists(rows):
    provinces = {(r.name, r.country) for r in rows if r.kind == "province"}
    districts = {(r.name, r.province, r.country) for r in rows if r.kind == "district"}
    for r in rows:
        if r.province:
            assert (r.province, r.country) in provinces, f"{r.name}: no province {r.province!r}"
        if r.district:
            assert (r.district, r.province, r.country) in districts, (
                f"{r.name}: no district {r.district!r} in {r.province!r}"
            )


def test_no_duplicate_names_within_kind_and_parent(rows):
    keys = Counter((r.name, r.kind, r.district, r.province, r.country) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []


def test_children_lie_near_their_parents(rows):
    """Catches a swapped or mistyped coordinate: a tehsil or town far from
    the seat of its district, or anything far from its province's seat."""
    by_key = {(r.name, r.kind, r.province, r.country): r for r in rows}
    for r in rows:
        if r.district:
            d = by_key[(r.district, "district", r.province, r.country)]
            assert km(r, d) < 300, f"{r.name} is {km(r, d):.0f} km from {d.name}"
        if r.province:
            p = by_key[(r.province, "province", "", r.country)]
            assert km(r, p) < 900, f"{r.name} is {km(r, p):.0f} km from {p.name}"


# --- coverage ---------------------------------------------------------------------


def test_pakistan_provinces_and_territories(rows):
    assert names_of(rows, "province", country="PK") == {
        "Khyber Pakhtunkhwa", "Balochistan", "Punjab", "Sindh",
        "Islamabad Capital Territory", "Gilgit-Baltistan", "Azad Jammu and Kashmir",
    }
    assert "Azad Kashmir" in one(rows, "Azad Jammu and Kashmir", "province").alt_names


def test_all_34_afghan_provinces(rows):
    assert names_of(rows, "province", country="AF") == {
        "Badakhshan", "Badghis", "Baghlan", "Balkh", "Bamyan", "Daykundi", "Farah",
        "Faryab", "Ghazni", "Ghor", "Helmand", "Herat", "Jowzjan", "Kabul", "Kandahar",
        "Kapisa", "Khost", "Kunar", "Kunduz", "Laghman", "Logar", "Nangarhar", "Nimruz",
        "Nuristan", "Paktia", "Paktika", "Panjshir", "Parwan", "Samangan", "Sar-e Pol",
        "Takhar", "Uruzgan", "Wardak", "Zabul",
    }


def test_khyber_pakhtunkhwa_districts(rows):
    kp = names_of(rows, "district", province="Khyber Pakhtunkhwa")
    expected = {
        "Peshawar", "Charsadda", "Nowshera", "Khyber", "Mohmand", "Mardan", "Swabi",
        "Swat", "Upper Dir", "Lower Dir", "Bajaur", "Malakand", "Buner", "Shangla",
        "Upper Chitral", "Lower Chitral", "Abbottabad", "Haripur", "Mansehra",
        "Battagram", "Torghar", "Upper Kohistan", "Lower Kohistan", "Kolai-Palas",
        "Kohat", "Hangu", "Karak", "Kurram", "Orakzai", "Bannu", "Lakki Marwat",
        "North Waziristan", "South Waziristan", "Upper South Waziristan",
        "Lower South Waziristan", "Dera Ismail Khan", "Tank",
    }
    assert kp == expected


def test_balochistan_districts(rows):
    bal = names_of(rows, "district", province="Balochistan")
    expected = {
        "Quetta", "Pishin", "Killa Abdullah", "Chaman", "Kalat", "Mastung", "Khuzdar",
        "Awaran", "Lasbela", "Hub", "Surab", "Kech", "Gwadar", "Panjgur", "Kharan",
        "Washuk", "Nushki", "Chagai", "Nasirabad", "Jafarabad", "Jhal Magsi", "Kachhi",
        "Sohbatpur", "Usta Muhammad", "Sibi", "Harnai", "Ziarat", "Kohlu", "Dera Bugti",
        "Lehri", "Zhob", "Sherani", "Killa Saifullah", "Loralai", "Barkhan", "Musakhel",
        "Duki",
    }
    assert bal == expected


def test_punjab_districts(rows):
    pb = names_of(rows, "district", province="Punjab")
    the_36 = {
        "Attock", "Bahawalnagar", "Bahawalpur", "Bhakkar", "Chakwal", "Chiniot",
        "Dera Ghazi Khan", "Faisalabad", "Gujranwala", "Gujrat", "Hafizabad", "Jhang",
        "Jhelum", "Kasur", "Khanewal", "Khushab", "Lahore", "Layyah", "Lodhran",
        "Mandi Bahauddin", "Mianwali", "Multan", "Muzaffargarh", "Nankana Sahib",
        "Narowal", "Okara", "Pakpattan", "Rahim Yar Khan", "Rajanpur", "Rawalpindi",
        "Sahiwal", "Sargodha", "Sheikhupura", "Sialkot", "Toba Tek Singh", "Vehari",
    }
    newer = {"Murree", "Talagang", "Wazirabad", "Kot Addu", "Taunsa"}
    assert pb == the_36 | newer


def test_sindh_districts(rows):
    sd = names_of(rows, "district", province="Sindh")
    assert sd == {
        "Karachi Central", "Karachi East", "Karachi South", "Karachi West", "Korangi",
        "Malir", "Keamari", "Hyderabad", "Badin", "Dadu", "Jamshoro", "Matiari",
        "Sujawal", "Tando Allahyar", "Tando Muhammad Khan", "Thatta", "Sukkur",
        "Ghotki", "Khairpur", "Larkana", "Jacobabad", "Kashmore", "Qambar Shahdadkot",
        "Shikarpur", "Mirpurkhas", "Tharparkar", "Umerkot", "Shaheed Benazirabad",
        "Naushahro Feroze", "Sanghar",
    }


@pytest.mark.parametrize(
    "district",
    ["Dera Ismail Khan", "Bannu", "Lakki Marwat", "Tank", "North Waziristan",
     "Upper South Waziristan", "Lower South Waziristan", "Khyber", "Bajaur",
     "Mohmand", "Kurram", "Orakzai", "Swat", "Peshawar"],
)
def test_militancy_affected_districts_have_tehsils(rows, district):
    assert len(names_of(rows, "tehsil", district=district, province="Khyber Pakhtunkhwa")) >= 2


def test_tehsils_of_north_waziristan(rows):
    assert names_of(rows, "tehsil", district="North Waziristan") == {
        "Miranshah", "Mir Ali", "Datta Khel", "Razmak", "Spinwam", "Shewa",
        "Ghulam Khan", "Dossali", "Garyum",
    }


def test_tehsils_of_bajaur_and_mohmand(rows):
    assert names_of(rows, "tehsil", district="Bajaur") == {
        "Khar", "Nawagai", "Mamund", "Salarzai", "Utman Khel", "Barang", "Chamarkand",
    }
    assert len(names_of(rows, "tehsil", district="Mohmand")) == 7


@pytest.mark.parametrize(
    "name,country",
    [("Peshawar", "PK"), ("Quetta", "PK"), ("Karachi", "PK"), ("Lahore", "PK"),
     ("Multan", "PK"), ("Rawalpindi", "PK"), ("Islamabad", "PK"), ("Miranshah", "PK"),
     ("Mir Ali", "PK"), ("Wana", "PK"), ("Timergara", "PK"), ("Parachinar", "PK"),
     ("Chaman", "PK"), ("Turbat", "PK"), ("Gwadar", "PK"), ("Kabul", "AF"),
     ("Kandahar", "AF"), ("Jalalabad", "AF"), ("Herat", "AF"), ("Mazar-i-Sharif", "AF"),
     ("Kunduz", "AF"), ("Khost", "AF"), ("Torkham", "PK"), ("Torkham", "AF")],
)
def test_major_towns(rows, name, country):
    one(rows, name, "town", country=country)


# --- spot checks of real-world facts --------------------------------------------------


def test_dera_ismail_khan(rows):
    dik = one(rows, "Dera Ismail Khan", "district")
    assert (dik.province, dik.country) == ("Khyber Pakhtunkhwa", "PK")
    assert {"D.I. Khan", "D I Khan", "DI Khan"} <= set(dik.alt_names)
    assert one(rows, "Dera Ismail Khan", "town").district == "Dera Ismail Khan"
    assert one(rows, "Dera Ismail Khan Division", "division").province == "Khyber Pakhtunkhwa"


def test_khyber_pakhtunkhwa_old_names(rows):
    kp = one(rows, "Khyber Pakhtunkhwa", "province")
    assert {"NWFP", "North-West Frontier Province", "KPK", "KP", "Khyber Pakhtunkhawa"} <= set(kp.alt_names)
    assert "Baluchistan" in one(rows, "Balochistan", "province").alt_names


def test_ghulam_khan_is_a_tehsil_of_north_waziristan(rows):
    gk = one(rows, "Ghulam Khan", "tehsil")
    assert (gk.district, gk.province) == ("North Waziristan", "Khyber Pakhtunkhwa")


@pytest.mark.parametrize(
    "district,agency",
    [("Bajaur", "Bajaur Agency"), ("Mohmand", "Mohmand Agency"),
     ("North Waziristan", "North Waziristan Agency"), ("Orakzai", "Orakzai Agency"),
     ("Khyber", "Khyber Agency"), ("Kurram", "Kurram Agency"),
     ("South Waziristan", "South Waziristan Agency")],
)
def test_fata_agencies_are_old_names_of_districts(rows, district, agency):
    row = one(rows, district, "district", province="Khyber Pakhtunkhwa")
    assert agency in row.alt_names


def test_fata_is_an_area(rows):
    fata = one(rows, "FATA", "area")
    assert "Federally Administered Tribal Areas" in fata.alt_names
    assert fata.country == "PK"


@pytest.mark.parametrize(
    "tehsil,district,old_name",
    [("Hassan Khel", "Peshawar", "FR Peshawar"), ("Darra Adam Khel", "Kohat", "FR Kohat"),
     ("Wazir", "Bannu", "FR Bannu"), ("Bettani", "Lakki Marwat", "FR Lakki Marwat"),
     ("Jandola", "Tank", "FR Tank"), ("Darazinda", "Dera Ismail Khan", "FR D.I. Khan")],
)
def test_frontier_regions_became_tehsils(rows, tehsil, district, old_name):
    row = one(rows, tehsil, "tehsil")
    assert row.district == district and old_name in row.alt_names


def test_south_waziristan_split(rows):
    assert one(rows, "Wana", "tehsil").district == "Lower South Waziristan"
    assert one(rows, "Makeen", "tehsil").district == "Upper South Waziristan"
    assert one(rows, "Wana", "town").district == "Lower South Waziristan"


def test_district_seats_and_towns(rows):
    assert one(rows, "Timergara", "town").district == "Lower Dir"
    assert one(rows, "Parachinar", "town").district == "Kurram"
    assert one(rows, "Miranshah", "town").district == "North Waziristan"
    assert one(rows, "Mingora", "town").district == "Swat"
    assert one(rows, "Turbat", "town").district == "Kech"
    assert one(rows, "Chaman", "town", country="PK").district == "Chaman"
    assert one(rows, "Karachi", "town").province == "Sindh"
    assert one(rows, "Islamabad", "town").province == "Islamabad Capital Territory"


def test_afghan_places(rows):
    kk = one(rows, "Kher Khana", "area")
    assert kk.province == "Kabul" and "Khair Khana" in kk.alt_names
    assert "Mazar-e-Sharif" in one(rows, "Mazar-i-Sharif", "town").alt_names
    assert one(rows, "Mazar-i-Sharif", "town").province == "Balkh"
    assert one(rows, "Spin Boldak", "district").province == "Kandahar"
    assert one(rows, "Achin", "district").province == "Nangarhar"
    assert one(rows, "Torkham", "town", country="AF").province == "Nangarhar"
    assert one(rows, "Torkham", "town", country="PK").district == "Khyber"
    assert one(rows, "Khost", "town").province == "Khost"


def test_coordinates_are_roughly_right(rows):
    """A few well-known positions, to 0.2 degrees."""
    for name, kind, lat, lon in [
        ("Peshawar", "town", 34.01, 71.58), ("Quetta", "town", 30.18, 67.00),
        ("Karachi", "town", 24.86, 67.01), ("Kabul", "town", 34.53, 69.17),
        ("Miranshah", "town", 33.00, 70.07), ("Wana", "town", 32.30, 69.57),
        ("Kandahar", "town", 31.61, 65.71), ("Gwadar", "town", 25.12, 62.33),
    ]:
        r = one(rows, name, kind)
        assert abs(r.lat - lat) < 0.2 and abs(r.lon - lon) < 0.2, r


# --- the parser -----------------------------------------------------------------


HEADER = "\t".join(PLACE_COLUMNS) + "\n"


def test_parser_rejects_malformed_rows():
    from militant_monitor.data import _parse_places

    ok = HEADER + "Wana\tWana town\ttown\tLower South Waziristan\tKhyber Pakhtunkhwa\tPK\t32.30\t69.57\n"
    (row,) = _parse_places(ok)
    assert row.alt_names == ("Wana town",) and row.lat == 32.30
    with pytest.raises(ValueError, match="header"):
        _parse_places("name\tkind\n")
    with pytest.raises(ValueError, match="kind"):
        _parse_places(HEADER + "X\t\tvillage\t\t\tPK\t30\t70\n")
    with pytest.raises(ValueError, match="coordinates"):
        _parse_places(HEADER + "X\t\ttown\t\t\tPK\tnorth\t70\n")
    with pytest.raises(ValueError, match="fields"):
        _parse_places(HEADER + "X\ttown\tPK\n")
