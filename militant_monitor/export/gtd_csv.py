"""``gtd-csv``: one row per attack with the columns of the Global Terrorism Database (GTD Codebook,
START 2021: 135 columns, in the published order).

GTD records attacks only: event types mapped to ``gtd: null`` in ``export/exchange.yaml`` (arrests,
other) are left out. Attack, weapon and target types, specificity and country codes come from that
table; unknown day or month are 0 with ``approxdate`` giving what the sources say; ``gname`` and
``gname2``/``gname3`` the armed side, ``nkill``/``nwound`` the latest report's figures,
``scite1..3`` the sources, ``summary`` the evidence, ``addnotes`` conflicts and our event id.
Columns we know nothing of are left empty. The column list is the codebook's, kept in
``exchange.yaml`` (``published: gtd``) with its source.
"""
from __future__ import annotations

from typing import IO, Any

from ..store import Store
from .common import (Selection, claims_note, country, date_level, exchange, no_progress, place_level,
                     source_list, write_csv)

COLUMNS: list[str] = exchange()["published"]["gtd"]["columns"]     # the codebook's 135, in order


def specificity(place: dict) -> int:
    """GTD's specificity code of an event row's place (exchange.yaml: geo_precision)."""
    level = place_level(place)
    if level == "place" and place.get("lat") is None:
        level = "place_without_coordinates"
    return exchange()["geo_precision"][level]["gtd"]


def _targets(words: list[str]) -> list[dict]:
    x = exchange()
    out: list[dict] = []
    for entry in x["targets"]:
        hit = [w for w in words if w in entry["words"]]
        if hit and len(out) < 3:
            out.append({**entry, "target1": ", ".join(hit)})
    return out or [{**x["unknown_target"], "target1": ""}]


def gtd_row(r: dict, seq: int) -> dict:
    x = exchange()
    kind = x["types"][r["type"]]["gtd"]
    place = r["place"]
    c = country(place.get("country"))
    date = r.get("date") or ""
    y, m, d = (date.split("-") + ["", "", ""])[:3]
    row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
    row.update({
        "eventid": f"{y or '0000'}{m or '00'}{d or '00'}{seq:04d}", "iyear": y, "imonth": int(m) if m else 0,
        "iday": int(d) if d else 0,
        "approxdate": "" if date_level(r) == "day" else ", ".join(sorted({c_["value"] for c_ in r["dates"] if c_["value"]})),
        "extended": 0, "country": c.get("gtd_country", ""), "country_txt": c.get("name", place.get("country") or ""),
        "region": c.get("gtd_region", ""), "region_txt": c.get("gtd_region_txt", ""),
        "provstate": place.get("province") or "", "city": place.get("name") or place.get("district") or "",
        "latitude": "" if place.get("lat") is None else place["lat"], "longitude": "" if place.get("lon") is None else place["lon"],
        "specificity": specificity(place), "vicinity": 0,
        "location": ", ".join(v for v in (place.get("name"), place.get("district"), place.get("province")) if v),
        "summary": (r.get("evidence") or "").replace("\n", " "), "crit1": 1, "crit2": 1, "crit3": 1,
        "doubtterr": 1 if r.get("hedged") else 0, "multiple": 0, "success": 1, "suicide": kind["suicide"],
        "attacktype1": kind["attacktype"], "attacktype1_txt": kind["attacktype_txt"],
        "weaptype1": kind["weaptype"], "weaptype1_txt": kind["weaptype_txt"],
        "nkill": "" if r.get("killed") is None else r["killed"], "nwound": "" if r.get("injured") is None else r["injured"],
        "property": -9, "ishostkid": 1 if r["type"] == "kidnapping" else 0, "claimed": -9 if r.get("actor1") else "",
        "individual": 0, "INT_LOG": -9, "INT_IDEO": -9, "INT_MISC": -9, "INT_ANY": -9, "dbsource": "mmon",
        "addnotes": " ".join(p for p in (claims_note(r), f"[mmon {r['id']}; {r['reports']} report(s)]") if p),
    })
    for i, t in enumerate(_targets(list(r.get("targets") or [])), 1):
        row[f"targtype{i}"], row[f"targtype{i}_txt"] = t["targtype"], t["targtype_txt"]
        row[f"target{i}"] = t["target1"]
        if c:
            row[f"natlty{i}"], row[f"natlty{i}_txt"] = c["gtd_country"], c["name"]
    armed = list(r.get("actor1") or [])
    for i, name in enumerate(armed[:3], 1):
        row["gname" if i == 1 else f"gname{i}"] = name
        row[f"guncertain{i}"] = 1 if r.get("hedged") else 0
    if not armed:
        row["gname"] = "Unknown"
    for i, s in enumerate(source_list(r)[:3], 1):
        row[f"scite{i}"] = s
    return row


def export(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress) -> int:
    rows = [r for r in (selection or Selection(store)).rows() if exchange()["types"].get(r["type"], {}).get("gtd")]
    return write_csv(out, COLUMNS, (gtd_row(r, i) for i, r in enumerate(reversed(rows), 1)), progress, len(rows))
