"""Event identity: whether two reports tell one event. The one place that decides it.

Two reports are one event when nothing they state sets them apart and enough ties
them together:

* kind: the same family (the attack family, or clash, arrest, other alone) and, when both
  are specific, the same manner: an explosion (bombing, suicide bombing), a shooting
  (armed assault, targeted killing) or a kidnapping; "attack" fits any attack;
* time: full dates at most one day apart (a night attack is dated either side of
  midnight, "yesterday" by the day of the report), partial dates prefix-compatible;
* place: a shared place (name or district, or one site's name within the other's:
  'Gomal' and 'Tank-Gomal road'), no district, province or country that differs;
  two different named sites in the same district are two events;
* actors: two named perpetrator sides with nothing in common are two events;
* a report with no date joins only on the same named site and a shared actor.

Used by ``query.events`` (one row per event across documents) and measured on
labelled pairs of reports in ``bench/event_pairs.py``.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from .. import data

ATTACK_FAMILY = {"suicide_bombing", "bombing", "armed_assault", "targeted_killing", "kidnapping", "attack"}
MANNER = {"suicide_bombing": "explosion", "bombing": "explosion", "armed_assault": "shooting",
          "targeted_killing": "shooting", "kidnapping": "kidnapping"}
MAX_DAYS_APART = 1


def family(t: str | None) -> str | None:
    """'attack' for every type of the attack family, else the type itself."""
    return "attack" if t in ATTACK_FAMILY else t


def key(s) -> str:
    """A place or actor name folded for comparison: accents, case, punctuation."""
    return _fold(str(s or ""))


@lru_cache(maxsize=1 << 16)
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", s))


def place_keys(p: dict | None) -> set[str]:
    """The place words that can tie two reports: the site's name and its district."""
    p = p or {}
    return {key(p[k]) for k in ("name", "district") if p.get(k)}


def _day(d: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(d) if d and len(d) == 10 else None
    except ValueError:
        return None


def dates_agree(a: str | None, b: str | None) -> bool | None:
    """True when two dates can be one day's, False when they cannot, None when one is missing."""
    if not a or not b:
        return None
    da, db = _day(a), _day(b)
    if da and db:
        return abs((da - db).days) <= MAX_DAYS_APART
    return a.startswith(b) or b.startswith(a)


@lru_cache(maxsize=1)
def _registry() -> dict[str, str]:
    """Every known name of a registry group or security actor -> its canonical name's key."""
    out: dict[str, str] = {}
    for g in [*data.groups(), *data.actors()]:
        for n in [g.name, *g.aliases]:
            out.setdefault(key(n), key(g.name))
    return out


def actor_key(name: str) -> str:
    """An actor folded to its registry group when known ('ISKP' and 'Islamic State Khorasan' agree)."""
    k = key(name)
    return _registry().get(k, k)


def _within(na: str, nb: str) -> bool:
    """One site's name holds the other's words: 'Gomal' and 'Tank Gomal road', 'Hazarganji' and
    'Hazarganji fruit market' are one site told more or less exactly."""
    wa, wb = set(na.split()), set(nb.split())
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _same_point(pa: dict, pb: dict) -> bool:
    """Both places resolved to one gazetteer point (their districts told differently)."""
    try:
        return abs(pa["lat"] - pb["lat"]) < 0.05 and abs(pa["lon"] - pb["lon"]) < 0.05
    except (KeyError, TypeError):
        return False


def _actors(e: dict) -> set[str]:
    return {actor_key(x) for x in e.get("perpetrators") or [] if x}


def same_event(a: dict, b: dict) -> bool:
    """Whether reports ``a`` and ``b`` (dicts with type, date, place, perpetrators) tell one event."""
    if family(a.get("type")) != family(b.get("type")):
        return False
    ma, mb = MANNER.get(a.get("type") or ""), MANNER.get(b.get("type") or "")
    if ma and mb and ma != mb:
        return False
    pa, pb = a.get("place") or {}, b.get("place") or {}
    na, nb = key(pa.get("name")), key(pb.get("name"))
    if not place_keys(pa) & place_keys(pb) and not _within(na, nb):
        return False
    for level in ("district", "province", "country"):
        la, lb = key(pa.get(level)), key(pb.get(level))
        if la and lb and la != lb and not _same_point(pa, pb):
            return False      # namesake sites in two districts ('Saddar' of two cities)
    if na and nb and not _within(na, nb) and na != key(pb.get("district")) and nb != key(pa.get("district")):
        return False          # two named sites
    xa, xb = _actors(a), _actors(b)
    if xa and xb and not xa & xb:
        return False          # two different sides named
    agree = dates_agree(a.get("date"), b.get("date"))
    if agree is None:         # undated: the same named site and a shared actor
        return bool(na and na == nb and xa & xb)
    return agree
