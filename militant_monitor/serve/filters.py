"""The event filters' helpers for pages: names to autocomplete, and a warning (with the closest known
names) when a filter names a group, person or place the knowledge base does not know."""
from __future__ import annotations

import urllib.parse

from ..resolve.matching import group_key

MAX_OPTIONS = 400


def lists(snapshot) -> dict:
    """Group, person and place names for the filters' autocomplete (the most documented first)."""
    from ..query.events import place_labels
    groups = snapshot.groups()
    people = snapshot.people()
    places = {p.lower(): p for p in place_labels(snapshot.store)}     # SQL on the stored rows, not every event
    return {"groups": list(dict.fromkeys(groups["by_id"][k]["name"] for k in groups["order"][:MAX_OPTIONS])),
            "people": [people["by_id"][k]["name"] for k in people["order"][:MAX_OPTIONS]],
            "places": sorted(places.values())[:MAX_OPTIONS]}


def _closest(name: str, choices: list[str], limit: int = 3) -> list[str]:
    from rapidfuzz import fuzz, process
    return [c for c, _, _ in process.extract(name, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=70)]


def warnings(snapshot, store, params: dict, action: str) -> list[dict]:
    """One warning per filter naming something unknown, with links to the closest known names."""
    out = []

    def href(field: str, value: str) -> str:
        q = {k: v for k, v in params.items() if v}
        q[field] = value
        return action + "?" + urllib.parse.urlencode(q)

    group = (params.get("group") or "").strip()
    if group:
        idx = snapshot.groups()
        if group not in idx["ids"] and group_key(group) not in idx["by_name"]:    # neither a group's id nor its name
            names = sorted({n for g in idx["by_id"].values() for n in [g["name"], *g.get("names", [])] if n})
            out.append({"field": "group", "text": f"No group known as \u201c{group}\u201d: no event can match.",
                        "suggest": [{"name": n, "href": href("group", n)} for n in _closest(group, names)]})
    person = (params.get("person") or "").strip()
    if person:
        from ..query.profile import candidates, suggestions
        if not candidates(store, person):
            out.append({"field": "person", "text": f"No person known as \u201c{person}\u201d: no event can match.",
                        "suggest": [{"name": n, "href": href("person", n)} for n in suggestions(store, person, limit=3)]})
    place = (params.get("place") or "").strip()
    if place:
        from ..query.events import place_names, placed_in
        if not placed_in(store, place):
            labels = {n.lower(): n for n in place_names(store)}
            out.append({"field": "place", "text": f"No event is placed in \u201c{place}\u201d.",
                        "suggest": [{"name": n, "href": href("place", n)} for n in _closest(place, sorted(labels.values()))]})
    return out
