"""The home page's dashboard: events and fatalities per month by group, the most active groups and
places of a period, the latest events. The event rows the server caches (``query.events.all_rows``)
are summed once per state of the store into one bucket per stated date (:func:`buckets`); a page
then adds up the buckets of its period (a few thousand dates), not the rows (tens of thousands)."""
from __future__ import annotations

from collections import Counter

from .views import event_brief, place_label, q

TOP_GROUPS = 6


def _bucket() -> dict:
    return {"rows": [], "groups": Counter(), "killed_by_group": Counter(), "places": {}, "killed": 0}


def buckets(rows: list[dict], groups: dict | None = None, briefs: dict | None = None) -> dict:
    """The rows summed per stated date ('' for undated; in the order the rows first give each date):
    events and dead per group, events and dead per place, and the rows themselves. An event counts
    for the first group among its perpetrators, by the group's canonical id (``groups``:
    ``Snapshot.groups()``, whose "event_groups" gives each event's groups in the order its reports
    name them; a man named as perpetrator is no group): one bar for 'TTP' and 'Tehrik-i-Taliban
    Pakistan', and two bars for two groups that share a name. ``briefs``: event id -> its
    ``event_brief`` when the caller holds them."""
    of_event = (groups or {}).get("event_groups", {})
    out: dict = {}
    for r in rows:
        b = out.get(r.get("date") or "")
        if b is None:
            b = out[r.get("date") or ""] = _bucket()
        k = next(iter(of_event.get(r["id"]) or []), "unattributed")
        killed = r.get("killed") or 0
        b["rows"].append((r, k))
        b["groups"][k] += 1
        b["killed_by_group"][k] += killed
        b["killed"] += killed
        brief = (briefs or {}).get(r["id"])
        p = brief["where"] if brief else place_label(r.get("place") or {})
        if p:
            e = b["places"].setdefault(p.lower(), {"name": p, "events": 0, "killed": 0})
            e["events"] += 1
            e["killed"] += killed
    return out


def in_period(date: str, since: str | None, until: str | None) -> bool:
    """Whether a stated date is inside [since, until] (prefixes: '2024' or '2024-05' work); undated
    ('') only when no period is asked."""
    if not since and not until:
        return True
    return bool(date) and not (since and date < since) and not (until and date[:len(until)] > until)


def dashboard(days: dict, since: str | None = None, until: str | None = None, groups: dict | None = None,
              briefs: dict | None = None) -> dict:
    """Chart series and tables for the period [since, until] from the :func:`buckets` ``days``."""
    by_id = (groups or {}).get("by_id", {})
    chosen = [(d, b) for d, b in days.items() if in_period(d, since, until)]
    per_group: Counter = Counter()
    killed_by_group: Counter = Counter()
    places: dict = {}
    for _, b in chosen:
        per_group.update(b["groups"])
        killed_by_group.update(b["killed_by_group"])
        for k, p in b["places"].items():
            e = places.setdefault(k, {"name": p["name"], "events": 0, "killed": 0})
            e["events"] += p["events"]
            e["killed"] += p["killed"]
    label = {k: by_id[k]["name"] if k in by_id else k for k in per_group}
    top = [k for k, _ in per_group.most_common() if k != "unattributed"][:TOP_GROUPS]
    months = sorted({d[:7] for d, _ in chosen if len(d) >= 7})
    series_events: dict = {k: [0] * len(months) for k in [*top, "other"]}
    series_killed: dict = {k: [0] * len(months) for k in [*top, "other"]}
    at = {m: i for i, m in enumerate(months)}
    shown = set(top)
    for d, b in chosen:
        if len(d) < 7:
            continue
        for k, n in b["groups"].items():
            series_events[k if k in shown else "other"][at[d[:7]]] += n
        for k, n in b["killed_by_group"].items():
            series_killed[k if k in shown else "other"][at[d[:7]]] += n
    names = {**{k: label[k] for k in top}, "other": "other or unattributed"}
    latest: list[dict] = []
    for d, b in sorted(((d, b) for d, b in chosen if d), key=lambda x: x[0], reverse=True):
        latest += [r for r, _ in b["rows"]][:10 - len(latest)]
        if len(latest) >= 10:
            break
    return {
        "months": months,
        "events": [{"label": names[k], "data": v} for k, v in series_events.items() if any(v)],
        "killed": [{"label": names[k], "data": v} for k, v in series_killed.items() if any(v)],
        "groups": [{"name": label[k], "events": n, "killed": killed_by_group[k],
                    "href": "/events?group=" + q(k)} for k, n in per_group.most_common(10) if k != "unattributed"],
        "places": sorted(places.values(), key=lambda p: (-p["events"], -p["killed"]))[:10],
        "latest": [(briefs or {}).get(r["id"]) or event_brief(r) for r in latest],
        "total": sum(len(b["rows"]) for _, b in chosen), "undated": sum(len(b["rows"]) for d, b in chosen if not d),
        "total_killed": sum(b["killed"] for _, b in chosen),
    }
