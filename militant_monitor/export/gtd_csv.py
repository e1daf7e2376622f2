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
from .common import (Imported, Selection, claims_note, country, date_level, exchange, no_progress, place_level,
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
    if row["specificity"] == exchange()["geo_precision"]["country"]["gtd"]:
        row["latitude"] = row["longitude"] = ""       # the codebook: no first-order region, coordinates unknown
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
    """The selected attacks oldest first (numbered in that order), read a batch at a time."""
    rows = (r for r in (selection or Selection(store)).iter_rows(oldest_first=True)
            if exchange()["types"].get(r["type"], {}).get("gtd"))
    return write_csv(out, COLUMNS, (gtd_row(r, i) for i, r in enumerate(rows, 1)), progress)


REQUIRED = ("eventid", "iyear", "imonth", "iday", "attacktype1", "gname")
EXTRACTOR = "import:gtd-csv"


def _int(value) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _date(row: dict) -> str | None:
    """iyear/imonth/iday as YYYY, YYYY-MM or YYYY-MM-DD (0: unknown), ValueError when not a date."""
    import datetime as dt
    y, m, d = _int(row.get("iyear")), _int(row.get("imonth")) or 0, _int(row.get("iday")) or 0
    if not y:
        return None
    if not m:
        return f"{y:04d}"
    if not d:
        return f"{y:04d}-{m:02d}"
    return dt.date(y, m, d).isoformat()


def _place(row: dict) -> dict:
    """A GTD row's place: the city is a town (specificity 1-2) or the district itself (3)."""
    from .acled_csv import _number
    x = exchange()
    by_code = {v["gtd_country"]: k for k, v in x["countries"].items()}
    by_name = {v["name"].lower(): k for k, v in x["countries"].items()}
    city, province = (_known(row.get(k)) for k in ("city", "provstate"))
    spec = _int(row.get("specificity"))
    if city and (city == province or (spec is not None and spec >= 4)):
        city = None
    town = spec in (1, 2) or spec is None
    return {"name": city if town else None, "district": None if town else city, "province": province,
            "country": by_code.get(_int(row.get("country"))) or by_name.get((row.get("country_txt") or "").strip().lower()),
            "lat": _number(row.get("latitude")), "lon": _number(row.get("longitude"))}


def _known(value) -> str | None:
    """A GTD text cell, None when empty or 'Unknown' (how the GTD writes an unknown city)."""
    v = (value or "").strip()
    return None if not v or v.lower() == "unknown" else v


def _target_words(row: dict) -> list[str]:
    by_type = {t["targtype"]: t["words"] for t in exchange()["targets"]}
    out: list[str] = []
    for i in (1, 2, 3):
        words = by_type.get(_int(row.get(f"targtype{i}")))
        if not words:
            continue
        named = [w.strip() for w in (row.get(f"target{i}") or "").split(",") if w.strip() in words]
        out += [w for w in (named or words[:1]) if w not in out]
    return out


def load(store: Store, fh, progress=no_progress, source: str = "input") -> dict:
    """Read a GTD table (the GTD's own file saved as UTF-8 CSV, or ours) into ``store``: each row
    becomes a document of dataset GTD (source_path ``FILE:row N``, title with the event id, text
    the summary) holding one event (type from attacktype1 and suicide, date, place, gname..gname3
    as perpetrators, targets, nkill/nwound, doubtterr as hedged), its statements marked extractor
    ``import:gtd-csv``, scite1-3 their citation. A row already imported is left alone, so
    importing the same file twice changes nothing. A bad row is one line naming it."""
    import csv

    from ..errors import MmonError
    from ..model.document import Document
    from ..model.statement import Statement
    table = exchange()["gtd_import"]
    reader = csv.DictReader(fh)
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise MmonError("input", f"{source}: not a GTD table: no column {', '.join(missing)}")
    done = Imported(EXTRACTOR)
    for n, row in enumerate(reader, 2):
        eid = (row.get("eventid") or "").strip()
        if not eid:
            raise MmonError("input", f"{source}:{n}: no eventid")
        try:
            date = _date(row)
        except ValueError:
            raise MmonError("input", f"{source}:{n}: iyear/imonth/iday {row.get('iyear')}-{row.get('imonth')}-{row.get('iday')} "
                                     "is not a date") from None
        attack, suicide = _int(row.get("attacktype1")), _int(row.get("suicide"))
        kind = table["attacktype"].get(attack, "attack")
        if attack == table["suicide_bombing"]["attacktype"] and suicide == table["suicide_bombing"]["suicide"]:
            kind = "suicide_bombing"
        summary = (row.get("summary") or "").strip()
        text = f"GTD {eid}: {summary}" if summary else f"GTD {eid}"
        perps = [g for g in (_known(row.get(k)) for k in ("gname", "gname2", "gname3")) if g]
        place = _place(row)
        doc = Document(text=text, title=f"GTD {eid}: {row.get('attacktype1_txt') or ''} {row.get('city') or ''}".strip(),
                       published=date, author="GTD", publisher="GTD", language="en", source_path=f"{source}:{n}")
        entity = f"event:{doc.id}:e1"
        facts = [("type", kind), ("place", place), ("evidence", summary or None), ("date", date),
                 ("perpetrators", perps or None), ("targets", _target_words(row) or None),
                 ("killed", _int(row.get("nkill"))), ("injured", _int(row.get("nwound")))]
        hedged = _int(row.get("doubtterr")) == 1
        citation = "; ".join(c.strip() for c in (row.get("scite1"), row.get("scite2"), row.get("scite3")) if c and c.strip())
        stmts = [Statement(entity, "event", prop, value, doc.id, citation=citation or None, extractor=EXTRACTOR,
                           confidence=1.0, rule="import.gtd", qualifier="hedged" if hedged and prop == "type" else None)
                 for prop, value in facts if value is not None]
        sheet = {"document": {"title": doc.title, "published": doc.published, "author": doc.author,
                              "publisher": doc.publisher, "language": doc.language}}
        done.save(store, doc, sheet, stmts)
        progress(n - 1, None)
    return done.report()
