"""Groups: the list (most documented first, or matching a name), a group's page (registry entry,
leaders, links, members, latest events); the JSON and CSV of both."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from .. import views
from ..actions import ActionError
from ..deps import Web, bad, csv_response, find_groups, int_param, web

router = APIRouter()


@router.get("/api/groups", tags=["groups"], summary="Groups, most documented first")
def api_groups(q: Optional[str] = Query(None, max_length=300),
               page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=views.MAX_PER_PAGE),
               format: str = Query("json", pattern="^(json|csv)$", description="csv: every match, one row each"),
               w: Web = Depends(web)):
    if format == "csv":
        return csv_response([views.group_summary(g) for g in find_groups(w, q)], views.GROUPS_CSV, "groups.csv")
    res = views.page_of(find_groups(w, q), page, per_page)
    res["items"] = [views.group_summary(g) for g in res["items"]]
    return res


def get_group(w: Web, name: str) -> dict:
    """The one group ``name`` (its id, a member's id, a name or an alias) means, by id
    (``query.actors.group_entities``); ``Ambiguous`` when it fits several groups; 404 (with the
    closest names) when none."""
    from ...query.actors import group_choices, group_entities
    from ...query.events import _group_key
    from ...query.profile import Ambiguous
    name = (name or "").strip()
    if not name or len(name) > 300:
        raise bad("give a group's name, an alias or its id")
    idx = w.snapshot.groups()
    by_id, known = idx["by_id"], idx["ids"]
    if name in known:                                   # a group's id or one of its members' ids
        return by_id[known[name]]
    found = list(dict.fromkeys(known[e] for e in sorted(group_entities(w.store, name)) if e in known))
    if not found:                                       # a name only the web's index knows (as the group key folds it)
        found = list(idx["by_name"].get(_group_key(name), []))
    if len(found) > 1:
        raise Ambiguous(name, group_choices(w.store, {gid: by_id[gid]["members"] or [gid] for gid in found}),
                        kind="group")
    if not found:
        raise ActionError(404, f"no group known as {name!r}" + did_you_mean(idx, name))
    return by_id[found[0]]


def did_you_mean(idx: dict, name: str) -> str:
    """'; did you mean: A, B?' with the closest names of the known groups, or ''."""
    import difflib
    spelled = {n.lower(): n for g in idx["by_id"].values() for n in [g["name"], *g["names"]]}
    close = [spelled[c] for c in difflib.get_close_matches(name.lower(), list(spelled), n=3, cutoff=0.75)]
    return f"; did you mean: {', '.join(close)}?" if close else ""


@router.get("/api/groups/{name}", tags=["groups"], summary="A group (any name or alias): leaders, members, links")
def api_group(name: str, events: int = Query(20, ge=0, le=views.MAX_PER_PAGE,
                                             description="How many of its latest events to include."),
              w: Web = Depends(web)):
    from ...query.events import Filters, event_table
    g = get_group(w, name)
    v = views.group_view(w.snapshot, g)
    rows = event_table(w.store, Filters(group=g["id"]), rows=w.snapshot.events())
    return {**views.group_summary(g), **v, "events_total": len(rows), "latest_events": rows[:events]}


@router.get("/groups", response_class=HTMLResponse, include_in_schema=False)
def groups_page(request: Request, q: str = "", page: str = "1", w: Web = Depends(web)):
    n = int_param(page, "page", 1, 1)
    res = views.page_of(find_groups(w, q), n, 50)
    res["items"] = [views.group_summary(g) for g in res["items"]]
    return w.render(request, "groups.html", q=q, res=res, nav=views.page_links("/groups", {"q": q}, n, res["pages"]))


@router.get("/groups/{name}", response_class=HTMLResponse, include_in_schema=False)
def group_page(request: Request, name: str, w: Web = Depends(web)):
    from ...query.events import Filters, event_table
    g = get_group(w, name)
    rows = event_table(w.store, Filters(group=g["id"]), rows=w.snapshot.events())
    shown = rows[:20]
    ev = views.event_evidence(w.store, shown)
    return w.render(request, "group.html", g=views.group_summary(g), v=views.group_view(w.snapshot, g),
                    events=[views.event_view(r, ev) for r in shown], events_total=len(rows))
