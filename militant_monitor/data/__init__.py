"""Reference data shipped with the package: a gazetteer of Pakistan and
Afghanistan (with Indian-administered Jammu and Kashmir, India's states and
Iran's Sistan and Baluchestan), the militant groups and state security actors
of the region, and the news outlets that report on them.

The files live next to this module (see ``README.md`` here for their columns,
sources and licences) and are read with :mod:`importlib.resources`, so they
load the same from a source checkout, an installed wheel or a zip.  Each
loader parses its file once and caches the result; the returned lists are
fresh copies of immutable records, so callers may sort or filter them freely.

>>> from militant_monitor import data
>>> dik = next(p for p in data.places() if p.name == "Dera Ismail Khan" and p.kind == "district")
>>> dik.province, "D.I. Khan" in dik.alt_names
('Khyber Pakhtunkhwa', True)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

__all__ = [
    "PLACE_KINDS",
    "PLACE_COLUMNS",
    "GROUP_KINDS",
    "OUTLET_KINDS",
    "Place",
    "Group",
    "Outlet",
    "places",
    "groups",
    "actors",
    "outlets",
]

#: Allowed values of ``Place.kind``, from the largest unit to the smallest.
PLACE_KINDS = ("country", "province", "division", "district", "tehsil", "town", "area")
#: Header of ``places.tsv``.
PLACE_COLUMNS = ("name", "alt_names", "kind", "district", "province", "country", "lat", "lon")
#: Allowed values of ``Group.kind``: ``militant`` in ``groups()``, ``state``
#: or ``agency`` in ``actors()``.
GROUP_KINDS = ("militant", "state", "agency")
#: Allowed values of ``Outlet.kind``.
OUTLET_KINDS = ("news", "agency", "research", "official", "militant-media")


@dataclass(frozen=True, slots=True)
class Place:
    """One row of the gazetteer.

    ``district`` and ``province`` name the containing district and province
    (canonical names of other rows; empty when not applicable, e.g. for a
    province or for Karachi, which spans several districts).  ``country`` is
    an ISO 3166-1 alpha-2 code.  ``lat``/``lon`` are decimal degrees of the
    seat or centre.
    """

    name: str
    alt_names: tuple[str, ...]
    kind: str
    district: str
    province: str
    country: str
    lat: float
    lon: float

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alternative name."""
        return (self.name, *self.alt_names)


@dataclass(frozen=True, slots=True)
class Group:
    """A militant group (``groups()``) or a state security actor (``actors()``)."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    parent: str | None
    country: str | None
    notes: str

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news outlet, agency, research source or militant media wing."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    kind: str = "news"

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


def _read_text(filename: str) -> str:
    return files(__name__).joinpath(filename).read_text(encoding="utf-8")


def _parse_places(text: str) -> tuple[Place, ...]:
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if tuple(header or ()) != PLACE_COLUMNS:
        raise ValueError(f"places.tsv: header is {header!r}, expected {PLACE_COLUMNS!r}")
    rows = []
    for lineno, fields in enumerate(reader, start=2):
        if not fields:
            continue
        if len(fields) != len(PLACE_COLUMNS):
            raise ValueError(f"places.tsv:{lineno}: {len(fields)} fields, expected {len(PLACE_COLUMNS)}")
        name, alt_names, kind, district, province, country, lat, lon = (f.strip() for f in fields)
        if not name:
            raise ValueError(f"places.tsv:{lineno}: empty name")
        if kind not in PLACE_KINDS:
            raise ValueError(f"places.tsv:{lineno}: unknown kind {kind!r}")
        try:
            latitude, longitude = float(lat), float(lon)
        except ValueError:
            raise ValueError(f"places.tsv:{lineno}: bad coordinates {lat!r}, {lon!r}") from None
        alts = tuple(a.strip() for a in alt_names.split("|") if a.strip())
        rows.append(Place(name, alts, kind, district, province, country, latitude, longitude))
    return tuple(rows)


def _aliases(entry: dict, where: str) -> tuple[str, ...]:
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueError(f"{where}: aliases must be a list of strings")
    return tuple(a.strip() for a in aliases)


def _parse_groups(text: str, section: str) -> tuple[Group, ...]:
    doc = yaml.safe_load(text) or {}
    out = []
    for i, entry in enumerate(doc.get(section) or []):
        where = f"groups.yaml {section}[{i}]"
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"{where}: an entry needs a name")
        kind = entry.get("kind")
        if kind not in GROUP_KINDS:
            raise ValueError(f"{where} ({entry['name']}): unknown kind {kind!r}")
        out.append(
            Group(
                name=str(entry["name"]).strip(),
                aliases=_aliases(entry, where),
                kind=kind,
                parent=entry.get("parent") or None,
                country=entry.get("country") or None,
                notes=str(entry.get("notes") or "").strip(),
            )
        )
    return tuple(out)


def _parse_outlets(text: str) -> tuple[Outlet, ...]:
    doc = yaml.safe_load(text) or {}
    out = []
    for i, entry in enumerate(doc.get("outlets") or []):
        where = f"outlets.yaml outlets[{i}]"
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"{where}: an entry needs a name")
        kind = entry.get("kind") or "news"
        if kind not in OUTLET_KINDS:
            raise ValueError(f"{where} ({entry['name']}): unknown kind {kind!r}")
        out.append(
            Outlet(
                name=str(entry["name"]).strip(),
                aliases=_aliases(entry, where),
                country=entry.get("country") or None,
                kind=kind,
            )
        )
    return tuple(out)


@lru_cache(maxsize=None)
def _places() -> tuple[Place, ...]:
    return _parse_places(_read_text("places.tsv"))


@lru_cache(maxsize=None)
def _groups_file() -> str:
    return _read_text("groups.yaml")


@lru_cache(maxsize=None)
def _groups() -> tuple[Group, ...]:
    return _parse_groups(_groups_file(), "groups")


@lru_cache(maxsize=None)
def _actors() -> tuple[Group, ...]:
    return _parse_groups(_groups_file(), "actors")


@lru_cache(maxsize=None)
def _outlets() -> tuple[Outlet, ...]:
    return _parse_outlets(_read_text("outlets.yaml"))


def places() -> list[Place]:
    """Every row of ``places.tsv``, in file order."""
    return list(_places())


def groups() -> list[Group]:
    """The militant groups of ``groups.yaml`` (its ``groups:`` list)."""
    return list(_groups())


def actors() -> list[Group]:
    """The state security actors of ``groups.yaml`` (its ``actors:`` list)."""
    return list(_actors())


def outlets() -> list[Outlet]:
    """The news outlets and other cited sources of ``outlets.yaml``."""
    return list(_outlets())
