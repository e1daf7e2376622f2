"""The group and actor registry (militant_monitor/data/groups.yaml)."""

from __future__ import annotations

import pycountry
import pytest
import yaml
from importlib.resources import files

from militant_monitor import data
from militant_monitor.data import Group

ENTRY_KEYS = {"name", "aliases", "kind", "parent", "country", "notes"}


@pytest.fixture(scope="module")
def groups() -> list[Group]:
    return data.groups()


@pytest.fixture(scope="module")
def actors() -> list[Group]:
    return data.actors()


@pytest.fixture(scope="module")
def everything(groups, actors) -> list[Group]:
    return groups + actors


def by_name(entries, name) -> Group:
    found = [e for e in entries if e.name == name]
    assert len(found) == 1, name
    return found[0]


def resolve(entries, text) -> str:
    """The canonical name an exact (case-insensitive) name or alias points to."""
    hits = {e.name for e in entries if text.casefold() in {n.casefold() for n in e.names}}
    assert len(hits) == 1, f"{text!r} -> {hits}"
    return hits.pop()


def test_file_shape():
    doc = yaml.safe_load(files("militant_monitor.data").joinpath("groups.yaml").read_text(encoding="utf-8"))
    assert set(doc) == {"groups", "actors"}
    for section in ("groups", "actors"):
        for entry in doc[section]:
            assert set(entry) == ENTRY_KEYS, entry.get("name")
            assert isinstance(entry["aliases"], list)
            assert isinstance(entry["notes"], str) and entry["notes"].strip()


def test_loads(groups, actors):
    assert len(groups) >= 50 and len(actors) >= 30
    assert all(g.kind == "militant" for g in groups)
    assert all(a.kind in ("state", "agency") for a in actors)


def test_names_and_aliases_are_unique_across_all_entries(everything):
    owner: dict[str, str] = {}
    for e in everything:
        assert e.name and e.name == e.name.strip()
        for n in e.names:
            assert n and n == n.strip(), (e.name, n)
            key = n.casefold()
            assert owner.setdefault(key, e.name) == e.name, f"{n!r} names both {owner[key]!r} and {e.name!r}"


def test_parents_exist_and_do_not_loop(everything):
    names = {e.name: e for e in everything}
    for e in everything:
        seen = {e.name}
        parent = e.parent
        while parent is not None:
            assert parent in names, f"{e.name}: unknown parent {parent!r}"
            assert parent not in seen, f"{e.name}: parent loop"
            seen.add(parent)
            parent = names[parent].parent


def test_countries_are_iso_codes(everything):
    for e in everything:
        if e.country is not None:
            assert len(e.country) == 2 and pycountry.countries.get(alpha_2=e.country), e


REQUIRED_GROUPS = [
    "Tehreek-e-Taliban Pakistan", "Afghan Taliban", "Islamic State", "Islamic State-Khorasan",
    "Islamic State Pakistan Province", "al-Qaeda", "al-Qaeda in the Indian Subcontinent",
    "Lashkar-e-Jhangvi", "Lashkar-e-Jhangvi al-Alami", "Lashkar-e-Taiba", "Jaish-e-Mohammed",
    "Jamaat-ul-Ahrar", "Hizbul Ahrar", "Ahrar-ul-Hind", "Harkat-ul-Mujahideen",
    "Harkat-ul-Jihad al-Islami", "Islamic Movement of Uzbekistan", "Jundullah",
    "Haqqani Network", "Hafiz Gul Bahadur group", "Lashkar-e-Islam",
    "Tehreek-e-Nafaz-e-Shariat-e-Mohammadi", "Balochistan Liberation Army",
    "Balochistan Liberation Front", "Baloch Republican Army", "Baloch Raaji Aajoi Sangar",
    "Sipah-e-Sahaba Pakistan", "Tehreek-e-Jihad Pakistan", "Ittehad-ul-Mujahideen Pakistan",
    "East Turkestan Islamic Movement", "Zainabiyoun Brigade", "Sindhudesh Revolutionary Army",
]


@pytest.mark.parametrize("name", REQUIRED_GROUPS)
def test_required_group_present(groups, name):
    by_name(groups, name)


@pytest.mark.parametrize(
    "alias,canonical",
    [
        ("TTP", "Tehreek-e-Taliban Pakistan"),
        ("Pakistani Taliban", "Tehreek-e-Taliban Pakistan"),
        ("Tehrik-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan"),
        ("Tehreek-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan"),
        ("Tehrik-e-Taliban Pakistan", "Tehreek-e-Taliban Pakistan"),
        ("Taliban", "Afghan Taliban"),
        ("Islamic Emirate of Afghanistan", "Afghan Taliban"),
        ("IS", "Islamic State"), ("ISIS", "Islamic State"), ("ISIL", "Islamic State"),
        ("Daesh", "Islamic State"),
        ("IS-K", "Islamic State-Khorasan"), ("ISKP", "Islamic State-Khorasan"),
        ("ISIS-K", "Islamic State-Khorasan"),
        ("Islamic State Khorasan Province", "Islamic State-Khorasan"),
        ("Daesh Khorasan", "Islamic State-Khorasan"),
        ("al-Qaida", "al-Qaeda"), ("Al Qaeda", "al-Qaeda"),
        ("AQIS", "al-Qaeda in the Indian Subcontinent"),
        ("LeJ", "Lashkar-e-Jhangvi"), ("Lashkar-i-Jhangvi", "Lashkar-e-Jhangvi"),
        ("LeT", "Lashkar-e-Taiba"), ("Jamaat-ud-Dawa", "Lashkar-e-Taiba"),
        ("Lashkar-i-Taiba", "Lashkar-e-Taiba"),
        ("JeM", "Jaish-e-Mohammed"), ("JuA", "Jamaat-ul-Ahrar"),
        ("Harkat-ul-Mujahidin", "Harkat-ul-Mujahideen"),
        ("IMU", "Islamic Movement of Uzbekistan"),
        ("TNSM", "Tehreek-e-Nafaz-e-Shariat-e-Mohammadi"),
        ("Tehrik-e-Nifaz-e-Shariat-e-Mohammadi", "Tehreek-e-Nafaz-e-Shariat-e-Mohammadi"),
        ("BLA", "Balochistan Liberation Army"), ("BLF", "Balochistan Liberation Front"),
        ("BRAS", "Baloch Raaji Aajoi Sangar"),
        ("Lashkar-i-Islam", "Lashkar-e-Islam"),
        ("Tehrik-e-Jihad Pakistan", "Tehreek-e-Jihad Pakistan"),
        ("Jundallah", "Jundullah"),
    ],
)
def test_aliases_resolve(everything, alias, canonical):
    assert resolve(everything, alias) == canonical


@pytest.mark.parametrize(
    "child,parent",
    [
        ("Islamic State-Khorasan", "Islamic State"),
        ("Islamic State Pakistan Province", "Islamic State"),
        ("al-Qaeda in the Indian Subcontinent", "al-Qaeda"),
        ("Lashkar-e-Jhangvi al-Alami", "Lashkar-e-Jhangvi"),
        ("Haqqani Network", "Afghan Taliban"),
        ("Jamaat-ul-Ahrar", "Tehreek-e-Taliban Pakistan"),
        ("Hizbul Ahrar", "Tehreek-e-Taliban Pakistan"),
        ("Tehreek-e-Taliban Pakistan", None),
        ("Afghan Taliban", None),
    ],
)
def test_parents(groups, child, parent):
    assert by_name(groups, child).parent == parent


def test_transliteration_variants_are_listed(groups):
    """Reporting spells -e-/-i- and Tehreek/Tehrik interchangeably."""
    for g in groups:
        names = set(g.names)
        if "Tehreek-e-" in g.name:
            assert g.name.replace("Tehreek-e-", "Tehrik-e-") in names, g.name
            assert g.name.replace("Tehreek", "Tehrik").replace("-e-", "-i-") in names, g.name
        if g.name.startswith("Lashkar-e-"):
            assert g.name.replace("Lashkar-e-", "Lashkar-i-") in names, g.name


REQUIRED_ACTORS = {
    "CTD": "Counter-Terrorism Department",
    "Pakistan Army": "Pakistan Army",
    "FC": "Frontier Corps",
    "ISPR": "Inter-Services Public Relations",
    "KP Police": "Khyber Pakhtunkhwa Police",
    "Punjab Police": "Punjab Police",
    "Sindh Police": "Sindh Police",
    "Balochistan Police": "Balochistan Police",
    "Afghan security forces": "Afghan National Defense and Security Forces",
    "ISI": "Inter-Services Intelligence",
    "Levies": "Balochistan Levies",
}


@pytest.mark.parametrize("alias,canonical", sorted(REQUIRED_ACTORS.items()))
def test_required_actors(actors, alias, canonical):
    assert resolve(actors, alias) == canonical


def test_parser_rejects_bad_entries():
    from militant_monitor.data import _parse_groups

    (g,) = _parse_groups("groups:\n  - {name: X, aliases: [Y], kind: militant, parent: null, country: PK, notes: n}\n", "groups")
    assert g.aliases == ("Y",) and g.parent is None
    with pytest.raises(ValueError, match="kind"):
        _parse_groups("groups:\n  - {name: X, aliases: [], kind: terrorist}\n", "groups")
    with pytest.raises(ValueError, match="name"):
        _parse_groups("groups:\n  - {aliases: [], kind: militant}\n", "groups")
    with pytest.raises(ValueError, match="aliases"):
        _parse_groups("groups:\n  - {name: X, aliases: Y, kind: militant}\n", "groups")
