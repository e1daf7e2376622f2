"""``acled-csv``: one row per event with the columns of an ACLED export (ACLED Codebook, 2023).

Types, precisions, inter codes and countries come from ``export/exchange.yaml``. actor1 is the armed
non-state side (several: the first, the others in assoc_actor_1), actor2 the state's forces (or
the civilians targeted). Unknown fatalities are 0, as in ACLED. ACLED codes an event to the day, the
week (sources that disagree on the day by less than a week: the middle day) or the month (its
15th; also sources that disagree by more within one month): events known only to the year,
undated, or told on days more than a month apart are left out. ``notes`` holds the evidence,
conflicting figures and our event id; ``source`` the outlets, ``tags`` "reportedly" for hedged
reports.
"""
from __future__ import annotations

import datetime as dt
from typing import IO, cast

from ..store import Store
from .common import (Imported, Selection, claims_note, country, date_level, exchange, iso_day, no_progress, place_level,
                     write_csv)

COLUMNS: list[str] = exchange()["published"]["acled"]["columns"]   # the codebook's, in order (exchange.yaml)


def acled_row(r: dict, seq: int) -> dict:
    x = exchange()
    kind = x["types"].get(r["type"], x["types"]["other"])["acled"]
    place = r["place"]
    c = country(place.get("country"))
    targets = set(r.get("targets") or [])
    civilian = bool(targets & set(x["civilian_targets"]))
    a1, a2 = list(r.get("actor1") or []), list(r.get("actor2") or [])
    inter1 = x["inter"]["armed_side"] if a1 else ""
    if a2:
        inter2 = x["inter"]["state_forces"]
    elif civilian:
        a2, inter2 = [f"Civilians ({c.get('name', 'International')})"], x["inter"]["civilians"]
    else:
        inter2 = ""
    if not a1 and a2 and inter2 == x["inter"]["state_forces"]:      # the state acting alone (an arrest)
        a1, a2, inter1, inter2 = a2, [], inter2, ""
    codes = sorted(i for i in (inter1, inter2) if i != "")
    interaction = "".join(map(str, codes)) if len(codes) == 2 else (f"{codes[0]}0" if codes else "")
    level, event_date = acled_date(r) or ("", "")
    published = [cast(str, iso_day(s["published"])) for s in r["sources"] if s.get("published")]
    stamp = int(dt.datetime.fromisoformat(max(published)).replace(tzinfo=dt.timezone.utc).timestamp()) if published else ""
    notes = " ".join(p for p in ((r.get("evidence") or "").replace("\n", " "), claims_note(r),
                                 f"[mmon {r['id']}; {r['reports']} report(s)]") if p)
    return {
        "event_id_cnty": f"{c.get('iso3', 'XXX')}{seq}", "event_date": event_date, "year": event_date[:4],
        "time_precision": x["time_precision"].get(level) or "",
        "disorder_type": kind["disorder_type"], "event_type": kind["event_type"], "sub_event_type": kind["sub_event_type"],
        "actor1": a1[0] if a1 else "", "assoc_actor_1": "; ".join(a1[1:]), "inter1": inter1,
        "actor2": a2[0] if a2 else "", "assoc_actor_2": "; ".join(a2[1:]), "inter2": inter2, "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if civilian and kind["event_type"] != "Strategic developments" else "",
        "iso": c.get("iso", ""), "region": c.get("acled_region", ""), "country": c.get("name", place.get("country") or ""),
        "admin1": place.get("province") or "", "admin2": place.get("district") or "", "admin3": "",
        "location": place.get("name") or place.get("district") or place.get("province") or "",
        "latitude": "" if place.get("lat") is None else place["lat"], "longitude": "" if place.get("lon") is None else place["lon"],
        "geo_precision": x["geo_precision"][place_level(place)]["acled"],
        "source": "; ".join(dict.fromkeys(s.get("publisher") or s["doc_id"] for s in r["sources"])), "source_scale": "",
        "notes": notes, "fatalities": r.get("killed") or 0, "tags": "reportedly" if r.get("hedged") else "",
        "timestamp": stamp,
    }


def acled_date(r: dict) -> tuple[str, str] | None:
    """How ACLED codes an event row's date (Codebook, "Time"): (day, the day) when the sources
    agree on it; (week, the middle day) when they give days within one week; (month, its 15th)
    for a month, or days within one month; None when ACLED cannot code it (only the year, no
    date, or days more than a month apart)."""
    date = r.get("date") or ""
    if len(date) == 7:
        return "month", date + "-15"
    if len(date) != 10:
        return None
    if date_level(r) == "day":
        return "day", date
    days = sorted({dt.date.fromisoformat(c["value"]) for c in r.get("dates") or []
                   if isinstance(c.get("value"), str) and len(c["value"]) == 10})
    if not days:
        return "day", date
    span = (days[-1] - days[0]).days
    if span <= 6:
        return "week", (days[0] + dt.timedelta(days=span // 2)).isoformat()
    if days[0].strftime("%Y-%m") == days[-1].strftime("%Y-%m"):
        return "month", days[0].strftime("%Y-%m") + "-15"
    return None


def dated(r: dict) -> bool:
    """Whether ACLED can code the event's date: to the day, the week or the month (not the year)."""
    level = acled_date(r)
    return level is not None and exchange()["time_precision"].get(level[0]) is not None


def export(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress) -> int:
    """The selected events oldest first (numbered in that order), read a batch at a time."""
    selection = selection or Selection(store)

    def codable(rows):
        for r in rows:
            if dated(r):
                yield r
            else:
                selection.leave_out("ACLED codes no event known only to the year, undated, or told on days over a month apart")
    rows = codable(selection.iter_rows(oldest_first=True))
    return write_csv(out, COLUMNS, (acled_row(r, i) for i, r in enumerate(rows, 1)), progress)


REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "fatalities")
EXTRACTOR = "import:acled-csv"


def _number(value: str | None):
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def load(store: Store, fh, progress=no_progress, source: str = "input") -> dict:
    """Read an ACLED export (ours or ACLED's own) into ``store``: each row becomes a document of
    dataset ACLED (source_path ``FILE:row N``, title with the event id, text the notes) holding one
    event, its statements marked extractor ``import:acled-csv``. A row already imported is left
    alone, so importing the same file twice changes nothing."""
    import csv

    from ..errors import MmonError
    from ..model.document import Document
    from ..model.statement import Statement
    x = exchange()
    by_iso = {str(v["iso"]): k for k, v in x["countries"].items()}
    by_name = {v["name"].lower(): k for k, v in x["countries"].items()}
    reader = csv.DictReader(fh)
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise MmonError("input", f"{source}: not an ACLED export: no column {', '.join(missing)}")
    done = Imported(EXTRACTOR)
    for n, row in enumerate(reader, 2):
        eid = (row.get("event_id_cnty") or "").strip()
        if not eid:
            raise MmonError("input", f"{source}:{n}: no event_id_cnty")
        date = (row.get("event_date") or "").strip()
        if date and not (len(date) == 10 and date[4] == "-" and date[7] == "-"):
            raise MmonError("input", f"{source}:{n}: event_date {date[:20]!r} is not YYYY-MM-DD")
        if date and str(row.get("time_precision")).strip() == "3":
            date = date[:7]
        notes = (row.get("notes") or "").strip()
        text = f"ACLED {eid}: {notes}" if notes else f"ACLED {eid}"
        location = (row.get("location") or "").strip()
        if location in (row.get("admin1"), row.get("admin2")):
            location = ""       # the district or province itself, not a place within it
        place = {"name": location or None, "district": row.get("admin2") or None,
                 "province": row.get("admin1") or None,
                 "country": by_iso.get(str(row.get("iso") or "").strip()) or by_name.get((row.get("country") or "").lower()),
                 "lat": _number(row.get("latitude")), "lon": _number(row.get("longitude"))}
        perps: list[str] = []
        targets: list[str] = []
        for col in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"):
            for name in (row.get(col) or "").split(";"):
                name = name.strip()
                if not name:
                    continue
                (targets if name.lower().startswith("civilians") else perps).append(name)
        doc = Document(text=text, title=f"ACLED {eid}: {row.get('sub_event_type') or ''} {row.get('location') or ''}".strip(),
                       published=date or None, author="ACLED", publisher="ACLED", language="en",
                       source_path=f"{source}:{n}")
        entity = f"event:{doc.id}:e1"
        facts = [("type", x["acled_import"].get(row.get("sub_event_type") or "", "other")), ("place", place),
                 ("evidence", notes or None), ("date", date or None), ("perpetrators", perps or None),
                 ("targets", (["civilians"] if targets else None))]
        fatalities = _number(row.get("fatalities"))
        if fatalities:
            facts.append(("killed", int(fatalities)))
        hedged = "reportedly" in (row.get("tags") or "")
        stmts = [Statement(entity, "event", prop, value, doc.id, citation=(row.get("source") or None), extractor=EXTRACTOR,
                           confidence=1.0, rule="import.acled", qualifier="hedged" if hedged and prop == "type" else None)
                 for prop, value in facts if value is not None]
        sheet = {"document": {"title": doc.title, "published": doc.published, "author": doc.author,
                              "publisher": doc.publisher, "language": doc.language}}
        done.save(store, doc, sheet, stmts)
        progress(n - 1, None)
    return done.report()
