"""The gazetteer (militant_monitor/data/places.tsv) loads, is well-formed and
holds the administrative facts the extractor relies on."""

from __future__ import annotations

import math
import re
from collections import Counter
from importlib.resources import files

import pytest

from militant_monitor import data
from militant_monitor.data import PLACE_COLUMNS, PLACE_KINDS, Place

# Generous boxes around each country (AJK and Gilgit-Baltistan included;
# India's from the Nicobar Islands and Lakshadweep to Arunachal Pradesh).
BBOX = {
    "PK": (23.5, 37.2, 60.8, 77.9),
    "AF": (29.3, 38.5, 60.4, 75.0),
    "IN": (6.0, 37.2, 68.0, 97.5),
    "IR": (25.0, 39.8, 44.0, 63.4),
}
# The countries whose rows came first; rows of the others must not reuse their names.
CORE = {"PK", "AF"}
ADDED = {"IN", "IR"}
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
    assert Counter(r.country for r in rows if r.kind == "country") == {"PK": 1, "AF": 1, "IN": 1, "IR": 1}
    assert one(rows, "Pakistan", "country").country == "PK"
    assert one(rows, "Afghanistan", "country").country == "AF"
    assert one(rows, "India", "country").country == "IN"
    assert one(rows, "Iran", "country").country == "IR"
    assert {r.country for r in rows} == set(BBOX)


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


INDIAN_STATES_AND_UTS = {
    # the 28 states
    "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa", "Gujarat",
    "Haryana", "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh",
    "Maharashtra", "Manipur", "Meghalaya", "Mizoram", "Nagaland", "Odisha", "Punjab (India)",
    "Rajasthan", "Sikkim", "Tamil Nadu", "Telangana", "Tripura", "Uttar Pradesh", "Uttarakhand",
    "West Bengal",
    # the 8 union territories
    "Andaman and Nicobar Islands", "Chandigarh", "Dadra and Nagar Haveli and Daman and Diu",
    "Delhi", "Jammu and Kashmir", "Ladakh", "Lakshadweep", "Puducherry",
}
JK_DISTRICTS = {
    # Kashmir division
    "Srinagar", "Budgam", "Ganderbal", "Pulwama", "Shopian", "Anantnag", "Kulgam",
    "Baramulla", "Bandipora", "Kupwara",
    # Jammu division
    "Jammu", "Samba", "Kathua", "Udhampur", "Reasi", "Rajouri", "Poonch (India)", "Doda",
    "Kishtwar", "Ramban",
}


def test_indian_states_and_union_territories(rows):
    assert len(INDIAN_STATES_AND_UTS) == 36
    assert names_of(rows, "province", country="IN") == INDIAN_STATES_AND_UTS


def test_iranian_provinces(rows):
    assert names_of(rows, "province", country="IR") == {"Sistan and Baluchestan", "Tehran", "Kerman"}
    sb = one(rows, "Sistan and Baluchestan", "province")
    assert {"Sistan-Baluchestan", "Sistan-Baluchistan", "Sistan and Baluchistan"} <= set(sb.alt_names)
    assert names_of(rows, "district", country="IR") == set()


def test_jammu_and_kashmir_and_ladakh_districts(rows):
    assert len(JK_DISTRICTS) == 20
    assert names_of(rows, "district", province="Jammu and Kashmir", country="IN") == JK_DISTRICTS
    assert names_of(rows, "district", province="Ladakh", country="IN") == {"Leh", "Kargil"}
    # India's only district rows are those of Jammu and Kashmir and Ladakh
    assert names_of(rows, "district", country="IN") == JK_DISTRICTS | {"Leh", "Kargil"}


@pytest.mark.parametrize("district", sorted(JK_DISTRICTS))
def test_jk_districts_resolve_to_jammu_and_kashmir(rows, district):
    d = one(rows, district, "district", country="IN")
    assert (d.province, d.country, d.district) == ("Jammu and Kashmir", "IN", "")
    # every district has its seat town, in the district
    seat = one(rows, district, "town", country="IN")
    assert (seat.district, seat.province) == (district, "Jammu and Kashmir")
    assert km(seat, d) < 5


@pytest.mark.parametrize(
    "name,kind,district",
    [("Sopore", "town", "Baramulla"), ("Uri", "town", "Baramulla"), ("Handwara", "town", "Kupwara"),
     ("Tral", "town", "Pulwama"), ("Awantipora", "town", "Pulwama"), ("Pahalgam", "town", "Anantnag"),
     ("Baisaran", "area", "Anantnag"), ("Surankote", "town", "Poonch (India)"),
     ("Mendhar", "town", "Poonch (India)"), ("Bhata Dhurian", "area", "Poonch (India)"),
     ("Dera Ki Gali", "area", "Poonch (India)"), ("Akhnoor", "town", "Jammu"),
     ("Hiranagar", "town", "Kathua"), ("Billawar", "town", "Kathua"), ("Dachigam", "area", "Srinagar")],
)
def test_jk_towns_and_areas(rows, name, kind, district):
    r = one(rows, name, kind)
    assert (r.district, r.province, r.country) == (district, "Jammu and Kashmir", "IN")


def test_jammu_and_kashmir_names(rows):
    jk = one(rows, "Jammu and Kashmir", "province", country="IN")
    assert {"J&K", "Indian-administered Kashmir", "Indian Kashmir", "Indian-controlled Kashmir"} <= set(jk.alt_names)
    ajk = one(rows, "Azad Jammu and Kashmir", "province", country="PK")
    assert not {n.casefold() for n in jk.names} & {n.casefold() for n in ajk.names}
    # "Kashmir" alone names both sides of the Line of Control, so it is no row's name
    assert not [r for r in rows if "kashmir" in {n.casefold() for n in r.names}]
    assert one(rows, "Leh", "district").province == "Ladakh"
    assert one(rows, "Kargil", "town").district == "Kargil"


def _fold(name: str) -> str:
    """Case, punctuation and spacing ignored ("Jammu & Kashmir" ~ "jammu kashmir")."""
    return " ".join(re.findall(r"[^\W_]+", name.casefold()))


def test_no_added_name_is_a_pakistani_or_afghan_name(rows):
    """The extractor reads names against the whole gazetteer: an Indian or Iranian
    row that shared a name with a Pakistani or Afghan one would make Pakistani
    stories ambiguous. Such places carry a qualified name ("Punjab (India)")."""
    core = {}
    for r in rows:
        if r.country in CORE:
            for n in r.names:
                core.setdefault(n.casefold(), r)
                core.setdefault(_fold(n), r)
    clashes = [
        (n, r.kind, r.country, core.get(n.casefold()) or core.get(_fold(n)))
        for r in rows if r.country in ADDED for n in r.names
        if n.casefold() in core or _fold(n) in core
    ]
    assert clashes == []


@pytest.mark.parametrize(
    "qualified,kind,core_name",
    [("Punjab (India)", "province", "Punjab"), ("Poonch (India)", "district", "Poonch"),
     ("Poonch (India)", "town", "Poonch"), ("Hyderabad (India)", "town", "Hyderabad"),
     ("Pattan (India)", "town", "Pattan"), ("Nowshera (India)", "town", "Nowshera"),
     ("Zabol (Iran)", "town", "Zabol")],
)
def test_collisions_carry_a_qualified_name(rows, qualified, kind, core_name):
    one(rows, qualified, kind)
    assert any(core_name.casefold() in {n.casefold() for n in r.names} for r in rows if r.country in CORE)


def test_qualifiers_only_where_needed(rows):
    core = {n.casefold() for r in rows if r.country in CORE for n in r.names}
    for r in rows:
        m = re.fullmatch(r"(.+) \((India|Iran)\)", r.name)
        if m:
            assert r.country == {"India": "IN", "Iran": "IR"}[m.group(2)], r
            assert m.group(1).casefold() in core, f"{r.name} needs no qualifier"


def test_left_out_names(rows):
    """Names deliberately not given to Indian or Iranian places (see the README)."""
    added = {n.casefold() for r in rows if r.country in ADDED for n in r.names}
    assert not {"islamabad", "pishin", "taftan", "kashmir", "punjab", "hyderabad", "poonch"} & added
    assert "Islamabad" not in one(rows, "Anantnag", "district").alt_names


def test_iranian_places(rows):
    for town in ["Zahedan", "Chabahar", "Iranshahr", "Saravan", "Rask", "Khash", "Zabol (Iran)", "Mirjaveh"]:
        r = one(rows, town, "town", country="IR")
        assert (r.province, r.district) == ("Sistan and Baluchestan", ""), r
    assert one(rows, "Tehran", "town").province == "Tehran"


def test_indian_cities(rows):
    assert one(rows, "New Delhi", "town").province == "Delhi"
    assert "Bombay" in one(rows, "Mumbai", "town").alt_names
    assert one(rows, "Pathankot", "town").province == "Punjab (India)"
    assert one(rows, "Hyderabad (India)", "town").province == "Telangana"
    assert "Indian Punjab" in one(rows, "Punjab (India)", "province").alt_names


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
     ("Kunduz", "AF"), ("Khost", "AF"), ("Torkham", "PK"), ("Torkham", "AF"),
     ("Srinagar", "IN"), ("Jammu", "IN"), ("New Delhi", "IN"), ("Mumbai", "IN"),
     ("Zahedan", "IR"), ("Chabahar", "IR"), ("Tehran", "IR")],
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
        ("Srinagar", "town", 34.08, 74.80), ("Jammu", "town", 32.73, 74.86),
        ("Pahalgam", "town", 34.01, 75.32), ("New Delhi", "town", 28.61, 77.21),
        ("Zahedan", "town", 29.50, 60.86), ("Chabahar", "town", 25.29, 60.64),
        ("Tehran", "town", 35.69, 51.39),
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
