"""A person's status as a history: every transition, dated and sourced, oldest first.

Built from a profile (``query.profile``): its reported fates, bounties and 'wanted' facts
become transitions - wanted, bounty set, bounty raised, arrested, surrendered, released,
reported killed, death confirmed, death denied. A transition is dated by the event when the
text gives its date, else by the first report of it. Claims that contradict each other (two
death dates or places, a fate reported after a death, a death denied) are each marked
``disputed`` with the reason, and keep their own sources; hedged claims read "reportedly".
"""
from __future__ import annotations

import re

CONFIRM = re.compile(r"\bconfirm(?:s|ed|ing|ation)?\b", re.I)
FATE_TRANSITIONS = {"killed": "reported killed", "arrested": "arrested", "released": "released",
                    "surrendered": "surrendered", "denied": "death denied", "alive": "death denied"}
ORDER = {"wanted": 0, "bounty set": 1, "bounty raised": 2, "arrested": 3, "surrendered": 3, "released": 4,
         "reported killed": 5, "death confirmed": 6, "death denied": 7}
DEATHS = ("reported killed", "death confirmed")


def confirmed_deaths(stmts: list[dict], texts: dict[str, str]) -> set[str]:
    """Keys (:func:`fate_key`) of the deaths that some plain (not hedged) evidence confirms
    ('the group confirmed his death'); ``texts``: statement id -> evidence text."""
    out = set()
    for s in stmts:
        v = s["value"]
        if (s["prop"] == "status" and isinstance(v, dict) and v.get("state") == "killed"
                and s.get("qualifier") != "hedged" and not v.get("hedged") and CONFIRM.search(texts.get(s["id"], ""))):
            out.add(fate_key(v))
    return out


def fate_key(v: dict) -> str:
    """What tells one reported fate from another: state, date, place, by."""
    return repr(tuple(v.get(k) for k in ("state", "date", "place", "by")))


def history(p: dict, confirmed: set[str] | frozenset = frozenset()) -> list[dict]:
    """The transitions of profile ``p``, oldest first (undated last); each: ``transition``,
    ``date``, ``dated`` ('event' or 'report'), ``detail``, ``hedged``, ``confidence``,
    ``sources`` (the brief's source numbers) and ``disputed`` (why, or None)."""
    published = {s["n"]: s.get("published") for s in p.get("sources", [])}

    def first_report(item):
        dates = sorted(d for d in (published.get(n) for n in item["sources"]) if d)
        return dates[0] if dates else None

    def entry(transition, item, date=None, detail="", place=None):
        return {"transition": transition, "date": date or first_report(item), "dated": "event" if date else "report",
                "detail": detail, "place": place, "hedged": bool(item.get("hedged")), "confidence": item.get("confidence"),
                "sources": list(item["sources"]), "disputed": None}

    out = [entry("wanted", it, detail=f"in {it['value']}") for it in p.get("wanted_in", [])]
    out += _bounties(p.get("bounties", []), entry, first_report)
    for it in p.get("status", []):
        v = it["value"]
        transition = FATE_TRANSITIONS.get(v.get("state"), v.get("state") or "status")
        if transition == "reported killed" and fate_key(v) in confirmed:
            transition = "death confirmed"
        detail = " ".join(x for x in (f"at {v['place']}" if v.get("place") else "", f"by {v['by']}" if v.get("by") else "") if x)
        out.append(entry(transition, it, v.get("date"), detail, v.get("place")))
    out += [entry("death denied", it) for it in p.get("death_denied", [])]
    _mark_disputes(out)
    out.sort(key=lambda e: (e["date"] is None, e["date"] or "", ORDER.get(e["transition"], 9)))
    return out


def _bounties(items: list[dict], entry, first_report) -> list[dict]:
    """'bounty set' for the first price on his head, 'bounty raised' for a higher one later."""
    from .profile import _fmt_money
    out, top = [], None
    for it in sorted(items, key=lambda i: first_report(i) or "9999"):
        v = it["value"]
        worth = v.get("usd") or v.get("amount") or 0
        raised = top is not None and worth > top
        out.append(entry("bounty raised" if raised else "bounty set" if top is None else "bounty", it,
                         v.get("date"), _fmt_money(v)))
        top = max(top or 0, worth)
    return out


def _compatible(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def _mark(e: dict, why: str) -> None:
    e["disputed"] = why if not e["disputed"] else e["disputed"] + "; " + why


def _mark_disputes(entries: list[dict]) -> None:
    """Mark each claim that another contradicts: deaths on different dates or in different
    places, a fate reported after a death, a death denied."""
    deaths = [e for e in entries if e["transition"] in DEATHS]
    for i, a in enumerate(deaths):
        for b in deaths[i + 1:]:
            if a["dated"] == b["dated"] == "event" and not _compatible(a["date"], b["date"]):
                _mark(a, f"death also reported on {b['date']}")
                _mark(b, f"death also reported on {a['date']}")
            pa, pb = a["place"], b["place"]
            if pa and pb and pa.lower() != pb.lower():
                _mark(a, f"death also reported at {pb}")
                _mark(b, f"death also reported at {pa}")
    dated = sorted(e["date"] for e in deaths if e["date"])
    first = dated[0] if dated else None
    for e in entries:
        if e["transition"] == "death denied" and deaths:
            _mark(e, "his death is reported by other claims")
            for d in deaths:
                _mark(d, f"his death is denied ({e['date'] or 'undated'})")
        elif e["transition"] in ("arrested", "released", "surrendered") and first and e["date"] and e["date"] > first:
            _mark(e, f"reported after a reported death ({first})")
            for d in deaths:
                if d["date"] and d["date"] < e["date"]:
                    _mark(d, f"{e['transition']} reported later ({e['date']})")


def label(e: dict) -> str:
    """'reportedly killed', 'death confirmed', 'bounty raised': the transition as read, hedged or not."""
    t = e["transition"]
    if t == "reported killed":
        return "reportedly killed" if e["hedged"] else "reported killed"
    return ("reportedly " if e["hedged"] else "") + t


def line(e: dict) -> str:
    """'2024-05-08 reported killed at Jandola by CTD' ('reported 2024-05-10 ...' when only the
    report is dated), with ' - DISPUTED: why' on a contradicted claim."""
    when = e["date"] if e["dated"] == "event" and e["date"] else (f"reported {e['date']}" if e["date"] else "date unknown")
    text = f"{when}: {label(e)}" + (f" {e['detail']}" if e["detail"] else "")
    return text + (f" - DISPUTED: {e['disputed']}" if e["disputed"] else "")
