"""The registries (groups, security actors, places, outlets of ``militant_monitor.data``)
indexed by the look-up key of every name and alias (``model.names.key``).

Below the store, resolution, queries and the web app, which look names up here;
``extract.lexicon`` re-exports these for the extractor.
"""
from __future__ import annotations

from functools import lru_cache

from .. import data
from .names import key


@lru_cache(maxsize=1)
def places_by_name() -> dict:
    """Every place of the gazetteer under each of its names (a name may fit several places)."""
    out: dict = {}
    for p in data.places():
        for n in [p.name, *p.alt_names]:
            out.setdefault(key(n), []).append(p)
    return out


@lru_cache(maxsize=1)
def groups_by_key() -> dict:
    """Each group and security actor under each of its names (the first registered wins)."""
    out: dict = {}
    for g in [*data.groups(), *data.actors()]:
        for n in [g.name, *g.aliases]:
            out.setdefault(key(n), g)
    return out


@lru_cache(maxsize=1)
def outlets_by_key() -> dict:
    """Each news outlet under each of its names."""
    out: dict = {}
    for o in data.outlets():
        for n in [o.name, *o.aliases]:
            out.setdefault(key(n), o)
    return out


@lru_cache(maxsize=1)
def all_names() -> tuple[str, ...]:
    """Every name and alias of the registries as written ('Tehrik-i-Taliban', 'TTP', 'Pukhtunkhwa')."""
    out: dict[str, None] = {}
    for g in [*data.groups(), *data.actors()]:
        out.update(dict.fromkeys([g.name, *g.aliases]))
    for p in data.places():
        out.update(dict.fromkeys([p.name, *p.alt_names]))
    for o in data.outlets():
        out.update(dict.fromkeys([o.name, *o.aliases]))
    return tuple(out)


def place_label(place: dict) -> str:
    """The most specific name a place has ('' when it has none): never the word None."""
    return next((str(place[k]) for k in ("name", "district", "province", "country") if place.get(k)), "")


def locate(place: dict) -> tuple[float, float, str] | None:
    """Where an event's place lies on a map, with the name it goes by: its own coordinates, else
    those of the gazetteer's first place with coordinates named by its site or district."""
    if place.get("lat") is not None and place.get("lon") is not None:
        return float(place["lat"]), float(place["lon"]), place_label(place)
    index = places_by_name()
    for k in ("name", "district"):
        if place.get(k):
            for p in index.get(key(place[k]), []):
                if p.lat is not None and p.lon is not None:
                    return float(p.lat), float(p.lon), place[k]
    return None
