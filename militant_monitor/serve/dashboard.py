"""The home page's dashboard: events and fatalities per month by group, the most active groups and
places of a period, the latest events. Computed from the event rows the server already caches
(``query.events.all_rows``), so a page costs one pass over the filtered rows, not a store query."""
from __future__ import annotations

from collections import Counter

from .views import event_brief, place_label, q

TOP_GROUPS = 6


def in_period(rows: list[dict], since: str | None, until: str | None) -> list[dict]:
    """Rows dated inside [since, until] (prefixes: '2024' or '2024-05' work); undated rows only when
    no period is asked."""
    if not since and not until:
        return list(rows)
    out = []
    for r in rows:
        d = r.get("date") or ""
        if not d or (since and d < since) or (until and d[:len(until)] > until):
            continue
        out.append(r)
    return out


def dashboard(rows: list[dict], since: str | None = None, until: str | None = None,
              groups: dict | None = None) -> dict:
    """Chart series and tables for the rows of a period. An event counts for the first group among its
    perpetrators, by the group's canonical id (``groups``: ``Snapshot.groups()``, whose "event_groups"
    gives each event's groups in the order its reports name them; a man named as perpetrator is no
    group): one bar for 'TTP' and 'Tehrik-i-Taliban Pakistan', labelled with the group's canonical
    name, and two bars for two groups that share a name."""
    by_id = (groups or {}).get("by_id", {})
    of_event = (groups or {}).get("event_groups", {})
    rows = in_period(rows, since, until)
    per_group: Counter = Counter()
    killed_by_group: Counter = Counter()
    keys = []           # each row's group id, worked out once for the passes below
    for r in rows:
        k = next(iter(of_event.get(r["id"]) or []), "unattributed")
        keys.append(k)
        per_group[k] += 1
        killed_by_group[k] += r.get("killed") or 0
    label = {k: by_id[k]["name"] if k in by_id else k for k in per_group}
    top = [k for k, _ in per_group.most_common() if k != "unattributed"][:TOP_GROUPS]
    months = sorted({r["date"][:7] for r in rows if r.get("date") and len(r["date"]) >= 7})
    series_events: dict = {k: [0] * len(months) for k in [*top, "other"]}
    series_killed: dict = {k: [0] * len(months) for k in [*top, "other"]}
    at = {m: i for i, m in enumerate(months)}
    shown = set(top)
    for r, k in zip(rows, keys):
        d = r.get("date") or ""
        if len(d) < 7:
            continue
        k = k if k in shown else "other"
        series_events[k][at[d[:7]]] += 1
        series_killed[k][at[d[:7]]] += r.get("killed") or 0
    names = {**{k: label[k] for k in top}, "other": "other or unattributed"}
    places: dict = {}
    for r in rows:
        p = place_label(r.get("place") or {})
        if not p:
            continue
        e = places.setdefault(p.lower(), {"name": p, "events": 0, "killed": 0})
        e["events"] += 1
        e["killed"] += r.get("killed") or 0
    latest = sorted((r for r in rows if r.get("date")), key=lambda r: r["date"], reverse=True)[:10]
    return {
        "months": months,
        "events": [{"label": names[k], "data": v} for k, v in series_events.items() if any(v)],
        "killed": [{"label": names[k], "data": v} for k, v in series_killed.items() if any(v)],
        "groups": [{"name": label[k], "events": n, "killed": killed_by_group[k],
                    "href": "/events?group=" + q(k)} for k, n in per_group.most_common(10) if k != "unattributed"],
        "places": sorted(places.values(), key=lambda p: (-p["events"], -p["killed"]))[:10],
        "latest": [event_brief(r) for r in latest],
        "total": len(rows), "undated": sum(1 for r in rows if not r.get("date")),
        "total_killed": sum(r.get("killed") or 0 for r in rows),
    }
