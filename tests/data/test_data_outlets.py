"""The outlet registry (militant_monitor/data/outlets.yaml)."""

from __future__ import annotations

import pycountry
import pytest
import yaml
from importlib.resources import files

from militant_monitor import data
from militant_monitor.data import OUTLET_KINDS, Outlet


@pytest.fixture(scope="module")
def outlets() -> list[Outlet]:
    return data.outlets()


def resolve(outlets, text) -> str:
    hits = {o.name for o in outlets if text.casefold() in {n.casefold() for n in o.names}}
    assert len(hits) == 1, f"{text!r} -> {hits}"
    return hits.pop()


def test_file_shape():
    doc = yaml.safe_load(files("militant_monitor.data").joinpath("outlets.yaml").read_text(encoding="utf-8"))
    assert set(doc) == {"outlets"}
    for entry in doc["outlets"]:
        assert {"name", "aliases", "country"} <= set(entry) <= {"name", "aliases", "country", "kind"}, entry


def test_loads(outlets):
    assert len(outlets) >= 100
    assert all(o.kind in OUTLET_KINDS for o in outlets)
    for o in outlets:
        if o.country is not None:
            assert pycountry.countries.get(alpha_2=o.country), o


def test_names_and_aliases_are_unique(outlets):
    owner: dict[str, str] = {}
    for o in outlets:
        for n in o.names:
            assert n and n == n.strip(), (o.name, n)
            key = n.casefold()
            assert owner.setdefault(key, o.name) == o.name, f"{n!r} names both {owner[key]!r} and {o.name!r}"


@pytest.mark.parametrize(
    "text,canonical",
    [
        ("Dawn", "Dawn"), ("Geo TV", "Geo News"), ("Geo News", "Geo News"),
        ("The News", "The News International"), ("News International", "The News International"),
        ("Express Tribune", "The Express Tribune"), ("Tribune", "The Express Tribune"),
        ("Bol News", "Bol News"), ("Sama English", "Samaa TV"), ("Samaa", "Samaa TV"),
        ("ARY News", "ARY News"), ("Dunya News", "Dunya News"), ("Pakistan Today", "Pakistan Today"),
        ("The Nation", "The Nation"), ("Daily Times", "Daily Times"),
        ("Business Recorder", "Business Recorder"), ("APP", "Associated Press of Pakistan"),
        ("ANI", "ANI News"), ("Asian News International", "ANI News"), ("PTI", "Press Trust of India"),
        ("NDTV", "NDTV"), ("Hindustan Times", "Hindustan Times"), ("The Hindu", "The Hindu"),
        ("Times of India", "Times of India"), ("Reuters", "Reuters"), ("AFP", "Agence France-Presse"),
        ("AP", "Associated Press"), ("Associated Press", "Associated Press"), ("BBC", "BBC"),
        ("BBC Urdu", "BBC Urdu"), ("VOA", "Voice of America"), ("Al Jazeera", "Al Jazeera"),
        ("TOLOnews", "TOLOnews"), ("Pajhwok Afghan News", "Pajhwok Afghan News"),
        ("Khaama Press", "Khaama Press"), ("Ariana News", "Ariana News"), ("Amu TV", "Amu TV"),
        ("Afghanistan International", "Afghanistan International"),
        ("Long War Journal", "Long War Journal"), ("Terrorism Monitor", "Jamestown Foundation"),
        ("Militant Leadership Monitor", "Jamestown Foundation"), ("The Diplomat", "The Diplomat"),
        ("New York Times", "The New York Times"), ("Washington Post", "The Washington Post"),
        ("Wall Street Journal", "The Wall Street Journal"), ("The Guardian", "The Guardian"),
        ("CNN", "CNN"), ("RFE/RL", "Radio Free Europe/Radio Liberty"),
        ("Radio Mashaal", "Radio Free Europe/Radio Liberty"), ("WE News", "WE News"),
        ("Friday Times", "The Friday Times"), ("Khorasan Diary", "Khorasan Diary"),
    ],
)
def test_cited_outlets_resolve(outlets, text, canonical):
    assert resolve(outlets, text) == canonical


def test_default_kind_is_news():
    from militant_monitor.data import _parse_outlets

    (o,) = _parse_outlets("outlets:\n  - {name: X, aliases: [], country: PK}\n")
    assert o.kind == "news" and o.country == "PK"
    with pytest.raises(ValueError, match="kind"):
        _parse_outlets("outlets:\n  - {name: X, aliases: [], country: PK, kind: blog}\n")
